package rules

import "strings"

// ibanLengths is the IBAN length of each country in the SWIFT IBAN
// registry (plus the French overseas territories that issue FR-format
// IBANs under their own codes).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BL": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28,
	"CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
	"FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GF": 27, "GI": 23,
	"GL": 18, "GP": 27, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22,
	"IL": 23, "IQ": 23, "IR": 26, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
	"LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24,
	"ME": 22, "MF": 27, "MK": 19, "MN": 20, "MQ": 27, "MR": 27, "MT": 31, "MU": 30,
	"NC": 27, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PF": 27, "PK": 24, "PL": 28,
	"PM": 27, "PS": 29, "PT": 25, "QA": 29, "RE": 27, "RO": 24, "RS": 22, "RU": 33,
	"SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23,
	"ST": 25, "SV": 28, "TF": 27, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22,
	"VG": 24, "WF": 27, "XK": 20, "YE": 30, "YT": 27,
}

// ValidIBAN reports whether s is an International Bank Account Number:
// spaces ignored, letters in either case, a registered country code with
// that country's length, check digits 02-98 and ISO 7064 mod 97-10 == 1;
// or, failing that, s without a short last group after a space (a word
// that followed the number). 26 digits alone are a Polish NRB, the
// domestic form of a PL IBAN, checked with "PL" before them.
func ValidIBAN(s string) bool {
	if validIBAN(s) {
		return true
	}
	if d, ok := digitsOnly(s); ok && len(d) == nrbDigits {
		return validIBAN("PL" + d)
	}
	// A short last group after a space may be a word after the number
	// ("... 3000 EUR"): the number without it.
	if i := strings.LastIndexByte(strings.TrimSpace(s), ' '); i > 0 && len(strings.TrimSpace(s))-i <= 4 {
		return validIBAN(s[:i])
	}
	return false
}

// IBANCountry reports whether the letters a and b (either case) are the
// country code of an IBAN that ValidIBAN accepts: every value it accepts
// but a Polish NRB opens with one.
func IBANCountry(a, b byte) bool {
	_, ok := ibanLengths[string([]byte{a &^ 0x20, b &^ 0x20})]
	return ok
}

// nrbDigits is the length of a Polish NRB (rachunek bankowy): a PL IBAN
// without its country code.
const nrbDigits = 26

func validIBAN(s string) bool {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(c) < 15 || len(c) > 34 || ibanLengths[c[:2]] != len(c) {
		return false
	}
	if c[2] < '0' || c[2] > '9' || c[3] < '0' || c[3] > '9' {
		return false
	}
	if cd := c[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return false
	}
	r, ok := mod97(c[4:] + c[:4])
	return ok && r == 1
}

// mod97 computes the ISO 7064 mod 97-10 remainder of an alphanumeric
// string, letters counting as 10 (A) to 35 (Z). ok is false for any other
// character.
func mod97(s string) (int, bool) {
	r := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			r = (r*10 + int(ch-'0')) % 97
		case ch >= 'A' && ch <= 'Z':
			r = (r*100 + int(ch-'A') + 10) % 97
		default:
			return 0, false
		}
	}
	return r, true
}
