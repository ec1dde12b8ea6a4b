package urls

import (
	"html"
	"strings"
)

// maxMarkup bounds how far a Slack link or an HTML anchor is looked for
// past its '<': longer is taken for prose.
const maxMarkup = 8 << 10

// markupAt reads the Slack link or HTML anchor that starts at text[i]
// ('<'), if any, and returns it as a Link spanning the whole markup.
func markupAt(text string, i int) (Link, bool) {
	rest := text[i+1:]
	if len(rest) > 1 && (rest[0]|0x20) == 'a' && isSpace(rest[1]) {
		return anchorAt(text, i)
	}
	return slackAt(text, i)
}

// slackAt reads Slack's <url> or <url|label>: a URL with an http, https
// or ftp scheme (defanged or not) between '<' and '>'.
func slackAt(text string, i int) (Link, bool) {
	rest := text[i+1 : min(len(text), i+1+maxMarkup)]
	end := strings.IndexAny(rest, "<>\n")
	if end < 0 || rest[end] != '>' {
		return Link{}, false
	}
	inner := rest[:end]
	target, label, _ := strings.Cut(inner, "|")
	l, ok := linkTo(html.UnescapeString(target))
	if !ok {
		return Link{}, false
	}
	l.Start, l.End = i, i+1+end+1
	l.Raw = text[l.Start:l.End]
	l.Defanged = l.Defanged || strings.Contains(strings.ToLower(target), "hxxp")
	setLabel(&l, html.UnescapeString(label))
	return l, true
}

// anchorAt reads an HTML anchor <a ... href="url" ...>text</a>: its href
// must be an http, https or ftp URL; the span ends after </a> (or after
// the start tag when no end tag follows).
func anchorAt(text string, i int) (Link, bool) {
	window := text[i:min(len(text), i+maxMarkup)]
	tagEnd := tagClose(window)
	if tagEnd < 0 {
		return Link{}, false
	}
	href, ok := attr(window[:tagEnd], "href")
	if !ok {
		return Link{}, false
	}
	l, ok := linkTo(html.UnescapeString(href))
	if !ok {
		return Link{}, false
	}
	end, inner := tagEnd+1, ""
	if k := endTag(window[end:]); k >= 0 {
		if c := strings.IndexByte(window[end+k:], '>'); c >= 0 {
			inner = window[end : end+k]
			end += k + c + 1
		}
	}
	l.Start, l.End = i, i+end
	l.Raw = text[l.Start:l.End]
	setLabel(&l, html.UnescapeString(stripTags(inner)))
	return l, true
}

// linkTo makes the Link of a markup's target: a whole URL with a scheme.
func linkTo(target string) (Link, bool) {
	target = strings.TrimSpace(target)
	r := refanged{s: target}
	if needsRefang(target) {
		r = refang(target)
	}
	k := strings.Index(r.s, "://")
	if k < 0 || schemeStart(r.s, k) != 0 {
		return Link{}, false
	}
	l, ok := makeLink(r.s)
	l.Defanged = ok && r.defanged(0, len(r.s))
	return l, ok
}

// setLabel sets Label when the label names a host, and LabelHost when
// that host's registrable domain is not the link's.
func setLabel(l *Link, label string) {
	label = strings.TrimSpace(label)
	if label == "" || !mayHoldLink(label) {
		return
	}
	shown := plain(label, 0, len(label), nil)
	if len(shown) == 0 {
		return
	}
	l.Label = label
	if shown[0].Domain != l.Domain {
		l.LabelHost = shown[0].Host
	}
}

// tagClose returns the index of the '>' that ends the tag window starts
// with, quotes respected, or -1.
func tagClose(window string) int {
	var quote byte
	for j := 1; j < len(window); j++ {
		switch c := window[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		case c == '<':
			return -1
		}
	}
	return -1
}

// attr returns the value of the attribute name in a start tag.
func attr(tag, name string) (string, bool) {
	for from := 0; ; {
		k := indexFold(tag[from:], name)
		if k < 0 {
			return "", false
		}
		k += from
		from = k + len(name)
		if !isSpace(tag[k-1]) {
			continue
		}
		rest := strings.TrimLeft(tag[from:], " \t\r\n\f")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n\f")
		if rest == "" {
			return "", false
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if e := strings.IndexByte(rest[1:], q); e >= 0 {
				return rest[1 : 1+e], true
			}
			return "", false
		}
		e := strings.IndexAny(rest, " \t\r\n\f>")
		if e < 0 {
			e = len(rest)
		}
		return rest[:e], true
	}
}

// stripTags drops the tags of an anchor's content, keeping its text.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// endTag returns where the anchor's end tag </a starts in s, or -1 when
// another anchor starts first (anchors do not nest) or none is found.
func endTag(s string) int {
	for i := strings.IndexByte(s, '<'); i >= 0; {
		rest := s[i+1:]
		if len(rest) >= 2 && rest[0] == '/' && rest[1]|0x20 == 'a' {
			return i
		}
		if len(rest) >= 2 && rest[0]|0x20 == 'a' && isSpace(rest[1]) {
			return -1
		}
		j := strings.IndexByte(rest, '<')
		if j < 0 {
			return -1
		}
		i += 1 + j
	}
	return -1
}

// indexFold is strings.Index without regard to ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
