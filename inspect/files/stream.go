package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
)

var _ inspect.FileStreamer = (*Inspector)(nil)

// streamChunk is how much of a streamed file is held back at a time: the
// bytes of the last read are released only once the next read shows
// more, so a denied file ends short of its last chunk.
const streamChunk = 64 << 10

// StreamFile lets a file too large to hold pass when its head shows a kind
// that is judged by type and hash alone: executables (their signature
// covers the whole image) and archives (their entries can be anywhere)
// must be read whole and are refused here (the caller applies
// files.oversize). The hash is computed only when there is a deny list
// to compare it with.
func (i *Inspector) StreamFile(name string, head []byte, whole io.Reader, done func(inspect.FileVerdict)) (io.Reader, bool) {
	t := Detect(head, name)
	if _, archive := IsArchive(head); t.Executable || archive {
		return nil, false
	}
	if len(i.Deny) == 0 {
		// Nothing to compare a hash with: not computing it keeps a large
		// file at the speed of the copy (sha256 costs about as much CPU
		// as the two TLS legs together).
		return &countReader{r: whole, typ: t.Name, done: done}, true
	}
	return &hashReader{r: whole, h: sha256.New(), typ: t.Name, deny: i.Deny, done: done}, true
}

// countReader passes a file through and reports its verdict (allow, its
// size, no hash) at its end.
type countReader struct {
	r    io.Reader
	n    int64
	typ  string
	done func(inspect.FileVerdict)
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err == io.EOF && c.done != nil {
		c.done(inspect.FileVerdict{Action: rules.ActionAllow, Type: c.typ, Size: c.n})
		c.done = nil
	}
	return n, err
}

// hashReader passes a file through, hashing it, one chunk behind: at the
// end it decides by the hash, and a denied file's last chunk is never
// released. Two buffers take turns: one held, one being released.
type hashReader struct {
	r    io.Reader
	h    hash.Hash
	n    int64
	typ  string
	deny map[string]bool
	done func(inspect.FileVerdict)
	bufs [2][]byte
	held int      // index of the held buffer; -1 before the first read
	out  [][]byte // released, not yet read by the caller
	err  error    // the end: io.EOF, ErrFileDenied, or a read error
}

// Read releases held bytes once more have been read, or the end decided.
func (h *hashReader) Read(p []byte) (int, error) {
	for len(h.out) == 0 {
		if h.err != nil {
			return 0, h.err
		}
		h.fill()
	}
	n := copy(p, h.out[0])
	if h.out[0] = h.out[0][n:]; len(h.out[0]) == 0 {
		h.out = h.out[1:]
	}
	return n, nil
}

// fill reads the next chunk into the free buffer; the held one becomes
// releasable, or at the end the verdict decides whether both are.
func (h *hashReader) fill() {
	if h.bufs[0] == nil {
		h.bufs = [2][]byte{make([]byte, streamChunk), make([]byte, streamChunk)}
		h.held = -1
	}
	free := 0
	if h.held == 0 {
		free = 1
	}
	n, err := io.ReadFull(h.r, h.bufs[free])
	next := h.bufs[free][:n]
	h.h.Write(next)
	h.n += int64(n)
	var held []byte
	if h.held >= 0 {
		held = h.bufs[h.held]
	}
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		h.end(held, next)
	case err != nil:
		h.err = err
	default:
		if held != nil {
			h.out = append(h.out, held)
		}
		h.held = free
	}
}

// end decides by the whole file's hash: the held chunks go out unless the
// file is denied.
func (h *hashReader) end(held, last []byte) {
	sum := hex.EncodeToString(h.h.Sum(nil))
	v := inspect.FileVerdict{Action: rules.ActionAllow, Type: h.typ, SHA256: sum, Size: h.n}
	if h.deny[sum] {
		v.Action, v.Reason, h.err = rules.ActionBlock, "file on the deny list", inspect.ErrFileDenied
	} else {
		for _, b := range [][]byte{held, last} {
			if len(b) > 0 {
				h.out = append(h.out, b)
			}
		}
		h.err = io.EOF
	}
	if h.done != nil {
		h.done(v)
	}
}
