package rules

// Validators of national identifiers of Asian G20 countries, Russia,
// Turkey and Singapore; helpers in validators_ids_world.go.

// ValidChineseResidentID reports whether s is a PRC resident identity card
// number (GB 11643-1999): a six-digit region code (first digit 1-8), the
// birth date YYYYMMDD (1800-2099), a three-digit sequence and an ISO 7064
// MOD 11-2 check character: the first seventeen digits weighted
// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexes "10X98765432".
func ValidChineseResidentID(s string) bool {
	if len(s) != 18 || s[0] < '1' || s[0] > '8' {
		return false
	}
	sum := 0
	w := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum += int(s[i]-'0') * w[i]
	}
	year := num(s, 6, 10)
	if year < 1800 || year > 2099 || !validDate(year, num(s, 10, 12), num(s, 12, 14)) {
		return false
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	return "10X98765432"[sum%11] == last
}

// ValidPAN reports whether s is an Indian Permanent Account Number: five
// letters, four digits (not 0000) and a letter, the fourth letter the
// holder type (P person, C company, H Hindu undivided family, F firm, A
// association of persons, T trust, B body of individuals, L local
// authority, J artificial juridical person, G government). The last
// letter is a check character whose algorithm is not published.
func ValidPAN(s string) bool {
	if len(s) != 10 || !isDigits(s[5:9]) || s[5:9] == "0000" {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 4, 9} {
		if !isUpper(s[i]) {
			return false
		}
	}
	switch s[3] {
	case 'P', 'C', 'H', 'F', 'A', 'T', 'B', 'L', 'J', 'G':
		return true
	}
	return false
}

// nikProvince reports whether p is the province code of an Indonesian
// NIK (Dukcapil codes: Sumatra 11-19 and 21, Java 31-36, Bali and Nusa
// Tenggara 51-53, Kalimantan 61-65, Sulawesi 71-76, Maluku 81-82, Papua
// 91-96).
func nikProvince(p int) bool {
	return p >= 11 && p <= 19 || p == 21 || p >= 31 && p <= 36 || p >= 51 && p <= 53 ||
		p >= 61 && p <= 65 || p >= 71 && p <= 76 || p == 81 || p == 82 || p >= 91 && p <= 96
}

// ValidNIK reports whether s is an Indonesian NIK (Nomor Induk
// Kependudukan): sixteen digits, a province code, regency and district
// codes (not 00), the birth date DDMMYY with 40 added to the day for
// women, and a serial number (not 0000). The NIK has no check digit.
func ValidNIK(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 16)
	if !ok || !nikProvince(num(d, 0, 2)) || num(d, 2, 4) == 0 || num(d, 4, 6) == 0 || num(d, 12, 16) == 0 {
		return false
	}
	day := num(d, 6, 8)
	if day > 40 {
		day -= 40
	}
	return validDate(2000+num(d, 10, 12), num(d, 8, 10), day)
}

// ValidMyNumber reports whether s is a Japanese Individual Number (My
// Number): twelve digits, not all the same, whose last is the check digit
// of the eleven before: with P(n) the n-th digit counted leftwards from
// the check digit and Q(n) = n+1 for n <= 6, n-5 above, r = sum P(n)Q(n)
// mod 11 and the check is 0 when r <= 1, else 11 - r.
func ValidMyNumber(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 12)
	if !ok || allSame(d) {
		return false
	}
	sum := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n > 6 {
			q = n - 5
		}
		sum += int(d[11-n]-'0') * q
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return check == int(d[11]-'0')
}

// ValidRRN reports whether s is a South Korean resident registration
// number: thirteen digits YYMMDD-GNNNNNN with a valid birth date in the
// century the seventh digit G tells (1, 2, 5, 6: 1900s; 3, 4, 7, 8:
// 2000s; 9, 0: 1800s). The old thirteenth digit was a check digit, but
// numbers issued since October 2020 end in random digits, so the check is
// not applied: the rule relies on the date and keyword proximity.
func ValidRRN(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 13)
	if !ok {
		return false
	}
	century := [10]int{1800, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 1800}[d[6]-'0']
	return validDate(century+num(d, 0, 2), num(d, 2, 4), num(d, 4, 6))
}

