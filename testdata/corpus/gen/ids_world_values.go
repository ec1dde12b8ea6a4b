package main

import (
	"fmt"
	"strings"
)

// More fake identifiers for national-ids-world.yaml (see ids_world.go).

const consonants = "BCDFGHJKLMNPQRSTVWXYZ"

// curpStates are the CURP's state codes (NE: born abroad).
var curpStates = []string{"AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE"}

// curp returns a Mexican CURP.
func (g gen) curp() string {
	y, m, d := g.birth()
	h := g.pick(digits, 1)
	if y >= 2000 {
		h = g.pick(upper, 1)
	}
	s := g.pick(upper, 1) + g.pick("AEIOU", 1) + g.pick(upper, 2) + fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.one("H", "M") + g.one(curpStates...) + g.pick(consonants, 3) + h
	const table = "0123456789ABCDEFGHIJKLMN_OPQRSTUVWXYZ" // _ stands for Ñ
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(table, s[i]) * (18 - i)
	}
	return s + fmt.Sprint((10-sum%10)%10)
}

// rfc returns a Mexican RFC of a person (13 characters) or, one in three,
// a company (12).
func (g gen) rfc() string {
	y, m, d := g.birth()
	letters := g.pick(upper, 4)
	if g.r.IntN(3) == 0 {
		letters = letters[:3]
	}
	s := letters + fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick("ABCDEFGHIJKLMNPQRSTUVWXYZ123456789", 2)
	body := s
	if len(body) == 11 {
		body = " " + body
	}
	const table = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ "
	sum := 0
	for i := 0; i < 12; i++ {
		sum += strings.IndexByte(table, body[i]) * (13 - i)
	}
	switch r := sum % 11; {
	case r == 0:
		return s + "0"
	case r == 1:
		return s + "A"
	default:
		return s + fmt.Sprint(11-r)
	}
}

// inn returns a Russian INN: ten digits (an organisation) or twelve (a person).
func (g gen) inn() string {
	w := []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	if g.r.IntN(2) == 0 {
		d := g.pick("1234567", 1) + g.pick(digits, 8)
		return d + fmt.Sprint(weightSum(d, w[2:]...)%11%10)
	}
	d := g.pick("1234567", 1) + g.pick(digits, 9)
	d += fmt.Sprint(weightSum(d, w[1:]...) % 11 % 10)
	return d + fmt.Sprint(weightSum(d, w...)%11%10)
}

// snils returns a Russian SNILS, XXX-XXX-XXX YY.
func (g gen) snils() string {
	d := g.pick("123456789", 1) + g.pick(digits, 8)
	sum := weightSum(d, 9, 8, 7, 6, 5, 4, 3, 2, 1)
	if sum >= 100 {
		sum %= 101
	}
	d += fmt.Sprintf("%02d", sum%100)
	return g.one(d[:3]+"-"+d[3:6]+"-"+d[6:9]+" "+d[9:], d[:3]+"-"+d[3:6]+"-"+d[6:9]+" "+d[9:], d)
}

// saudiID returns a Saudi national ID (1...) or Iqama number (2...).
func (g gen) saudiID() string {
	d := g.one("1", "2") + g.pick(digits, 8)
	return d + luhnDigit(d)
}

// zaID returns a South African identity number (13 digits, Luhn).
func (g gen) zaID() string {
	for {
		y, m, d := g.birth()
		s := fmt.Sprintf("%02d%02d%02d%04d", y%100, m, d, g.num(0, 9999)) + g.one("0", "0", "1") + "8"
		s += luhnDigit(s)
		if !brandCardIn(s) {
			return s
		}
	}
}

// brandCardIn reports whether s holds a run of 13-19 digits that the
// payment-card rule takes for a card: a Luhn-valid number with a card
// brand's prefix and length (a South African ID born in the 1940s reads
// as a 13-digit Visa number; such values are left out as ambiguous).
func brandCardIn(s string) bool {
	for _, run := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		n := len(run)
		if n < 13 || n > 19 || luhnDigit(run[:n-1]) != run[n-1:] {
			continue
		}
		p2, p4 := run[:2], run[:4]
		switch {
		case run[0] == '4' && (n == 13 || n == 16 || n == 19),
			p2 >= "51" && p2 <= "55" && n == 16, p4 >= "2221" && p4 <= "2720" && n == 16,
			(p2 == "34" || p2 == "37") && n == 15,
			(p4 == "6011" || run[:3] >= "644" && run[:3] <= "649" || p2 == "65" || p4 >= "3528" && p4 <= "3589" || p2 == "62") && n >= 16,
			(run[:3] >= "300" && run[:3] <= "305" || p2 == "36" || p2 == "38" || p2 == "39") && n >= 14:
			return true
		}
	}
	return false
}

