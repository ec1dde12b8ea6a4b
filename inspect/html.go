package inspect

import "strings"

// maxTagLen bounds how far a tag may run before '<' is taken as text.
const maxTagLen = 2048

// hasHTML reports a tag, comment or character reference stripHTML would
// rewrite; flags are the byte flags of s (only what they flag is looked
// for).
func hasHTML(s string, flags uint8) bool {
	if flags&flagHTML != 0 {
		for i := indexFrom(s, '<', 0); i >= 0; i = indexFrom(s, '<', i+1) {
			if n, _ := tagAt(s, i); n > 0 {
				return true
			}
		}
	}
	if flags&flagAmp != 0 {
		for i := indexFrom(s, '&', 0); i >= 0; i = indexFrom(s, '&', i+1) {
			if _, n := entity(s, i); n > 0 {
				return true
			}
		}
	}
	return false
}

// indexFrom is the index of the first c in s at or after i, or -1.
func indexFrom(s string, c byte, i int) int {
	if i >= len(s) {
		return -1
	}
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return -1
}

// stripHTML removes tags and decodes character references. A block-level
// tag (p, br, div, li, td...) becomes one space, an inline tag (b, span, a,
// font...) and a comment become nothing, so "<b>4012</b> 8888" reads
// "4012 8888" and "4012<span>8888</span>" reads "40128888". A '<' that does
// not open a tag ("a < b", "<3") stays text. Quoted attribute values of at
// least minAttrLen bytes are recorded (b.attrs) to be inspected on their
// own, so a value hidden in title="..." is still seen.
func stripHTML(in string, b *mapBuilder) {
	last := 0
	for i := 0; i < len(in); {
		switch in[i] {
		case '<':
			n, block := tagAt(in, i)
			if n == 0 {
				i++
				continue
			}
			b.copy(in, last, i)
			if block {
				b.emit(" ", i, i+n)
			}
			b.attrs = attrValues(in, i, i+n, b.attrs)
			b.attrs = keyValueAttr(in, i, i+n, b.attrs)
			b.attrs = secretElement(in, i, i+n, b.attrs)
			i += n
			last = i
		case '&':
			dec, n := entity(in, i)
			if n == 0 {
				i++
				continue
			}
			b.copy(in, last, i)
			b.emit(dec, i, i+n)
			i += n
			last = i
		default:
			i++
		}
	}
	b.copy(in, last, len(in))
}

// minAttrLen is the shortest attribute value inspected.
const minAttrLen = 8

// attrValues appends the spans of the quoted attribute values inside the
// tag in[from:to].
func attrValues(in string, from, to int, out []span) []span {
	for i := from; i < to; i++ {
		q := in[i]
		if q != '"' && q != '\'' {
			continue
		}
		end := strings.IndexByte(in[i+1:to], q)
		if end < 0 {
			break
		}
		if end >= minAttrLen {
			out = append(out, span{i + 1, i + 1 + end})
		}
		i += end + 1
	}
	return out
}

// keyValueAttr records the stretch from key="…" to the end of value="…"
// in a tag in[from:to] that has both (.NET appSettings: <add
// key="SmtpPassword" value="…" />), so that the value is inspected with
// the key that names it.
func keyValueAttr(in string, from, to int, out []span) []span {
	tag := in[from:to]
	k := strings.Index(tag, "key=")
	v := strings.Index(tag, "value=")
	if k < 0 || v < k || v+7 > len(tag) {
		return out
	}
	q := tag[v+6]
	if q != '"' && q != '\'' {
		return out
	}
	end := strings.IndexByte(tag[v+7:], q)
	if end < 0 {
		return out
	}
	return append(out, span{from + k, from + v + 7 + end + 1})
}

// maxElementText is the longest element text secretElement records.
const maxElementText = 128

// secretElement records an element whose name names a password, from the
// name in its opening tag in[from:to] to its closing tag's "</" (Maven's
// <password>…</password>, <db.password>…</db.password>), so that the text
// is inspected with the name: stripped of its tags it reads as a word
// alone.
func secretElement(in string, from, to int, out []span) []span {
	if to-from < 5 || !isLetter(in[from+1]) || in[to-2] == '/' {
		return out
	}
	name := strings.ToLower(in[from+1 : to-1])
	if !strings.Contains(name, "passw") && !strings.Contains(name, "pwd") {
		return out
	}
	rest := in[to:min(len(in), to+maxElementText+2)]
	end := strings.Index(rest, "</")
	if end < 4 || strings.IndexByte(rest[:end], '<') >= 0 {
		return out
	}
	// From the name on: the part is normalised again, and its opening tag
	// would be stripped once more.
	return append(out, span{from + 1, to + end + 2})
}

// tagAt returns the length of the tag or comment starting at in[i] ('<'),
// 0 if there is none, and whether it separates words (block-level).
func tagAt(in string, i int) (int, bool) {
	rest := in[i:]
	if strings.HasPrefix(rest, "<!--") {
		end := strings.Index(rest[4:], "-->")
		if end < 0 {
			return 0, false
		}
		return 4 + end + 3, false
	}
	if len(rest) < 3 {
		return 0, false
	}
	j := 1
	if rest[j] == '/' || rest[j] == '!' || rest[j] == '?' {
		j++
	}
	if j >= len(rest) || !isLetter(rest[j]) {
		return 0, false
	}
	nameStart := j
	for j < len(rest) && isAlnum(rest[j]) {
		j++
	}
	name := rest[nameStart:j]
	n := tagEnd(rest, j)
	if n == 0 {
		return 0, false
	}
	return n, blockTag(name)
}

// tagEnd finds the '>' closing a tag, honouring quoted attribute values;
// it returns the tag length or 0.
func tagEnd(rest string, j int) int {
	var quote byte
	for ; j < len(rest) && j < maxTagLen; j++ {
		c := rest[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		case c == '<':
			return 0
		}
	}
	return 0
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// blockTag reports tags that separate words when rendered.
func blockTag(name string) bool {
	switch strings.ToLower(name) {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "tbody",
		"thead", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
		"section", "article", "header", "footer", "dd", "dt", "dl", "img":
		return true
	}
	return false
}
