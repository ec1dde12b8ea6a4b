package rules

import "testing"

func TestValidChineseResidentID(t *testing.T) {
	runVectors(t, "ValidChineseResidentID", ValidChineseResidentID, []vector{
		{"X check", "41010519581018614X", true},
		{"lowercase x", "41010519581018614x", true},
		{"digit check", "370202198709282636", true},
		{"bad check", "41010519581018615X", false},
		{"month 13", "370202198713282636", false},
		{"year 1750", "370202175009282636", false},
		{"region 9", "970202198709282636", false},
		{"17 chars", "37020219870928263", false},
	})
}

func TestValidPAN(t *testing.T) {
	runVectors(t, "ValidPAN", ValidPAN, []vector{
		{"person", "ASWPN0757F", true},
		{"firm", "NHCFE1396Q", true},
		{"holder D", "ASWDN0757F", false},
		{"digits 0000", "ASWPN0000F", false},
		{"lowercase", "aswpn0757f", false},
	})
}

func TestValidNIK(t *testing.T) {
	runVectors(t, "ValidNIK", ValidNIK, []vector{
		{"woman", "3678125004563634", true},
		{"man", "1216223001980726", true},
		{"province 40", "4078125004563634", false},
		{"month 13", "3678125013563634", false},
		{"day 72", "3678127204563634", false},
		{"serial 0000", "3678125004560000", false},
	})
}

func TestValidMyNumber(t *testing.T) {
	runVectors(t, "ValidMyNumber", ValidMyNumber, []vector{
		{"spaced", "2455 6312 8561", true},
		{"dashed", "9289-2421-2899", true},
		{"plain", "666110692445", true},
		{"bad check", "2455 6312 8562", false},
		{"all same", "000000000000", false},
		{"eleven digits", "24556312856", false},
	})
}

func TestValidRRN(t *testing.T) {
	runVectors(t, "ValidRRN", ValidRRN, []vector{
		{"1981", "810711-2227561", true},
		{"check digit not required", "810711-2227562", true},
		{"foreigner 1999", "9901015234567", true},
		{"2000s", "020229-3123456", false}, // 2002 is not a leap year
		{"2000 leap", "000229-3123456", true},
		{"february 31", "810231-2227561", false},
		{"short", "810711-222756", false},
	})
}

func TestValidINN(t *testing.T) {
	runVectors(t, "ValidINN", ValidINN, []vector{
		{"organisation", "7707083893", true},
		{"person", "500100732259", true},
		{"generated person", "172796055300", true},
		{"bad organisation", "7707083894", false},
		{"bad person 11th", "500100732269", false},
		{"bad person 12th", "500100732258", false},
		{"zeros", "0000000000", false},
		{"eleven digits", "77070838931", false},
	})
}

func TestValidSNILS(t *testing.T) {
	runVectors(t, "ValidSNILS", ValidSNILS, []vector{
		{"published example", "112-233-445 95", true},
		{"plain", "70262512756", true},
		{"sum 100 or more", "461-020-989 52", true},
		{"bad check", "112-233-445 96", false},
		{"all same", "111-111-111 11", false},
	})
}

func TestValidSaudiID(t *testing.T) {
	runVectors(t, "ValidSaudiID", ValidSaudiID, []vector{
		{"citizen", "1501158859", true},
		{"iqama", "2252393026", true},
		{"bad luhn", "2252393027", false},
		{"starts 3", withLuhn("325239302"), false},
		{"nine digits", "225239302", false},
	})
}

func TestValidTCKimlik(t *testing.T) {
	runVectors(t, "ValidTCKimlik", ValidTCKimlik, []vector{
		{"published example", "10000000146", true},
		{"generated", "70720321990", true},
		{"bad tenth", "10000000156", false},
		{"bad eleventh", "10000000147", false},
		{"leading zero", "00000000000", false},
	})
}

func TestValidNRIC(t *testing.T) {
	runVectors(t, "ValidNRIC", ValidNRIC, []vector{
		{"published S", "S1234567D", true},
		{"T", "T9796900G", true},
		{"M series", "M1234567K", true},
		{"bad S", "S1234567E", false},
		{"bad M", "M1234567L", false},
		{"prefix A", "A1234567D", false},
		{"six digits", "S123456D", false},
	})
}
