package rules

import "testing"

func TestValidSSN(t *testing.T) {
	runVectors(t, "ValidSSN", ValidSSN, []vector{
		{"dashed", "536-22-1234", true},
		{"plain", "536221234", true},
		{"spaced", "536 22 1234", true},
		{"next to advertising", "078-05-1121", true},
		{"area 899", "899-45-6780", true},
		{"area 000", "000-12-3456", false},
		{"area 666", "666-12-3456", false},
		{"area 900", "900-12-3456", false},
		{"area 987", "987-65-4321", false},
		{"group 00", "123-00-4567", false},
		{"serial 0000", "123-45-0000", false},
		{"woolworth wallet", "078-05-1120", false},
		{"advertising 219", "219-09-9999", false},
		{"advertising 123", "123-45-6789", false},
		{"eight digits", "123-45-678", false},
		{"letters", "123-45-67a9", false},
	})
}

func TestValidABA(t *testing.T) {
	runVectors(t, "ValidABA", ValidABA, []vector{
		{"fed boston", "011000015", true},
		{"chase ny", "021000021", true},
		{"bofa", "026009593", true},
		{"bofa ca", "121000358", true},
		{"chase ca", "322271627", true},
		{"thrift 2xx prefix", "211370545", true},
		{"bad checksum", "021000022", false},
		{"prefix 13", "131000025", false},
		{"prefix 00", "000000000", false},
		{"prefix 50", withABA("50100001"), false},
		{"eight digits", "02100002", false},
		{"letters", "02100002a", false},
	})
}

// withABA appends the ABA check digit to eight digits.
func withABA(prefix string) string {
	for c := '0'; c <= '9'; c++ {
		d := prefix + string(c)
		sum := 0
		for i, w := range []int{3, 7, 1, 3, 7, 1, 3, 7, 1} {
			sum += int(d[i]-'0') * w
		}
		if sum%10 == 0 {
			return d
		}
	}
	panic("unreachable")
}

func TestValidNHS(t *testing.T) {
	runVectors(t, "ValidNHS", ValidNHS, []vector{
		{"plain", "9434765919", true},
		{"spaced", "943 476 5919", true},
		{"dashed", "943-476-5919", true},
		{"second example", "4010232137", true},
		{"bad check", "9434765918", false},
		{"check would be 10", "1000000010", false},
		{"all zeros", "0000000000", false},
		{"all same", "4444444444", false},
		{"nine digits", "943476591", false},
		{"letters", "94347659a9", false},
	})
}

func TestValidNINO(t *testing.T) {
	runVectors(t, "ValidNINO", ValidNINO, []vector{
		{"plain", "AB123456C", true},
		{"spaced", "AB 12 34 56 C", true},
		{"lowercase", "jg103759a", true},
		{"suffix D", "CE123456D", true},
		{"prefix BG", "BG123456A", false},
		{"prefix GB", "GB123456A", false},
		{"prefix NK", "NK123456A", false},
		{"prefix KN", "KN123456A", false},
		{"prefix TN", "TN123456A", false},
		{"prefix NT", "NT123456A", false},
		{"prefix ZZ", "ZZ123456A", false},
		{"first D", "DA123456A", false},
		{"first Q", "QQ123456C", false},
		{"second O", "AO123456A", false},
		{"second V", "AV123456A", false},
		{"suffix E", "AB123456E", false},
		{"no suffix", "AB123456", false},
		{"five digits", "AB12345C", false},
		{"digit prefix", "1B123456C", false},
	})
}

func TestValidVerhoeff(t *testing.T) {
	runVectors(t, "ValidVerhoeff", ValidVerhoeff, []vector{
		{"wikipedia 236", "2363", true},
		{"12345", "123451", true},
		{"142857", "1428570", true},
		{"bad", "2364", false},
		{"transposition", "2633", false},
		{"one digit", "0", false},
		// Twelve digits: 6, 7 or 8 at a position ≡ 4 (mod 8) from the
		// right, where a wrong row 4 of the permutation table shows.
		{"aadhaar 2345 6789 0124", "234567890124", true},
		{"aadhaar 7531-0864-2099", "753108642099", true},
		{"row 4 as 9 4 5 3 1 2 8 7 6 0", "897077975252", false},
	})
}

// TestVerhoeffTables checks the permutation table against its definition:
// row k is row 1 applied k times (p(i) = (1 5 8 9 4 2 7 0)(3 6)).
func TestVerhoeffTables(t *testing.T) {
	for k := 1; k < 8; k++ {
		for i := 0; i < 10; i++ {
			if want := verhoeffP[1][verhoeffP[k-1][i]]; verhoeffP[k][i] != want {
				t.Errorf("verhoeffP[%d][%d] = %d, want %d", k, i, verhoeffP[k][i], want)
			}
		}
	}
}

func TestValidAadhaar(t *testing.T) {
	valid := withVerhoeff("23456789012")
	runVectors(t, "ValidAadhaar", ValidAadhaar, []vector{
		{"plain", valid, true},
		{"spaced", valid[:4] + " " + valid[4:8] + " " + valid[8:], true},
		{"starts 9", withVerhoeff("98765432101"), true},
		{"bad check", valid[:11] + string('0'+(valid[11]-'0'+1)%10), false},
		{"starts 0", withVerhoeff("03456789012"), false},
		{"starts 1", withVerhoeff("13456789012"), false},
		{"eleven digits", withVerhoeff("2345678901"), false},
		{"letters", "2345 6789 01x2", false},
	})
}
