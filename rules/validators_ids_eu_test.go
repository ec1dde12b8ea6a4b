package rules

import "testing"

// Vectors for the EU national identifier validators: numbers published as
// examples (by the issuing authorities or in the algorithm's write-ups)
// and generated fakes, each next to the same number with a wrong check.

func TestValidATSVNR(t *testing.T) {
	runVectors(t, "ValidATSVNR", ValidATSVNR, []vector{
		{"published", "1237 010180", true},
		{"plain", "1237010180", true},
		{"wrong check", "1238010180", false},
		{"leading zero", "0237010180", false},
		{"month 16", "1237011680", false},
		{"day 32", "1237320180", false},
		{"nine digits", "123701018", false},
	})
}

func TestValidBENationalNumber(t *testing.T) {
	runVectors(t, "ValidBENationalNumber", ValidBENationalNumber, []vector{
		{"published", "85.07.30-033.28", true},
		{"spaced", "85 07 30 033 28", true},
		{"born 2017", "17.07.30-033.84", true},
		{"fake", "68092894792", true},
		{"fake since 2000", "19030445865", true},
		{"bis month+40", withBE("854730033"), true},
		{"wrong check", "85.07.30-033.29", false},
		{"2000 check for 1985", "85.07.30-033.84", false},
		{"month 13", withBE("851330033"), false},
		{"31 february", withBE("850231033"), false},
		{"ten digits", "8507300332", false},
	})
}

// withBE appends the 1900s check of a Belgian national number.
func withBE(nine string) string {
	n := 0
	for _, c := range nine {
		n = n*10 + int(c-'0')
	}
	c := 97 - n%97
	return nine + string(rune('0'+c/10)) + string(rune('0'+c%10))
}

func TestValidBGEGN(t *testing.T) {
	runVectors(t, "ValidBGEGN", ValidBGEGN, []vector{
		{"published", "8032056031", true},
		{"born 2010 (month+40)", "1041070003", true},
		{"fake", "9103200810", true},
		{"fake 2", "7906159382", true},
		{"wrong check", "8032056032", false},
		{"month 13", "8013056031", false},
		{"letters", "7552A10004", false},
	})
}

func TestValidHROIB(t *testing.T) {
	runVectors(t, "ValidHROIB", ValidHROIB, []vector{
		{"published", "33392005961", true},
		{"fake", "74681453841", true},
		{"fake leading zero", "01916146104", true},
		{"wrong check", "33392005962", false},
		{"ten digits", "3339200596", false},
	})
}

func TestValidCZSKBirthNumber(t *testing.T) {
	runVectors(t, "ValidCZSKBirthNumber", ValidCZSKBirthNumber, []vector{
		{"published", "710319/2745", true},
		{"plain", "7103192745", true},
		{"woman (month+50)", withCZ("875501123"), true},
		{"since 2004 (month+20)", withCZ("047201123"), true},
		{"nine digits before 1954", "491231123", true},
		{"wrong check", "7103192746", false},
		{"nine digits after 1954", "991231123", false},
		{"month 13", withCZ("711319274"), false},
		{"30 february", withCZ("710230274"), false},
	})
}

// withCZ appends the check digit of a ten-digit birth number.
func withCZ(nine string) string {
	n := 0
	for _, c := range nine {
		n = n*10 + int(c-'0')
	}
	return nine + string(rune('0'+n%11%10))
}

func TestValidDKCPR(t *testing.T) {
	runVectors(t, "ValidDKCPR", ValidDKCPR, []vector{
		{"published", "211062-5629", true},
		{"no mod 11 since 2007", "211062-5628", true},
		{"born 2005", "0101054123", true},
		{"29 february 2000", "290200-4000", true},
		{"29 february 1900", "290200-1000", false},
		{"day 51", "511062-5629", false},
		{"month 13", "2113625629", false},
		{"nine digits", "211062562", false},
	})
}