// ValidINN reports whether s is a Russian taxpayer number (INN): ten
// digits (organisations) whose last is the first nine weighted
// 2 4 10 3 5 9 4 6 8, mod 11, mod 10; or twelve digits (persons) whose
// eleventh is the first ten weighted 7 2 4 10 3 5 9 4 6 8 and twelfth the
// first eleven weighted 3 7 2 4 10 3 5 9 4 6 8, each mod 11, mod 10.
// Numbers of one repeated digit are refused.
func ValidINN(s string) bool {
	var a [maxIDDigits]byte
	d, ok := idDigits(s, a[:0])
	if !ok || len(d) < 10 || allSame(d) {
		return false
	}
	w := []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	switch len(d) {
	case 10:
		return weighted(d, w[2:])%11%10 == int(d[9]-'0')
	case 12:
		return weighted(d, w[1:])%11%10 == int(d[10]-'0') && weighted(d, w)%11%10 == int(d[11]-'0')
	}
	return false
}

// ValidSNILS reports whether s is a Russian SNILS (insurance account
// number): eleven digits (XXX-XXX-XXX YY), not all the same, where YY is
// the check number of the first nine weighted 9..1: the sum itself below
// 100, else the sum mod 101, with 100 and 101 written 00.
func ValidSNILS(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 11)
	if !ok || allSame(d) {
		return false
	}
	sum := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2, 1})
	if sum >= 100 {
		sum %= 101
	}
	if sum == 100 {
		sum = 0
	}
	return sum == num(d, 9, 11)
}

// ValidSaudiID reports whether s is a Saudi national ID (first digit 1)
// or Iqama number (residents, first digit 2): ten digits with a Luhn
// check digit.
func ValidSaudiID(s string) bool {
	return len(s) == 10 && (s[0] == '1' || s[0] == '2') && isDigits(s) && luhn(s)
}

// ValidTCKimlik reports whether s is a Turkish identity number (T.C.
// Kimlik No): eleven digits, the first not 0; the tenth is (7 x the sum of
// digits 1, 3, 5, 7, 9 - the sum of digits 2, 4, 6, 8) mod 10, the
// eleventh the sum of the first ten mod 10.
func ValidTCKimlik(s string) bool {
	var a [maxIDDigits]byte
	d, ok := digitsOf(s, &a, 11)
	if !ok || d[0] == '0' {
		return false
	}
	odd, even := weighted(d, []int{1, 0, 1, 0, 1, 0, 1, 0, 1}), weighted(d, []int{0, 1, 0, 1, 0, 1, 0, 1})
	if ((7*odd-even)%10+10)%10 != int(d[9]-'0') {
		return false
	}
	return (odd+even+int(d[9]-'0'))%10 == int(d[10]-'0')
}

// ValidNRIC reports whether s is a Singapore NRIC or FIN: a prefix S, T
// (citizens and permanent residents, born before 2000 and from 2000), F,
// G, M (foreigners), seven digits and a check letter. The digits weighted
// 2 7 6 5 4 3 2, plus 4 for T and G and 3 for M, mod 11 index the letters
// JZIHGFEDCBA (S, T), XWUTRQPNMLK (F, G) or XWUTRQPNJLK (M).
func ValidNRIC(s string) bool {
	if len(s) != 9 || !isDigits(s[1:8]) {
		return false
	}
	sum := weighted(s[1:8], []int{2, 7, 6, 5, 4, 3, 2})
	var table string
	switch s[0] {
	case 'S':
		table = "JZIHGFEDCBA"
	case 'T':
		table, sum = "JZIHGFEDCBA", sum+4
	case 'F':
		table = "XWUTRQPNMLK"
	case 'G':
		table, sum = "XWUTRQPNMLK", sum+4
	case 'M':
		table, sum = "XWUTRQPNJLK", sum+3
	default:
		return false
	}
	return table[sum%11] == s[8]
}
