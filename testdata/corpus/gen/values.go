package main

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"
)

// Fake-value generators. Every value has a valid format and checksum and
// is drawn from a seeded PRNG: none was ever issued to anyone.

const (
	alnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	base62   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b64chars = alnum + "+/"
	upper    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits   = "0123456789"
)

type gen struct{ r *rand.Rand }

func (g gen) pick(s string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = s[g.r.IntN(len(s))]
	}
	return string(b)
}

func (g gen) one(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g gen) num(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func luhnDigit(d string) string {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 0 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return fmt.Sprint((10 - sum%10) % 10)
}

// card returns a Luhn-valid number for a random brand, formatted.
func (g gen) card() string {
	brands := []struct {
		prefix string
		n      int
	}{{"4", 16}, {"4", 16}, {"4", 19}, {"51", 16}, {"55", 16}, {"2221", 16}, {"2720", 16}, {"34", 15}, {"37", 15},
		{"6011", 16}, {"65", 16}, {"644", 16}, {"3528", 16}, {"3589", 16}, {"36", 14}, {"300", 14}, {"62", 16}, {"62", 19}}
	b := brands[g.r.IntN(len(brands))]
	d := b.prefix + g.pick(digits, b.n-len(b.prefix)-1)
	d += luhnDigit(d)
	switch {
	case b.n == 16 && g.r.IntN(3) > 0:
		sep := g.one(" ", "-", " ", ".")
		return d[:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:]
	case b.n == 15 && g.r.IntN(2) == 0:
		return d[:4] + " " + d[4:10] + " " + d[10:]
	}
	return d
}

func (g gen) ssn(sep string) string {
	for {
		area := g.num(1, 899)
		if area == 666 {
			continue
		}
		s := fmt.Sprintf("%03d%s%02d%s%04d", area, sep, g.num(1, 99), sep, g.num(1, 9999))
		if d := strings.ReplaceAll(s, sep, ""); d != "078051120" && d != "219099999" && d != "123456789" {
			return s
		}
	}
}

var ibanShapes = map[string]string{ // country -> BBAN shape: L letter, D digit
	"GB": "LLLLDDDDDDDDDDDDDD", "DE": "DDDDDDDDDDDDDDDDDD", "FR": "DDDDDDDDDDDDDDDDDDDDDDD",
	"NL": "LLLLDDDDDDDDDD", "ES": "DDDDDDDDDDDDDDDDDDDD", "IT": "LDDDDDDDDDDDDDDDDDDDDDD",
	"BE": "DDDDDDDDDDDD", "CH": "DDDDDDDDDDDDDDDDD", "AT": "DDDDDDDDDDDDDDDD", "PL": "DDDDDDDDDDDDDDDDDDDDDDDD",
}

func (g gen) iban(spaced bool) string {
	cc := g.one("GB", "DE", "FR", "NL", "ES", "IT", "BE", "CH", "AT", "PL")
	var bban strings.Builder
	for _, c := range ibanShapes[cc] {
		if c == 'L' {
			bban.WriteString(g.pick(upper, 1))
		} else {
			bban.WriteString(g.pick(digits, 1))
		}
	}
	s := cc + fmt.Sprintf("%02d", 98-mod97(bban.String()+cc+"00")) + bban.String()
	if spaced && cardInIBAN(s) {
		return g.iban(spaced) // its digit groups spell a Luhn-valid card: a real ambiguity, not an IBAN sample
	}
	if !spaced {
		return s
	}
	var out []string
	for i := 0; i < len(s); i += 4 {
		out = append(out, s[i:min(i+4, len(s))])
	}
	return strings.Join(out, " ")
}

func mod97(s string) int {
	r := 0
	for _, c := range s {
		if c >= 'A' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

func (g gen) aba() string {
	d := fmt.Sprintf("%02d", g.one2([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 26, 31, 32, 61, 63, 67, 71, 80})) + g.pick(digits, 6)
	sum := 0
	for i, w := range []int{3, 7, 1, 3, 7, 1, 3, 7} {
		sum += int(d[i]-'0') * w
	}
	return d + fmt.Sprint((10-sum%10)%10)
}

func (g gen) one2(xs []int) int { return xs[g.r.IntN(len(xs))] }

func (g gen) nino() string {
	for {
		a, b := g.pick("ABCEGHJKLMNOPRSTWXYZ", 1), g.pick("ABCEGHJKLMNPRSTWXYZ", 1)
		if p := a + b; p == "BG" || p == "GB" || p == "NK" || p == "KN" || p == "TN" || p == "NT" || p == "ZZ" {
			continue
		}
		d := g.pick(digits, 6)
		if g.r.IntN(2) == 0 {
			return a + b + " " + d[:2] + " " + d[2:4] + " " + d[4:] + " " + g.pick("ABCD", 1)
		}
		return a + b + d + g.pick("ABCD", 1)
	}
}

func (g gen) nhs() string {
	for {
		d := g.pick("46789", 1) + g.pick(digits, 8)
		sum := 0
		for i := 0; i < 9; i++ {
			sum += int(d[i]-'0') * (10 - i)
		}
		c := (11 - sum%11) % 11
		if c == 10 {
			continue
		}
		d += fmt.Sprint(c)
		return d[:3] + " " + d[3:6] + " " + d[6:]
	}
}

func (g gen) sin() string {
	d := g.pick("1234567", 1) + g.pick(digits, 7)
	d += luhnDigit(d)
	return d[:3] + g.one(" ", "-", "") + d[3:6] + g.one(" ", "") + d[6:]
}

func (g gen) githubClassic() string {
	body := g.pick(base62, 30)
	n := crc32.ChecksumIEEE([]byte(body))
	sum := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		sum[i] = base62[n%62]
		n /= 62
	}
	return g.one("ghp_", "gho_", "ghu_", "ghs_", "ghr_") + body + string(sum)
}

func (g gen) jwt() string {
	enc := base64.RawURLEncoding.EncodeToString
	h := fmt.Sprintf(`{"alg":"%s","typ":"JWT"}`, g.one("HS256", "RS256", "ES256"))
	p := fmt.Sprintf(`{"sub":"%d","name":"user%d","iat":%d}`, g.num(1000, 99999), g.num(1, 999), g.num(1600000000, 1800000000))
	sig := make([]byte, 32)
	for i := range sig {
		sig[i] = byte(g.r.IntN(256))
	}
	return enc([]byte(h)) + "." + enc([]byte(p)) + "." + enc(sig)
}

func (g gen) pemKey() string {
	raw := make([]byte, g.num(120, 400))
	for i := range raw {
		raw[i] = byte(g.r.IntN(256))
	}
	body := base64.StdEncoding.EncodeToString(raw)
	var lines []string
	for i := 0; i < len(body); i += 64 {
		lines = append(lines, body[i:min(i+64, len(body))])
	}
	label := g.one("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY")
	return "-----BEGIN " + label + "-----\n" + strings.Join(lines, "\n") + "\n-----END " + label + "-----"
}

// cardInIBAN reports whether four spaced groups of an IBAN after its
// check digits are all digits with a valid Luhn sum: such a line holds a
// card number too.
func cardInIBAN(s string) bool {
	for i := 4; i+16 <= len(s); i += 4 {
		d := s[i : i+16]
		if strings.Trim(d, digits) == "" && luhnDigit(d[:15]) == d[15:] {
			return true
		}
	}
	return false
}
