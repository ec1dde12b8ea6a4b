package rules

import "strings"

// lookupValidator resolves a validator spec for a rule: the single place
// that binds rule loading to the detector pack's LookupValidator.
func lookupValidator(spec string) (Validator, error) {
	v, err := LookupValidator(spec)
	if err != nil {
		// Drop the "rules: " prefix: the problem line already names the rule.
		return nil, errString(strings.TrimPrefix(err.Error(), "rules: "))
	}
	return v, nil
}

type errString string

func (e errString) Error() string { return string(e) }
