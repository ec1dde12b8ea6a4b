package rules

// Validators of national identifiers outside the EU (G20 countries and
// Singapore). Each takes the whole match, accepts the separators people
// type (spaces, dashes, dots, slashes where the format has them) and
// checks the published check algorithm. None allocates: digits are
// collected into an array on the caller's stack.

// maxIDDigits bounds the digits any of these identifiers has.
const maxIDDigits = 20

// idDigits appends the ASCII digits of s to buf, skipping spaces, dashes,
// dots and slashes; ok is false if s holds anything else or too many digits.
func idDigits(s string, buf []byte) (d []byte, ok bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(buf) == cap(buf) {
				return nil, false
			}
			buf = append(buf, c)
		case c == ' ' || c == '-' || c == '.' || c == '/':
		default:
			return nil, false
		}
	}
	return buf, true
}

// digitsOf is idDigits into a fresh stack array, wanting exactly n digits.
// The caller passes the array so that it stays on the caller's stack.
func digitsOf(s string, arr *[maxIDDigits]byte, n int) ([]byte, bool) {
	d, ok := idDigits(s, arr[:0])
	return d, ok && len(d) == n
}

// digitSeq is a digit string, as a string or as bytes.
type digitSeq interface{ ~string | ~[]byte }

// weighted returns sum(d[i]*w[i]) over the weights.
func weighted[T digitSeq](d T, w []int) int {
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	return sum
}

// allSame reports whether every byte of d is d[0].
func allSame(d []byte) bool {
	for i := 1; i < len(d); i++ {
		if d[i] != d[0] {
			return false
		}
	}
	return true
}

// num converts d[i:j] (digits) to an int.
func num[T digitSeq](d T, i, j int) int {
	n := 0
	for k := i; k < j; k++ {
		n = n*10 + int(d[k]-'0')
	}
	return n
}

// validDate reports whether year-month-day is a date of the Gregorian calendar.
func validDate(year, month, day int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// ValidCUIT reports whether s is an Argentine CUIT or CUIL: eleven digits
// (usually 2-8-1 with dashes), a type prefix 20, 23, 24, 27 (persons) or
// 30, 33, 34 (companies), and a check digit: the first ten digits weighted
// 5 4 3 2 7 6 5 4 3 2, r = 11 - sum mod 11, 11 reads as 0 and 10 is never
// issued (AFIP changes the prefix to 23 or 33 instead).
func ValidCUIT(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 11)
	if !ok {
		return false
	}
	switch num(d, 0, 2) {
	case 20, 23, 24, 27, 30, 33, 34:
	default:
		return false
	}
	r := 11 - weighted(d, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11
	if r == 11 {
		r = 0
	}
	return r != 10 && r == int(d[10]-'0')
}

// ValidTFN reports whether s is an Australian Tax File Number: nine digits
// whose sum weighted 1 4 3 7 5 8 6 9 10 is a multiple of 11.
func ValidTFN(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 9)
	return ok && !allSame(d) && weighted(d, []int{1, 4, 3, 7, 5, 8, 6, 9, 10})%11 == 0
}

// ValidMedicare reports whether s is an Australian Medicare card number:
// ten digits (4-5-1), optionally followed by the one-digit individual
// reference number; the first digit is 2-6, the ninth is the first eight
// weighted 1 3 7 9 1 3 7 9 mod 10, the tenth (issue number) is not 0.
func ValidMedicare(s string) bool {
	var a [maxIDDigits]byte
	d, ok := idDigits(s, a[:0])
	if !ok || (len(d) != 10 && len(d) != 11) || d[0] < '2' || d[0] > '6' || d[9] == '0' {
		return false
	}
	if len(d) == 11 && d[10] == '0' {
		return false
	}
	return weighted(d, []int{1, 3, 7, 9, 1, 3, 7, 9})%10 == int(d[8]-'0')
}

// ValidCPF reports whether s is a Brazilian CPF: eleven digits (usually
// 000.000.000-00), not all the same, with two mod 11 check digits: the
// first over digits 1-9 weighted 10..2, the second over digits 1-10
// weighted 11..2, each (sum*10 mod 11) with 10 read as 0.
func ValidCPF(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 11)
	if !ok || allSame(d) {
		return false
	}
	for n := 9; n <= 10; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		if (sum*10)%11%10 != int(d[n]-'0') {
			return false
		}
	}
	return true
}

