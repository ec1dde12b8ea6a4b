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
// field name. A malformed escape is an error.
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
		if hasValue {
			text, err := url.QueryUnescape(v)
			if err != nil {
				return nil, err
			}
			if len(root.kids) >= maxFields {
				return nil, errTooManyFields
			}
			start := off + len(k) + 1
			root.adopt(&node{kind: kindForm, start: start, end: start + len(v), raw: v, text: text}, key)
		}
		off += len(pair) + 1
	}
	return root, nil
}
