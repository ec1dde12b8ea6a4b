package rules

// hetuCheck are the check characters of a Finnish henkilötunnus, indexed
// by the nine-digit number DDMMYYZZZ modulo 31.
const hetuCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// ValidFIHetu reports whether s is a Finnish henkilötunnus (personal
// identity code): DDMMYY C ZZZ Q. C is the century sign: + for 1800-1899,
// - (or Y X W V U, since 2023) for 1900-1999, A (or B C D E F) for
// 2000-2099; the date is real; ZZZ is 002-999 (900-999 temporary); Q is
// hetuCheck[DDMMYYZZZ mod 31]. Letters may be in either case.
func ValidFIHetu(s string) bool {
	if len(s) != 11 {
		return false
	}
	var year int
	switch c := s[6] &^ 0x20; {
	case s[6] == '+':
		year = 1800
	case s[6] == '-' || (c >= 'U' && c <= 'Y'):
		year = 1900
	case c >= 'A' && c <= 'F':
		year = 2000
	default:
		return false
	}
	n := 0
	for i := 0; i < 10; i++ {
		if i == 6 {
			continue
		}
		if !euIsDigit(s[i]) {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	if !euValidDate(year+n/1000%100, n/100000%100, n/10000000) || n%1000 < 2 {
		return false
	}
	q := s[10]
	if !euIsDigit(q) {
		q &^= 0x20
	}
	return q == hetuCheck[n%31]
}

// ValidSEPersonnummer reports whether s is a Swedish personnummer or
// samordningsnummer (coordination number, the day plus 60): YYMMDD-NNNC
// (+ instead of - from the year the holder turns 100), or the same with
// the century, YYYYMMDD-NNNC, the separator optional. The date must be
// real (with the century, when given; else in either century) and the
// last ten digits pass the Luhn check.
func ValidSEPersonnummer(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, func(c byte) bool { return euIsDigit(c) || c == '+' })
	if !ok {
		return false
	}
	if n >= 5 && b[n-5] == '+' {
		copy(b[n-5:], b[n-4:n])
		n--
	}
	if (n != 10 && n != 12) || !euAllDigits(b[:n]) {
		return false
	}
	d := b[n-10 : n]
	day := euNum(d[4:6])
	if day > 60 {
		day -= 60
	}
	m, yy := euNum(d[2:4]), euNum(d[:2])
	if n == 12 {
		c := euNum(b[:2])
		if c < 18 || c > 20 || !euValidDate(c*100+yy, m, day) {
			return false
		}
	} else if !euValidDate(1900+yy, m, day) && !euValidDate(2000+yy, m, day) {
		return false
	}
	return euLuhn(d)
}
