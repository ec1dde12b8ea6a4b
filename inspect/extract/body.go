package extract

import (
	"errors"
	"mime"
	"strings"
)

// ErrUnreadable is wrapped by the errors of a body that claims a format it
// does not follow in a way that would hide text (a broken multipart body):
// the caller treats it as an inspection error, never as clean.
var ErrUnreadable = errors.New("extract: unreadable body")

// isJSONType reports application/json, text/json and the +json types.
func isJSONType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// parseBody reads a body by its content type: JSON, form, multipart, or
// text (text/*, HTML, XML). JSON or a form that does not parse is read as
// text.
// A body of any other type is read as text too, its invalid bytes as
// U+FFFD. opaque is true for a body read as text that is not text of its
// own type (JSON or a form that does not parse, a protobuf, a body that
// claims to be an image): it is inspected, but cannot be rewritten.
func parseBody(in *Input) (root *node, files []*File, opaque bool, err error) {
	s := in.text()
	mt, params := mediaType(in.ContentType)
	switch {
	case len(s) == 0:
		return nil, nil, false, nil
	case isJSONType(mt) || mt == "" && looksJSON(s):
		if root, err := parseJSON(in.Scratch, s); err == nil {
			return root, nil, false, nil
		}
		return textNode(s), nil, true, nil
	case mt == "application/x-www-form-urlencoded":
		if root, err := parseForm(s); err == nil {
			return root, nil, false, nil
		}
		return textNode(s), nil, true, nil
	case strings.HasPrefix(mt, "multipart/"):
		root, files, err := parseMultipart(s, params["boundary"])
		if err != nil {
			return nil, nil, false, errors.Join(ErrUnreadable, err)
		}
		return root, files, false, nil
	case !isTextType(in.ContentType):
		// A type that says "not text" is not believed: whatever text the
		// body holds is inspected (invalid bytes read as U+FFFD).
		n := textNode(s)
		n.text = strings.ToValidUTF8(s, "\uFFFD")
		return n, nil, true, nil
	}
	return textNode(s), nil, false, nil
}

// mediaType parses a Content-Type; the common JSON type needs no parse.
func mediaType(ctype string) (string, map[string]string) {
	if ctype == "application/json" || strings.HasPrefix(ctype, "application/json;") && !strings.ContainsAny(ctype[len("application/json;"):], "\"(") {
		return "application/json", nil
	}
	mt, params, _ := mime.ParseMediaType(ctype)
	return mt, params
}

// looksJSON reports a body that opens like a JSON object or array.
func looksJSON(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	return s != "" && (s[0] == '{' || s[0] == '[')
}

// textNode is a whole body read as one text.
func textNode(s string) *node {
	return &node{kind: kindText, end: len(s), raw: s, text: s}
}

// Generic reads any body as one message holding all its texts: every JSON
// string (path = JSON pointer), form value and text part (path = field
// name), or the whole text; file parts come back as files. skip names
// members that are never message text.
func Generic(in *Input, skip ...string) (*Doc, error) {
	root, files, opaque, err := parseBody(in)
	if err != nil {
		return nil, err
	}
	d := &Doc{root: root, opaque: opaque}
	m := &Message{Files: files}
	if root != nil {
		m.Parts = partsOf(in.Scratch, root, "", skip...)
	}
	d.Messages = []*Message{m}
	return d, nil
}

// one reads a body as one message (Generic, skipping skip) whose channel
// is the first of channelKeys that the body has (a JSON member or a form
// field), or path when given.
func one(in *Input, skip []string, channel string, channelKeys ...string) (*Doc, error) {
	d, err := Generic(in, skip...)
	if err != nil || d.root == nil {
		return d, err
	}
	m := d.Messages[0]
	m.Channel = channel
	for _, k := range channelKeys {
		if m.Channel != "" {
			break
		}
		m.Channel = d.root.child(k).str()
	}
	return d, nil
}

// listOf reads a JSON response whose messages are the elements of the
// array at path (member names from the root): each element is one
// removable message, its user the first of userKeys it has. A body that is
// not such JSON is read as one message (nothing goes unread).
func listOf(in *Input, path []string, channel string, skip []string, userKeys ...string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, skip...)
	}
	d := &Doc{root: root}
	arr := root.get(path...)
	for _, el := range arr.elems() {
		d.Messages = append(d.Messages, elementMessage(in.Scratch, el, channel, skip, userKeys))
	}
	return d, nil
}

// elementMessage is one element of a list as a removable message.
func elementMessage(sc *Scratch, el *node, channel string, skip, userKeys []string) *Message {
	m := &Message{Channel: channel, elem: el, Parts: partsOf(sc, el, "", skip...)}
	for _, k := range userKeys {
		if m.User = el.child(k).str(); m.User != "" {
			break
		}
	}
	return m
}
