package files

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"github.com/chatdlp/chatdlp/inspect/files/filestest"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// collect walks data and returns the paths visited, the executables
// among them (by Detect) and the encrypted ones.
func collect(t testing.TB, data []byte, name string, lim Limits) (paths, exes, enc []string, err error) {
	t.Helper()
	err = Walk(context.Background(), data, name, lim, func(e Entry) error {
		paths = append(paths, e.Path)
		if e.Encrypted {
			enc = append(enc, e.Path)
		} else if Detect(e.Data, e.Path).Executable {
			exes = append(exes, e.Path)
		}
		return nil
	})
	return paths, exes, enc, err
}

func limitOf(err error) string {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Limit
	}
	return ""
}

// TestWalkNested nests eight levels, every format Walk opens on the way:
// zip, gzip, tar, bzip2, zip, zstd, xz, 7z; the ELF at the bottom is
// found with its nested path, and one level less of MaxDepth stops at
// the 7z.
func TestWalkNested(t *testing.T) {
	sz := filestest.SevenZip(t, nil, filestest.File{"bin/x.exe", filestest.ELF()}, filestest.File{"readme.txt", []byte("hello")})
	inner := filestest.Zip(t, zip.Deflate, filestest.File{"c.7z.xz.zst", filestest.Zstd(t, filestest.Xz(t, sz))})
	tr := filestest.Tar(t, filestest.File{"notes.txt", []byte("notes")}, filestest.File{"b.zip.bz2", filestest.Bzip2(t, inner)})
	outer := filestest.Zip(t, zip.Store, filestest.File{"a.tar.gz", filestest.Gzip(t, tr)}, filestest.File{"doc.txt", []byte("text")})

	const want = "outer.zip!/a.tar.gz!/a.tar!/b.zip.bz2!/b.zip!/c.7z.xz.zst!/c.7z.xz!/c.7z!/bin/x.exe"
	paths, exes, _, err := collect(t, outer, "outer.zip", Limits{MaxDepth: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(exes, []string{want}) {
		t.Fatalf("executables %q, want %q; visited %q", exes, want, paths)
	}
	if len(paths) != 11 {
		t.Errorf("visited %d entries, want 11: %q", len(paths), paths)
	}

	_, exes, _, err = collect(t, outer, "outer.zip", Limits{MaxDepth: 7})
	if !errors.Is(err, ErrLimit) || limitOf(err) != "depth" || len(exes) != 0 {
		t.Fatalf("MaxDepth 7: %v (limit %q), executables %q; want the depth limit", err, limitOf(err), exes)
	}
	t.Logf("MaxDepth 7: %v", err)
}

// TestWalkExecutable5Deep finds an ELF in the fifth level with Go-made
// archives only: zip, gzip, tar, xz, zip.
func TestWalkExecutable5Deep(t *testing.T) {
	in := filestest.Zip(t, zip.Deflate, filestest.File{"tools/x.exe", filestest.ELF()})
	tr := filestest.Tar(t, filestest.File{"in.zip.xz", filestest.Xz(t, in)})
	outer := filestest.Zip(t, zip.Deflate, filestest.File{"a.tar.gz", filestest.Gzip(t, tr)})
	_, exes, _, err := collect(t, outer, "outer.zip", Limits{MaxDepth: 5})
	if err != nil {
		t.Fatal(err)
	}
	if want := "outer.zip!/a.tar.gz!/a.tar!/in.zip.xz!/in.zip!/tools/x.exe"; !slices.Equal(exes, []string{want}) {
		t.Fatalf("executables %q, want %q", exes, want)
	}
}

func TestWalkNotArchive(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("plain text"), filestest.ELF(), make([]byte, 1024)} {
		called := false
		if err := Walk(context.Background(), data, "x", Limits{}, func(Entry) error { called = true; return nil }); err != nil || called {
			t.Errorf("%q: %v, visited %v", data[:min(len(data), 10)], err, called)
		}
	}
}

func TestIsArchive(t *testing.T) {
	plain := []byte("hello, world")
	for want, data := range map[string][]byte{
		"zip": filestest.Zip(t, zip.Deflate, filestest.File{"a", plain}), "tar": filestest.Tar(t, filestest.File{"a", plain}),
		"gzip": filestest.Gzip(t, plain), "bzip2": filestest.Bzip2(t, plain), "xz": filestest.Xz(t, plain), "zstd": filestest.Zstd(t, plain),
		"7z": filestest.SevenZip(t, nil, filestest.File{"a", plain}), "rar": filestest.Rar5([]filestest.File{{"a", plain}}, nil),
	} {
		if got, ok := IsArchive(data); !ok || got != want {
			t.Errorf("IsArchive = %q %v, want %q", got, ok, want)
		}
	}
	if f, ok := IsArchive(filestest.ELF()); ok {
		t.Errorf("ELF taken for %s", f)
	}
}

// TestWalkZeros10GB: one zip entry of 10 GiB of zeros (about 10 MiB
// deflated) stops at a limit, in bounded time and memory.
func TestWalkZeros10GB(t *testing.T) {
	data := filestest.ZerosZip(t, 10<<30)
	t.Logf("zip of 10 GiB of zeros: %d bytes", len(data))
	for _, lim := range []Limits{{MaxEntry: 16 << 20}, {MaxEntry: 4 << 30, MaxRatio: 2}, {MaxEntry: 4 << 30, MaxTotal: 32 << 20}} {
		start := time.Now()
		_, _, _, err := collect(t, data, "zeros.zip", lim)
		if !errors.Is(err, ErrLimit) {
			t.Fatalf("%+v: %v, want ErrLimit", lim, err)
		}
		t.Logf("%+v: %v in %v", lim, err, time.Since(start))
	}
}

func TestWalkOverlapBomb(t *testing.T) {
	data := filestest.OverlapZip(t, 1000, 1<<20)
	called := 0
	err := Walk(context.Background(), data, "bomb.zip", Limits{}, func(Entry) error { called++; return nil })
	if !errors.Is(err, ErrBomb) || called != 0 {
		t.Fatalf("%v, %d visits; want ErrBomb before any", err, called)
	}
	t.Log(err)
	// archive/zip itself reads each entry: the bomb is ours to see
	if r, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil || len(r.File) != 1000 {
		t.Fatalf("archive/zip: %v", err)
	}
}

// TestWalkQuotedOverlap: an entry's data running over the next local
// header (Fifield's quoted overlap) is a bomb too.
func TestWalkQuotedOverlap(t *testing.T) {
	data := filestest.Zip(t, zip.Store, filestest.File{"a", make([]byte, 100)}, filestest.File{"b", make([]byte, 100)})
	// grow the first entry's compressed size in its central record so it spans the second
	cd := bytes.Index(data, []byte("PK\x01\x02"))
	binary.LittleEndian.PutUint32(data[cd+20:], 200)
	err := Walk(context.Background(), data, "q.zip", Limits{}, func(Entry) error { return nil })
	if !errors.Is(err, ErrBomb) {
		t.Fatalf("%v, want ErrBomb", err)
	}
}

func TestWalkEncrypted(t *testing.T) {
	t.Run("zip", func(t *testing.T) {
		paths, exes, enc, err := collect(t, filestest.EncryptedZip(t), "e.zip", Limits{})
		if !errors.Is(err, ErrEncrypted) {
			t.Fatalf("%v, want ErrEncrypted", err)
		}
		if !slices.Equal(enc, []string{"e.zip!/secret/payload.exe"}) || !slices.Equal(exes, []string{"e.zip!/plain.bin"}) {
			t.Fatalf("visited %q, encrypted %q, executables %q", paths, enc, exes)
		}
	})
	t.Run("7z", func(t *testing.T) {
		data := filestest.SevenZip(t, []string{"-pSECRET"}, filestest.File{"x.exe", filestest.ELF()})
		_, _, enc, err := collect(t, data, "e.7z", Limits{})
		if !errors.Is(err, ErrEncrypted) || !slices.Equal(enc, []string{"e.7z!/x.exe"}) {
			t.Fatalf("%v, encrypted %q", err, enc)
		}
	})
	t.Run("7z-headers", func(t *testing.T) {
		data := filestest.SevenZip(t, []string{"-pSECRET", "-mhe=on"}, filestest.File{"x.exe", filestest.ELF()})
		_, _, enc, err := collect(t, data, "e.7z", Limits{})
		if !errors.Is(err, ErrEncrypted) || !slices.Equal(enc, []string{"e.7z!/"}) {
			t.Fatalf("%v, encrypted %q", err, enc)
		}
	})
	t.Run("rar", func(t *testing.T) {
		data := filestest.Rar5([]filestest.File{{"sealed.exe", make([]byte, 32)}, {"x.exe", filestest.ELF()}}, map[string]bool{"sealed.exe": true})
		_, exes, enc, err := collect(t, data, "e.rar", Limits{})
		if !errors.Is(err, ErrEncrypted) || !slices.Equal(enc, []string{"e.rar!/sealed.exe"}) || !slices.Equal(exes, []string{"e.rar!/x.exe"}) {
			t.Fatalf("%v, encrypted %q, executables %q", err, enc, exes)
		}
	})
	t.Run("bomb-first", func(t *testing.T) {
		outer := filestest.Zip(t, zip.Store, filestest.File{"e.zip", filestest.EncryptedZip(t)}, filestest.File{"b.zip", filestest.OverlapZip(t, 10, 100)})
		if _, _, _, err := collect(t, outer, "o.zip", Limits{}); !errors.Is(err, ErrBomb) || errors.Is(err, ErrEncrypted) {
			t.Fatalf("%v, want ErrBomb alone", err)
		}
	})
}

func TestWalkRAR(t *testing.T) {
	data := filestest.Rar5([]filestest.File{{"docs/a.txt", []byte("text")}, {"bin/run", filestest.ELF()}}, nil)
	paths, exes, _, err := collect(t, data, "a.rar", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(paths, []string{"a.rar!/docs/a.txt", "a.rar!/bin/run"}) || !slices.Equal(exes, []string{"a.rar!/bin/run"}) {
		t.Fatalf("visited %q, executables %q", paths, exes)
	}
}

func TestWalkManyFiles(t *testing.T) {
	data := filestest.ManyZip(t, 20000)
	_, _, _, err := collect(t, data, "many.zip", Limits{MaxFiles: 10000})
	if !errors.Is(err, ErrLimit) || limitOf(err) != "files" {
		t.Fatalf("%v, want the files limit", err)
	}
	// the limit counts across levels: two zips of 6000 in a tar
	tr := filestest.Tar(t, filestest.File{"a.zip", filestest.ManyZip(t, 6000)}, filestest.File{"b.zip", filestest.ManyZip(t, 6000)})
	if _, _, _, err := collect(t, tr, "t.tar", Limits{MaxFiles: 10000}); limitOf(err) != "files" {
		t.Fatalf("%v, want the files limit", err)
	}
}

func TestWalkRatio(t *testing.T) {
	data := filestest.Gzip(t, make([]byte, 20<<20))
	_, _, _, err := collect(t, data, "z.gz", Limits{MaxRatio: 100, MaxEntry: 1 << 30})
	if limitOf(err) != "ratio" {
		t.Fatalf("%v, want the ratio limit", err)
	}
	// the whole: each level under the ratio, the whole over it
	x := bytes.Repeat([]byte("0123456789abcdef"), 1<<17) // 2 MiB
	gz1 := filestest.Gzip(t, x)
	gz2 := filestest.Gzip(t, gz1)
	rIn, rOut, rWhole := len(x)/len(gz1), len(gz1)/len(gz2), (len(x)+len(gz1))/len(gz2)
	if rWhole <= max(rIn, rOut)+1 {
		t.Fatalf("fixture: ratios %d, %d, whole %d", rIn, rOut, rWhole)
	}
	t.Logf("ratios: inner %d, outer %d, whole %d", rIn, rOut, rWhole)
	if _, _, _, err := collect(t, gz2, "z.gz.gz", Limits{MaxRatio: (max(rIn, rOut) + rWhole) / 2}); limitOf(err) != "ratio" {
		t.Fatalf("%v, want the ratio limit of the whole", err)
	}
	if _, _, _, err := collect(t, gz2, "z.gz.gz", Limits{MaxRatio: rWhole + 1}); err != nil {
		t.Fatal(err)
	}
}

func TestWalkEntryAndTotal(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 3000)
	big = append(filestest.ELF(), big...)
	data := filestest.Zip(t, zip.Deflate, filestest.File{"a.txt", []byte("small")}, filestest.File{"big.exe", big}, filestest.File{"c.txt", []byte("never")})
	paths, exes, _, err := collect(t, data, "z.zip", Limits{MaxEntry: 1000})
	if limitOf(err) != "entry" || !slices.Equal(exes, []string{"z.zip!/big.exe"}) || len(paths) != 2 {
		t.Fatalf("%v, visited %q, executables %q: want the head of big.exe typed, then the entry limit", err, paths, exes)
	}
	if _, _, _, err := collect(t, data, "z.zip", Limits{MaxTotal: 2000}); limitOf(err) != "total" {
		t.Fatalf("%v, want the total limit", err)
	}
}

func TestWalkCorrupt(t *testing.T) {
	good := filestest.Zip(t, zip.Deflate, filestest.File{"a.txt", bytes.Repeat([]byte("abc"), 100)})
	trunc := good[:len(good)-30]
	bad := bytes.Clone(good)
	copy(bad[bytes.Index(bad, []byte("a.txt"))+5:], "\xff\xff\xff\xff") // inflate garbage
	for name, data := range map[string][]byte{
		"truncated.zip": trunc, "garbage.zip": bad, "x.gz": []byte("\x1f\x8b\x08\x00garbage-garbage"),
		"x.7z": append([]byte("7z\xbc\xaf\x27\x1c"), make([]byte, 40)...), "x.rar": []byte("Rar!\x1a\x07\x01\x00\x00\x00\x00"),
		"x.xz": append([]byte("\xfd7zXZ\x00"), make([]byte, 40)...), "x.bz2": []byte("BZh91AY&SYgarbage"),
	} {
		if err := Walk(context.Background(), data, name, Limits{}, func(Entry) error { return nil }); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
}

func TestWalkContextAndVisitError(t *testing.T) {
	data := filestest.Zip(t, zip.Deflate, filestest.File{"a", []byte("1")}, filestest.File{"b", []byte("2")})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Walk(ctx, data, "z", Limits{}, func(Entry) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v, want context.Canceled", err)
	}
	stop := errors.New("stop")
	n := 0
	if err := Walk(context.Background(), data, "z", Limits{}, func(Entry) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("%v after %d visits, want visit's error after one", err, n)
	}
}

// TestBombMemory reports the bytes the bomb verdicts allocate (runtime
// MemStats), with MaxEntry at 16 MiB to stay quick under -race;
// BenchmarkBombVerdict times them with the default limits.
func TestBombMemory(t *testing.T) {
	bombs := map[string][]byte{
		"zeros-10GiB": filestest.ZerosZip(t, 10<<30), "overlap": filestest.OverlapZip(t, 1000, 1<<20),
		"ratio": filestest.Gzip(t, make([]byte, 50<<20)), "files-20000": filestest.ManyZip(t, 20000),
	}
	for name, data := range bombs {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		err := Walk(context.Background(), data, name, Limits{MaxFiles: 10000, MaxEntry: 16 << 20}, func(Entry) error { return nil })
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: no verdict", name)
		}
		t.Logf("%-12s %8d bytes in: %v in %v, %d MiB allocated", name, len(data), err, took, (after.TotalAlloc-before.TotalAlloc)>>20)
	}
}

// zip100 is a 1 MB zip of 100 files of 10 KB (half random, half text).
func zip100(b testing.TB) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var files []filestest.File
	for i := 0; i < 100; i++ {
		d := make([]byte, 10<<10)
		if i%2 == 0 {
			for j := range d {
				d[j] = byte(r.Uint32())
			}
		} else {
			copy(d, bytes.Repeat([]byte("line of text "+strconv.Itoa(i)+"\n"), 1000))
		}
		files = append(files, filestest.File{"dir/f" + strconv.Itoa(i) + ".bin", d})
	}
	return filestest.Zip(b, zip.Deflate, files...)
}