// tcKimlik returns a Turkish T.C. Kimlik No (11 digits).
func (g gen) tcKimlik() string {
	d := g.pick("123456789", 1) + g.pick(digits, 8)
	odd := weightSum(d, 1, 0, 1, 0, 1, 0, 1, 0, 1)
	even := weightSum(d, 0, 1, 0, 1, 0, 1, 0, 1)
	d10 := ((7*odd-even)%10 + 10) % 10
	return d + fmt.Sprint(d10) + fmt.Sprint((odd+even+d10)%10)
}

// nric returns a Singapore NRIC or FIN.
func (g gen) nric() string {
	p := g.one("S", "S", "T", "T", "F", "G", "M")
	d := g.pick(digits, 7)
	sum := weightSum(d, 2, 7, 6, 5, 4, 3, 2) + map[string]int{"T": 4, "G": 4, "M": 3}[p]
	table := map[string]string{"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK", "M": "XWUTRQPNJLK"}[p]
	return p + d + string(table[sum%11])
}

// itin returns a US ITIN, 9XX-XX-XXXX.
func (g gen) itin() string {
	group := g.one2([]int{50, 55, 60, 65, 70, 72, 78, 80, 85, 88, 90, 91, 92, 94, 97, 99})
	d := fmt.Sprintf("9%02d%02d%04d", g.num(0, 99), group, g.num(1, 9999))
	return g.one(d[:3]+"-"+d[3:5]+"-"+d[5:], d[:3]+"-"+d[3:5]+"-"+d[5:], d[:3]+" "+d[3:5]+" "+d[5:])
}

// mrzDigit is the ICAO 9303 7-3-1 check digit of s.
func mrzDigit(s string) string {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := 0
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * []int{7, 3, 1}[i%3]
	}
	return fmt.Sprint(sum % 10)
}

var (
	mrzSurnames = []string{"ERIKSSON", "GARCIA", "MUELLER", "SILVA", "TANAKA", "KIM", "OKAFOR", "NOVAK", "DUBOIS", "SMITH", "IVANOVA", "SINGH"}
	mrzGiven    = []string{"ANNA<MARIA", "JUAN", "LENA", "JOAO<PEDRO", "YUKI", "MIN<JUN", "CHIDI", "PETRA", "CAMILLE", "JOHN", "OLGA", "ARJUN"}
	mrzStates   = []string{"UTO", "ESP", "D<<", "BRA", "JPN", "KOR", "NGA", "CZE", "FRA", "GBR", "RUS", "IND", "USA", "CAN"}
)

// mrzPad pads s with < to n characters.
func mrzPad(s string, n int) string { return (s + strings.Repeat("<", n))[:n] }

// yymmdd returns a date as YYMMDD; expiry dates lie in 2026-2035.
func (g gen) yymmdd(expiry bool) string {
	y, m, d := g.birth()
	if expiry {
		y = g.num(2026, 2035)
	}
	return fmt.Sprintf("%02d%02d%02d", y%100, m, d)
}

// mrzTD3 returns the two lines of a passport's machine readable zone.
func (g gen) mrzTD3() string {
	state := g.one(mrzStates...)
	name := mrzPad("P<"+state+g.one(mrzSurnames...)+"<<"+g.one(mrzGiven...), 44)
	doc := g.pick(upper, g.num(1, 2)) + g.pick(digits+upper, 7)
	doc = mrzPad(doc, 9)
	birth, exp := g.yymmdd(false), g.yymmdd(true)
	personal := mrzPad(g.one("", "", g.pick(digits+upper, 9)), 14)
	pcheck := mrzDigit(personal)
	line := doc + mrzDigit(doc) + state + birth + mrzDigit(birth) + g.one("M", "F", "<") + exp + mrzDigit(exp) + personal + pcheck
	composite := line[0:10] + line[13:20] + line[21:43]
	return name + "\n" + line + mrzDigit(composite)
}

