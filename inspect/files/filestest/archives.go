// Package filestest builds the files of file-inspection tests at test
// time (no binary fixture is committed): executables from their byte
// layouts, archives of every kind the inspector opens, and bombs.
package filestest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Archive fixtures are built at test time: in Go where a writer exists,
// with the bzip2 and 7zz commands (.ci/deps installs them) where none
// does, and from the format's byte layout for RAR (no free writer).

// File is one file to put in an archive: File{name, data}. An alias of
// an unnamed struct, so that tests elsewhere write it without keys.
type File = struct {
	Name string
	Data []byte
}

// ELF is a small ELF header, padded: what Detect takes for a program.
func ELF() []byte {
	b := make([]byte, 64)
	copy(b, "\x7fELF\x02\x01\x01")
	return b
}

func Zip(t testing.TB, method uint16, files ...File) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func Tar(t testing.TB, files ...File) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := tar.NewWriter(&buf)
	for _, f := range files {
		if err := w.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o755, Size: int64(len(f.Data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func Gzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func Xz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func Zstd(t testing.TB, data []byte) []byte {
	t.Helper()
	e, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	return e.EncodeAll(data, nil)
}

// tool finds a command the tests drive; missing, the test fails with the
// Debian package to install (listed in .ci/deps).
func tool(t testing.TB, pkg string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Fatalf("command %v not found: install Debian package %s (bash .ci/deps does)", names, pkg)
	return ""
}

func Bzip2(t testing.TB, data []byte) []byte {
	t.Helper()
	cmd := exec.Command(tool(t, "bzip2", "bzip2"), "-c")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// SevenZip runs 7zz (or 7z) in a temporary folder; args go before the
// archive name (a password: "-pSECRET", encrypted headers: "-mhe=on").
func SevenZip(t testing.TB, args []string, files ...File) []byte {
	t.Helper()
	bin := tool(t, "7zip", "7zz", "7z")
	dir := t.TempDir()
	names := []string{}
	for _, f := range files {
		p := filepath.Join(dir, "in", f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
	}
	out := filepath.Join(dir, "out.7z")
	cmd := exec.Command(bin, append(append(append([]string{"a", "-bd", "-y"}, args...), out), names...)...)
	cmd.Dir = filepath.Join(dir, "in")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("7z: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Rar5 lays out a RAR5 archive of stored files (method 0), the
// encrypted ones with a file encryption record (AES-256, no password
// check value) and their bytes as they are.
func Rar5(files []File, encrypted map[string]bool) []byte {
	vint := func(b []byte, v uint64) []byte {
		for v >= 0x80 {
			b = append(b, byte(v)|0x80)
			v >>= 7
		}
		return append(b, byte(v))
	}
	block := func(typ, flags uint64, fields, extra []byte, data []byte) []byte {
		var h []byte
		h = vint(h, typ)
		if len(extra) > 0 {
			flags |= 0x01
		}
		if data != nil {
			flags |= 0x02
		}
		h = vint(h, flags)
		if len(extra) > 0 {
			h = vint(h, uint64(len(extra)))
		}
		if data != nil {
			h = vint(h, uint64(len(data)))
		}
		h = append(h, fields...)
		h = append(h, extra...)
		full := vint(nil, uint64(len(h)))
		full = append(full, h...)
		out := binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(full))
		out = append(out, full...)
		return append(out, data...)
	}
	out := []byte("Rar!\x1a\x07\x01\x00")
	out = append(out, block(1, 0, vint(nil, 0), nil, nil)...) // main archive header, no flags
	for _, f := range files {
		var fields []byte
		fields = vint(fields, 0x04) // file flags: CRC32 present
		fields = vint(fields, uint64(len(f.Data)))
		fields = vint(fields, 0o644)                                                  // attributes
		fields = binary.LittleEndian.AppendUint32(fields, crc32.ChecksumIEEE(f.Data)) // data CRC32
		fields = vint(fields, 0)                                                      // compression: version 0, stored
		fields = vint(fields, 1)                                                      // host OS: Unix
		fields = vint(fields, uint64(len(f.Name)))
		fields = append(fields, f.Name...)
		var extra []byte
		if encrypted[f.Name] {
			rec := vint(nil, 0x01)                    // file encryption record
			rec = vint(rec, 0)                        // AES-256
			rec = vint(rec, 0)                        // flags: no check value, no tweaked checksums
			rec = append(rec, 15)                     // KDF count
			rec = append(rec, make([]byte, 16+16)...) // salt, IV
			extra = vint(extra, uint64(len(rec)))
			extra = append(extra, rec...)
		}
		data := f.Data
		if data == nil {
			data = []byte{}
		}
		out = append(out, block(2, 0, fields, extra, data)...)
	}
	return append(out, block(5, 0, vint(nil, 0), nil, nil)...) // end of archive
}

// ZerosZip streams to a file a zip whose one entry inflates to size bytes
// of zeros (one stored zero byte, then deflate matches of 258 bytes at
// distance 1 coded in 2 bits each: about 1/1000 of size) and returns the
// file's bytes. The CRC is not that of the zeros: nothing reads that far.
func ZerosZip(t testing.TB, size int64) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "zeros.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var deflate bytes.Buffer
	n := (size - 1) / 258
	bw := &bitWriter{w: &deflate}
	// a stored block of one zero byte, not final
	bw.bits(0, 3)
	bw.align()
	deflate.Write([]byte{1, 0, 0xfe, 0xff, 0})
	// a final dynamic block: literal/length codes 256 (end) and 285
	// (length 258) of 1 bit, distance code 0 (distance 1) of 1 bit
	bw.bits(1, 1)
	bw.bits(2, 2)
	bw.bits(286-257, 5) // HLIT
	bw.bits(0, 5)       // HDIST: one distance code
	bw.bits(18-4, 4)    // HCLEN: code length codes up to symbol 1's place
	// code length code lengths in the order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1
	for i := 0; i < 18; i++ {
		v := uint64(0)
		if i == 2 || i == 17 { // symbols 18 and 1
			v = 1
		}
		bw.bits(v, 3)
	}
	// code lengths, with codes "0" for symbol 1 and "1" for 18 (7 bits of run length - 11)
	bw.bits(1, 1)
	bw.bits(138-11, 7) // 138 zeros
	bw.bits(1, 1)
	bw.bits(118-11, 7) // 118 zeros: symbols 0..255
	bw.bits(0, 1)      // 256: length 1
	bw.bits(1, 1)
	bw.bits(28-11, 7) // 257..284
	bw.bits(0, 1)     // 285: length 1
	bw.bits(0, 1)     // distance 0: length 1
	// matches: code 285 is "1", distance code "0"
	i := int64(0)
	for ; i < n && bw.nbits != 0; i++ {
		bw.bits(1, 2)
	}
	chunk := bytes.Repeat([]byte{0x55}, 1<<16) // four matches a byte
	bulk := (n - i) / 4
	head := deflate.Bytes()
	fh := &zip.FileHeader{Name: "zeros.bin", Method: zip.Deflate, UncompressedSize64: uint64(1 + 258*n)}
	fh.CompressedSize64 = uint64(int64(len(head)) + bulk + 1)
	zw := zip.NewWriter(f)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(head); err != nil {
		t.Fatal(err)
	}
	for left := bulk; left > 0; left -= int64(len(chunk)) {
		if _, err := w.Write(chunk[:min(left, int64(len(chunk)))]); err != nil {
			t.Fatal(err)
		}
	}
	i += 4 * bulk
	var tail bytes.Buffer
	bw = &bitWriter{w: &tail}
	for ; i < n; i++ {
		bw.bits(1, 2)
	}
	bw.bits(0, 1) // end of block
	bw.align()
	if int64(tail.Len()) != 1 {
		t.Fatalf("tail is %d bytes", tail.Len())
	}
	if _, err := w.Write(tail.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bitWriter writes deflate's bit stream (least significant bit first).
type bitWriter struct {
	w     io.ByteWriter
	acc   uint64
	nbits uint
}

func (b *bitWriter) bits(v uint64, n uint) {
	b.acc |= v << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		_ = b.w.WriteByte(byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

func (b *bitWriter) align() {
	if b.nbits > 0 {
		b.bits(0, 8-b.nbits)
	}
}

// OverlapZip is Fifield's full-overlap bomb: one local file (a kernel of
// size bytes of zeros, deflated) and n central directory entries, each
// named apart, all pointing at it.
func OverlapZip(t testing.TB, n, size int) []byte {
	t.Helper()
	kernel := Zip(t, zip.Deflate, File{"k", make([]byte, size)})
	r, err := zip.NewReader(bytes.NewReader(kernel), int64(len(kernel)))
	if err != nil {
		t.Fatal(err)
	}
	f := r.File[0]
	off, err := f.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	local := kernel[:off+int64(f.CompressedSize64)]
	out := append([]byte(nil), local...)
	cd := len(out)
	for i := 0; i < n; i++ {
		name := []byte{byte('a' + i%26), byte('a' + i/26%26), byte('a' + i/676%26)}
		h := make([]byte, 46)
		copy(h, "PK\x01\x02")
		binary.LittleEndian.PutUint16(h[4:], 20)
		binary.LittleEndian.PutUint16(h[6:], 20)
		binary.LittleEndian.PutUint16(h[10:], zip.Deflate)
		binary.LittleEndian.PutUint32(h[16:], f.CRC32)
		binary.LittleEndian.PutUint32(h[20:], uint32(f.CompressedSize64))
		binary.LittleEndian.PutUint32(h[24:], uint32(f.UncompressedSize64))
		binary.LittleEndian.PutUint16(h[28:], uint16(len(name)))
		out = append(append(out, h...), name...) // local header offset 0 for all
	}
	end := make([]byte, 22)
	copy(end, "PK\x05\x06")
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(len(out)-cd))
	binary.LittleEndian.PutUint32(end[16:], uint32(cd))
	return append(out, end...)
}

// EncryptedZip holds a ZipCrypto entry (flag bit 0, a 12-byte encryption
// header before its bytes) and a plain ELF.
func EncryptedZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	secret := append(make([]byte, 12), "sealed bytes"...)
	fw, err := w.CreateRaw(&zip.FileHeader{Name: "secret/payload.exe", Method: zip.Store, Flags: 1,
		CompressedSize64: uint64(len(secret)), UncompressedSize64: uint64(len(secret) - 12)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(secret); err != nil {
		t.Fatal(err)
	}
	fw, err = w.Create("plain.bin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(ELF()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ManyZip holds n empty stored files.
func ManyZip(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < n; i++ {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: "f" + itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