// ValidCNPJ reports whether s is a Brazilian CNPJ: fourteen characters
// (usually 00.000.000/0000-00), not all the same, twelve digits or, in the
// alphanumeric CNPJ issued from July 2026, capital letters, then two
// numeric check digits. Each character counts as its ASCII code minus 48
// (digits as themselves, A as 17); the first check digit weighs the twelve
// 5 4 3 2 9 8 7 6 5 4 3 2, the second the thirteen 6 5 4 3 2 9 8 7 6 5 4 3 2,
// each 11 - sum mod 11, or 0 when the remainder is below 2.
func ValidCNPJ(s string) bool {
	var a [14]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '/' || c == '-' || c == ' ':
			continue
		case n == 14, c >= 'A' && c <= 'Z' && n >= 12, !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'):
			return false
		}
		a[n] = c
		n++
	}
	if n != 14 || allSame(a[:]) {
		return false
	}
	w := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	for k := 12; k <= 13; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(a[i]-'0') * w[i+13-k]
		}
		check := 0
		if r := sum % 11; r >= 2 {
			check = 11 - r
		}
		if check != int(a[k]-'0') {
			return false
		}
	}
	return true
}

// curpValue maps a CURP character to its value: digits 0-9, A-N 10-23,
// (Ñ 24), O-Z 25-36.
func curpValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10
	}
	return int(c-'O') + 25
}

// ValidCURP reports whether s is a Mexican CURP: eighteen characters, four
// letters, the birth date YYMMDD, sex H, M or X, a state code (the
// pattern lists them), three consonants, a character telling the century
// (a digit before 2000, a letter from 2000) and a check digit: the first
// seventeen characters valued 0-9, A=10 .. N=23, O=25 .. Z=36 and weighted
// 18..2, check = (10 - sum mod 10) mod 10.
func ValidCURP(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	if !isDigits(s[4:10]) || s[17] < '0' || s[17] > '9' {
		return false
	}
	year := 1900 + num(s, 4, 6)
	if s[16] >= 'A' {
		year += 100
	}
	if !validDate(year, num(s, 6, 8), num(s, 8, 10)) {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += curpValue(s[i]) * (18 - i)
	}
	return (10-sum%10)%10 == int(s[17]-'0')
}

// rfcValue maps an RFC character to its value in the SAT's table
// "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ", -1 if it has none; n is the
// number of bytes the character takes (Ñ is two).
func rfcValue(s string) (v, n int) {
	switch c := s[0]; {
	case c >= '0' && c <= '9':
		return int(c - '0'), 1
	case c >= 'A' && c <= 'N':
		return int(c-'A') + 10, 1
	case c == '&':
		return 24, 1
	case c >= 'O' && c <= 'Z':
		return int(c-'O') + 25, 1
	case c == ' ':
		return 37, 1
	case len(s) > 1 && c == 0xC3 && s[1] == 0x91: // Ñ
		return 38, 2
	}
	return -1, 1
}

// ValidRFC reports whether s is a Mexican RFC (tax id): three (companies)
// or four (persons) letters, the date YYMMDD, a two-character homoclave
// and a check character. The check: the first twelve characters (a
// company's eleven after a space) valued by the SAT's table 0-9, A-N
// 10-23, & 24, O-Z 25-36, space 37, Ñ 38 and weighted 13..2; r = sum mod
// 11; check 0 when r is 0, else 11 - r with 10 written A. The generic
// RFCs XAXX010101000 and XEXX010101000 (sales to the public, foreigners)
// are not a person's.
func ValidRFC(s string) bool {
	if s == "XAXX010101000" || s == "XEXX010101000" {
		return false
	}
	var vals [13]int
	n := 0
	for i := 0; i < len(s); {
		v, w := rfcValue(s[i:])
		if v < 0 || v == 37 || n == 13 {
			return false
		}
		vals[n] = v
		n++
		i += w
	}
	if n == 12 { // a company: the body starts with a space
		copy(vals[1:], vals[:12])
		vals[0] = 37
	} else if n != 13 {
		return false
	}
	for i := 4; i < 10; i++ {
		if vals[i] > 9 {
			return false
		}
	}
	yy, mm, dd := vals[4]*10+vals[5], vals[6]*10+vals[7], vals[8]*10+vals[9]
	if !validDate(2000+yy, mm, dd) {
		return false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		sum += vals[i] * (13 - i)
	}
	want := 0
	if r := sum % 11; r > 0 {
		want = 11 - r
	}
	if want == 10 {
		return vals[12] == 10 // A
	}
	return vals[12] == want
}

// ValidITIN reports whether s is a US Individual Taxpayer Identification
// Number: nine digits (3-2-4) starting with 9 whose fourth and fifth
// digits lie in 50-65, 70-88, 90-92 or 94-99. ITINs have no check digit.
func ValidITIN(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 9)
	if !ok || d[0] != '9' {
		return false
	}
	g := num(d, 3, 5)
	return g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94
}

// ValidSouthAfricanID reports whether s is a South African identity
// number: thirteen digits YYMMDD SSSS C A Z, a valid birth date, C
// (citizenship) 0, 1 or 2, and Z the Luhn check digit of the twelve before.
func ValidSouthAfricanID(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 13)
	if !ok || d[10] > '2' || !validDate(2000+num(d, 0, 2), num(d, 2, 4), num(d, 4, 6)) {
		return false
	}
	return luhn(string(d))
}

// isDigits reports whether s is all ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
