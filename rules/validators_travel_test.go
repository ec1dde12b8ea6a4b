package rules

import "testing"

// ICAO 9303 specimens (Anna Maria Eriksson, Utopia).
const (
	td3Name = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	td3Data = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	td1     = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)

func TestValidMRZ(t *testing.T) {
	runVectors(t, "ValidMRZ", ValidMRZ, []vector{
		{"td3 specimen", td3Name + "\n" + td3Data, true},
		{"td3 data line", td3Data, true},
		{"td3 crlf", td3Name + "\r\n" + td3Data, true},
		{"td1 specimen", td1, true},
		{"td1 two lines", td1[:61], true},
		{"document check", "L898902C37UTO7408122F1204159ZE184226B<<<<<10", false},
		{"birth check", "L898902C36UTO7408123F1204159ZE184226B<<<<<10", false},
		{"expiry check", "L898902C36UTO7408122F1204158ZE184226B<<<<<10", false},
		{"personal check", "L898902C36UTO7408122F1204159ZE184226B<<<<<20", false},
		{"composite check", "L898902C36UTO7408122F1204159ZE184226B<<<<<11", false},
		{"td1 composite", "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<7", false},
		{"td1 document check", "I<UTOD231458908<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6", false},
		{"lowercase", "l898902c36uto7408122f1204159ze184226b<<<<<10", false},
		{"short", td3Data[:43], false},
	})
}

func TestValidPassportNumber(t *testing.T) {
	runVectors(t, "ValidPassportNumber", ValidPassportNumber, []vector{
		{"nine digits", "604456885", true},
		{"german specimen", "C01X00T47", true},
		{"french", "18AB34567", true},
		{"run", "123456789", false},
		{"descending", "A98765432", false},
		{"all same", "000000000", false},
		{"three digits", "ABCDEF123", false},
	})
}

func TestValidDrivingLicence(t *testing.T) {
	runVectors(t, "ValidDrivingLicence", ValidDrivingLicence, []vector{
		{"dvla", "MORGA753116SM9IJ", true},
		{"dvla padded spaced", "WOOD9 854267 I99DI", true},
		{"dvla issue number", "PATEL909023A99DU 67", true},
		{"dvla april 31", "MORGA754316SM9IJ", false},
		{"dvla 9 inside surname", "MO9GA753116SM9IJ", false},
		{"dvla digit initial", "MORGA7531169M9IJ", false},
		{"florida", "Y776-522-99-277-4", true},
		{"german", "B072RRE2I55", true},
		{"all same", "111111111", false},
		{"four digits", "AB1234", false},
	})
}

// TestWorldValidatorsDoNotAllocate checks that the validators of the
// world pack run without heap allocations on a valid value.
func TestWorldValidatorsDoNotAllocate(t *testing.T) {
	cases := map[string]struct {
		v  Validator
		in string
	}{
		"ar-cuit": {ValidCUIT, "20-49339923-4"}, "au-tfn": {ValidTFN, "123 456 782"}, "au-medicare": {ValidMedicare, "2383 49050 5-4"},
		"br-cpf": {ValidCPF, "111.444.777-35"}, "br-cnpj": {ValidCNPJ, "11.222.333/0001-81"}, "cn-resident-id": {ValidChineseResidentID, "41010519581018614X"},
		"in-pan": {ValidPAN, "ASWPN0757F"}, "id-nik": {ValidNIK, "3678125004563634"}, "jp-my-number": {ValidMyNumber, "2455 6312 8561"},
		"kr-rrn": {ValidRRN, "810711-2227561"}, "mx-curp": {ValidCURP, "VORH530311HMCHXS21"}, "mx-rfc": {ValidRFC, "GAGD700619XX2"},
		"ru-inn": {ValidINN, "500100732259"}, "ru-snils": {ValidSNILS, "112-233-445 95"}, "sa-national-id": {ValidSaudiID, "2252393026"},
		"za-id": {ValidSouthAfricanID, "8109133376088"}, "tr-tc-kimlik": {ValidTCKimlik, "10000000146"}, "sg-nric": {ValidNRIC, "S1234567D"},
		"us-itin": {ValidITIN, "965-80-3274"}, "mrz": {ValidMRZ, td3Name + "\n" + td3Data}, "passport": {ValidPassportNumber, "C01X00T47"},
		"driving-licence": {ValidDrivingLicence, "MORGA753116SM9IJ"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if !c.v(c.in) {
				t.Fatalf("%s(%q): got false, want true", name, c.in)
			}
			if n := testing.AllocsPerRun(100, func() { c.v(c.in) }); n != 0 {
				t.Errorf("%s(%q): got %v allocations, want 0", name, c.in, n)
			}
		})
	}
}

func FuzzValidatorsWorld(f *testing.F) {
	vs := []Validator{ValidCUIT, ValidTFN, ValidMedicare, ValidCPF, ValidCNPJ, ValidChineseResidentID, ValidPAN, ValidNIK, ValidMyNumber,
		ValidRRN, ValidCURP, ValidRFC, ValidINN, ValidSNILS, ValidSaudiID, ValidSouthAfricanID, ValidTCKimlik, ValidNRIC, ValidITIN,
		ValidMRZ, ValidPassportNumber, ValidDrivingLicence}
	for _, s := range []string{"111.444.777-35", td1, "MORGA753116SM9IJ", "GAÑD700619XX2", "\n", "<<", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, v := range vs {
			if first, second := v(s), v(s); first != second {
				t.Errorf("validator %d is not deterministic on %q", i, s)
			}
		}
	})
}
