package inspect

import (
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// features are the cheap facts about one text that structural gates test:
// the digit runs and shapes of one scanText pass, and the rest computed at
// most once per text and only when a gate asks.
type features struct {
	text   string
	facts  *textFacts
	maxRun int  // -1 until computed
	token  int  // -1 until computed
	pwTok  int8 // -1 until computed, then 0 or 1
	// nearStarts are where near rule nearRule may start, as its gate
	// found them (passes), for whereFor.
	nearRule   *engineRule
	nearStarts []int
}

func newFeatures(text string, facts *textFacts) features {
	return features{text: text, facts: facts, maxRun: -1, token: -1, pwTok: -1}
}

// digitRunSpan is a maximal run of [0-9 .-] and how many digits it holds.
type digitRunSpan struct {
	start, end, digits int
	regroup            bool // mayRegroup
}

// minRunDigits: shorter runs are not recorded (no validator needs fewer).
const minRunDigits = 9

// digitRuns returns the runs of [0-9 .-] with at least minRunDigits
// digits. The digit validators (luhn, ssn, aba, nhs, sin, aadhaar,
// verhoeff) accept only digits, spaces, dashes and dots in the value they
// are given, which is the whole match, so a valid match lies inside one.
func (f *features) digitRuns() []digitRunSpan { return f.facts.runs }

// Byte classes for digitRuns.
const (
	rcOther = iota
	rcDigit
	rcSep
)

var runClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = rcDigit
	}
	t[' '], t['-'], t['.'] = rcSep, rcSep, rcSep
	return t
}()

// maxDigitRun is the most digits in one run (0 below minRunDigits).
func (f *features) maxDigitRun() int {
	if f.maxRun < 0 {
		f.maxRun = 0
		for _, r := range f.digitRuns() {
			f.maxRun = max(f.maxRun, r.digits)
		}
	}
	return f.maxRun
}

// The shapes the iban and nino validators need once whitespace is removed
// (as they remove it): two letters, two digits and 11 more letters or
// digits; two letters, six digits and a letter A-D. (The iban validator
// also takes a Polish NRB, 26 digits alone: its gate admits such a run.)
const (
	shapeIBAN = 0
	shapeNINO = 1
)

// shapeStarts returns where each occurrence of shape k begins.
func (f *features) shapeStarts(k int) []int { return f.facts.shapes[k] }

func isAtoD(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'd' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
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

// pwToken reports a word (between whitespace, quotes, backticks, < and
// >) of eight bytes or more with rules.UnlabelledPasswordShape: a value
// the unlabelled-password validator accepts holds none of those
// delimiters and has that shape, so it lies in such a word, which has it
// too. A word without a digit or a symbol of !#$%&*+=?@^~ is passed over
// unread.
func (f *features) pwToken() bool {
	if f.pwTok < 0 {
		f.pwTok = 0
		start, marked := 0, false
		for i := 0; i <= len(f.text); i++ {
			if i < len(f.text) && !pwDelim[f.text[i]] {
				marked = marked || pwMark[f.text[i]]
				continue
			}
			if i-start >= 8 && marked && rules.UnlabelledPasswordShape(f.text[start:i]) {
				f.pwTok = 1
				break
			}
			start, marked = i+1, false
		}
	}
	return f.pwTok == 1
}

// pwDelim ends a word for pwToken; pwMark is a digit or a symbol of a
// password.
var pwDelim, pwMark = func() (d, m [256]bool) {
	for _, c := range []byte(" \t\n\r\v\f\"'`<>") {
		d[c] = true
	}
	for _, c := range []byte("0123456789!#$%&*+=?@^~") {
		m[c] = true
	}
	return d, m
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
	minDigits int  // maxDigitRun >= minDigits
	shape     int  // -1, or shapeIBAN / shapeNINO must occur
	orDigits  int  // with shape: or a digit run of orDigits (0: none)
	minToken  int  // tokenRun >= minToken
	pwToken   bool // pwToken
}

func (g gate) pass(f *features) bool {
	if g == noGate {
		return true
	}
	return (g.minDigits == 0 || f.maxDigitRun() >= g.minDigits) &&
		(g.shape < 0 || len(f.shapeStarts(g.shape)) > 0 || g.orDigits > 0 && f.maxDigitRun() >= g.orDigits) &&
		(g.minToken == 0 || f.tokenRun() >= g.minToken) &&
		(!g.pwToken || f.pwToken())
}

// digitsNeeded is, per checksum validator, the fewest digits a valid value
// has, per the validators in rules (card numbers 13-19, SSN/ABA/SIN 9,
// NHS 10, Aadhaar 12, and the national identifiers' own), all in one run
// of digits, spaces, dots and dashes (a match must not reach past the
// run: not au-medicare, whose issue number follows a slash, nor
// cn-resident-id, which may end in X). Only validators that need at least minRunDigits
// belong here (shorter runs are not recorded): not verhoeff, which checks
// any number of two digits or more.
var digitsNeeded = map[string]int{
	"luhn": 13, "sin": 9, "ssn": 9, "aba": 9, "aadhaar": 12, "nhs": 10, "bitlocker": 48,
	// national-ids-world.yaml
	"ar-cuit": 11, "au-tfn": 9, "br-cpf": 11, "jp-my-number": 12,
	"kr-rrn": 13, "ru-inn": 10, "ru-snils": 11, "sa-national-id": 10, "za-id": 13, "tr-tc-kimlik": 11,
	"id-nik": 16, "us-itin": 9,
	// national-ids-europe.yaml (not those with letters, a slash or a plus
	// inside: fi-hetu, fr-nir's Corsica, cz-sk, se-personnummer...)
	"at-svnr": 10, "be-national-number": 11, "bg-egn": 10, "hr-oib": 11, "dk-cpr": 10, "ee-isikukood": 11,
	"lt-asmens-kodas": 11, "de-tax-id": 11, "gr-amka": 11, "hu-taj": 9, "hu-tax-id": 10, "lv-personas-kods": 11,
	"lu-matricule": 13, "nl-bsn": 9, "pl-pesel": 11, "pl-nip": 10, "pt-nif": 9, "ro-cnp": 13, "si-emso": 13,
}

// nrbDigits is the length of a Polish NRB, which the iban validator takes
// without a country code (rules.ValidIBAN).
const nrbDigits = 26

// noGate always passes.
var noGate = gate{shape: -1}

// validatorGate derives a gate from a validator spec: a checksum over N
// digits needs a number of at least N digits, an IBAN its country code and
// check digits (or, a Polish NRB, 26 digits), a JWT a long token. Unknown validators (and entropy, whose
// value may hold any character) give no gate.
func validatorGate(spec string) gate {
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(spec)), ":")
	name = strings.ReplaceAll(name, "_", "-")
	switch {
	case digitsNeeded[name] > 0:
		return gate{minDigits: digitsNeeded[name], shape: -1}
	case name == "iban":
		return gate{shape: shapeIBAN, orDigits: nrbDigits}
	case name == "nino":
		return gate{shape: shapeNINO}
	case name == "jwt":
		return gate{minToken: 20, shape: -1}
	case name == "unlabelled-password":
		return gate{pwToken: true, shape: -1}
	}
	return gate{shape: -1}
}
