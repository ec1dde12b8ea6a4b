package urls

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hostLink checks the run of host characters s[i:j] (starting with a
// letter or digit) found in s[:to]: a link when its last label is a
// known TLD, or when the whole run is an IPv4 address, extended by a
// port and a path as xurls' relaxed pattern does. It returns the span.
func hostLink(s string, i, j, to int) (start, end int, ok bool) {
	e := j
	for e > i && (s[e-1] == '.' || s[e-1] == '-') {
		e--
	}
	if e < len(s) && s[e] == '@' {
		return 0, 0, false // the local part of an e-mail address
	}
	// The longest suffix of well-formed labels is the host.
	start, labels, tld, octets := e, 0, "", true
	for end := e; ; {
		k := strings.LastIndexByte(s[i:end], '.')
		ls := i + k + 1 // i when k is -1
		label := s[ls:end]
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			break
		}
		if labels == 0 {
			tld = label
		}
		octets = octets && octet(label)
		labels++
		start = ls
		if k < 0 {
			break
		}
		end = i + k
	}
	ipv4 := octets && labels == 4 && start == i
	if _, known := tlds[strings.ToLower(tld)]; labels < 2 || (!known && !ipv4) {
		return 0, 0, false
	}
	p := e
	if p+1 < to && s[p] == ':' && isDigit(s[p+1]) {
		p++
		for p < to && isDigit(s[p]) {
			p++
		}
	}
	if p < to && s[p] == '/' {
		p++
		if loc := pathRe.FindStringIndex(s[p:to]); loc != nil && loc[0] == 0 {
			p += loc[1]
		}
	}
	if p == e && labels == 2 && fileTLDs[strings.ToLower(tld)] {
		return 0, 0, false
	}
	return start, p, true
}

// octet reports whether label is a decimal 0-255 without a leading zero.
func octet(label string) bool {
	if label == "" || len(label) > 3 || (len(label) > 1 && label[0] == '0') {
		return false
	}
	n := 0
	for i := 0; i < len(label); i++ {
		if !isDigit(label[i]) {
			return false
		}
		n = n*10 + int(label[i]-'0')
	}
	return n <= 255
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// makeLink fills URL, Host, Domain and MixedScript from a refanged link
// text, with or without a scheme. ok is false when it has no host.
func makeLink(u string) (Link, bool) {
	scheme, rest := "http", u
	if k := strings.Index(u, "://"); k > 0 && isScheme(u[:k]) {
		scheme, rest = strings.ToLower(u[:k]), u[k+3:]
	}
	auth, tail := rest, ""
	if k := strings.IndexAny(rest, "/?#\\"); k >= 0 {
		auth, tail = rest[:k], rest[k:]
	}
	userinfo, hostport := "", auth
	if k := strings.LastIndexByte(auth, '@'); k >= 0 {
		userinfo, hostport = auth[:k+1], auth[k+1:]
	}
	host, port := splitHostPort(hostport)
	h := NormalizeHost(host)
	if h == "" {
		return Link{}, false
	}
	hu := h
	if strings.Contains(h, ":") {
		hu = "[" + h + "]"
	}
	if port != "" {
		hu += ":" + port
	}
	return Link{
		URL:         scheme + "://" + userinfo + hu + tail,
		Host:        h,
		Domain:      registrable(h),
		MixedScript: mixedScript(h),
	}, true
}

// splitHostPort splits "host:port", "[v6]:port", "host" or "[v6]"; a
// port is all digits.
func splitHostPort(hp string) (host, port string) {
	if strings.HasPrefix(hp, "[") {
		if c := strings.IndexByte(hp, ']'); c > 0 {
			host, rest := hp[1:c], hp[c+1:]
			if len(rest) > 1 && rest[0] == ':' && allDigits(rest[1:]) {
				port = rest[1:]
			}
			return host, port
		}
	}
	if c := strings.LastIndexByte(hp, ':'); c >= 0 && allDigits(hp[c+1:]) {
		if c+1 < len(hp) {
			port = hp[c+1:]
		}
		return hp[:c], port
	}
	return hp, ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isScheme reports whether s is a URL scheme: a letter, then letters,
// digits, '+', '-' or '.'.
func isScheme(s string) bool {
	if s == "" || !('a' <= s[0]|0x20 && s[0]|0x20 <= 'z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('a' <= c|0x20 && c|0x20 <= 'z') && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

type span struct{ a, b int }

// spans finds the links in a (refanged) token: first those with a
// scheme, then scheme-less hosts in the gaps between them.
func spans(s string) []span {
	var out []span
	from := 0
	for from < len(s) {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			break
		}
		k += from
		start := schemeStart(s, k)
		if start < 0 {
			from = k + 3
			continue
		}
		loc := schemeRe.FindStringIndex(s[start:])
		if loc == nil || loc[0] != 0 {
			from = k + 3
			continue
		}
		n := len(out)
		out = hosts(s, from, start, len(s), out)
		if len(out) > n && out[len(out)-1].b > start {
			from = out[len(out)-1].b // a scheme-less link's path holds it
			continue
		}
		out = append(out, span{start, start + loc[1]})
		from = start + loc[1]
	}
	return hosts(s, from, len(s), len(s), out)
}

// schemeStart returns where the http, https or ftp scheme ending at k
// (the "://") starts, or -1.
func schemeStart(s string, k int) int {
	for _, sch := range [...]string{"https", "http", "ftp"} {
		if k >= len(sch) && strings.EqualFold(s[k-len(sch):k], sch) {
			return k - len(sch)
		}
	}
	return -1
}

// hosts appends the scheme-less links that start in s[from:to]: runs of
// host characters that end in a known TLD (or are an IPv4 address), with
// an optional port and a path, which may run on up to limit.
func hosts(s string, from, to, limit int, out []span) []span {
	for i := from; i < to; {
		c, n := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, n = utf8.DecodeRuneInString(s[i:to])
		}
		if !hostChar(c) || c == '.' || c == '-' {
			i += n
			continue
		}
		j := i
		dot := false
		for j < to {
			c, n := rune(s[j]), 1
			if c >= utf8.RuneSelf {
				c, n = utf8.DecodeRuneInString(s[j:to])
			}
			if !hostChar(c) {
				break
			}
			dot = dot || c == '.'
			j += n
		}
		if dot && (i == 0 || !strings.ContainsRune("@/\\", rune(s[i-1]))) {
			if start, end, ok := hostLink(s, i, j, limit); ok {
				out = append(out, span{start, end})
				i = end
				continue
			}
		}
		i = j
	}
	return out
}

func hostChar(c rune) bool {
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.'
	}
	return unicode.IsLetter(c) || unicode.IsMark(c) || unicode.IsNumber(c)
}
