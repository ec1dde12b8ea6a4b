package urls

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// refanged is a token with its defanging undone and its full-width dots
// folded, with, for every byte of s, the offset in the original token of
// the text it came from (orig has len(s)+1 entries: the last is the
// token's length).
type refanged struct {
	s      string
	orig   []int
	marked []bool // marked[i]: s[i] replaced a defanging marker
}

// defangMarks are the markers undone, longest first, matched without
// regard to case; each stands for its replacement.
var defangMarks = []struct{ mark, repl string }{
	{"[://]", "://"},
	{"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."},
	{"[.]", "."}, {"(.)", "."}, {"{.}", "."},
	{"[:]", ":"},
}

// foldDots are the full-width and ideographic full stops UTS #46 maps
// to '.': U+3002, U+FF0E, U+FF61.
var foldDots = []string{"\u3002", "\uff0e", "\uff61"}

// needsRefang reports whether tok holds anything refang changes: the
// cheap test that spares most tokens the copy.
func needsRefang(tok string) bool {
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; c {
		case '[', '(', '{', 0xe3, 0xef:
			return true
		case 'x', 'X':
			if i > 0 && (tok[i-1] == 'h' || tok[i-1] == 'H') {
				return true
			}
		}
	}
	return false
}

// refang undoes the defanging of tok: hxxp(s) becomes http(s), the
// bracketed markers their character, full-width dots '.'.
func refang(tok string) refanged {
	var b strings.Builder
	b.Grow(len(tok))
	r := refanged{orig: make([]int, 0, len(tok)+1), marked: make([]bool, 0, len(tok))}
	put := func(s string, from int, marked bool) {
		b.WriteString(s)
		for range len(s) {
			r.orig = append(r.orig, from)
			r.marked = append(r.marked, marked)
		}
	}
next:
	for i := 0; i < len(tok); {
		c := tok[i]
		switch {
		case (c == 'h' || c == 'H') && hasPrefixFold(tok[i:], "hxxp") && schemeFollows(tok[i+4:]):
			put(tok[i:i+1], i, false)
			put("tt", i+1, true)
			put(tok[i+3:i+4], i+3, false)
			i += 4
			continue
		case c == '[' || c == '(' || c == '{':
			for _, m := range defangMarks {
				if hasPrefixFold(tok[i:], m.mark) {
					put(m.repl, i, true)
					i += len(m.mark)
					continue next
				}
			}
		case c == 0xe3 || c == 0xef:
			for _, d := range foldDots {
				if strings.HasPrefix(tok[i:], d) {
					put(".", i, false)
					i += len(d)
					continue next
				}
			}
		}
		put(tok[i:i+1], i, false)
		i++
	}
	r.s = b.String()
	r.orig = append(r.orig, len(tok))
	return r
}

// schemeFollows reports whether rest (after "hxxp") continues a scheme:
// an optional 's' then ':' or a bracketed "[:]" / "[://]".
func schemeFollows(rest string) bool {
	if rest != "" && (rest[0] == 's' || rest[0] == 'S') {
		rest = rest[1:]
	}
	return strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "[:")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// lookup is the IDNA profile for hosts: UTS #46 mapping (case, width,
// ideographic dots), as browsers resolve names. lenient keeps going on
// names Lookup refuses (underscores, odd labels) so that such a host is
// still reported, lower-cased.
var (
	lookup  = idna.Lookup
	lenient = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.StrictDomainName(false))
	display = idna.New(idna.StrictDomainName(false))
)

// NormalizeHost returns host as Link.Host has it: IDNA ASCII (punycode),
// lower-case, dots folded, no trailing dot, no brackets around an IPv6
// address. It returns "" for a host it cannot make sense of.
func NormalizeHost(host string) string {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	for _, d := range foldDots {
		host = strings.ReplaceAll(host, d, ".")
	}
	host = strings.TrimRight(host, ".")
	if host == "" {
		return ""
	}
	ascii, err := lookup.ToASCII(host)
	if err != nil {
		ascii, err = lenient.ToASCII(host)
		if err != nil || ascii == "" {
			ascii = strings.ToLower(host)
		}
	}
	return ascii
}

// registrable returns the eTLD+1 of an ASCII host, or host itself for an
// IP address or a host that is a public suffix.
func registrable(host string) string {
	if _, err := netip.ParseAddr(host); err == nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// confusable are the scripts whose letters pass for one another's; a
// label that draws letters from two of them is a homograph. Han, kana
// and Hangul beside Latin are ordinary (CJK names) and not counted.
var confusable = []*unicode.RangeTable{
	unicode.Latin, unicode.Cyrillic, unicode.Greek, unicode.Armenian,
	unicode.Cherokee, unicode.Georgian, unicode.Coptic,
}

// mixedScript reports whether a label of the host (ASCII, punycode
// decoded here) mixes letters of two confusable scripts.
func mixedScript(asciiHost string) bool {
	if !strings.Contains(asciiHost, "xn--") {
		return false // all ASCII: one script
	}
	u, err := display.ToUnicode(asciiHost)
	if err != nil && u == "" {
		return false
	}
	for label := range strings.SplitSeq(u, ".") {
		if labelMixed(label) {
			return true
		}
	}
	return false
}

func labelMixed(label string) bool {
	seen := -1
	for _, r := range label {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) {
			if r < utf8.RuneSelf && unicode.IsLetter(r) {
				if seen >= 0 && seen != 0 {
					return true
				}
				seen = 0
			}
			continue
		}
		for i, t := range confusable {
			if unicode.Is(t, r) {
				if seen >= 0 && seen != i {
					return true
				}
				seen = i
				break
			}
		}
	}
	return false
}