func BenchmarkWalkZip(b *testing.B) {
	data := zip100(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		if err := Walk(context.Background(), data, "z.zip", Limits{}, func(Entry) error { n++; return nil }); err != nil || n != 100 {
			b.Fatal(err, n)
		}
	}
}

// BenchmarkBombVerdict times each bomb's verdict.
func BenchmarkBombVerdict(b *testing.B) {
	for _, bomb := range []struct {
		name string
		data func(testing.TB) []byte
	}{
		{"zeros-10GiB", func(t testing.TB) []byte { return filestest.ZerosZip(t, 10<<30) }},
		{"overlap", func(t testing.TB) []byte { return filestest.OverlapZip(t, 1000, 1<<20) }},
		{"ratio", func(t testing.TB) []byte { return filestest.Gzip(t, make([]byte, 50<<20)) }},
		{"files-20000", func(t testing.TB) []byte { return filestest.ManyZip(t, 20000) }},
	} {
		b.Run(bomb.name, func(b *testing.B) {
			data := bomb.data(b)
			b.ResetTimer()
			for b.Loop() {
				if err := Walk(context.Background(), data, "b", Limits{MaxFiles: 10000}, func(Entry) error { return nil }); err == nil {
					b.Fatal("no verdict")
				}
			}
		})
	}
}