func TestValidEEIsikukood(t *testing.T) {
	runVectors(t, "ValidEEIsikukood", ValidEEIsikukood, []vector{
		{"published", "36805280109", true},
		{"lithuanian published", "33309240064", true},
		{"second stage check", "37605030299", true},
		{"fake", "49002010777", true},
		{"fake 2000s", "53707031139", true},
		{"wrong check", "36805280108", false},
		{"lithuanian wrong check", "33309240164", false},
		{"century digit 9", "96805280109", false},
		{"month 13", "36813280109", false},
	})
}

func TestValidFIHetu(t *testing.T) {
	runVectors(t, "ValidFIHetu", ValidFIHetu, []vector{
		{"published", "131052-308T", true},
		{"lower case", "131052-308t", true},
		{"2023 century sign Y", "131052Y308T", true},
		{"born 2000s", "010101A123N", true},
		{"2023 century sign B", "010101B123N", true},
		{"temporary", "131052-900" + string(hetuCheck[131052900%31]), true},
		{"wrong check", "131052-308U", false},
		{"31 february", "310252-308Y", false},
		{"individual 001", "131052-001" + string(hetuCheck[131052001%31]), false},
		{"century sign G", "131052G308T", false},
	})
}

func TestValidFRNIR(t *testing.T) {
	runVectors(t, "ValidFRNIR", ValidFRNIR, []vector{
		{"published", "2 95 10 99 126 111 93", true},
		{"plain", "295109912611193", true},
		{"corsica 2B", "253072B07300470", true},
		{"corsica 2A", "164102A44126241", true},
		{"fake", "201117532675577", true},
		{"wrong key", "295109912611199", false},
		{"2B key of 2A", "164102B44126241", false},
		{"sex 5", "595109912611193", false},
		{"month 00", "295009912611193", false},
		{"fourteen", "29510991261119", false},
	})
}

func TestValidDETaxID(t *testing.T) {
	runVectors(t, "ValidDETaxID", ValidDETaxID, []vector{
		{"published", "36 574 261 809", true},
		{"two digits repeated", "36554266806", false},
		{"a digit three times", withMod11x10("3657426186"), true},
		{"fake", "27966314509", true},
		{"fake 2", "48250519366", true},
		{"wrong check", "36574261890", false},
		{"no repeat", "12345678903", false},
		{"leading zero", "06574261809", false},
		{"two repeats", "11223456780", false},
		{"triple in a row", withMod11x10("1112345678"), false},
	})
}

// withMod11x10 appends the ISO 7064 MOD 11,10 check digit.
func withMod11x10(ten string) string {
	for c := '0'; c <= '9'; c++ {
		if euMod11x10([]byte(ten + string(c))) {
			return ten + string(c)
		}
	}
	panic("unreachable")
}

func TestValidDEIDCard(t *testing.T) {
	runVectors(t, "ValidDEIDCard", ValidDEIDCard, []vector{
		{"specimen", "T220001293", true},
		{"lower case", "t220001293", true},
		{"fake", "L5365Z59T8", true},
		{"fake 2", "C1XMPLNK45", true},
		{"wrong check", "T220001294", false},
		{"vowel", "TA20001293", false},
		{"digit first", "1220001293", false},
		{"nine characters", "T22000129", false},
	})
}

func TestValidGRAMKA(t *testing.T) {
	runVectors(t, "ValidGRAMKA", ValidGRAMKA, []vector{
		{"published", "01013099997", true},
		{"fake", "12097321520", true},
		{"fake 2", "15068489291", true},
		{"wrong check", "01013099999", false},
		{"month 13", withLuhn("0113309999"), false},
		{"ten digits", "0101309999", false},
	})
}

func TestValidHUTAJ(t *testing.T) {
	runVectors(t, "ValidHUTAJ", ValidHUTAJ, []vector{
		{"fake", "230455397", true},
		{"spaced", "717 918 946", true},
		{"fake 2", "386066890", true},
		{"wrong check", "230455398", false},
		{"ten digits", "2304553970", false},
	})
}

