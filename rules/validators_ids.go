package rules

import "strings"

// ssnAdvertising are SSNs published in advertising or as well-known
// examples; they are never issued to a person.
var ssnAdvertising = map[string]bool{"078051120": true, "219099999": true, "123456789": true}

// ValidSSN reports whether s is a plausibly issued US Social Security
// Number: nine digits (optionally 3-2-4 with dashes or spaces), area not
// 000, 666 or 900-999, group not 00, serial not 0000, and not a number
// known from advertising.
func ValidSSN(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 9 {
		return false
	}
	area, group, serial := d[:3], d[3:5], d[5:]
	switch {
	case area == "000", area == "666", area[0] == '9':
		return false
	case group == "00", serial == "0000":
		return false
	}
	return !ssnAdvertising[d]
}

// ValidABA reports whether s is a US ABA routing transit number: nine
// digits whose first two are a Federal Reserve prefix (01-12, 21-32, 61-72,
// 80) and whose 3-7-1 weighted sum is a multiple of 10.
func ValidABA(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 9 {
		return false
	}
	p := atoiDigits(d[:2])
	if !((p >= 1 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return false
	}
	weights := [3]int{3, 7, 1}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * weights[i%3]
	}
	return sum%10 == 0
}

// ValidNHS reports whether s is a UK NHS number: ten digits (optionally
// grouped 3-3-4) whose last digit is the modulus 11 check digit of the
// first nine (weights 10..2; a check value of 10 is never issued).
func ValidNHS(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 10 || strings.Count(d, d[:1]) == 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

// ninoBadPrefixes are NINO prefixes that are never issued.
var ninoBadPrefixes = map[string]bool{"BG": true, "GB": true, "NK": true, "KN": true, "TN": true, "NT": true, "ZZ": true}

// ValidNINO reports whether s is a UK National Insurance number: two
// prefix letters (first not D F I Q U V, second not D F I O Q U V, and not
// BG GB NK KN TN NT ZZ), six digits and a suffix A-D; spaces are ignored
// and letters may be in either case.
func ValidNINO(s string) bool {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(c) != 9 {
		return false
	}
	first, second, suffix := c[0], c[1], c[8]
	if !isUpper(first) || !isUpper(second) || suffix < 'A' || suffix > 'D' {
		return false
	}
	if strings.IndexByte("DFIQUV", first) >= 0 || strings.IndexByte("DFIOQUV", second) >= 0 || ninoBadPrefixes[c[:2]] {
		return false
	}
	for i := 2; i < 8; i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return true
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// NINOPrefix reports whether the letters a and b (either case) may open a
// National Insurance number that ValidNINO accepts.
func NINOPrefix(a, b byte) bool {
	a, b = a&^0x20, b&^0x20
	return isUpper(a) && isUpper(b) && strings.IndexByte("DFIQUV", a) < 0 && strings.IndexByte("DFIOQUV", b) < 0 &&
		!ninoBadPrefixes[string([]byte{a, b})]
}
