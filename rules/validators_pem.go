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

// validKeyBody checks the text between BEGIN and END lines. A key pasted
// from source code or a log keeps its key lines: each line's quotes,
// string concatenation (+), commas, semicolons and a trailing backslash
// are dropped, and a line may start with a log prefix (a timestamp, a
// build step such as "#6 0.245") before its base64.
func validKeyBody(body string) bool {
	body = strings.ReplaceAll(body, `\n`, "\n")
	body = strings.ReplaceAll(body, `\r`, "")
	n := 0
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.Contains(line, ": ") || (strings.HasPrefix(line, "=") && len(line) == 5) {
			continue // blank, an RFC 1421/4880 header, or a PGP CRC-24 line
		}
		fields := keyLineFields(line)
		if len(fields) == 0 || logPrefix(fields) {
			continue // code syntax alone (`"`, `+ "`, `";`), or the log prefix of the END line
		}
		last := fields[len(fields)-1]
		if !isBase64Std(last) {
			return false
		}
		all := true
		for _, f := range fields[:len(fields)-1] {
			all = all && isBase64Std(f)
		}
		switch {
		case all:
			for _, f := range fields {
				n += len(strings.TrimRight(f, "="))
			}
		case logPrefix(fields[:len(fields)-1]):
			n += len(strings.TrimRight(last, "="))
		default:
			return false
		}
	}
	return n >= minKeyBody
}

// keyLineFields splits a key line into its fields without the code syntax
// around them: quotes, commas, semicolons, parentheses, a trailing
// backslash, and a lone + (string concatenation).
func keyLineFields(line string) []string {
	var out []string
	for _, f := range strings.Fields(line) {
		f = strings.Trim(f, "\"',;()`")
		f = strings.TrimRight(f, `\`)
		f = strings.Trim(f, "\"'")
		if f == "" || f == "+" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// logPrefix reports whether fields are a log line's prefix: dates, times,
// durations and build step numbers (digits with - : . # [ ] / T Z).
func logPrefix(fields []string) bool {
	for _, f := range fields {
		digit := false
		for i := 0; i < len(f); i++ {
			c := f[i]
			switch {
			case c >= '0' && c <= '9':
				digit = true
			case strings.IndexByte("-:.#[]/TZ,+", c) >= 0:
			default:
				return false
			}
		}
		if !digit {
			return false
		}
	}
	return true
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
