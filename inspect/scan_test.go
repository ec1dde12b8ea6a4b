package inspect

import (
	"slices"
	"strings"
	"testing"
)

// checkFacts compares scanText with the one-loop reference of each fact.
func checkFacts(t *testing.T, s string) {
	t.Helper()
	var f textFacts
	scanText(s, &f)
	if want := refScanFlags(s); f.flags != want {
		t.Errorf("scanText(%q): flags %04b, want %04b", s, f.flags, want)
	}
	if want := refDigitRuns(s); !slices.Equal(f.runs, want) {
		t.Errorf("scanText(%q): runs %v, want %v", s, f.runs, want)
	}
	if got, want := base64Segments(s, &f), refBase64Segments(s); !slices.Equal(got, want) {
		t.Errorf("base64Segments(%q): %v, want %v", s, got, want)
	}
	if got, want := needsFold(s, f.bits.high), needsFold(s, nil); got != want {
		t.Errorf("needsFold(%q) on the non-ASCII plane = %v, by scanning %v", s, got, want)
	}
	if want := refSlashes(s); !slices.Equal(f.slashes, want) {
		t.Errorf("scanText(%q): slashes %v, want %v", s, f.slashes, want)
	}
	want := refShapes(s)
	for k := range want {
		if !slices.Equal(f.shapes[k], want[k]) {
			t.Errorf("scanText(%q): shape %d at %v, want %v", s, k, f.shapes[k], want[k])
		}
	}
}

func TestScanText(t *testing.T) {
	for _, s := range []string{
		"", "1", "123456789", "card 4012 8888 8888 1881 exp", "x-4012-8888-8888-1881.",
		"IBAN GB82 WEST 1234 5698 7654 32 ok", "nino QQ 12 34 56 C", "AB\n12\tCD 34",
		"R&D at 95% <b>", "\x02bold\x0f \x7f", "tab\tnl\ncr\r", "héllo 🎉 ＧＢ８２",
		strings.Repeat("a", 7) + "12345678901234567", "ab1cd2ef3gh4ij5kl6mn7op8qr9st0",
		"..........1.2.3.4.5.6.7.8.9", "AB 123456789012345678901234567890 xyz",
		"key: c2VjcmV0IHBhc3N3b3JkIGlzIGh1bnRlcjI= end", "x.c2VjcmV0IHBhc3N3b3JkIGlzIGh1bnRlcjI",
		"1234567c2VjcmV0IHBhc3N3b3JkIGlzIGh1bnRlcjI", "aGVsbG8gd29ybGQgaGVsbG8gd29y,aGVsbG8gd29ybGQgaGVsbG8gd29y",
		"rodné číslo: 025411/4124", "birth number 925104 / 4715 ok", "12/27 and 1/2 and 2024/12/05",
		"x575913/4150 INV-575913/4150 123456789/12 1/123456789", strings.Repeat("7", 63) + "/" + "1234",
		"a 12 34.56/7 8 9 10 x", "1 / / 2345678901",
	} {
		checkFacts(t, s)
	}
}

func FuzzScanText(f *testing.F) {
	f.Add("card 4012 8888 8888 1881 and IBAN GB82 WEST 1234 5698 7654 32")
	f.Add("R&D <p>95%</p> \x03 12 ＧＢ")
	f.Add("token c2VjcmV0IHBhc3N3b3JkIGlzIGh1bnRlcjI= and dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IHJ1bnM")
	f.Add("QQ123456C and AB 12 34 56 D, 078-05-1120 on 2024.01.02")
	f.Add("r.č. 575913/4150, 925104 / 4715 and 12/27")
	f.Fuzz(func(t *testing.T, s string) { checkFacts(t, s) })
}
