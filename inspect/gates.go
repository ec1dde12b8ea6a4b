package inspect

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// features are the cheap facts about one text that structural gates test,
// computed in one pass.
type features struct {
	digitRun int  // most digits in a run whose gaps are <= maxDigitGap non-alphanumerics
	ibanLike bool // two letters then two digits somewhere
	tokenRun int  // longest run of [A-Za-z0-9+/=_.-]
}

// maxDigitGap is the longest separator between two digits of one number
// ("4012 8888", "078-05-1120", "4012 - 8888").
const maxDigitGap = 3

func scanFeatures(s string) features {
	var f features
	run, gap, tok := 0, 0, 0
	for i := 0; i < len(s); {
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isDigitRune(c):
			run, gap = run+1, 0
			f.digitRun = max(f.digitRun, run)
			if i >= 2 && isLetter(s[i-2]) && isLetter(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]) {
				f.ibanLike = true
			}
		case c < utf8.RuneSelf && isLetter(byte(c)), unicode.IsLetter(c):
			run, gap = 0, 0
		default:
			if gap++; gap > maxDigitGap {
				run = 0
			}
		}
		if c < utf8.RuneSelf && tokenByte[c] {
			tok++
			f.tokenRun = max(f.tokenRun, tok)
		} else {
			tok = 0
		}
		i += size
	}
	return f
}

func isDigitRune(c rune) bool {
	return (c >= '0' && c <= '9') || (c >= utf8.RuneSelf && unicode.IsDigit(c))
}

var tokenByte = func() (t [128]bool) {
	for c := range 128 {
		t[c] = isAlnum(byte(c)) || strings.IndexByte("+/=_.-", byte(c)) >= 0
	}
	return t
}()

// gate is the structural condition a rule's regex needs before it is worth
// running; the zero gate always passes. Every gate is a necessary condition
// of a match, so gating never loses a finding.
type gate struct {
	minDigits int  // digitRun >= minDigits
	iban      bool // ibanLike
	minToken  int  // tokenRun >= minToken
}

func (g gate) pass(f *features) bool {
	return f.digitRun >= g.minDigits && (!g.iban || f.ibanLike) && f.tokenRun >= g.minToken
}

// digitsNeeded is, per checksum validator, the fewest digits a valid value
// has (card numbers 12+, SSN/ABA/SIN 9, NHS 10, Aadhaar 12, NINO 6).
var digitsNeeded = map[string]int{
	"luhn": 9, "card": 12, "sin": 9, "canada-sin": 9, "ssn": 9, "aba": 9,
	"verhoeff": 12, "aadhaar": 12, "nhs": 10, "uk-nhs": 10, "nino": 6, "uk-nino": 6,
}

// validatorGate derives a gate from a validator spec: a checksum over N
// digits needs a number of at least N digits, an IBAN its country code and
// check digits, a JWT a long token. Unknown validators (and entropy, whose
// value may hold any character) give no gate.
func validatorGate(spec string) gate {
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(spec)), ":")
	name = strings.ReplaceAll(name, "_", "-")
	switch {
	case digitsNeeded[name] > 0:
		return gate{minDigits: digitsNeeded[name]}
	case name == "iban":
		return gate{iban: true}
	case name == "jwt":
		return gate{minToken: 20}
	}
	return gate{}
}
