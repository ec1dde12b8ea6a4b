package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Validator checks a candidate match beyond what its regex can express
// (a checksum, a number range, a shape). It receives exactly the matched
// text and reports whether the match is genuine. Validators are pure and
// safe for concurrent use.
type Validator func(s string) bool

// validatorFactory builds a Validator from the argument after the colon in
// a spec ("" when the spec has none).
type validatorFactory func(arg string) (Validator, error)

// validators maps a validator name, as written in rule files, to its factory.
var validators = map[string]validatorFactory{
	"luhn":                noArg(ValidLuhnCard),
	"card":                noArg(ValidLuhnCard),
	"iban":                noArg(ValidIBAN),
	"ssn":                 noArg(ValidSSN),
	"aba":                 noArg(ValidABA),
	"bic":                 noArg(ValidBIC),
	"verhoeff":            noArg(ValidVerhoeff),
	"aadhaar":             noArg(ValidAadhaar),
	"nhs":                 noArg(ValidNHS),
	"uk-nhs":              noArg(ValidNHS),
	"nino":                noArg(ValidNINO),
	"uk-nino":             noArg(ValidNINO),
	"sin":                 noArg(ValidSIN),
	"canada-sin":          noArg(ValidSIN),
	"jwt":                 noArg(ValidJWT),
	"github":              noArg(ValidGitHubToken),
	"private-key":         noArg(ValidPrivateKeyBlock),
	"privatekey":          noArg(ValidPrivateKeyBlock),
	"password":            noArg(ValidPassword),
	"password-word":       noArg(ValidPasswordWord),
	"pin":                 noArg(ValidPIN),
	"door-code":           noArg(ValidDoorCode),
	"lock-combination":    noArg(ValidLockCombination),
	"labelled-secret":     noArg(ValidLabelledSecret),
	"bitlocker":           noArg(ValidBitLockerKey),
	"split-password":      noArg(ValidSplitPassword),
	"strong-password":     noArg(ValidStrongPassword),
	"set-password":        noArg(ValidSetPassword),
	"unlabelled-password": noArg(ValidUnlabelledPassword),
	"chosen-password":     noArg(ValidChosenPassword),
	"passphrase":          noArg(ValidPassphrase),
	"word-number":         noArg(ValidWordNumber),
	"aws-secret":          noArg(ValidAWSSecret),
	"not-placeholder":     noArg(ValidSecretValue),
	"entropy":             entropyFactory,
	"value-entropy":       valueEntropyFactory,
	// National identifiers outside the EU, passports, driving licences
	// (validators_ids_world.go, validators_ids_asia.go, validators_travel.go).
	"ar-cuit":         noArg(ValidCUIT),
	"au-tfn":          noArg(ValidTFN),
	"au-medicare":     noArg(ValidMedicare),
	"br-cpf":          noArg(ValidCPF),
	"br-cnpj":         noArg(ValidCNPJ),
	"cn-resident-id":  noArg(ValidChineseResidentID),
	"in-pan":          noArg(ValidPAN),
	"id-nik":          noArg(ValidNIK),
	"jp-my-number":    noArg(ValidMyNumber),
	"kr-rrn":          noArg(ValidRRN),
	"mx-curp":         noArg(ValidCURP),
	"mx-rfc":          noArg(ValidRFC),
	"ru-inn":          noArg(ValidINN),
	"ru-snils":        noArg(ValidSNILS),
	"sa-national-id":  noArg(ValidSaudiID),
	"za-id":           noArg(ValidSouthAfricanID),
	"tr-tc-kimlik":    noArg(ValidTCKimlik),
	"sg-nric":         noArg(ValidNRIC),
	"us-itin":         noArg(ValidITIN),
	"mrz":             noArg(ValidMRZ),
	"passport":        noArg(ValidPassportNumber),
	"driving-licence": noArg(ValidDrivingLicence),
	// National identifiers of the EU member states (validators_ids_eu*.go).
	"at-svnr":            noArg(ValidATSVNR),
	"be-national-number": noArg(ValidBENationalNumber),
	"bg-egn":             noArg(ValidBGEGN),
	"hr-oib":             noArg(ValidHROIB),
	"cz-sk-birth-number": noArg(ValidCZSKBirthNumber),
	"dk-cpr":             noArg(ValidDKCPR),
	"ee-isikukood":       noArg(ValidEEIsikukood),
	"lt-asmens-kodas":    noArg(ValidEEIsikukood),
	"fi-hetu":            noArg(ValidFIHetu),
	"fr-nir":             noArg(ValidFRNIR),
	"de-tax-id":          noArg(ValidDETaxID),
	"de-id-card":         noArg(ValidDEIDCard),
	"gr-amka":            noArg(ValidGRAMKA),
	"hu-taj":             noArg(ValidHUTAJ),
	"hu-tax-id":          noArg(ValidHUTaxID),
	"ie-ppsn":            noArg(ValidIEPPSN),
	"it-codice-fiscale":  noArg(ValidITCodiceFiscale),
	"lv-personas-kods":   noArg(ValidLVPersonasKods),
	"lu-matricule":       noArg(ValidLUMatricule),
	"mt-id-card":         noArg(ValidMTIDCard),
	"nl-bsn":             noArg(ValidNLBSN),
	"pl-pesel":           noArg(ValidPLPESEL),
	"pl-nip":             noArg(ValidPLNIP),
	"pt-nif":             noArg(ValidPTNIF),
	"pt-cc":              noArg(ValidPTCC),
	"ro-cnp":             noArg(ValidROCNP),
	"si-emso":            noArg(ValidSIEMSO),
	"es-dni":             noArg(ValidESDNI),
	"es-nie":             noArg(ValidESNIE),
	"se-personnummer":    noArg(ValidSEPersonnummer),
}

