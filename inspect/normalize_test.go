package inspect

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		find           string // a substring of want
		orig           string // what it must map back to in the original
	}{
		{"fast path", "card 4012 8888 8888 1881", "card 4012 8888 8888 1881", "4012 8888", "4012 8888"},
		{"zero-width inside card", "4012\u200b8888\u200d8888\ufeff1881", "4012888888881881", "4012888888881881", "4012\u200b8888\u200d8888\ufeff1881"},
		{"soft hyphen and bidi", "40\u00ad12\u202e88\u2066", "401288", "401288", "40\u00ad12\u202e88"},
		{"full-width digits", "card ４０１２ ８８８８", "card 4012 8888", "4012 8888", "４０１２ ８８８８"},
		{"full-width letters", "ＡＫＩＡ1234", "AKIA1234", "AKIA", "ＡＫＩＡ"},
		{"html inline tags", "<b>4012</b> 8888", "4012 8888", "4012 8888", "4012</b> 8888"},
		{"html split digits", "4012<span>8888</span>", "40128888", "40128888", "4012<span>8888"},
		{"html block tag is a space", "<p>a</p><p>b</p>", " a  b ", "a  b", "a</p><p>b"},
		{"html entities", "4012&#32;8888&nbsp;1881 &amp;", "4012 8888 1881 &", "8888 1881", "8888&nbsp;1881"},
		{"html entity then nfkc", "a&#65297;&#65298;b", "a12b", "12", "&#65297;&#65298;"},
		{"percent UTF-8 decoded", "price %E2%82%AC5 card%204012", "price €5 card 4012", "€5", "%E2%82%AC5"},
		{"percent not UTF-8 kept", "smbclient -U svc%EajHcc%41", "smbclient -U svc%EajHccA", "svc%EajHcc", "svc%EajHcc"},
		{"marker ending a word kept", "PW lautet Sonne2025* and *4012* *8888*", "PW lautet Sonne2025* and 4012 8888", "Sonne2025*", "Sonne2025*"},
		{"not a tag", "a < b and 3<4 <3", "a < b and 3<4 <3", "3<4", "3<4"},
		{"html comment", "40<!-- x -->12", "4012", "4012", "40<!-- x -->12"},
		{"irc colours", "\x0304,124012\x03 \x02\x1d8888\x0f", "4012 8888", "4012 8888", "4012\x03 \x02\x1d8888"},
		{"irc colour without comma digits", "\x0312,x", ",x", ",x", ",x"},
		{"irc hex colour", "\x04ff0000hi", "hi", "hi", "hi"},
		{"percent-encoding", "4012%208888%2D1881", "4012 8888-1881", "8888-1881", "8888%2D1881"},
		{"percent utf-8 zero-width", "40%E2%80%8B12", "4012", "4012", "40%E2%80%8B12"},
		{"bad percent stays", "100% and %zz", "100% and %zz", "%zz", "%zz"},
		{"combining accent", "cafe\u0301 ok", "caf\u00e9 ok", "caf\u00e9", "cafe\u0301"},
		{"dotted capital I", "SİGNING_KEY", "SIGNING_KEY", "SIGNING", "SİGNING"},
		{"keycap digits", "bike store 4\ufe0f\u20e38\ufe0f\u20e30\ufe0f\u20e36\ufe0f\u20e3 ok", "bike store 4806 ok", "4806", "4\ufe0f\u20e38\ufe0f\u20e30\ufe0f\u20e36\ufe0f\u20e3"},
		{"keycap hash without selector", "code 12#\u20e3", "code 12#", "12#", "12#\u20e3"},
		{"lone keycap dropped", "a \u20e3b", "a b", "a b", "a \u20e3b"},
		{"emoji stays", "hi 👋 4012", "hi 👋 4012", "👋", "👋"},
		{"markdown between digits", "4012*8888*8888`1881", "4012888888881881", "4012888888881881", "4012*8888*8888`1881"},
		{"markdown around digit groups", "*4012* _8888_ ~8888~ `1881`", "4012 8888 8888 1881", "4012 8888 8888 1881", "4012* _8888_ ~8888~ `1881"},
		{"markdown between letters", "AKIA`UJZD`EGXD~NCF32EPF", "AKIAUJZDEGXDNCF32EPF", "AKIAUJZD", "AKIA`UJZD"},
		{"markdown around words stays", "**Note:** use snake_case_2 and _see below_", "**Note:** use snake_case_2 and _see below_", "snake_case_2", "snake_case_2"},
		{"underscore in a token stays", "key AIza7kRkt0_7fXSi_ end", "key AIza7kRkt0_7fXSi_ end", "0_7", "0_7"},
		{"markdown after html", "4012<b>*8888*</b>8888", "401288888888", "401288888888", "4012<b>*8888*</b>8888"},
		{"form-encoded spaces between digits", "card=4012+8888+8888+1881&exp=12%2F27", "card=4012 8888 8888 1881&exp=12/27", "4012 8888", "4012+8888"},
		{"plus outside percent text stays", "1+1=2 and 4012+8888", "1+1=2 and 4012+8888", "4012+8888", "4012+8888"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := normalize(tt.in)
			defer n.put()
			if n.s != tt.want {
				t.Fatalf("normalize(%q): got %q, want %q", tt.in, n.s, tt.want)
			}
			i := strings.Index(n.s, tt.find)
			if i < 0 {
				t.Fatalf("normalize(%q): %q not in %q", tt.in, tt.find, n.s)
			}
			s, e := n.span(i, i+len(tt.find))
			if got := tt.in[s:e]; got != tt.orig {
				t.Errorf("span(%q): got %q, want %q", tt.find, got, tt.orig)
			}
			checkMap(t, tt.in, n)
		})
	}
}

// checkMap asserts the offset map's invariants: every byte of the
// normalised text maps to a non-empty range inside the original, and both
// ends are monotonic.
func checkMap(t *testing.T, orig string, n *normText) {
	t.Helper()
	if n.start == nil {
		if n.s != orig {
			t.Fatalf("identity map but text changed: %q -> %q", orig, n.s)
		}
		return
	}
	if len(n.start) != len(n.s) || len(n.end) != len(n.s) {
		t.Fatalf("map length %d/%d, text %d", len(n.start), len(n.end), len(n.s))
	}
	for i := range n.start {
		s, e := int(n.start[i]), int(n.end[i])
		if s < 0 || e > len(orig) || s >= e {
			t.Fatalf("byte %d maps to [%d,%d) of %d", i, s, e, len(orig))
		}
		if i > 0 && (s < int(n.start[i-1]) || e < int(n.end[i-1])) {
			t.Fatalf("byte %d: [%d,%d) after [%d,%d) is not monotonic", i, s, e, n.start[i-1], n.end[i-1])
		}
	}
}

func TestBase64Segments(t *testing.T) {
	key := "AKIAIOSFODNN7EXAMPLE secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	tests := []struct {
		name, in string
		want     []string
	}{
		{"std padded", "see " + b64std(key) + " ok", []string{key}},
		{"url unpadded", "x " + b64url("-----BEGIN PRIVATE KEY----- abc?>>") + " y", []string{"-----BEGIN PRIVATE KEY----- abc?>>"}},
		{"short run ignored", "aGVsbG8gd29ybGQ=", nil},
		{"binary ignored", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := segmentsOf(tt.in)
			var got []string
			for _, s := range segs {
				got = append(got, s.text)
				run := tt.in[s.start:s.end]
				if strings.ContainsAny(run, " ") {
					t.Errorf("run %q spans a space", run)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("base64Segments(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
