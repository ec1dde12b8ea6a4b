package inspect

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// features are the cheap facts about one text that structural gates test,
// each computed at most once per text and only when a gate asks.
type features struct {
	text                string
	digits, iban, token int // -1 until computed
}

func newFeatures(text string) features { return features{text: text, digits: -1, iban: -1, token: -1} }

// maxDigitGap is the longest separator between two digits of one number
// ("4012 8888", "078-05-1120", "4012 - 8888").
const maxDigitGap = 3

// digitRun is the most digits in one run whose gaps are at most maxDigitGap
// bytes of neither letters nor digits.
func (f *features) digitRun() int {
	if f.digits >= 0 {
		return f.digits
	}
	s := f.text
	best, run, gap := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch byteClass[s[i]] {
		case clsLetter:
			run = 0
		case clsOther:
			if gap++; gap > maxDigitGap {
				run = 0
			}
		case clsDigit:
			run, gap = run+1, 0
			best = max(best, run)
		case clsHigh:
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size - 1
			switch {
			case unicode.IsDigit(r):
				run, gap = run+1, 0
				best = max(best, run)
			case unicode.IsLetter(r):
				run = 0
			default:
				if gap++; gap > maxDigitGap {
					run = 0
				}
			}
		}
	}
	f.digits = best
	return best
}

// ibanLike reports two letters followed by two digits.
func (f *features) ibanLike() bool {
	if f.iban < 0 {
		f.iban = 0
		s := f.text
		for i := 2; i+1 < len(s); i++ {
			if isDigit(s[i]) && isDigit(s[i+1]) && isLetter(s[i-1]) && isLetter(s[i-2]) {
				f.iban = 1
				break
			}
		}
	}
	return f.iban == 1
}

// tokenRun is the longest run of [A-Za-z0-9+/=_.-].
func (f *features) tokenRun() int {
	if f.token < 0 {
		best, run := 0, 0
		for i := 0; i < len(f.text); i++ {
			if tokenByte[f.text[i]] {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
		f.token = best
	}
	return f.token
}

// Byte classes for digitRun.
const (
	clsOther = iota
	clsDigit
	clsLetter
	clsHigh
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = clsHigh
		case isDigit(byte(c)):
			t[c] = clsDigit
		case isLetter(byte(c)):
			t[c] = clsLetter
		}
	}
	return t
}()

var tokenByte = func() (t [256]bool) {
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
	return (g.minDigits == 0 || f.digitRun() >= g.minDigits) &&
		(!g.iban || f.ibanLike()) &&
		(g.minToken == 0 || f.tokenRun() >= g.minToken)
}

// digitsNeeded is, per checksum validator, the fewest digits a valid value
// has (card numbers 12+ (brands issue 13-19), SSN/ABA/SIN 9, NHS 10,
// Aadhaar 12, NINO 6).
var digitsNeeded = map[string]int{
	"luhn": 12, "card": 12, "sin": 9, "canada-sin": 9, "ssn": 9, "aba": 9,
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
