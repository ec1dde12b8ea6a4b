package rules

import (
	"encoding/base64"
	"strings"
	"testing"
)

// jwtOf builds a compact JWT from a header and payload JSON, signature sig.
func jwtOf(header, payload, sig string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(payload)) + "." + sig
}

func TestValidJWT(t *testing.T) {
	runVectors(t, "ValidJWT", ValidJWT, []vector{
		{"jwt.io example", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", true},
		{"rs256", jwtOf(`{"alg":"RS256","kid":"k1"}`, `{"iss":"https://idp.example","exp":1900000000}`, "c2lnbmF0dXJlLWJ5dGVz"), true},
		{"alg none empty sig", jwtOf(`{"alg":"none"}`, `{"sub":"x"}`, ""), true},
		{"no alg", jwtOf(`{"typ":"JWT"}`, `{"sub":"x"}`, "c2ln"), false},
		{"alg not string", jwtOf(`{"alg":5}`, `{"sub":"x"}`, "c2ln"), false},
		{"header not json", jwtOf(`hello`, `{"sub":"x"}`, "c2ln"), false},
		{"payload not json", jwtOf(`{"alg":"HS256"}`, `plain text`, "c2ln"), false},
		{"two parts", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0", false},
		{"four parts", jwtOf(`{"alg":"HS256"}`, `{"sub":"x"}`, "c2ln") + ".x", false},
		{"bad sig chars", jwtOf(`{"alg":"HS256"}`, `{"sub":"x"}`, "c2l+n/"), false},
		{"version string", "1.2.3", false},
		{"hostname", "www.example.com", false},
	})
}

// fakeGitHubToken builds a checksum-valid classic token of the given type
// from a 30-character body.
func fakeGitHubToken(prefix, body string) string { return prefix + body + Base62CRC32(body) }

func TestValidGitHubToken(t *testing.T) {
	body := "Zx9Qm2Lk7Rt4Vb8Nc3Pw6Yh1Jd5Fg0"
	valid := fakeGitHubToken("ghp_", body)
	runVectors(t, "ValidGitHubToken", ValidGitHubToken, []vector{
		{"ghp", valid, true},
		{"gho", fakeGitHubToken("gho_", body), true},
		{"ghu", fakeGitHubToken("ghu_", "000000000000000000000000000000"), true},
		{"ghs", fakeGitHubToken("ghs_", "abcdefghijklmnopqrstuvwxyzABCD"), true},
		{"ghr", fakeGitHubToken("ghr_", body), true},
		{"bad checksum", valid[:39] + string(valid[39]^1), false},
		{"body changed", "ghp_" + "a" + body[1:] + valid[34:], false},
		{"unknown type", "ghx_" + valid[4:], false},
		{"fine-grained", "github_pat_" + strings.Repeat("A", 82), false},
		{"too short", valid[:39], false},
		{"too long", valid + "A", false},
		{"non base62", valid[:10] + "-" + valid[11:], false},
		{"placeholder", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false},
	})
}

func TestBase62CRC32(t *testing.T) {
	// CRC-32 of "" is 0: six zero digits, the padding case.
	if got := Base62CRC32(""); got != "000000" {
		t.Errorf("Base62CRC32(\"\"): got %q, want %q", got, "000000")
	}
	// CRC-32("123456789") = 0xCBF43926 = 3421780262 = 3 45 35 27 22 14 in base 62.
	if got := Base62CRC32("123456789"); got != "3jZRME" {
		t.Errorf("Base62CRC32(123456789): got %q, want %q", got, "3jZRME")
	}
}