// ValidatorNames lists the validator names LookupValidator accepts, sorted.
func ValidatorNames() []string {
	names := make([]string, 0, len(validators))
	for n := range validators {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupValidator returns the validator for spec, a name optionally followed
// by ":" and an argument ("luhn", "entropy:3.5"). Names are case-insensitive.
// An unknown name, a missing or malformed argument, or an argument given to
// a validator that takes none is an error.
func LookupValidator(spec string) (Validator, error) {
	name, arg, _ := strings.Cut(strings.TrimSpace(spec), ":")
	name = strings.ToLower(strings.TrimSpace(name))
	f, ok := validators[name]
	if !ok {
		return nil, fmt.Errorf("rules: unknown validator %q (known: %s)", name, strings.Join(ValidatorNames(), ", "))
	}
	v, err := f(strings.TrimSpace(arg))
	if err != nil {
		return nil, fmt.Errorf("rules: validator %q: %w", spec, err)
	}
	return v, nil
}

// noArg adapts a plain Validator to a factory that refuses arguments.
func noArg(v Validator) validatorFactory {
	return func(arg string) (Validator, error) {
		if arg != "" {
			return nil, fmt.Errorf("takes no argument")
		}
		return v, nil
	}
}

// entropyFactory parses "entropy:N": N is the minimum Shannon entropy in
// bits per character, 0 < N <= 8.
func entropyFactory(arg string) (Validator, error) {
	if arg == "" {
		return nil, fmt.Errorf("needs a minimum, e.g. entropy:3.5")
	}
	n, err := strconv.ParseFloat(arg, 64)
	if err != nil || n <= 0 || n > 8 {
		return nil, fmt.Errorf("minimum %q is not a number in (0, 8]", arg)
	}
	return func(s string) bool { return ShannonEntropy(s) >= n }, nil
}

// valueEntropyFactory parses "value-entropy:N": like entropy:N, measured
// on AssignedValue of the match, so that a rule matching "key: value" (or
// ": value") judges the value alone.
func valueEntropyFactory(arg string) (Validator, error) {
	v, err := entropyFactory(arg)
	if err != nil {
		return nil, err
	}
	return func(s string) bool { return v(AssignedValue(s)) }, nil
}

// AssignedValue returns the value of an assignment-shaped match: the text
// after the first ':' or '=', with surrounding spaces, tabs and quotes
// trimmed; s trimmed the same way when it has neither.
func AssignedValue(s string) string {
	if i := strings.IndexAny(s, ":="); i >= 0 {
		s = s[i+1:]
	}
	return strings.Trim(s, " \t\"'`")
}

// digitsOnly returns the ASCII digits of s with spaces and dashes removed,
// or ok=false if s contains anything else.
func digitsOnly(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c == ' ' || c == '-' || c == '.':
		default:
			return "", false
		}
	}
	return string(b), true
}
