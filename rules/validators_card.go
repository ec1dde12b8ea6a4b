package rules

// cardBrand is one payment-card brand: its IIN (issuer identification
// number) prefix ranges and the card lengths it issues.
type cardBrand struct {
	name    string
	ranges  []iinRange
	lengths []int
}

// iinRange is an inclusive range of card-number prefixes of equal width,
// e.g. {2221, 2720} for Mastercard's 2-series.
type iinRange struct{ lo, hi int }

// cardBrands are the brands ValidLuhnCard accepts, with their published
// IIN ranges and lengths. Visa's 13-digit numbers are left out: no longer
// issued, they read like a South African ID (13 digits, Luhn) born in the
// 1940s.
var cardBrands = []cardBrand{
	{"visa", []iinRange{{4, 4}}, []int{16, 19}},
	{"mastercard", []iinRange{{51, 55}, {2221, 2720}}, []int{16}},
	{"amex", []iinRange{{34, 34}, {37, 37}}, []int{15}},
	{"discover", []iinRange{{6011, 6011}, {644, 649}, {65, 65}}, []int{16, 17, 18, 19}},
	{"jcb", []iinRange{{3528, 3589}}, []int{16, 17, 18, 19}},
	{"diners", []iinRange{{300, 305}, {36, 36}, {38, 39}}, []int{14, 15, 16, 17, 18, 19}},
	{"unionpay", []iinRange{{62, 62}}, []int{16, 17, 18, 19}},
}

// ValidLuhnCard reports whether s (digits, optionally grouped with spaces
// or dashes) is a payment card number: a known brand's IIN prefix, a length
// that brand issues, and a valid Luhn check digit.
func ValidLuhnCard(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) < 13 || len(d) > 19 {
		return false
	}
	return CardBrand(d) != "" && luhn(d)
}

// CardBrand returns the brand whose IIN ranges and lengths fit the digit
// string d, or "" when none does. It does not check the Luhn digit.
func CardBrand(d string) string {
	for _, b := range cardBrands {
		if b.fits(d) {
			return b.name
		}
	}
	return ""
}

// fits reports whether d has one of the brand's lengths and prefixes.
func (b cardBrand) fits(d string) bool {
	if !containsInt(b.lengths, len(d)) {
		return false
	}
	for _, r := range b.ranges {
		if r.contains(d) {
			return true
		}
	}
	return false
}

// contains reports whether d's prefix of the range's width lies in it.
func (r iinRange) contains(d string) bool {
	w := digitCount(r.lo)
	if len(d) < w {
		return false
	}
	p := atoiDigits(d[:w])
	return p >= r.lo && p <= r.hi
}

// ValidSIN reports whether s is a Canadian Social Insurance Number: nine
// digits (optionally grouped 3-3-3), not starting with 0 or 8, Luhn-valid.
func ValidSIN(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 9 || d[0] == '0' || d[0] == '8' {
		return false
	}
	return luhn(d)
}

// luhn reports whether the digit string d passes the Luhn (mod 10) check.
func luhn(d string) bool {
	if d == "" {
		return false
	}
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func digitCount(n int) int {
	c := 1
	for n >= 10 {
		n /= 10
		c++
	}
	return c
}

// atoiDigits converts a short all-digit string; the caller guarantees digits.
func atoiDigits(d string) int {
	n := 0
	for i := 0; i < len(d); i++ {
		n = n*10 + int(d[i]-'0')
	}
	return n
}
