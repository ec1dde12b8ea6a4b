package rules

import "testing"

func TestValidBIC(t *testing.T) {
	runVectors(t, "ValidBIC", ValidBIC, []vector{
		{"deutsche bank", "DEUTDEFF", true},
		{"bnp paribas head office", "BNPAFRPPXXX", true},
		{"chase", "CHASUS33", true},
		{"branch", "DEUTDEFF500", true},
		{"kosovo", "RBKOXKPR", true},
		{"test bic, location 0", "NEDSZAJ0", true},
		{"unknown country XX", "DEUTXXFF", false},
		{"country UK is not ISO", "BARCUK22", false},
		{"digit in bank code", "DEU1DEFF", false},
		{"lower case", "deutdeff", false},
		{"nine characters", "DEUTDEFF5", false},
		{"branch X other than XXX", "DEUTDEFFX01", false},
		{"seven characters", "DEUTDEF", false},
	})
	if n := len(iso3166); n != 250 {
		t.Errorf("iso3166: got %d codes, want 249 and XK", n)
	}
}