func TestValidHUTaxID(t *testing.T) {
	runVectors(t, "ValidHUTaxID", ValidHUTaxID, []vector{
		{"fake", "8533312326", true},
		{"fake 2", "8146166822", true},
		{"wrong check", "8533312327", false},
		{"not 8", "7533312326", false},
		{"nine digits", "853331232", false},
	})
}

func TestValidIEPPSN(t *testing.T) {
	runVectors(t, "ValidIEPPSN", ValidIEPPSN, []vector{
		{"published", "6433435F", true},
		{"second letter T", "6433435FT", true},
		{"second letter W", "6433435FW", true},
		{"second letter A", "1234567FA", true},
		{"sequence", "1234567T", true},
		{"lower case", "1234567t", true},
		{"wrong letter", "6433435E", false},
		{"A without its weight", "1234567TA", false},
		{"second letter C", "6433435FC", false},
		{"six digits", "643343F", false},
	})
}

func TestValidITCodiceFiscale(t *testing.T) {
	runVectors(t, "ValidITCodiceFiscale", ValidITCodiceFiscale, []vector{
		{"published", "RSSMRA85T10A562S", true},
		{"lower case", "rssmra85t10a562s", true},
		{"woman", "RSSMRA85T50A562" + cfCheck("RSSMRA85T50A562"), true},
		{"omocodia", "RSSMRA85T10A56N" + cfCheck("RSSMRA85T10A56N"), true},
		{"wrong check", "RSSMRA85T10A562T", false},
		{"month letter F", "RSSMRA85F10A562S", false},
		{"31 april", "RSSMRA85D31A562" + cfCheck("RSSMRA85D31A562"), false},
		{"day 32", "RSSMRA85T32A562" + cfCheck("RSSMRA85T32A562"), false},
		{"fifteen", "RSSMRA85T10A562", false},
	})
}

// cfCheck computes the check letter of the first fifteen characters.
func cfCheck(s string) string {
	for c := 'A'; c <= 'Z'; c++ {
		if ValidITCodiceFiscale(s + string(c)) {
			return string(c)
		}
	}
	return "?"
}

func TestValidLVPersonasKods(t *testing.T) {
	runVectors(t, "ValidLVPersonasKods", ValidLVPersonasKods, []vector{
		{"published", "161175-19997", true},
		{"fake", "13097227538", true},
		{"since 2017", "32470316023", true},
		{"since 2017 dashed", "324703-16023", true},
		{"wrong check", "161175-19996", false},
		{"century 3", "161175-39997", false},
		{"month 13", "161375-19997", false},
	})
}

func TestValidLUMatricule(t *testing.T) {
	runVectors(t, "ValidLUMatricule", ValidLUMatricule, []vector{
		{"fake", "1981050877224", true},
		{"spaced", "1973 0727 785 94", true},
		{"fake 2", "1943041490415", true},
		{"wrong luhn", "1981050877234", false},
		{"wrong verhoeff", "1981050877225", false},
		{"month 13", "1981130877224", false},
		{"twelve", "198105087722", false},
	})
}

func TestValidMTIDCard(t *testing.T) {
	runVectors(t, "ValidMTIDCard", ValidMTIDCard, []vector{
		{"seven digits", "1234567M", true},
		{"short", "12345G", true},
		{"letter A", "0465978A", true},
		{"zeros", "0000000M", false},
		{"letter X", "1234567X", false},
		{"eight digits", "12345678M", false},
		{"lower case", "1234567m", false},
	})
}

func TestValidNLBSN(t *testing.T) {
	runVectors(t, "ValidNLBSN", ValidNLBSN, []vector{
		{"published", "111222333", true},
		{"dotted", "1112.22.333", true},
		{"fake", "934288495", true},
		{"fake 2", "171218760", true},
		{"wrong check", "111222334", false},
		{"zeros", "000000000", false},
		{"eight digits", "11122233", false},
	})
}

