package rules

import (
	"strings"
	"testing"
)

// fuzzDigits checks a digit-based validator: it never panics, and a value
// it accepts is still accepted with its separators removed (the checksum
// depends on the digits only).
func fuzzDigits(f *testing.F, v Validator, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !v(s) {
			return
		}
		d, ok := digitsOnly(s)
		if !ok || !v(d) {
			t.Errorf("validator accepts %q but not its digits %q", s, d)
		}
	})
}

// fuzzTotal checks that a validator never panics and is deterministic.
func fuzzTotal(f *testing.F, v Validator, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, second := v(s), v(s)
		if first != second {
			t.Errorf("validator is not deterministic on %q", s)
		}
	})
}

func FuzzValidatorLuhn(f *testing.F) {
	fuzzDigits(f, ValidLuhnCard, "4012 8888 8888 1881", "378282246310005", "1234")
}

func FuzzValidatorSSN(f *testing.F) { fuzzDigits(f, ValidSSN, "536-22-1234", "078-05-1120") }

func FuzzValidatorABA(f *testing.F) { fuzzDigits(f, ValidABA, "021000021", "000000000") }

func FuzzValidatorVerhoeff(f *testing.F) { fuzzDigits(f, ValidVerhoeff, "2363", "1428570") }

func FuzzValidatorAadhaar(f *testing.F) { fuzzDigits(f, ValidAadhaar, "2345 6789 0124", "0") }

func FuzzValidatorNHS(f *testing.F) { fuzzDigits(f, ValidNHS, "943 476 5919", "0000000000") }

func FuzzValidatorSIN(f *testing.F) { fuzzDigits(f, ValidSIN, "130 692 544", "046454286") }

func FuzzValidatorIBAN(f *testing.F) {
	for _, s := range []string{"GB82 WEST 1234 5698 7654 32", "NO9386011117947", "XX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidIBAN(s) && !ValidIBAN(strings.ToLower(s)) {
			t.Errorf("ValidIBAN accepts %q but not its lowercase", s)
		}
	})
}

func FuzzValidatorNINO(f *testing.F) {
	for _, s := range []string{"AB 12 34 56 C", "QQ123456C", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidNINO(s) && !ValidNINO(strings.ToLower(s)) {
			t.Errorf("ValidNINO accepts %q but not its lowercase", s)
		}
	})
}

func FuzzValidatorEntropy(f *testing.F) {
	for _, s := range []string{"", "aaaa", "q8Zt2LmX9vR4wKp7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h := ShannonEntropy(s); h < 0 || h > 8.0000001 {
			t.Errorf("ShannonEntropy(%q): got %v, want within [0, 8]", s, h)
		}
	})
}

func FuzzValidatorJWT(f *testing.F) {
	fuzzTotal(f, ValidJWT, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "...")
}

func FuzzValidatorGitHub(f *testing.F) {
	fuzzTotal(f, ValidGitHubToken, "ghp_000000000000000000000000000000000000", "ghp_", "gho_x")
}

func FuzzValidatorPrivateKey(f *testing.F) {
	fuzzTotal(f, ValidPrivateKeyBlock, pem("PRIVATE KEY", fakeKeyBody), "-----BEGIN -----", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----")
}

func FuzzValidatorValueEntropy(f *testing.F) {
	for _, s := range []string{"password=x", `: "v"`, "", "=:="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v := AssignedValue(s); !strings.Contains(s, v) {
			t.Errorf("AssignedValue(%q): got %q, not a substring", s, v)
		}
	})
}
