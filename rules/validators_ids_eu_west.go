package rules

// ValidFRNIR reports whether s is a French NIR (numéro d'inscription au
// répertoire, the numéro de sécurité sociale): fifteen characters
// S YY MM DD CCC OOO KK, S 1-4, 7 or 8, MM 01-12 or 20-99 (unknown or
// fictitious months), DD the département (digits, or 2A / 2B for
// Corsica), and KK = 97 - (the first thirteen as a number, with 2A read
// as 19 and 2B as 18) modulo 97.
func ValidFRNIR(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, func(c byte) bool { return euIsDigit(c) || c|0x20 == 'a' || c|0x20 == 'b' })
	if !ok || n != 15 || euIndex("123478", b[0]) < 0 {
		return false
	}
	if m := b[3:5]; !euIsDigit(m[0]) || !euIsDigit(m[1]) || euNum(m) == 0 || (euNum(m) > 12 && euNum(m) < 20) {
		return false
	}
	if b[6]|0x20 == 'a' || b[6]|0x20 == 'b' {
		if b[5] != '2' {
			return false
		}
		b[5], b[6] = '1', '9'-(b[6]|0x20-'a') // 2A -> 19, 2B -> 18
	}
	for _, c := range b[:15] {
		if !euIsDigit(c) {
			return false
		}
	}
	key := euNum(b[13:15])
	return key >= 1 && key == 97-euNum(b[:13])%97
}

// ValidITCodiceFiscale reports whether s is an Italian codice fiscale of a
// person: sixteen characters, three letters of the surname and three of
// the name, the year (two digits), the month (a letter of ABCDEHLMPRST),
// the day (plus 40 for women), a real date, the municipality (a letter and
// three digits) and the check letter. In omocodia (two people sharing a
// code) digits of the year, day and municipality are replaced by the
// letters L M N P Q R S T U V for 0-9. The check letter is the sum of the
// values of the characters in odd positions (1st, 3rd, ... by the odd
// table) and even positions (digits 0-9 and letters A-Z as 0-25), modulo
// 26, as a letter. Lower case is read as upper.
func ValidITCodiceFiscale(s string) bool {
	if len(s) != 16 {
		return false
	}
	sum := 0
	for i := 0; i < 16; i++ {
		c := s[i]
		if !euIsDigit(c) {
			c &^= 0x20
		}
		if !cfShapeOK(i, c) {
			return false
		}
		if i == 15 {
			break
		}
		if i%2 == 0 {
			sum += int(cfOdd[euAlnumValue(c)])
		} else {
			sum += cfEven(c)
		}
	}
	day := cfDigit(s[9])*10 + cfDigit(s[10])
	if day > 40 {
		day -= 40
	}
	month := euIndex("ABCDEHLMPRST", s[8]&^0x20) + 1
	year := 2000 + cfDigit(s[6])*10 + cfDigit(s[7]) // 1900-1999 have the same leap years but 1900
	return day >= 1 && day <= euDaysIn(year, month) && s[15]&^0x20 == byte('A'+sum%26)
}

// cfOdd is the value of a character in an odd position of a codice
// fiscale, indexed by alnumValue (0-9, then A-Z); the letter of a digit
// and the digit share a value.
var cfOdd = [36]byte{
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // A-J
	2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23, // K-Z
}

// cfEven is the value of a character in an even position of a codice
// fiscale: digits 0-9, letters A=0 ... Z=25.
func cfEven(c byte) int {
	if euIsDigit(c) {
		return int(c - '0')
	}
	return int(c - 'A')
}

// cfOmocodia are the letters that stand for 0-9 in omocodia.
const cfOmocodia = "LMNPQRSTUV"

// cfShapeOK checks the character class of position i of a codice fiscale
// (c already upper case).
func cfShapeOK(i int, c byte) bool {
	switch i {
	case 0, 1, 2, 3, 4, 5, 11, 15:
		return isUpper(c)
	case 8:
		return euIndex("ABCDEHLMPRST", c) >= 0
	}
	return euIsDigit(c) || euIndex(cfOmocodia, c) >= 0
}

// cfDigit reads a digit of a codice fiscale, undoing omocodia.
func cfDigit(c byte) int {
	if euIsDigit(c) {
		return int(c - '0')
	}
	return euIndex(cfOmocodia, c&^0x20)
}

// dniLetters maps a number modulo 23 to its Spanish control letter.
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// ValidESDNI reports whether s is a Spanish DNI (or the NIF of a Spanish
// citizen): eight digits and the control letter dniLetters[n mod 23].
func ValidESDNI(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, isAlnum)
	return ok && n == 9 && euAllDigits(b[:8]) && b[8]&^0x20 == dniLetters[euNum(b[:8])%23]
}

