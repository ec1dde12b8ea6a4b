package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
)

// TestStreamFile: a file too large to hold streams through byte for byte
// when its head shows a kind judged by type and hash; a denied one never
// arrives whole; executables and archives are refused (files.oversize).
func TestStreamFile(t *testing.T) {
	video := make([]byte, 3*streamChunk+1234)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range video {
		video[i] = byte(r.Uint32())
	}
	copy(video, "\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
	sum := sha256.Sum256(video)
	denied := hex.EncodeToString(sum[:])
	pe := make([]byte, 4*streamChunk)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 0x80)
	copy(pe[0x80:], "PE\x00\x00")
	zip := append([]byte("PK\x03\x04\x14\x00\x00\x00\x00\x00"), make([]byte, 3*streamChunk)...)

	for _, tt := range []struct {
		name   string
		data   []byte
		deny   []string
		stream bool
		action rules.Action
	}{
		{"video passes", video, nil, true, rules.ActionAllow},
		{"denied video cut short", video, []string{denied}, true, rules.ActionBlock},
		{"small file", video[:100], nil, true, rules.ActionAllow},
		{"hashed, not denied", video, []string{"00" + denied[2:]}, true, rules.ActionAllow},
		{"executable must be read whole", pe, nil, false, 0},
		{"archive must be read whole", zip, nil, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := New(rules.ActionBlock, nil, tt.deny)
			if err != nil {
				t.Fatal(err)
			}
			var got []inspect.FileVerdict
			head := tt.data[:min(len(tt.data), 4096)]
			sr, ok := in.StreamFile("f.bin", head, choppyReader(tt.data), func(v inspect.FileVerdict) { got = append(got, v) })
			if ok != tt.stream {
				t.Fatalf("StreamFile(): ok %v, want %v", ok, tt.stream)
			}
			if !ok {
				return
			}
			out, err := io.ReadAll(sr)
			switch {
			case len(got) != 1:
				t.Fatalf("done called %d times, want 1", len(got))
			case got[0].Action != tt.action:
				t.Errorf("verdict %v, want %v", got[0].Action, tt.action)
			case got[0].Size != int64(len(tt.data)):
				t.Errorf("size %d, want %d", got[0].Size, len(tt.data))
			case tt.action == rules.ActionAllow && (err != nil || !bytes.Equal(out, tt.data)):
				t.Errorf("passed %d bytes (err %v), want the %d bytes unchanged", len(out), err, len(tt.data))
			case tt.action == rules.ActionBlock && (!errors.Is(err, inspect.ErrFileDenied) || len(out) >= len(tt.data)-1000):
				t.Errorf("denied file: %d of %d bytes passed, err %v", len(out), len(tt.data), err)
			}
		})
	}
}

// choppyReader reads b in small uneven pieces, as a network would.
func choppyReader(b []byte) io.Reader {
	return &choppy{b: b}
}

type choppy struct {
	b []byte
	i int
}

func (c *choppy) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	c.i++
	n := min(len(p), len(c.b), 1000+c.i*7919%30000)
	copy(p, c.b[:n])
	c.b = c.b[n:]
	return n, nil
}

// BenchmarkStreamFile copies a 64 MiB file through the streaming
// inspector (hashing overlapped with the copy) to nowhere.
func BenchmarkStreamFile(b *testing.B) {
	data := randomBytes(64 << 20)
	in, err := New(rules.ActionBlock, nil, []string{strings.Repeat("0", 64)})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, _ := in.StreamFile("f.bin", data[:4096], bytes.NewReader(data), nil)
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "\x00\x00\x00\x20ftypisom")
	return b
}
