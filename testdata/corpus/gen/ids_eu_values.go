package main

import (
	"fmt"
	"strings"
)

// Fake EU national identifiers, compact (digits and letters only), each
// with a valid check and a real birth date drawn from the seeded PRNG.

// euBirth draws a date between 1940 and 2010.
func (g gen) euBirth() (y, m, d int) {
	y, m = g.num(1940, 2010), g.num(1, 12)
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 {
		days = 29
	}
	return y, m, g.num(1, days)
}

// weightedSum is the sum of the digits of d weighted by w.
func weightedSum(d string, w ...int) int {
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	return sum
}

func atoiStr(d string) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

func (g gen) atSVNR() string {
	for {
		y, m, d := g.euBirth()
		serial, date := fmt.Sprint(g.num(100, 999)), fmt.Sprintf("%02d%02d%02d", d, m, y%100)
		if c := weightedSum(serial+"0"+date, 3, 7, 9, 0, 5, 8, 4, 2, 1, 6) % 11; c < 10 {
			return serial + fmt.Sprint(c) + date
		}
	}
}

func (g gen) beNationalNumber() string {
	y, m, d := g.euBirth()
	first := fmt.Sprintf("%02d%02d%02d%03d", y%100, m, d, g.num(1, 997))
	n := atoiStr(first)
	if y >= 2000 {
		n += 2_000_000_000
	}
	return first + fmt.Sprintf("%02d", 97-n%97)
}

// beDotted writes a Belgian national number as on the identity card.
func (g gen) beDotted() string {
	s := g.beNationalNumber()
	return s[:2] + "." + s[2:4] + "." + s[4:6] + "-" + s[6:9] + "." + s[9:]
}

func (g gen) bgEGN() string {
	y, m, d := g.euBirth()
	if y >= 2000 {
		m += 40
	}
	s := fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick(digits, 3)
	return s + fmt.Sprint(weightedSum(s, 2, 4, 8, 5, 10, 9, 7, 3, 6)%11%10)
}

