package rules

import "testing"

func TestValidIBAN(t *testing.T) {
	runVectors(t, "ValidIBAN", ValidIBAN, []vector{
		{"gb", "GB82WEST12345698765432", true},
		{"gb spaced", "GB82 WEST 1234 5698 7654 32", true},
		{"gb lowercase", "gb82 west 1234 5698 7654 32", true},
		{"de", "DE89 3704 0044 0532 0130 00", true},
		{"fr", "FR14 2004 1010 0505 0001 3M02 606", true},
		{"nl", "NL91ABNA0417164300", true},
		{"be", "BE68 5390 0754 7034", true},
		{"ch", "CH93 0076 2011 6238 5295 7", true},
		{"no shortest", "NO93 8601 1117 947", true},
		{"mt", "MT84 MALT 0110 0001 2345 MTLC AST0 01S", true},
		{"sa", "SA03 8000 0000 6080 1016 7519", true},
		{"pl nrb", "61 1090 1014 0000 0712 1981 2874", true},
		{"pl nrb contiguous", "61109010140000071219812874", true},
		{"pl nrb bad check", "61 1090 1014 0000 0712 1981 2875", false},
		{"pl nrb 25 digits", "61 1090 1014 0000 0712 1981 287", false},
		{"gb bad check", "GB82WEST12345698765433", false},
		{"de swapped digits", "DE98 3704 0044 0532 0130 00", false},
		{"gb too short", "GB82WEST1234569876543", false},
		{"de too long", "DE89 3704 0044 0532 0130 000", false},
		{"unknown country", "XX82WEST12345698765432", false},
		{"check 00", "GB00WEST12345698765432", false},
		{"letters in check", "GBA2WEST12345698765432", false},
		{"punctuation", "GB82-WEST-1234-5698-7654-32", false},
		{"short", "GB82", false},
		{"empty", "", false},
	})
}

func TestIBANCountryNINOPrefix(t *testing.T) {
	for _, c := range []struct {
		a, b       byte
		iban, nino bool
	}{
		{'G', 'B', true, false}, {'d', 'e', true, false}, {'A', 'B', false, true}, {'t', 'o', false, false},
		{'e', 'r', false, true}, {'Q', 'Q', false, false}, {'Z', 'Z', false, false}, {'A', 'T', true, true},
	} {
		if got := IBANCountry(c.a, c.b); got != c.iban {
			t.Errorf("IBANCountry(%c%c) = %v, want %v", c.a, c.b, got, c.iban)
		}
		if got := NINOPrefix(c.a, c.b); got != c.nino {
			t.Errorf("NINOPrefix(%c%c) = %v, want %v", c.a, c.b, got, c.nino)
		}
	}
}
