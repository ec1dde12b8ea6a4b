package rules

// ValidPLPESEL reports whether s is a Polish PESEL: eleven digits
// YYMMDD ZZZZ Q, the month carrying the century (+80 for 1800-1899, +0
// for 1900, +20 for 2000, +40 for 2100, +60 for 2200), the date a real
// date, and Q = (10 - the first ten weighted 1 3 7 9 1 3 7 9 1 3 modulo
// 10) modulo 10.
func ValidPLPESEL(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) {
		return false
	}
	m := euNum(b[2:4])
	century := [5]int{1900, 2000, 2100, 2200, 1800}[m/20]
	if !euValidDate(century+euNum(b[:2]), m%20, euNum(b[4:6])) {
		return false
	}
	return (10-euWeighted(b[:], 1, 3, 7, 9, 1, 3, 7, 9, 1, 3)%10)%10 == int(b[10]-'0')
}

// ValidPLNIP reports whether s is a Polish NIP (numer identyfikacji
// podatkowej): ten digits, the tax office prefix not 000, the last the
// first nine weighted 6 5 7 2 3 4 5 6 7 modulo 11 (10 is never issued).
func ValidPLNIP(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 10) || euNum(b[:3]) == 0 {
		return false
	}
	return euWeighted(b[:], 6, 5, 7, 2, 3, 4, 5, 6, 7)%11 == int(b[9]-'0')
}

// ValidROCNP reports whether s is a Romanian CNP (cod numeric personal):
// thirteen digits S YYMMDD JJ NNN C; S 1-9 gives sex and century (1-2:
// 1900, 3-4: 1800, 5-6: 2000, 7-9: residents and foreigners, any
// century); the date is real; JJ is a county code (01-48, 51, 52, 70,
// 80-83); C is the first twelve weighted 2 7 9 1 4 6 3 5 8 2 7 9, modulo
// 11, with 10 read as 1.
func ValidROCNP(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 13) || b[0] == '0' {
		return false
	}
	year := [10]int{0, 1900, 1900, 1800, 1800, 2000, 2000, 2000, 2000, 2000}[b[0]-'0'] + euNum(b[1:3])
	if !euValidDate(year, euNum(b[3:5]), euNum(b[5:7])) {
		return false
	}
	switch j := euNum(b[7:9]); {
	case j >= 1 && j <= 48, j == 51, j == 52, j == 70, j >= 80 && j <= 83:
	default:
		return false
	}
	c := euWeighted(b[:], 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9) % 11
	if c == 10 {
		c = 1
	}
	return c == int(b[12]-'0')
}

// ValidSIEMSO reports whether s is a Slovenian EMŠO (enotna matična
// številka občana): thirteen digits DDMMYYY RR BBB K, YYY the year without
// its millennium (800-999: 1800-1999, else 2000+), the date real, and K =
// 11 - the first twelve weighted 7 6 5 4 3 2 7 6 5 4 3 2 modulo 11 (11
// read as 0, 10 as 0).
func ValidSIEMSO(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 13) {
		return false
	}
	year := euNum(b[4:7]) + 2000
	if year >= 2800 {
		year -= 1000
	}
	if !euValidDate(year, euNum(b[2:4]), euNum(b[:2])) {
		return false
	}
	c := (11 - euWeighted(b[:], 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)%11) % 11 % 10
	return c == int(b[12]-'0')
}

// ValidBGEGN reports whether s is a Bulgarian EGN (единен граждански
// номер): ten digits YYMMDD SSS C, the month carrying the century (1-12:
// 1900, +20: 1800, +40: 2000), the date real, and C the first nine
// weighted 2 4 8 5 10 9 7 3 6 modulo 11, with 10 read as 0.
func ValidBGEGN(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 10) {
		return false
	}
	m, year := euNum(b[2:4]), 1900+euNum(b[:2])
	switch {
	case m > 40:
		m, year = m-40, year+100
	case m > 20:
		m, year = m-20, year-100
	}
	if !euValidDate(year, m, euNum(b[4:6])) {
		return false
	}
	return euWeighted(b[:], 2, 4, 8, 5, 10, 9, 7, 3, 6)%11%10 == int(b[9]-'0')
}

// ValidCZSKBirthNumber reports whether s is a Czech or Slovak birth
// number (rodné číslo): YYMMDD/SSSC, the month plus 50 for women and plus
// 20 more for numbers issued since 2004 when a day's numbers ran out, the
// date real. Ten-digit numbers (born since 1954) are divisible by 11,
// or, for some issued before 1985, the first nine leave 10 modulo 11 and
// C is 0. Nine-digit numbers (born before 1954) have no check digit.
func ValidCZSKBirthNumber(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, euIsDigit)
	if !ok || (n != 9 && n != 10) {
		return false
	}
	year := 1900 + euNum(b[:2])
	switch {
	case n == 9 && year >= 1954:
		return false
	case n == 10 && year < 1954:
		year += 100
	}
	if !euValidDate(year, euNum(b[2:4])%50%20, euNum(b[4:6])) {
		return false
	}
	return n == 9 || euNum(b[:9])%11%10 == int(b[9]-'0')
}

