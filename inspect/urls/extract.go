package urls

import (
	"sort"
	"strings"
	"unicode/utf8"

	"mvdan.cc/xurls/v2"
)

// Link is one URL found in a text.
type Link struct {
	// Start and End are the byte offsets of the link's text in the input
	// (End exclusive), for removal: text[Start:End] == Raw. For Slack
	// markup it is the whole <url|label>, for an HTML anchor the whole
	// <a ...>...</a> element.
	Start, End int
	// Raw is the link as written.
	Raw string
	// URL is the normalised absolute URL: scheme added when missing
	// (http), defanging undone, the host in IDNA ASCII.
	URL string
	// Host is the IDNA ASCII (punycode), lower-case host, dots folded, no
	// trailing dot; an IPv6 address without brackets.
	Host string
	// Domain is the registrable domain (eTLD+1, public suffix list), or
	// Host for an IP address or a name that is itself a public suffix.
	Domain string
	// Label is the text a Slack <url|label> or an HTML anchor shows, when
	// it names a host; "" otherwise.
	Label string
	// LabelHost is the host Label names (normalised as Host), when its
	// registrable domain differs from Domain: the text shows one site and
	// the link goes to another (a lure). "" otherwise.
	LabelHost string
	// Defanged is true when the link was written defanged: hxxp, [.],
	// (.), (dot), [dot], [:]...
	Defanged bool
	// MixedScript is true when a label of the host, in Unicode, mixes
	// letters of confusable scripts (Latin with Cyrillic, Greek...): a
	// homograph such as "аpple.com" with a Cyrillic а.
	MixedScript bool
}

// pathRe matches a URL path continuation by xurls' grammar (RFC 3987
// characters, closing punctuation left out); schemeRe an http, https or
// ftp URL. Both are anchored: a match starts at 0 or there is none, so a
// failed match costs nothing more than its first bytes.
var (
	schemeRe = mustScheme(`^(?:https?://|ftp://)`)
	pathRe   = mustScheme(`^`)
)

func mustScheme(exp string) interface {
	FindStringIndex(string) []int
} {
	re, err := xurls.StrictMatchingScheme(exp)
	if err != nil {
		panic(err)
	}
	re.Longest()
	return re
}

// tlds are the top-level domains xurls' relaxed mode knows (IANA's and
// the pseudo TLDs: example, test, local...): a scheme-less link must end
// in one.
var tlds = func() map[string]struct{} {
	m := make(map[string]struct{}, len(xurls.TLDs)+len(xurls.PseudoTLDs))
	for _, t := range append(append([]string(nil), xurls.TLDs...), xurls.PseudoTLDs...) {
		m[strings.ToLower(t)] = struct{}{}
	}
	return m
}()

// fileTLDs are TLDs that are also common file extensions: a bare
// "name.ext" with one of them (report.zip, setup.py, README.md) is taken
// for a file name, not a link, unless it has a path, a port or a scheme.
var fileTLDs = map[string]bool{"zip": true, "mov": true, "py": true, "md": true, "sh": true}

// Extract finds every link in text, in order of Start, without overlap:
// URLs with an http, https or ftp scheme; scheme-less ones whose host
// ends in a known TLD (xurls' relaxed rules), or is an IPv4 address;
// Slack <url|label> and <url>; HTML anchors' href (Teams, Matrix
// formatted_body); defanged forms (hxxp://, hxxps://, [.], (.), {.},
// (dot), [dot], [:], [://]) and full-width or ideographic dots. E-mail
// addresses, other schemes (mailto:, tel:...), version numbers and file
// names are not links.
func Extract(text string) []Link {
	if !mayHoldLink(text) {
		return nil
	}
	var links []Link
	prev := 0
	for i := strings.IndexByte(text, '<'); i >= 0 && i < len(text); {
		m, ok := markupAt(text, i)
		if !ok {
			j := strings.IndexByte(text[i+1:], '<')
			if j < 0 {
				break
			}
			i += 1 + j
			continue
		}
		links = plain(text, prev, i, links)
		links = append(links, m)
		prev, i = m.End, m.End
		if j := strings.IndexByte(text[i:], '<'); j >= 0 {
			i += j
		} else {
			i = -1
		}
	}
	links = plain(text, prev, len(text), links)
	sort.SliceStable(links, func(a, b int) bool { return links[a].Start < links[b].Start })
	return links
}

// mayHoldLink is the cheap prefilter: no link without a dot (ASCII,
// full-width or ideographic), a colon or a defanging bracket.
func mayHoldLink(text string) bool {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '.', ':', 0xe3, 0xef, '(', '[', '{':
			return true
		}
	}
	return false
}

// plain appends the links of text[from:to], token by token (tokens are
// separated by ASCII white space); tokens that cannot hold a link are
// skipped without a closer look.
func plain(text string, from, to int, links []Link) []Link {
	for i := from; i < to; {
		for i < to && spaceTable[text[i]] {
			i++
		}
		j := i
		for j < to && !spaceTable[text[j]] {
			j++
		}
		if j > i && candidate(text[i:j]) {
			links = token(text, i, text[i:j], links)
		}
		i = j
	}
	return links
}

var spaceTable = [256]bool{' ': true, '\n': true, '\t': true, '\r': true, '\f': true, '\v': true}

func isSpace(c byte) bool { return spaceTable[c] }

// candidate is the cheap test of a token: a dot before a letter (a TLD
// starts with one), three dots before digits (an IPv4 address), "://",
// a defanging marker or a full-width dot.
func candidate(tok string) bool {
	digitDots := 0
	for i := 0; i+1 < len(tok); i++ {
		switch c := tok[i]; c {
		case '.':
			n := tok[i+1]
			if 'a' <= n|0x20 && n|0x20 <= 'z' || n >= utf8.RuneSelf {
				return true
			}
			if isDigit(n) {
				digitDots++
			}
		case ':':
			if strings.HasPrefix(tok[i+1:], "//") {
				return true
			}
		case '[', '(', '{':
			switch tok[i+1] {
			case '.', ':', 'd', 'D':
				return true
			}
		case 0xe3, 0xef:
			for _, d := range foldDots {
				if strings.HasPrefix(tok[i:], d) {
					return true
				}
			}
		}
	}
	return digitDots >= 3
}

// token appends the links of one token, which starts at offset base.
func token(text string, base int, tok string, links []Link) []Link {
	r := refanged{s: tok}
	if needsRefang(tok) {
		r = refang(tok)
	}
	for _, sp := range spans(r.s) {
		start, end := base+r.at(sp.a), base+r.at(sp.b)
		l, ok := makeLink(r.s[sp.a:sp.b])
		if !ok || start >= end {
			continue
		}
		l.Start, l.End, l.Raw = start, end, text[start:end]
		l.Defanged = r.defanged(sp.a, sp.b)
		links = append(links, l)
	}
	return links
}

// at maps an offset in r.s to one in the original token.
func (r *refanged) at(i int) int {
	if r.orig == nil {
		return i
	}
	return r.orig[i]
}

func (r *refanged) defanged(a, b int) bool {
	for _, m := range r.marked[min(a, len(r.marked)):min(b, len(r.marked))] {
		if m {
			return true
		}
	}
	return false
}