func TestValidPLPESEL(t *testing.T) {
	runVectors(t, "ValidPLPESEL", ValidPLPESEL, []vector{
		{"published", "44051401359", true},
		{"born 2002 (month+20)", "02221307580", true},
		{"month 38", "02381307589", false},
		{"fake", "17021585027", true},
		{"wrong check", "44051401358", false},
		{"month 13", "44131401359", false},
		{"ten digits", "4405140135", false},
	})
}

func TestValidPLNIP(t *testing.T) {
	runVectors(t, "ValidPLNIP", ValidPLNIP, []vector{
		{"published", "8567346215", true},
		{"dashed", "123-456-32-18", true},
		{"fake", "6318049173", true},
		{"wrong check", "8567346216", false},
		{"office 000", "0004567890", false},
	})
}

func TestValidPTNIF(t *testing.T) {
	runVectors(t, "ValidPTNIF", ValidPTNIF, []vector{
		{"company", "501 964 843", true},
		{"sequence", "123456789", true},
		{"fake", "157735648", true},
		{"wrong check", "501964842", false},
		{"leading zero", "023456789", false},
		{"4 without 5", "412345670", false},
	})
}

func TestValidPTCC(t *testing.T) {
	runVectors(t, "ValidPTCC", ValidPTCC, []vector{
		{"published", "00000000 0 ZZ4", true},
		{"compact", "000000000ZZ4", true},
		{"lower case", "00000000 0 zz4", true},
		{"wrong check", "00000000 0 ZZ3", false},
		{"letter in number", "00000000 A ZZ4", false},
		{"short", "0000000 0 ZZ4", false},
	})
}

func TestValidROCNP(t *testing.T) {
	runVectors(t, "ValidROCNP", ValidROCNP, []vector{
		{"published", "1630615123457", true},
		{"fake", "1351002444951", true},
		{"fake 2000s", "5831001422670", true},
		{"wrong check", "1630615123458", false},
		{"sex digit 0", "0800101221142", false},
		{"month 22", "1632215123457", false},
		{"county 60", "1630615603457", false},
	})
}

func TestValidSIEMSO(t *testing.T) {
	runVectors(t, "ValidSIEMSO", ValidSIEMSO, []vector{
		{"published", "0101006500006", true},
		{"fake", "0411974503379", true},
		{"fake 2", "0805989506313", true},
		{"wrong check", "0101006500007", false},
		{"month 13", "0113006500006", false},
		{"twelve", "010100650000", false},
	})
}

func TestValidESDNI(t *testing.T) {
	runVectors(t, "ValidESDNI", ValidESDNI, []vector{
		{"published", "12345678Z", true},
		{"dashed", "12345678-Z", true},
		{"dotted", "12.345.678-Z", true},
		{"lower case", "12345678z", true},
		{"wrong letter", "12345678A", false},
		{"letter I", "12345678I", false},
		{"seven digits", "1234567Z", false},
	})
}

func TestValidESNIE(t *testing.T) {
	runVectors(t, "ValidESNIE", ValidESNIE, []vector{
		{"published", "X-2482300W", true},
		{"compact", "X2482300W", true},
		{"Y", "Y1234567X", true},
		{"Z", "Z1234567R", true},
		{"wrong letter", "X2482300A", false},
		{"no letter", "X2482300", false},
		{"leading W", "W2482300W", false},
	})
}

func TestValidSEPersonnummer(t *testing.T) {
	runVectors(t, "ValidSEPersonnummer", ValidSEPersonnummer, []vector{
		{"published", "880320-0016", true},
		{"tax agency example", "811218-9876", true},
		{"with century", "19811218-9876", true},
		{"compact", "198112189876", true},
		{"over 100", "811218+9876", true},
		{"coordination", "811278-9873", true},
		{"wrong check", "880320-0018", false},
		{"month 13", "881320-0016", false},
		{"century 17", "17811218-9876", false},
		{"plus in the wrong place", "8112+189876", false},
	})
}