// ValidESNIE reports whether s is a Spanish NIE (número de identidad de
// extranjero): X, Y or Z (read as 0, 1, 2), seven digits and the control
// letter of the resulting eight-digit number, as for a DNI.
func ValidESNIE(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, isAlnum)
	if !ok || n != 9 || !euAllDigits(b[1:8]) {
		return false
	}
	lead := euIndex("XYZ", b[0]&^0x20)
	if lead < 0 {
		return false
	}
	return b[8]&^0x20 == dniLetters[(lead*10_000_000+euNum(b[1:8]))%23]
}

func euAllDigits(d []byte) bool {
	for _, c := range d {
		if !euIsDigit(c) {
			return false
		}
	}
	return true
}

// ValidPTNIF reports whether s is a Portuguese NIF (número de
// identificação fiscal): nine digits, the first 1-3 (people), 45
// (non-resident people) or 5-9 (companies and other entities), the last
// 11 minus the first eight weighted 9 to 2, modulo 11 (10 and 11 read as
// 0).
func ValidPTNIF(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 9) || b[0] == '0' || (b[0] == '4' && b[1] != '5') {
		return false
	}
	c := 11 - euWeighted(b[:], 9, 8, 7, 6, 5, 4, 3, 2)%11
	return c%11%10 == int(b[8]-'0')
}

// ValidPTCC reports whether s is the document number of a Portuguese
// Cartão de Cidadão: the eight-digit civil identification number, its
// check digit, two version characters (letters or digits) and a check
// digit over all of them: from the right, every second value (letters
// A=10 ... Z=35) doubled and reduced by 9 when over 9, the sum a multiple
// of 10.
func ValidPTCC(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, isAlnum)
	if !ok || n != 12 || !euAllDigits(b[:9]) || !euIsDigit(b[11]) {
		return false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		c := b[11-i]
		if !euIsDigit(c) {
			c &^= 0x20
		}
		v := euAlnumValue(c)
		if i%2 == 1 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// ValidIEPPSN reports whether s is an Irish PPS number: seven digits, the
// check letter and an optional second letter (A, B, H, T, W or X). The
// check letter is "WABCDEFGHIJKLMNOPQRSTUV"[sum mod 23], the sum of the
// digits weighted 8 to 2 plus, for a second letter A, B or H, 9 times its
// value (A=1, B=2, H=8).
func ValidIEPPSN(s string) bool {
	var b euBuf
	n, ok := euGather(s, &b, isAlnum)
	if !ok || (n != 8 && n != 9) || !euAllDigits(b[:7]) {
		return false
	}
	sum := euWeighted(b[:], 8, 7, 6, 5, 4, 3, 2)
	if n == 9 {
		switch second := b[8] &^ 0x20; second {
		case 'A', 'B', 'H':
			sum += 9 * int(second-'A'+1)
		case 'T', 'W', 'X':
		default:
			return false
		}
	}
	return b[7]&^0x20 == "WABCDEFGHIJKLMNOPQRSTUV"[sum%23]
}

// ValidNLBSN reports whether s is a Dutch BSN (burgerservicenummer, the
// former sofinummer): nine digits, not all zero, passing the
// "elfproef": 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11.
func ValidNLBSN(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 9) || euNum(b[:9]) == 0 {
		return false
	}
	return (euWeighted(b[:], 9, 8, 7, 6, 5, 4, 3, 2)-int(b[8]-'0'))%11 == 0
}

// ValidLUMatricule reports whether s is a Luxembourg national
// identification number (matricule): thirteen digits YYYYMMDD NNN C1 C2,
// the date a real date, C1 the Luhn check digit and C2 the Verhoeff check
// digit, both of the first eleven digits.
func ValidLUMatricule(s string) bool {
	var b euBuf
	if !euDigits(s, &b, 13) || !euValidDate(euNum(b[:4]), euNum(b[4:6]), euNum(b[6:8])) {
		return false
	}
	if y := euNum(b[:4]); y < 1850 || y > 2150 {
		return false
	}
	// Verhoeff over the first eleven digits followed by C2, from the right.
	var c byte
	for i := 0; i < 12; i++ {
		d := b[12]
		if i > 0 {
			d = b[11-i]
		}
		c = verhoeffD[c][verhoeffP[i%8][d-'0']]
	}
	return c == 0 && euLuhn(b[:12])
}

// ValidMTIDCard reports whether s is a Maltese identity card number: one
// to seven digits, not all zero, and one of the letters M G A P L H B Z
// (upper case). There is no check digit: the rule leans on its keywords.
func ValidMTIDCard(s string) bool {
	if len(s) < 2 || len(s) > 8 || euIndex("MGAPLHBZ", s[len(s)-1]) < 0 {
		return false
	}
	nonzero := false
	for i := 0; i < len(s)-1; i++ {
		if !euIsDigit(s[i]) {
			return false
		}
		nonzero = nonzero || s[i] != '0'
	}
	return nonzero
}