// FuzzWalk: any input ends (in bounded time and memory: small limits)
// without a panic, and a failing walk fails with one of the typed errors.
func FuzzWalk(f *testing.F) {
	f.Add(filestest.Zip(f, zip.Deflate, filestest.File{"a.exe", filestest.ELF()}, filestest.File{"b/c.txt", []byte("text")}))
	f.Add(filestest.Tar(f, filestest.File{"a", []byte("tar entry")}))
	f.Add(filestest.Gzip(f, filestest.Tar(f, filestest.File{"x", filestest.ELF()})))
	f.Add(filestest.Xz(f, []byte("xz data")))
	f.Add(filestest.Zstd(f, []byte("zstd data")))
	f.Add(filestest.Rar5([]filestest.File{{"a", []byte("rar")}, {"b", filestest.ELF()}}, map[string]bool{"b": true}))
	f.Add(filestest.EncryptedZip(f))
	f.Add(filestest.OverlapZip(f, 3, 100))
	lim := Limits{MaxDepth: 4, MaxFiles: 100, MaxRatio: 50, MaxTotal: 8 << 20, MaxEntry: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Walk(context.Background(), data, "f", lim, func(e Entry) error {
			if int64(len(e.Data)) > lim.MaxEntry || (e.Encrypted && e.Data != nil) {
				t.Fatalf("entry %q: %d bytes, encrypted %v", e.Path, len(e.Data), e.Encrypted)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrLimit) && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrBomb) && !errors.Is(err, ErrEncrypted) {
			t.Fatalf("untyped error: %v", err)
		}
	})
}

