package rules

import (
	"strconv"
	"strings"
	"testing"
)

// vector is one validator test case.
type vector struct {
	name string
	in   string
	want bool
}

// runVectors checks v against every vector in a named subtest.
func runVectors(t *testing.T, fn string, v Validator, vectors []vector) {
	t.Helper()
	for _, tc := range vectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := v(tc.in); got != tc.want {
				t.Errorf("%s(%q): got %v, want %v", fn, tc.in, got, tc.want)
			}
		})
	}
}

// withLuhn appends the Luhn check digit to the digit string prefix.
func withLuhn(prefix string) string {
	for c := '0'; c <= '9'; c++ {
		if luhn(prefix + string(c)) {
			return prefix + string(c)
		}
	}
	panic("unreachable")
}

// withVerhoeff appends the Verhoeff check digit to the digit string prefix.
func withVerhoeff(prefix string) string {
	for c := '0'; c <= '9'; c++ {
		if verhoeffChecksum(prefix+string(c)) == 0 {
			return prefix + string(c)
		}
	}
	panic("unreachable")
}

func TestLookupValidator(t *testing.T) {
	tests := []struct {
		spec    string
		wantErr bool
	}{
		{"luhn", false}, {"LUHN", false}, {" iban ", false}, {"ssn", false}, {"aba", false},
		{"verhoeff", false}, {"aadhaar", false}, {"nhs", false}, {"nino", false}, {"sin", false},
		{"jwt", false}, {"github", false}, {"private-key", false}, {"entropy:3.5", false}, {"value-entropy:4", false}, {"value-entropy", true},
		{"entropy: 4", false}, {"entropy", true}, {"entropy:x", true}, {"entropy:0", true},
		{"entropy:9", true}, {"luhn:1", true}, {"", true}, {"nosuch", true}, {"crc:1", true},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			v, err := LookupValidator(tc.spec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("LookupValidator(%q): got err %v, want err %v", tc.spec, err, tc.wantErr)
			}
			if err == nil && v == nil {
				t.Fatalf("LookupValidator(%q): got nil validator", tc.spec)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "rules: ") {
				t.Errorf("LookupValidator(%q): error %q lacks the rules: prefix", tc.spec, err)
			}
		})
	}
}

func TestEntropyValidator(t *testing.T) {
	v, err := LookupValidator("entropy:3.5")
	if err != nil {
		t.Fatal(err)
	}
	runVectors(t, "entropy:3.5", v, []vector{
		{"random", "q8Zt2LmX9vR4wKp7", true},
		{"hex-like", "9f86d081884c7d659a2feaa0c55ad015", true},
		{"repeated", "aaaaaaaaaaaaaaaa", false},
		{"word", "password", false},
		{"dictionary pair", "summer2024summer", false},
		{"empty", "", false},
	})
}

func TestShannonEntropy(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{{"", 0}, {"aaaa", 0}, {"ab", 1}, {"abcd", 2}, {"0123456789abcdef", 4}}
	for _, tc := range tests {
		t.Run(strconv.Quote(tc.in), func(t *testing.T) {
			if got := ShannonEntropy(tc.in); got != tc.want {
				t.Errorf("ShannonEntropy(%q): got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestValueEntropyValidator(t *testing.T) {
	v, err := LookupValidator("value-entropy:3.5")
	if err != nil {
		t.Fatal(err)
	}
	runVectors(t, "value-entropy:3.5", v, []vector{
		{"key equals", "secret=q8Zt2LmX9vR4wKp7", true},
		{"separator only", `: "q8Zt2LmX9vR4wKp7"`, true},
		{"bare value", "q8Zt2LmX9vR4wKp7", true},
		{"low value, rich key", "client_secret_key_name=aaaaaaaaaaaaaaaa", false},
		{"quoted low value", `='aaaaaaaaaaaaaaaa'`, false},
		{"value with colon", "=ab:cd:ab:cd:ab:cd", false},
	})
}

func TestAssignedValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"password=hunter2", "hunter2"}, {`: "x y"`, "x y"}, {"= 'v'", "v"}, {"plain", "plain"},
		{"k: a=b", "a=b"}, {"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := AssignedValue(tc.in); got != tc.want {
				t.Errorf("AssignedValue(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
