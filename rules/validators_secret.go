package rules

import (
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"math"
	"strings"
)

// ShannonEntropy returns the Shannon entropy of s in bits per byte: 0 for
// a repeated character, 8 at most.
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

// ValidJWT reports whether s is a JSON Web Token in compact form: three
// dot-separated base64url parts, a header that decodes to a JSON object
// with a string "alg", and a payload that decodes to a JSON object.
func ValidJWT(s string) bool {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) != 3 || !isBase64URL(parts[2]) {
		return false
	}
	var header struct {
		Alg *string `json:"alg"`
	}
	if !decodeJSONPart(parts[0], &header) || header.Alg == nil || *header.Alg == "" {
		return false
	}
	var payload map[string]any
	return decodeJSONPart(parts[1], &payload)
}

// decodeJSONPart base64url-decodes part (padding optional) into v.
func decodeJSONPart(part string, v any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(part, "="))
	if err != nil || len(raw) == 0 || raw[0] != '{' {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

func isBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '-' && c != '_' && c != '=' {
			return false
		}
	}
	return true
}

// githubPrefixes are the classic GitHub token types (personal, OAuth,
// user-to-server, server-to-server, refresh).
var githubPrefixes = []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}

// base62Alphabet is the digit order GitHub uses for token checksums.
const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ValidGitHubToken reports whether s is a classic GitHub token: a type
// prefix (ghp_ gho_ ghu_ ghs_ ghr_), 30 base62 characters, and 6 base62
// characters holding the CRC-32 (IEEE) of those 30, zero-padded. See
// github.blog 2021-04-05 "Behind GitHub's new authentication token formats".
func ValidGitHubToken(s string) bool {
	if len(s) != 40 || !hasAnyPrefix(s, githubPrefixes) {
		return false
	}
	body, sum := s[4:34], s[34:]
	for i := 4; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return Base62CRC32(body) == sum
}

// Base62CRC32 returns the 6-character base62 CRC-32 (IEEE) of s, as used
// in the last six characters of a classic GitHub token.
func Base62CRC32(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	var out [6]byte
	for i := 5; i >= 0; i-- {
		out[i] = base62Alphabet[n%62]
		n /= 62
	}
	return string(out[:])
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
}
