package rules

// Validators of the national identifiers of the EU member states
// (rules/builtin/national-ids-europe.yaml). Each takes exactly the matched
// text, drops the separators people write (spaces, dashes, dots, slashes)
// and checks the published algorithm: length, the birth date a number
// encodes, and its check digit or letter. They allocate nothing: digits
// are gathered into a small array on the stack.

// euBuf holds the digits (or characters) of one identifier.
type euBuf [16]byte

// gather copies the characters of s into b, skipping the separators
// ' ', '-', '.' and '/'. It reports the count, or ok=false when s holds a
// character outside keep or more than len(b) of them.
func euGather(s string, b *euBuf, keep func(byte) bool) (n int, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '.' || c == '/':
		case keep(c) && n < len(b):
			b[n] = c
			n++
		default:
			return 0, false
		}
	}
	return n, true
}

func euIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// idDigits gathers the digits of s into b; ok only for exactly want digits.
func euDigits(s string, b *euBuf, want int) bool {
	n, ok := euGather(s, b, euIsDigit)
	return ok && n == want
}

// num is the value of the decimal digits d (at most 18 of them).
func euNum(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

// weighted is the sum of d[i]*w[i] over the weights.
func euWeighted(d []byte, w ...int) int {
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	return sum
}

// validDate reports whether day/month/year is a date of the Gregorian
// calendar.
func euValidDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= euDaysIn(y, m)
}

func euDaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// luhnDigits reports whether the digits d pass the Luhn check (the last
// digit is the check digit).
func euLuhn(d []byte) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// mod11x10 reports whether the digits d pass ISO 7064 MOD 11,10 (the last
// digit is the check digit): p starts at 10; for each digit
// s = (p + digit) mod 10, 0 read as 10, and p = 2s mod 11; the check digit
// is 11 - p, 10 read as 0.
func euMod11x10(d []byte) bool {
	p := 10
	for _, c := range d[:len(d)-1] {
		s := (p + int(c-'0')) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	return (11-p)%10 == int(d[len(d)-1]-'0')
}

// ValidHROIB reports whether s is a Croatian OIB (osobni identifikacijski
// broj): eleven digits whose last is the ISO 7064 MOD 11,10 check digit
// of the first ten.
func ValidHROIB(s string) bool {
	var b euBuf
	return euDigits(s, &b, 11) && euMod11x10(b[:11])
}

// ValidDETaxID reports whether s is a German Steuerliche
// Identifikationsnummer: eleven digits, the first not 0; among the first
// ten exactly one digit occurs twice or three times (and no digit three
// times in a row), every other at most once; the last is the ISO 7064
// MOD 11,10 check digit of the first ten.
func ValidDETaxID(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) || b[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range b[:10] {
		count[c-'0']++
	}
	for i := 2; i < 10; i++ {
		if b[i] == b[i-1] && b[i] == b[i-2] {
			return false
		}
	}
	repeated := 0
	for _, n := range count {
		switch {
		case n > 3:
			return false
		case n > 1:
			repeated++
		}
	}
	return repeated == 1 && euMod11x10(b[:11])
}

// deIDAlphabet are the characters of a German identity card number.
const deIDAlphabet = "0123456789CFGHJKLMNPRTVWXYZ"

// ValidDEIDCard reports whether s is the number of a German identity card
// (Personalausweis, issued since 2010): nine characters from 0-9 and
// C F G H J K L M N P R T V W X Y Z, the first a letter, then the check
// digit: the sum of the values (digits as is, letters A=10 ... Z=35)
// weighted 7, 3, 1 repeating, modulo 10. Lower case is read as upper.
func ValidDEIDCard(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, func(c byte) bool { return euIsDigit(c) || isUpper(c&^0x20) })
	if !ok || n != 10 || euIsDigit(b[0]) || !euIsDigit(b[9]) {
		return false
	}
	weights := [3]int{7, 3, 1}
	sum := 0
	for i, c := range b[:9] {
		if !euIsDigit(c) {
			c &^= 0x20
		}
		if euIndex(deIDAlphabet, c) < 0 {
			return false
		}
		sum += euAlnumValue(c) * weights[i%3]
	}
	return sum%10 == int(b[9]-'0')
}

// alnumValue is 0-9 for a digit, 10-35 for an upper-case letter.
func euAlnumValue(c byte) int {
	if euIsDigit(c) {
		return int(c - '0')
	}
	return int(c-'A') + 10
}

func euIndex(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// ValidATSVNR reports whether s is an Austrian social insurance number
// (Sozialversicherungsnummer): ten digits NNNC DDMMYY, the first not 0,
// DD 01-31 and MM 01-12 (13-15 when the numbers of a birth date ran out);
// C is the sum of the other nine weighted 3 7 9 _ 5 8 4 2 1 6, modulo 11
// (a remainder of 10 is never issued).
func ValidATSVNR(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 10) || b[0] == '0' {
		return false
	}
	day, month := euNum(b[4:6]), euNum(b[6:8])
	if day < 1 || day > 31 || month < 1 || month > 15 {
		return false
	}
	sum := euWeighted(b[:], 3, 7, 9, 0, 5, 8, 4, 2, 1, 6)
	return sum%11 == int(b[3]-'0')
}

// ValidBENationalNumber reports whether s is a Belgian national number
// (rijksregisternummer / numéro de registre national, or a BIS number):
// eleven digits YYMMDD SSS CC, month 0-12 (plus 20 or 40 for BIS
// numbers), day 0-31; CC is 97 minus the first nine digits modulo 97, or,
// for people born since 2000, 97 minus (2 followed by the nine digits)
// modulo 97. A complete date must be a real date in the century the check
// selects.
func ValidBENationalNumber(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) {
		return false
	}
	first, check := euNum(b[:9]), euNum(b[9:11])
	century := 0
	switch {
	case 97-first%97 == check:
		century = 1900
	case 97-(2_000_000_000+first)%97 == check:
		century = 2000
	default:
		return false
	}
	month, day := euNum(b[2:4])%20, euNum(b[4:6])
	if euNum(b[2:4]) > 52 || month > 12 || day > 31 {
		return false
	}
	return month == 0 || day == 0 || euValidDate(century+euNum(b[:2]), month, day)
}