// mrzTD1 returns the three lines of an identity card's machine readable zone.
func (g gen) mrzTD1() string {
	state := g.one(mrzStates...)
	doc := g.pick(upper, 1) + g.pick(digits+upper, 8)
	l1 := mrzPad(g.one("I<", "ID", "AC")+state+doc+mrzDigit(doc), 30)
	birth, exp := g.yymmdd(false), g.yymmdd(true)
	l2 := birth + mrzDigit(birth) + g.one("M", "F") + exp + mrzDigit(exp) + state + strings.Repeat("<", 11)
	l2 += mrzDigit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	l3 := mrzPad(g.one(mrzSurnames...)+"<<"+g.one(mrzGiven...), 30)
	return l1 + "\n" + l2 + "\n" + l3
}

// passportNumber returns a passport number in one of the G20/EU formats.
func (g gen) passportNumber() string {
	noO := "ABCDEFGHIJKLMNPQRSTUVWXYZ"
	switch g.r.IntN(9) {
	case 0: // US, UK, Russia (foreign): nine digits
		return g.pick("123456789", 1) + g.pick(digits, 8)
	case 1: // US next generation, Turkey, China: a letter and eight digits
		return g.one("A", "E", "G", "U") + g.pick(digits, 8)
	case 2: // India, Australia, Saudi Arabia: a letter and seven digits
		return g.pick(upper, 1) + g.pick(digits, 7)
	case 3: // Canada, Brazil: two letters and six digits
		return g.pick(upper, 2) + g.pick(digits, 6)
	case 4: // Italy, Japan, Poland: two letters and seven digits
		return g.pick(upper, 2) + g.pick(digits, 7)
	case 5: // France: two digits, two letters, five digits
		return g.pick(digits, 2) + g.pick(upper, 2) + g.pick(digits, 5)
	case 6: // Germany: nine characters from its own alphabet
		return g.one("C", "F", "G", "H", "J", "K") + g.pick("CFGHJKLMNPRTVWXYZ", 2) + g.pick("0123456789", 6)
	case 7: // Spain, Argentina: three letters and six digits
		return g.pick(upper, 3) + g.pick(digits, 6)
	}
	// Netherlands: two letters, six letters or digits, a digit
	return g.pick(noO, 2) + g.pick(noO[:10], 2) + g.pick(digits, 4) + g.pick(digits, 1)
}

// dvla returns a UK driving licence number (16 characters).
func (g gen) dvla() string {
	surname := mrzPad(g.one("MORGAN", "SMITH", "LEE", "JONES", "PATEL", "WOOD", "OKAFOR", "NG", "BROWN", "TAYLOR"), 5)
	surname = strings.ReplaceAll(surname, "<", "9")
	y, m, d := g.birth()
	if g.r.IntN(2) == 0 {
		m += 50
	}
	initials := g.pick(upper, 1) + g.one(g.pick(upper, 1), "9")
	s := surname + fmt.Sprintf("%d%02d%02d%d", y/10%10, m, d, y%10) + initials + "9" + g.pick(upper, 2)
	switch g.r.IntN(3) {
	case 0:
		return s[:5] + " " + s[5:11] + " " + s[11:]
	case 1:
		return s + " " + fmt.Sprintf("%02d", g.num(1, 99))
	}
	return s
}

// otherLicence returns a driving licence number of another country.
func (g gen) otherLicence() string {
	switch g.r.IntN(6) {
	case 0: // California
		return g.pick(upper, 1) + g.pick(digits, 7)
	case 1: // France, Japan: twelve digits
		return g.pick("123456789", 1) + g.pick(digits, 11)
	case 2: // Ontario
		return g.pick(upper, 1) + g.pick(digits, 4) + "-" + g.pick(digits, 5) + "-" + g.pick(digits, 5)
	case 3: // Florida
		return g.pick(upper, 1) + g.pick(digits, 3) + "-" + g.pick(digits, 3) + "-" + g.pick(digits, 2) + "-" + g.pick(digits, 3) + "-" + g.pick(digits, 1)
	case 4: // India
		return g.one("MH", "DL", "KA", "TN") + g.pick(digits, 2) + " " + fmt.Sprint(g.num(1990, 2024)) + g.pick(digits, 7)
	}
	// Germany: eleven characters
	return g.pick(upper, 1) + g.pick(digits, 3) + g.pick(upper, 3) + g.pick(digits, 1) + g.pick(upper, 1) + g.pick(digits, 2)
}
