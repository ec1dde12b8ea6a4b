package rules

import "strings"

const (
	pemBegin = "-----BEGIN "
	pemEnd   = "-----END "
	pemDash  = "-----"
	// minKeyBody is the fewest base64 characters a private key body has
	// (the smallest real keys, Ed25519 in PKCS#8, are 64).
	minKeyBody = 40
)

// ValidPrivateKeyBlock reports whether s is the shape of a PEM or OpenSSH
// or PGP armoured private key: a BEGIN line whose label contains "PRIVATE
// KEY", an END line with the same label, and between them optional
// "Name: value" headers followed by at least 40 base64 characters
// (whitespace, and literal \n escapes as pasted from source code, ignored).
func ValidPrivateKeyBlock(s string) bool {
	s = strings.TrimSpace(s)
	label, rest, ok := pemLabel(s, pemBegin)
	if !ok || !strings.Contains(label, "PRIVATE KEY") {
		return false
	}
	i := strings.LastIndex(rest, pemEnd)
	if i < 0 {
		return false
	}
	endLabel, tail, ok := pemLabel(rest[i:], pemEnd)
	if !ok || endLabel != label || strings.TrimSpace(tail) != "" {
		return false
	}
	return validKeyBody(rest[:i])
}

// pemLabel parses "-----BEGIN LABEL-----" (or END) at the start of s.
func pemLabel(s, marker string) (label, rest string, ok bool) {
	if !strings.HasPrefix(s, marker) {
		return "", "", false
	}
	s = s[len(marker):]
	j := strings.Index(s, pemDash)
	if j <= 0 || strings.ContainsAny(s[:j], "\r\n") {
		return "", "", false
	}
	return s[:j], s[j+len(pemDash):], true
}

// validKeyBody checks the text between BEGIN and END lines.
func validKeyBody(body string) bool {
	body = strings.ReplaceAll(body, `\n`, "\n")
	body = strings.ReplaceAll(body, `\r`, "")
	n := 0
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.Contains(line, ": ") || (strings.HasPrefix(line, "=") && len(line) == 5) {
			continue // blank, an RFC 1421/4880 header, or a PGP CRC-24 line
		}
		for _, field := range strings.Fields(line) {
			if !isBase64Std(field) {
				return false
			}
			n += len(strings.TrimRight(field, "="))
		}
	}
	return n >= minKeyBody
}

func isBase64Std(s string) bool {
	t := strings.TrimRight(s, "=")
	if len(s)-len(t) > 2 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !isAlnum(c) && c != '+' && c != '/' {
			return false
		}
	}
	return true
}
