package rules

import "strings"

// Validators of travel and driving documents: ICAO 9303 machine readable
// zones, passport numbers and driving licence numbers.

// mrzValue is the value of an MRZ character in ICAO 9303's check digit:
// digits as themselves, A-Z 10-35, the filler < 0; -1 for anything else.
func mrzValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// mrzSum adds the ICAO 7-3-1 weighted values of s to sum, continuing the
// weights from position pos (a composite check runs over several fields).
func mrzSum(s string, sum, pos int) (int, int) {
	w := [3]int{7, 3, 1}
	for i := 0; i < len(s); i++ {
		sum += mrzValue(s[i]) * w[pos%3]
		pos++
	}
	return sum, pos
}

// mrzCheck reports whether c is the ICAO 9303 check digit of field: the
// characters valued 0-9, A-Z 10-35, < 0, weighted 7 3 1 repeating, sum
// mod 10. A field of fillers only may carry < as its check digit.
func mrzCheck(field string, c byte) bool {
	if c == '<' {
		return strings.Trim(field, "<") == ""
	}
	sum, _ := mrzSum(field, 0, 0)
	return c >= '0' && c <= '9' && sum%10 == int(c-'0')
}

// mrzFields reports whether every character of s is an MRZ character.
func mrzFields(s string) bool {
	for i := 0; i < len(s); i++ {
		if mrzValue(s[i]) < 0 {
			return false
		}
	}
	return true
}

// mrzLines splits s into at most three lines, dropping \r.
func mrzLines(s string) (lines [3]string, n int) {
	for n < 3 {
		line, rest, more := strings.Cut(s, "\n")
		lines[n] = strings.TrimSuffix(line, "\r")
		n++
		if !more {
			break
		}
		s = rest
	}
	return lines, n
}

// ValidMRZ reports whether s is the machine readable zone of a passport
// (ICAO 9303 TD3: an optional 44-character name line, then the 44-character
// data line) or of an ID card (TD1: two or three lines of 30) with every
// check digit right. TD3 data line: document number (9) and its check,
// nationality, birth date (6) and check, sex, expiry (6) and check,
// personal number (14) and check, and a composite check over the document
// number, birth date, expiry and personal number with their checks. TD1:
// line 1 holds the document number and its check, line 2 the birth date,
// expiry and their checks and a composite over line 1 from the document
// number and line 2's dates and optional data.
func ValidMRZ(s string) bool {
	lines, n := mrzLines(s)
	for i := 0; i < n; i++ {
		if !mrzFields(lines[i]) {
			return false
		}
	}
	switch {
	case len(lines[n-1]) == 44 && (n == 1 || n == 2 && len(lines[0]) == 44):
		return validTD3(lines[n-1])
	case n >= 2 && len(lines[0]) == 30 && len(lines[1]) == 30 && (n == 2 || len(lines[2]) == 30):
		return validTD1(lines[0], lines[1])
	}
	return false
}

// validTD3 checks the data line of a TD3 (passport) MRZ.
func validTD3(l string) bool {
	if !mrzCheck(l[0:9], l[9]) || !mrzCheck(l[13:19], l[19]) || !mrzCheck(l[21:27], l[27]) || !mrzCheck(l[28:42], l[42]) {
		return false
	}
	sum, pos := mrzSum(l[0:10], 0, 0)
	sum, pos = mrzSum(l[13:20], sum, pos)
	sum, _ = mrzSum(l[21:43], sum, pos)
	return isDigits(l[43:]) && sum%10 == int(l[43]-'0') && mrzDate(l[13:19]) && mrzDate(l[21:27])
}

// validTD1 checks the first two lines of a TD1 (ID card) MRZ.
func validTD1(l1, l2 string) bool {
	if !mrzCheck(l1[5:14], l1[14]) || !mrzCheck(l2[0:6], l2[6]) || !mrzCheck(l2[8:14], l2[14]) {
		return false
	}
	sum, pos := mrzSum(l1[5:30], 0, 0)
	sum, pos = mrzSum(l2[0:7], sum, pos)
	sum, pos = mrzSum(l2[8:15], sum, pos)
	sum, _ = mrzSum(l2[18:29], sum, pos)
	return isDigits(l2[29:]) && sum%10 == int(l2[29]-'0') && mrzDate(l2[0:6]) && mrzDate(l2[8:14])
}

// mrzDate reports whether YYMMDD is a date.
func mrzDate(s string) bool {
	return isDigits(s) && validDate(2000+num(s, 0, 2), num(s, 2, 4), num(s, 4, 6))
}

// ValidPassportNumber reports whether s, a passport-number-shaped match
// found next to a passport keyword, is plausibly a real number rather
// than a placeholder: at least four digits, not all the same digit and
// not a run such as 123456789 or 987654321.
func ValidPassportNumber(s string) bool {
	var a [maxIDDigits]byte
	d := a[:0]
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			if len(d) == cap(d) {
				return false
			}
			d = append(d, c)
		}
	}
	return len(d) >= 4 && !allSame(d) && !digitRun(d)
}

// digitRun reports whether d counts up or down by one at every step.
func digitRun(d []byte) bool {
	up, down := true, true
	for i := 1; i < len(d); i++ {
		up = up && d[i] == d[i-1]+1
		down = down && d[i] == d[i-1]-1
	}
	return up || down
}

// ValidDrivingLicence reports whether s is a driving licence number. A
// UK (DVLA) number, sixteen characters with an optional two-digit issue
// number, has its structure checked: five characters of the surname
// (letters, padded with 9s at the end), the decade digit of the birth
// year, the birth month (plus 50 for women) and day, the year digit, two
// initials (the second may be a 9), a digit and two check letters (whose
// algorithm is not published). Any other shape (numbers of other
// countries, found by keyword) needs at least five digits that are not
// all the same digit or a run.
func ValidDrivingLicence(s string) bool {
	var a [18]byte
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			continue
		}
		if n == len(a) {
			return ValidPassportNumber(s) && countDigits(s) >= 5
		}
		a[n] = s[i]
		n++
	}
	if dvlaShaped(a[:n]) {
		return validDVLA(a[:n])
	}
	return ValidPassportNumber(s) && countDigits(s) >= 5
}

// dvlaShaped reports whether c has the DVLA length and a letter first.
func dvlaShaped(c []byte) bool {
	return (len(c) == 16 || len(c) == 18) && isUpper(c[0]) && isUpper(c[15])
}

// validDVLA checks the structure of a DVLA licence number (no spaces).
func validDVLA(c []byte) bool {
	padded := false
	for _, ch := range c[1:5] {
		switch {
		case ch == '9':
			padded = true
		case !isUpper(ch) || padded:
			return false
		}
	}
	for _, i := range []int{5, 6, 7, 8, 9, 10, 13} {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	month := num(c, 6, 8)
	if month > 50 {
		month -= 50
	}
	year := 2000 + int(c[5]-'0')*10 + int(c[10]-'0') // 2000: leap exactly when the two-digit year is a multiple of 4
	if !validDate(year, month, num(c, 8, 10)) {
		return false
	}
	if !isUpper(c[11]) || !(isUpper(c[12]) || c[12] == '9') || !isUpper(c[14]) {
		return false
	}
	return len(c) == 16 || c[16] >= '0' && c[16] <= '9' && c[17] >= '0' && c[17] <= '9'
}

// countDigits counts the ASCII digits of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
