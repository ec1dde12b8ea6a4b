package rules

import (
	"strings"
	"testing"
)

// fakeKeyBody is base64 of no real key: 48 bytes of a counting pattern.
const fakeKeyBody = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"

func pem(label, body string) string {
	return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----"
}

func TestValidPrivateKeyBlock(t *testing.T) {
	runVectors(t, "ValidPrivateKeyBlock", ValidPrivateKeyBlock, []vector{
		{"pkcs8", pem("PRIVATE KEY", fakeKeyBody), true},
		{"rsa", pem("RSA PRIVATE KEY", fakeKeyBody[:32]+"\n"+fakeKeyBody[32:]), true},
		{"ec", pem("EC PRIVATE KEY", fakeKeyBody), true},
		{"openssh", pem("OPENSSH PRIVATE KEY", fakeKeyBody), true},
		{"encrypted pkcs8", pem("ENCRYPTED PRIVATE KEY", fakeKeyBody), true},
		{"legacy encrypted headers", pem("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"+fakeKeyBody), true},
		{"pgp armour", pem("PGP PRIVATE KEY BLOCK", "Version: Fake 1.0\n\n"+fakeKeyBody+"\n=AbCd"), true},
		{"one line chat paste", strings.ReplaceAll(pem("PRIVATE KEY", fakeKeyBody), "\n", " "), true},
		{"escaped newlines", strings.ReplaceAll(pem("PRIVATE KEY", fakeKeyBody), "\n", `\n`), true},
		{"crlf", strings.ReplaceAll(pem("PRIVATE KEY", fakeKeyBody), "\n", "\r\n"), true},
		{"java string concatenation", "-----BEGIN RSA PRIVATE KEY-----\\n\"\n  + \"" + fakeKeyBody[:32] + "\\n\"\n  + \"" + fakeKeyBody[32:] + "\\n\"\n  + \"-----END RSA PRIVATE KEY-----", true},
		{"log prefixes", "-----BEGIN PRIVATE KEY-----\n2026-04-26 12:36:01 " + fakeKeyBody[:32] + "\n2026-04-26 12:36:01 " + fakeKeyBody[32:] + "\n2026-04-26 12:36:01 -----END PRIVATE KEY-----", true},
		{"docker build prefixes", "-----BEGIN PRIVATE KEY-----\n#6 0.245 " + fakeKeyBody + "\n#6 0.245 AAEC=\n#6 0.245 -----END PRIVATE KEY-----", true},
		{"prose with a prefix", pem("PRIVATE KEY", "2026-04-26 the key goes here, see the wiki page for details ok"), false},
		{"words before the key line", pem("PRIVATE KEY", "paste it here: "+fakeKeyBody), false},
		{"label mismatch", "-----BEGIN RSA PRIVATE KEY-----\n" + fakeKeyBody + "\n-----END PRIVATE KEY-----", false},
		{"public key", pem("PUBLIC KEY", fakeKeyBody), false},
		{"certificate", pem("CERTIFICATE", fakeKeyBody), false},
		{"no end", "-----BEGIN PRIVATE KEY-----\n" + fakeKeyBody, false},
		{"placeholder body", pem("PRIVATE KEY", "...your key here..."), false},
		{"short body", pem("PRIVATE KEY", "MIIEvQIBADANBg"), false},
		{"empty body", pem("PRIVATE KEY", ""), false},
		{"trailing text", pem("PRIVATE KEY", fakeKeyBody) + " and more", false},
		{"bad padding", pem("PRIVATE KEY", fakeKeyBody+"==="), false},
	})
}
