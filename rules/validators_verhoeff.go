package rules

// Verhoeff tables: multiplication in the dihedral group D5 and the
// position permutation.
var (
	verhoeffD = [10][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
)

// ValidVerhoeff reports whether s (digits, optionally grouped with spaces
// or dashes; at least two digits) ends in a valid Verhoeff check digit.
func ValidVerhoeff(s string) bool {
	d, ok := digitsOnly(s)
	return ok && len(d) >= 2 && verhoeffChecksum(d) == 0
}

// ValidAadhaar reports whether s is an Indian Aadhaar number: twelve
// digits (optionally grouped 4-4-4), not starting with 0 or 1, with a
// valid Verhoeff check digit.
func ValidAadhaar(s string) bool {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 12 || d[0] == '0' || d[0] == '1' {
		return false
	}
	return verhoeffChecksum(d) == 0
}

// verhoeffChecksum is 0 for a digit string with a valid check digit.
func verhoeffChecksum(d string) byte {
	var c byte
	for i := 0; i < len(d); i++ {
		digit := d[len(d)-1-i] - '0'
		c = verhoeffD[c][verhoeffP[i%8][digit]]
	}
	return c
}
