package rules

import "testing"

func TestValidCUIT(t *testing.T) {
	runVectors(t, "ValidCUIT", ValidCUIT, []vector{
		{"person dashed", "20-49339923-4", true},
		{"company plain", "30843680611", true},
		{"prefix 23", "23-36446189-5", true},
		{"bad check", "20-49339923-5", false},
		{"prefix 21", "21-49339923-4", false},
		{"ten digits", "20-4933992-4", false},
		{"letters", "20-4933992A-4", false},
	})
}

func TestValidTFN(t *testing.T) {
	runVectors(t, "ValidTFN", ValidTFN, []vector{
		{"published example", "123 456 782", true},
		{"generated", "876231184", true},
		{"bad check", "123 456 783", false},
		{"all zeros", "000000000", false},
		{"eight digits", "12345678", false},
	})
}

func TestValidMedicare(t *testing.T) {
	runVectors(t, "ValidMedicare", ValidMedicare, []vector{
		{"card", "3197 74010 8", true},
		{"with reference", "2383 49050 5-4", true},
		{"slash reference", "2862087639/5", true},
		{"bad check", "3197 74011 8", false},
		{"first digit 7", "7197 74010 8", false},
		{"issue 0", "3197 74010 0", false},
		{"reference 0", "3197740108/0", false},
	})
}

func TestValidCPF(t *testing.T) {
	runVectors(t, "ValidCPF", ValidCPF, []vector{
		{"published example", "111.444.777-35", true},
		{"plain", "52790791708", true},
		{"first check wrong", "111.444.777-45", false},
		{"second check wrong", "111.444.777-36", false},
		{"all same", "111.111.111-11", false},
		{"ten digits", "111.444.777-3", false},
	})
}

func TestValidCNPJ(t *testing.T) {
	runVectors(t, "ValidCNPJ", ValidCNPJ, []vector{
		{"published example", "11.222.333/0001-81", true},
		{"plain", "09127050000109", true},
		{"alphanumeric", "OA.4IE.EX5/0002-11", true},
		{"bad check", "11.222.333/0001-82", false},
		{"all zeros", "00.000.000/0000-00", false},
		{"letter check", "11.222.333/0001-8A", false},
		{"lowercase", "oa.4ie.ex5/0002-11", false},
	})
}

func TestValidCURP(t *testing.T) {
	runVectors(t, "ValidCURP", ValidCURP, []vector{
		{"born 1953", "VORH530311HMCHXS21", true},
		{"born 2002", "KAGM020523MCSVNCB2", true},
		{"bad check", "VORH530311HMCHXS22", false},
		{"february 30", "VORH530230HMCHXS21", false},
		{"short", "VORH530311HMCHXS2", false},
	})
}

func TestValidRFC(t *testing.T) {
	runVectors(t, "ValidRFC", ValidRFC, []vector{
		{"person", "GAGD700619XX2", true},
		{"person 2", "UJTE9102233G0", true},
		{"company", "VGA0109246U0", true},
		{"bad check", "GAGD700619XX3", false},
		{"generic public", "XAXX010101000", false},
		{"bad date", "GAGD701319XX2", false},
		{"too long", "GAGDD700619XX2", false},
	})
}

func TestValidITIN(t *testing.T) {
	runVectors(t, "ValidITIN", ValidITIN, []vector{
		{"group 80", "965-80-3274", true},
		{"group 70", "928 70 3072", true},
		{"group 94", "944917105", true},
		{"group 49", "965-49-3274", false},
		{"group 93", "965-93-3274", false},
		{"group 89", "965-89-3274", false},
		{"not 9", "865-80-3274", false},
	})
}

func TestValidSouthAfricanID(t *testing.T) {
	runVectors(t, "ValidSouthAfricanID", ValidSouthAfricanID, []vector{
		{"1981", "8109133376088", true},
		{"1956", "5605185072189", true},
		{"bad luhn", "8109133376089", false},
		{"month 13", "8113133376088", false},
		{"citizenship 3", withLuhn("810913337638"), false},
	})
}