// ValidDKCPR reports whether s is a Danish CPR number: ten digits
// DDMMYY SSSS whose date is real in the century the seventh digit gives
// (0-3: 1900s; 4 and 9: 2000-2036, else 1900s; 5-8: 2000-2057, else
// 1800s). The modulus 11 check is not applied: numbers issued since 2007
// need not pass it.
func ValidDKCPR(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 10) {
		return false
	}
	yy := euNum(b[4:6])
	year := 1900 + yy
	switch b[6] {
	case '4', '9':
		if yy <= 36 {
			year += 100
		}
	case '5', '6', '7', '8':
		if yy <= 57 {
			year += 100
		} else {
			year -= 100
		}
	}
	return euValidDate(year, euNum(b[2:4]), euNum(b[:2]))
}

// ValidEEIsikukood reports whether s is an Estonian isikukood or a
// Lithuanian asmens kodas (same scheme): eleven digits G YYMMDD SSS C, G
// 1-8 giving sex and century (1-2: 1800, 3-4: 1900, 5-6: 2000, 7-8:
// 2100), the date real, and C the first ten weighted 1 2 3 4 5 6 7 8 9 1
// modulo 11, or, when that is 10, weighted 3 4 5 6 7 8 9 1 2 3 modulo 11,
// with 10 read as 0.
func ValidEEIsikukood(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) || b[0] < '1' || b[0] > '8' {
		return false
	}
	year := 1800 + int(b[0]-'1')/2*100 + euNum(b[1:3])
	if !euValidDate(year, euNum(b[3:5]), euNum(b[5:7])) {
		return false
	}
	c := euWeighted(b[:], 1, 2, 3, 4, 5, 6, 7, 8, 9, 1) % 11
	if c == 10 {
		c = euWeighted(b[:], 3, 4, 5, 6, 7, 8, 9, 1, 2, 3) % 11 % 10
	}
	return c == int(b[10]-'0')
}

// ValidLVPersonasKods reports whether s is a Latvian personas kods:
// eleven digits, either DDMMYY C NNNN with C the century (0: 1800, 1:
// 1900, 2: 2000) and a real date, or, issued since July 2017, 32 followed
// by nine digits without a date. The last digit is (1 + the first ten
// weighted 10 5 8 4 2 1 6 3 7 9) modulo 11, 10 read as 0.
func ValidLVPersonasKods(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) {
		return false
	}
	if b[0] != '3' || b[1] != '2' {
		if b[6] > '2' || !euValidDate(1800+int(b[6]-'0')*100+euNum(b[4:6]), euNum(b[2:4]), euNum(b[:2])) {
			return false
		}
	}
	return (1+euWeighted(b[:], 10, 5, 8, 4, 2, 1, 6, 3, 7, 9))%11%10 == int(b[10]-'0')
}

// ValidGRAMKA reports whether s is a Greek AMKA (social security number):
// eleven digits DDMMYY NNNN C, the date real in the 1900s or 2000s, the
// whole number Luhn-valid.
func ValidGRAMKA(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 11) {
		return false
	}
	d, m, y := euNum(b[:2]), euNum(b[2:4]), euNum(b[4:6])
	if !euValidDate(1900+y, m, d) && !euValidDate(2000+y, m, d) {
		return false
	}
	return euLuhn(b[:11])
}

// ValidHUTAJ reports whether s is a Hungarian TAJ number (social security
// number): nine digits, the last the first eight weighted 3 7 3 7 3 7 3 7
// modulo 10.
func ValidHUTAJ(s string) bool {
	var b euBuf
	return euDigits(s, &b, 9) && euWeighted(b[:], 3, 7, 3, 7, 3, 7, 3, 7)%10 == int(b[8]-'0')
}

// ValidHUTaxID reports whether s is a Hungarian tax identification number
// of a person (adóazonosító jel): ten digits, 8, the birth date as days
// since 1867-01-01 (five digits), three digits, and the first nine
// weighted 1 to 9 modulo 11 (10 is never issued).
func ValidHUTaxID(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 10) || b[0] != '8' {
		return false
	}
	return euWeighted(b[:], 1, 2, 3, 4, 5, 6, 7, 8, 9)%11 == int(b[9]-'0')
}