// withMod11x10 appends the ISO 7064 MOD 11,10 check digit.
func withMod11x10(d string) string {
	p := 10
	for _, c := range d {
		s := (p + int(c-'0')) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	return d + fmt.Sprint((11-p)%10)
}

func (g gen) czBirthNumber() string {
	for {
		y, m, d := g.euBirth()
		if y < 1954 {
			continue
		}
		if g.r.IntN(2) == 0 {
			m += 50
		}
		s := fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick(digits, 3)
		if c := atoiStr(s) % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) dkCPR() string {
	y, m, d := g.euBirth()
	seventh := g.pick("0123", 1)
	if y >= 2000 {
		seventh = g.pick("456789", 1)
	}
	return fmt.Sprintf("%02d%02d%02d", d, m, y%100) + seventh + g.pick(digits, 3)
}

func (g gen) eeIsikukood() string {
	y, m, d := g.euBirth()
	s := fmt.Sprint((y-1800)/100*2+g.num(1, 2)) + fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick(digits, 3)
	c := weightedSum(s, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1) % 11
	if c == 10 {
		c = weightedSum(s, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3) % 11 % 10
	}
	return s + fmt.Sprint(c)
}

func (g gen) fiHetu() string {
	y, m, d := g.euBirth()
	sign := g.one("-", "-", "-", "Y", "X")
	if y >= 2000 {
		sign = g.one("A", "A", "B")
	}
	date, ind := fmt.Sprintf("%02d%02d%02d", d, m, y%100), fmt.Sprintf("%03d", g.num(2, 899))
	return date + sign + ind + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[atoiStr(date+ind)%31])
}

func (g gen) frNIR() string {
	y, m, _ := g.euBirth()
	dept := g.one(fmt.Sprintf("%02d", g.num(1, 95)), fmt.Sprintf("%02d", g.num(1, 95)), "2A", "2B")
	s := g.pick("12", 1) + fmt.Sprintf("%02d%02d", y%100, m) + dept + fmt.Sprintf("%03d%03d", g.num(1, 999), g.num(1, 999))
	n := atoiStr(strings.NewReplacer("2A", "19", "2B", "18").Replace(s))
	return s + fmt.Sprintf("%02d", 97-n%97)
}

// deTaxID draws ten digits with exactly one repeated (twice, or three
// times but not in a row) and appends the MOD 11,10 check digit.
func (g gen) deTaxID() string {
	for {
		p := g.r.Perm(10)
		if p[0] == 0 {
			continue
		}
		d := []byte(strings.Repeat("0", 10))
		for i := range 9 {
			d[i] = byte('0' + p[i])
		}
		d[9] = d[g.num(0, 8)]
		g.r.Shuffle(9, func(i, j int) { d[i+1], d[j+1] = d[j+1], d[i+1] })
		if d[0] == '0' || (d[7] == d[8] && d[8] == d[9]) || (d[6] == d[7] && d[7] == d[8]) {
			continue
		}
		return withMod11x10(string(d))
	}
}

func (g gen) deIDCard() string {
	const alphabet = "0123456789CFGHJKLMNPRTVWXYZ"
	s := g.pick("CFGHJKLMNPRTVWXYZ", 1) + g.pick(alphabet, 8)
	sum := 0
	for i := 0; i < 9; i++ {
		v := int(s[i] - '0')
		if s[i] >= 'A' {
			v = int(s[i]-'A') + 10
		}
		sum += v * []int{7, 3, 1}[i%3]
	}
	return s + fmt.Sprint(sum%10)
}

func (g gen) grAMKA() string {
	y, m, d := g.euBirth()
	s := fmt.Sprintf("%02d%02d%02d", d, m, y%100) + g.pick(digits, 4)
	return s + luhnDigit(s)
}

func (g gen) huTAJ() string {
	s := g.pick(digits, 8)
	return s + fmt.Sprint(weightedSum(s, 3, 7, 3, 7, 3, 7, 3, 7)%10)
}

func (g gen) huTaxID() string {
	for {
		s := "8" + g.pick(digits, 8)
		if c := weightedSum(s, 1, 2, 3, 4, 5, 6, 7, 8, 9) % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) iePPSN() string {
	s := g.pick(digits, 7)
	sum := weightedSum(s, 8, 7, 6, 5, 4, 3, 2)
	second := g.one("", "", "", "A", "W")
	if second == "A" {
		sum += 9
	}
	return s + string("WABCDEFGHIJKLMNOPQRSTUV"[sum%23]) + second
}

// itCodiceFiscale draws a codice fiscale, one in five with omocodia (the
// last digits replaced by letters).
func (g gen) itCodiceFiscale() string {
	y, m, d := g.euBirth()
	if g.r.IntN(2) == 0 {
		d += 40
	}
	s := []byte(g.pick(upper, 6) + fmt.Sprintf("%02d", y%100) + string("ABCDEHLMPRST"[m-1]) + fmt.Sprintf("%02d", d) +
		g.pick(upper, 1) + g.pick(digits, 3))
	if g.r.IntN(5) == 0 {
		for _, i := range []int{14, 13} {
			s[i] = "LMNPQRSTUV"[s[i]-'0']
		}
	}
	odd := []int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}
	sum := 0
	for i, c := range s {
		v := int(c - 'A')
		if c <= '9' {
			v = int(c - '0')
		}
		if i%2 == 0 {
			sum += odd[v]
		} else {
			sum += v
		}
	}
	return string(s) + string(rune('A'+sum%26))
}

func (g gen) lvPersonasKods() string {
	for {
		s := "32" + g.pick(digits, 8)
		if g.r.IntN(3) > 0 {
			y, m, d := g.euBirth()
			s = fmt.Sprintf("%02d%02d%02d%d", d, m, y%100, y/100-18) + g.pick(digits, 3)
		}
		if c := (1 + weightedSum(s, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9)) % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) luMatricule() string {
	y, m, d := g.euBirth()
	s := fmt.Sprintf("%04d%02d%02d", y, m, d) + g.pick(digits, 3)
	return s + luhnDigit(s) + verhoeffDigit(s)
}

// verhoeffDigit computes the Verhoeff check digit of d.
func verhoeffDigit(d string) string {
	mul := [10][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}
	perm := [8][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}
	inv := [10]int{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
	c := 0
	for i := 0; i < len(d); i++ {
		c = mul[c][perm[(i+1)%8][d[len(d)-1-i]-'0']]
	}
	return fmt.Sprint(inv[c])
}

func (g gen) nlBSN() string {
	for {
		s := g.pick(digits, 8)
		if c := weightedSum(s, 9, 8, 7, 6, 5, 4, 3, 2) % 11; c < 10 && s != "00000000" {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) plPESEL() string {
	y, m, d := g.euBirth()
	if y >= 2000 {
		m += 20
	}
	s := fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick(digits, 4)
	return s + fmt.Sprint((10-weightedSum(s, 1, 3, 7, 9, 1, 3, 7, 9, 1, 3)%10)%10)
}

func (g gen) plNIP() string {
	for {
		s := fmt.Sprint(g.num(101, 999)) + g.pick(digits, 6)
		if c := weightedSum(s, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) ptNIF() string {
	s := g.pick("123", 1) + g.pick(digits, 7)
	return s + fmt.Sprint((11-weightedSum(s, 9, 8, 7, 6, 5, 4, 3, 2)%11)%11%10)
}

// ptCC draws a Cartão de Cidadão document number: civil number, its
// check digit, version and the final check.
func (g gen) ptCC() string {
	s := g.pick(digits, 9) + g.one("ZZ", "ZX", "ZY", "Z1", "ZZ")
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[len(s)-1-i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		if i%2 == 0 { // doubled: the check digit will stand to the right
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return s + fmt.Sprint((10-sum%10)%10)
}

func (g gen) roCNP() string {
	y, m, d := g.euBirth()
	sex := g.pick("12", 1)
	if y >= 2000 {
		sex = g.pick("56", 1)
	}
	s := sex + fmt.Sprintf("%02d%02d%02d%02d%03d", y%100, m, d, g.num(1, 46), g.num(1, 999))
	c := weightedSum(s, 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9) % 11
	if c == 10 {
		c = 1
	}
	return s + fmt.Sprint(c)
}

func (g gen) siEMSO() string {
	for {
		y, m, d := g.euBirth()
		s := fmt.Sprintf("%02d%02d%03d50%03d", d, m, y%1000, g.num(0, 999))
		if c := (11 - weightedSum(s, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)%11) % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

func (g gen) esDNI() string {
	n := g.num(1_000_000, 99_999_999)
	return fmt.Sprintf("%08d%c", n, dniLetter(n))
}

func dniLetter(n int) byte { return "TRWAGMYFPDXBNJZSQVHLCKE"[n%23] }

func (g gen) esDNIDotted() string {
	s := g.esDNI()
	return s[:2] + "." + s[2:5] + "." + s[5:8] + "-" + s[8:]
}

func (g gen) esDNIDashed() string { s := g.esDNI(); return s[:8] + "-" + s[8:] }

func (g gen) esNIE() string {
	lead, n := g.num(0, 2), g.num(0, 9_999_999)
	return fmt.Sprintf("%c%07d%c", "XYZ"[lead], n, dniLetter(lead*10_000_000+n))
}

func (g gen) esNIEDashed() string { s := g.esNIE(); return s[:1] + "-" + s[1:8] + "-" + s[8:] }

// sePersonnummer draws a personnummer as YYMMDD-NNNC, YYYYMMDD-NNNC or
// YYYYMMDDNNNC.
func (g gen) sePersonnummer() string {
	y, m, d := g.euBirth()
	return g.seNumber(y, m, d)
}

// seCoordination draws a samordningsnummer (day plus 60).
func (g gen) seCoordination() string {
	y, m, d := g.euBirth()
	return g.seNumber(y, m, d+60)
}

func (g gen) seNumber(y, m, d int) string {
	s := fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.pick(digits, 3)
	s += luhnDigit(s)
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprint(y/100) + s[:6] + "-" + s[6:]
	case 1:
		return fmt.Sprint(y/100) + s
	}
	return s[:6] + "-" + s[6:]
}
