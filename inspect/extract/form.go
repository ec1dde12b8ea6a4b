package extract

import (
	"errors"
	"net/url"
	"strings"
)

// maxFields bounds the fields of a form or the parts of a multipart body.
const maxFields = 4096

var errTooManyFields = errors.New("extract: too many fields")

// parseForm reads an application/x-www-form-urlencoded body into a
// container whose kids are the values (kindForm, unescaped), keyed by
// field name. A field name that is not a plain name (a valueless field,
// as `curl -d "some text"` sends, or a name with spaces or long digit
// runs) is a kid too, marked isName, so it is inspected and rewritable
// like a value. A malformed escape is an error.
func parseForm(s string) (*node, error) {
	root := &node{kind: kindRaw, end: len(s), raw: s}
	for off := 0; off < len(s); {
		pair := s[off:]
		if i := strings.IndexByte(pair, '&'); i >= 0 {
			pair = pair[:i]
		}
		k, v, hasValue := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, err
		}
		if len(root.kids) >= maxFields {
			return nil, errTooManyFields
		}
		if key != "" && (!hasValue || !plainName(key)) {
			root.adopt(&node{kind: kindForm, start: off, end: off + len(k), raw: k, text: key, isName: true}, "")
		}
		if hasValue {
			text, err := url.QueryUnescape(v)
			if err != nil {
				return nil, err
			}
			start := off + len(k) + 1
			root.adopt(&node{kind: kindForm, start: start, end: start + len(v), raw: v, text: text}, key)
		}
		off += len(pair) + 1
	}
	return root, nil
}

// plainName reports a field name that holds no text worth inspecting:
// letters, digits (no run of four or more), '_', '-', '.', '[' and ']'.
func plainName(k string) bool {
	digits := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= '0' && c <= '9':
			if digits++; digits >= 4 {
				return false
			}
			continue
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '-', c == '.', c == '[', c == ']':
		default:
			return false
		}
		digits = 0
	}
	return len(k) <= 64
}