// TestFuzzSeeds checks that the seeds of FuzzWalk that need commands (7z,
// bzip2) are in testdata; with CHATDLP_WRITE_SEEDS=1 it writes them anew.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzWalk")
	if os.Getenv("CHATDLP_WRITE_SEEDS") == "" {
		for _, name := range []string{"7z", "7z-password", "bzip2", "nested"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("seed %s missing (CHATDLP_WRITE_SEEDS=1 go test -run TestFuzzSeeds writes it): %v", name, err)
			}
		}
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := map[string][]byte{
		"7z":          filestest.SevenZip(t, nil, filestest.File{"a.exe", filestest.ELF()}, filestest.File{"b.txt", []byte("text")}),
		"7z-password": filestest.SevenZip(t, []string{"-pX"}, filestest.File{"a.exe", filestest.ELF()}),
		"bzip2":       filestest.Bzip2(t, filestest.Tar(t, filestest.File{"x", filestest.ELF()})),
		"nested":      filestest.Zip(t, zip.Store, filestest.File{"a.tar.gz", filestest.Gzip(t, filestest.Tar(t, filestest.File{"in.zip", filestest.Zip(t, zip.Deflate, filestest.File{"x", filestest.ELF()})}))}),
	}
	for name, data := range seeds {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("go test fuzz v1\n[]byte("+strconv.Quote(string(data))+")\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
