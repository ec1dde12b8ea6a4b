package proxy

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodeContent: for each coding, a body compressed by the reference
// encoder decodes back to itself; arbitrary bytes under any coding list
// never panic, never return more than the limit, and an error is an error
// (the caller fails closed), never a partial body.
func FuzzDecodeContent(f *testing.F) {
	for _, s := range []string{"", "hello", `{"text":"card 4012 8888 8888 1881"}`, "\x1f\x8b\x08\x00garbage"} {
		f.Add([]byte(s), "gzip", false)
		f.Add([]byte(s), "br", true)
		f.Add([]byte(s), "zstd", true)
		f.Add([]byte(s), "deflate, gzip", false)
	}
	f.Fuzz(func(t *testing.T, data []byte, encoding string, roundTrip bool) {
		const limit = 1 << 16
		if roundTrip {
			for _, c := range []string{"gzip", "br", "zstd"} {
				got, err := decodeContent(compress(t, c, data), c, limit)
				switch {
				case len(data) > limit:
					if !errors.Is(err, errOversize) {
						t.Fatalf("decodeContent(%s of %d bytes): %v, want errOversize", c, len(data), err)
					}
				case err != nil || !bytes.Equal(got, data):
					t.Fatalf("decodeContent(%s): got %q, %v, want %q", c, got, err, data)
				}
			}
			return
		}
		got, err := decodeContent(data, encoding, limit)
		if err != nil && got != nil {
			t.Fatalf("decodeContent(%q): a body with the error %v", encoding, err)
		}
		if len(got) > limit {
			t.Fatalf("decodeContent(%q): %d bytes, over the limit", encoding, len(got))
		}
	})
}

// FuzzToUTF8: any bytes in any named charset convert or fail, never
// panic; UTF-8 bodies come back unchanged.
func FuzzToUTF8(f *testing.F) {
	f.Add([]byte("caf\xe9"), "text/plain; charset=iso-8859-1")
	f.Add([]byte("\x82\xa0"), "text/plain; charset=shift_jis")
	f.Add([]byte("plain"), "application/json")
	f.Fuzz(func(t *testing.T, data []byte, ctype string) {
		out, converted, err := toUTF8(data, ctype)
		if err == nil && !converted && !bytes.Equal(out, data) {
			t.Fatalf("toUTF8(%q): changed a body it did not convert", ctype)
		}
	})
}

func TestToUTF8(t *testing.T) {
	tests := []struct {
		ctype, body, want string
		converted, fails  bool
	}{
		{"text/plain; charset=iso-8859-1", "caf\xe9", "café", true, false},
		{"application/json; charset=utf-16le", `{"a":"b"}`, `{"a":"b"}`, false, false},
		{"application/x-www-form-urlencoded; charset=utf-16", "a=b", "a=b", false, false},
		{"text/plain; charset=iso-2022-kr", "card", "", false, true},
		{"text/plain; charset=no-such", "card", "", false, true},
		{"text/html", "<p>x</p>", "<p>x</p>", false, false},
	}
	for _, tt := range tests {
		out, converted, err := toUTF8([]byte(tt.body), tt.ctype)
		if (err != nil) != tt.fails || string(out) != tt.want || converted != tt.converted {
			t.Errorf("toUTF8(%q, %q): got %q %v %v, want %q %v fails=%v", tt.body, tt.ctype, out, converted, err, tt.want, tt.converted, tt.fails)
		}
	}
}