// TestEUValidatorsAllocateNothing runs every EU validator on a valid and
// an invalid number: the hot path of a rule must not allocate.
func TestEUValidatorsAllocateNothing(t *testing.T) {
	inputs := map[string][]string{
		"at-svnr": {"1237 010180", "1238010180"}, "be-national-number": {"85.07.30-033.28", "85073003329"},
		"bg-egn": {"8032056031", "8032056032"}, "hr-oib": {"33392005961", "33392005962"},
		"cz-sk-birth-number": {"710319/2745", "7103192746"}, "dk-cpr": {"211062-5629", "2113625629"},
		"ee-isikukood": {"36805280109", "36805280108"}, "lt-asmens-kodas": {"33309240064", "33309240164"},
		"fi-hetu": {"131052-308T", "131052-308U"}, "fr-nir": {"253072B07300470", "295109912611199"},
		"de-tax-id": {"36 574 261 809", "36574261890"}, "de-id-card": {"T220001293", "T220001294"},
		"gr-amka": {"01013099997", "01013099999"}, "hu-taj": {"230455397", "230455398"},
		"hu-tax-id": {"8533312326", "8533312327"}, "ie-ppsn": {"1234567FA", "6433435E"},
		"it-codice-fiscale": {"RSSMRA85T10A562S", "RSSMRA85T10A562T"}, "lv-personas-kods": {"161175-19997", "32470316024"},
		"lu-matricule": {"1981050877224", "1981050877225"}, "mt-id-card": {"1234567M", "0000000M"},
		"nl-bsn": {"111222333", "111222334"}, "pl-pesel": {"44051401359", "44051401358"},
		"pl-nip": {"123-456-32-18", "8567346216"}, "pt-nif": {"123456789", "501964842"},
		"pt-cc": {"00000000 0 ZZ4", "00000000 0 ZZ3"}, "ro-cnp": {"1630615123457", "1630615123458"},
		"si-emso": {"0101006500006", "0101006500007"}, "es-dni": {"12.345.678-Z", "12345678A"},
		"es-nie": {"X-2482300W", "X2482300A"}, "se-personnummer": {"19811218-9876", "811218+9875"},
	}
	for name, in := range inputs {
		v, err := LookupValidator(name)
		if err != nil {
			t.Fatalf("LookupValidator(%s): %v", name, err)
		}
		if !v(in[0]) || v(in[1]) {
			t.Errorf("%s: got %v %v on %q %q, want true false", name, v(in[0]), v(in[1]), in[0], in[1])
		}
		if n := testing.AllocsPerRun(100, func() { v(in[0]); v(in[1]) }); n != 0 {
			t.Errorf("%s: got %v allocations per run, want 0", name, n)
		}
	}
}

// FuzzValidatorsEU feeds one input to every EU validator: none panics or
// reads past its input, whatever the text.
func FuzzValidatorsEU(f *testing.F) {
	for _, s := range []string{"1237 010180", "131052-308T", "253072B07300470", "RSSMRA85T10A562S", "811218+9876", "00000000 0 ZZ4", "X-2482300W", "1234567FA", "+", "2a", "----"} {
		f.Add(s)
	}
	var vs []Validator
	for _, name := range []string{"at-svnr", "be-national-number", "bg-egn", "hr-oib", "cz-sk-birth-number", "dk-cpr", "ee-isikukood",
		"fi-hetu", "fr-nir", "de-tax-id", "de-id-card", "gr-amka", "hu-taj", "hu-tax-id", "ie-ppsn", "it-codice-fiscale",
		"lv-personas-kods", "lu-matricule", "mt-id-card", "nl-bsn", "pl-pesel", "pl-nip", "pt-nif", "pt-cc", "ro-cnp",
		"si-emso", "es-dni", "es-nie", "se-personnummer"} {
		v, err := LookupValidator(name)
		if err != nil {
			f.Fatalf("LookupValidator(%s): %v", name, err)
		}
		vs = append(vs, v)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range vs {
			if first, second := v(s), v(s); first != second {
				t.Errorf("validator is not deterministic on %q", s)
			}
		}
	})
}
