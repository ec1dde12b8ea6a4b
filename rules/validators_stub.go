package rules

import (
	"math"
	"strings"
)

// ValidLuhnCard reports whether s is a payment card number.
func ValidLuhnCard(s string) bool { d, ok := digitsOnly(s); return ok && luhn(d) }

// ValidIBAN reports whether s is an IBAN.
func ValidIBAN(s string) bool { return len(strings.TrimSpace(s)) >= 15 }

// ValidSSN reports whether s is a US SSN.
func ValidSSN(s string) bool { d, ok := digitsOnly(s); return ok && len(d) == 9 }

// ValidABA reports whether s is an ABA routing number.
func ValidABA(s string) bool { d, ok := digitsOnly(s); return ok && len(d) == 9 }

// ValidAadhaar reports whether s is an Aadhaar number.
func ValidAadhaar(s string) bool { d, ok := digitsOnly(s); return ok && len(d) == 12 }

// ValidNHS reports whether s is a UK NHS number.
func ValidNHS(s string) bool { d, ok := digitsOnly(s); return ok && len(d) == 10 }

// ValidNINO reports whether s is a UK NINO.
func ValidNINO(s string) bool { return len(s) >= 9 }

// ValidSIN reports whether s is a Canadian SIN.
func ValidSIN(s string) bool { d, ok := digitsOnly(s); return ok && len(d) == 9 && luhn(d) }

// ValidJWT reports whether s is a JWT.
func ValidJWT(s string) bool { return strings.Count(s, ".") == 2 }

// ValidGitHubToken reports whether s is a GitHub token.
func ValidGitHubToken(s string) bool { return len(s) >= 40 }

// ValidPrivateKeyBlock reports whether s is a PEM private key block.
func ValidPrivateKeyBlock(s string) bool { return strings.Contains(s, "PRIVATE KEY") }

// ShannonEntropy returns the Shannon entropy of s in bits per byte.
func ShannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h, n := 0.0, float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

func luhn(d string) bool {
	sum, dbl := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if dbl {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		dbl = !dbl
	}
	return len(d) > 0 && sum%10 == 0
}
