package main

import (
	"fmt"
)

// Fake national identifiers of G20 countries outside the EU (and
// Singapore), passports and driving licences, for the rules of
// rules/builtin/national-ids-world.yaml. The check digits are computed
// here from the published algorithms, apart from the rules' validators,
// so that the corpus checks them. The generator is seeded apart from the
// rest: adding these cases left every other case of the corpus as it was.

// worldGen returns the generator of the national-id-world cases.
func worldGen() gen { return seeded(20261204, 20) }

// weightSum returns sum(d[i]*w[i]) over the weights.
func weightSum(d string, w ...int) int {
	sum := 0
	for i, x := range w {
		sum += int(d[i]-'0') * x
	}
	return sum
}

// cuit returns an Argentine CUIT/CUIL, usually written 2-8-1.
func (g gen) cuit() string {
	for {
		d := g.one("20", "20", "23", "24", "27", "27", "30", "33", "34") + g.pick(digits, 8)
		c := 11 - weightSum(d, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)%11
		if c == 10 {
			continue
		}
		d += fmt.Sprint(c % 11)
		return g.one(d[:2]+"-"+d[2:10]+"-"+d[10:], d[:2]+"-"+d[2:10]+"-"+d[10:], d)
	}
}

// tfn returns an Australian Tax File Number, 3-3-3.
func (g gen) tfn() string {
	for {
		d := g.pick("123456789", 1) + g.pick(digits, 7)
		for c := '0'; c <= '9'; c++ {
			if weightSum(d+string(c), 1, 4, 3, 7, 5, 8, 6, 9, 10)%11 == 0 {
				d += string(c)
				return g.one(d[:3]+" "+d[3:6]+" "+d[6:], d)
			}
		}
	}
}

// medicare returns an Australian Medicare card number, 4-5-1, sometimes
// with the individual reference number.
func (g gen) medicare() string {
	d := g.pick("23456", 1) + g.pick(digits, 7)
	d += fmt.Sprint(weightSum(d, 1, 3, 7, 9, 1, 3, 7, 9)%10) + g.pick("123456789", 1)
	s := g.one(d[:4]+" "+d[4:9]+" "+d[9:], d)
	if g.r.IntN(3) == 0 {
		s += g.one(" ", "/", "-") + g.pick("12345", 1)
	}
	return s
}

// cpf returns a Brazilian CPF, usually 000.000.000-00.
func (g gen) cpf() string {
	d := g.pick(digits, 9)
	for n := 9; n <= 10; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		d += fmt.Sprint(sum * 10 % 11 % 10)
	}
	return g.one(d[:3]+"."+d[3:6]+"."+d[6:9]+"-"+d[9:], d[:3]+"."+d[3:6]+"."+d[6:9]+"-"+d[9:], d)
}

// cnpj returns a Brazilian CNPJ, 00.000.000/0000-00; one in five is of
// the alphanumeric kind issued from July 2026.
func (g gen) cnpj() string {
	chars := digits
	if g.r.IntN(5) == 0 {
		chars = digits + upper
	}
	d := g.pick(chars, 8) + g.one("0001", "0001", "0002") + ""
	w := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	for k := 12; k <= 13; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(d[i]-'0') * w[i+13-k]
		}
		c := 0
		if r := sum % 11; r >= 2 {
			c = 11 - r
		}
		d += fmt.Sprint(c)
	}
	if brandCardIn(d) {
		return g.cnpj()
	}
	return g.one(d[:2]+"."+d[2:5]+"."+d[5:8]+"/"+d[8:12]+"-"+d[12:], d[:2]+"."+d[2:5]+"."+d[5:8]+"/"+d[8:12]+"-"+d[12:], d)
}

// birth returns a random birth date between 1940 and 2015.
func (g gen) birth() (y, m, d int) {
	y, m = g.num(1940, 2015), g.num(1, 12)
	d = g.num(1, []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1])
	return y, m, d
}

// cnResidentID returns a PRC resident identity number (18 characters).
func (g gen) cnResidentID() string {
	regions := []string{"110101", "110105", "310104", "310115", "440106", "440305", "510107", "320102", "330106", "420102", "610113", "370202", "500103", "210102", "350203", "430104", "130102", "410105"}
	for {
		y, m, d := g.birth()
		s := g.one(regions...) + fmt.Sprintf("%04d%02d%02d", y, m, d) + g.pick(digits, 3)
		sum := 0
		for i, w := range []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2} {
			sum += int(s[i]-'0') * w
		}
		s += string("10X98765432"[sum%11])
		if !brandCardIn(s) {
			return s
		}
	}
}

// pan returns an Indian PAN, mostly of a person.
func (g gen) pan() string {
	return g.pick(upper, 3) + g.one("P", "P", "P", "C", "H", "F", "T") + g.pick(upper, 1) + fmt.Sprintf("%04d", g.num(1, 9999)) + g.pick(upper, 1)
}

// nik returns an Indonesian NIK (16 digits).
func (g gen) nik() string {
	for {
		y, m, d := g.birth()
		if g.r.IntN(2) == 0 {
			d += 40
		}
		s := g.one("11", "12", "13", "31", "32", "33", "34", "35", "36", "51", "61", "64", "71", "73", "81", "91", "94") +
			fmt.Sprintf("%02d%02d%02d%02d%02d%04d", g.num(1, 79), g.num(1, 30), d, m, y%100, g.num(1, 9999))
		if !brandCardIn(s) {
			return s
		}
	}
}

// myNumber returns a Japanese Individual Number, 4-4-4 or bare.
func (g gen) myNumber() string {
	d := g.pick("123456789", 1) + g.pick(digits, 10)
	sum := 0
	for n := 1; n <= 11; n++ {
		q := n + 1
		if n > 6 {
			q = n - 5
		}
		sum += int(d[11-n]-'0') * q
	}
	c := 0
	if r := sum % 11; r > 1 {
		c = 11 - r
	}
	d += fmt.Sprint(c)
	return g.one(d[:4]+" "+d[4:8]+" "+d[8:], d[:4]+"-"+d[4:8]+"-"+d[8:], d)
}

// rrn returns a South Korean resident registration number YYMMDD-GNNNNNC;
// numbers of people born before 2020 carry the old check digit.
func (g gen) rrn() string {
	for {
		y, m, d := g.birth()
		gd := []string{"1", "2"}
		if y >= 2000 {
			gd = []string{"3", "4"}
		}
		s := fmt.Sprintf("%02d%02d%02d", y%100, m, d) + g.one(gd...) + g.pick(digits, 5)
		sum := 0
		for i, w := range []int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5} {
			sum += int(s[i]-'0') * w
		}
		s += fmt.Sprint((11 - sum%11) % 10)
		if !brandCardIn(s) {
			return g.one(s[:6]+"-"+s[6:], s[:6]+"-"+s[6:], s)
		}
	}
}
