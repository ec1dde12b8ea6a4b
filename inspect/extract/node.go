package extract

import (
	"encoding/xml"
	"net/url"
	"slices"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// nodeKind says how a node's content is encoded in its parent.
type nodeKind uint8

const (
	kindRaw    nodeKind = iota // a container written as is (a body, a form, a multipart body)
	kindObject                 // JSON object
	kindArray                  // JSON array
	kindString                 // JSON string: content is the unquoted text
	kindScalar                 // JSON number, true, false, null
	kindForm                   // form value: content is the unescaped text
	kindText                   // text written as is (a multipart part body, a text body)
	kindXML                    // XML character data: content is the unescaped text
)

// node is one region of a body that may be rewritten. start and end are
// its raw span in its parent's content: the parent's raw text for
// containers, the parent's decoded text for text kinds (a JSON string or a
// form value whose content is itself JSON has that JSON as its one kid).
// A node renders as its raw bytes unless something below it changed.
type node struct {
	kind       nodeKind
	start, end int
	raw        string // the node's bytes in its parent's content
	text       string // decoded content (text kinds)
	parent     *node
	kids       []*node  // ordered by start
	keys       []string // object member names, form field names, parallel to kids
	repl       *string  // new content (text kinds)
	removed    bool     // an array element cut out
	dirty      bool     // this node or one below it changed
	delim      string   // a multipart part: the delimiter its text must not hold
	isName     bool     // a form field's name, not its value
}

// content is what the kids' spans are relative to.
func (n *node) content() string {
	if n.isText() {
		return n.text
	}
	return n.raw
}

func (n *node) isText() bool {
	return n.kind == kindString || n.kind == kindForm || n.kind == kindText || n.kind == kindXML
}

func (n *node) markDirty() {
	for p := n; p != nil && !p.dirty; p = p.parent {
		p.dirty = true
	}
}

// adopt makes kid a child of n (appended: callers add kids in order).
func (n *node) adopt(kid *node, key string) {
	kid.parent = n
	n.kids = append(n.kids, kid)
	n.keys = append(n.keys, key)
}

// render returns the node's bytes with every change below it applied.
func (n *node) render(sb *strings.Builder) {
	if !n.dirty {
		sb.WriteString(n.raw)
		return
	}
	switch {
	case n.isText():
		content := n.text
		if n.repl != nil {
			content = *n.repl
		} else if len(n.kids) > 0 {
			var inner strings.Builder
			splice(&inner, n.text, n.kids)
			content = inner.String()
		}
		encode(sb, n.kind, content)
	case (n.kind == kindArray || n.kind == kindObject) && slices.ContainsFunc(n.kids, func(k *node) bool { return k.removed }):
		n.renderWithout(sb)
	default:
		splice(sb, n.raw, n.kids)
	}
}

// renderWithout writes an array or object without its removed elements
// or members (the separators between those that stay are rewritten).
func (n *node) renderWithout(sb *strings.Builder) {
	open, closer := byte('['), byte(']')
	if n.kind == kindObject {
		open, closer = '{', '}'
	}
	// A body's root keeps the whitespace around it.
	lead := len(n.raw) - len(strings.TrimLeft(n.raw, jsonSpace))
	trail := len(n.raw) - len(strings.TrimRight(n.raw, jsonSpace))
	sb.WriteString(n.raw[:lead])
	defer sb.WriteString(n.raw[len(n.raw)-trail:])
	sb.WriteByte(open)
	first := true
	for i, k := range n.kids {
		if k.removed {
			continue
		}
		if !first {
			sb.WriteByte(',')
		}
		first = false
		if n.kind == kindObject {
			encode(sb, kindString, n.keys[i])
			sb.WriteByte(':')
		}
		k.render(sb)
	}
	sb.WriteByte(closer)
}

// splice writes s with each kid's span replaced by the kid's rendering.
func splice(sb *strings.Builder, s string, kids []*node) {
	last := 0
	for _, k := range kids {
		sb.WriteString(s[last:k.start])
		k.render(sb)
		last = k.end
	}
	sb.WriteString(s[last:])
}

// encode writes content as a node of kind k is written in its parent.
func encode(sb *strings.Builder, k nodeKind, content string) {
	switch k {
	case kindString:
		b, _ := jsontext.AppendQuote(nil, content) // invalid UTF-8 becomes U+FFFD
		sb.Write(b)
	case kindForm:
		sb.WriteString(url.QueryEscape(content))
	case kindXML:
		_ = xml.EscapeText(sb, []byte(content))
	default:
		sb.WriteString(content)
	}
}

// Doc is one extracted body: its messages, and the tree that writes the
// changes back.
type Doc struct {
	Messages []*Message
	root     *node
	changed  bool
	opaque   bool // read as text, but not text: cannot be rewritten
}

// Replace sets a part's new text; Bytes writes it in place of the old,
// encoded as the old was (JSON-quoted, form-escaped...). It reports false
// when the body cannot be rewritten (a binary format read as text, whose
// framing a new length would break): the caller blocks instead.
func (d *Doc) Replace(p *Part, text string) bool {
	if p == nil || p.n == nil || d.opaque || p.n.delim != "" && strings.Contains(text, p.n.delim) {
		return false
	}
	if text == p.Text && p.n.repl == nil {
		return true
	}
	p.n.repl = &text
	p.n.markDirty()
	d.changed = true
	return true
}

// Remove cuts a message out of its body and reports whether it could (a
// message that is not an element of a list cannot be cut out).
func (d *Doc) Remove(m *Message) bool {
	if m == nil || m.elem == nil {
		return false
	}
	for _, el := range append([]*node{m.elem}, m.also...) {
		el.removed = true
		if el.parent != nil {
			el.parent.markDirty()
		}
	}
	d.changed = true
	return true
}

// Changed reports whether Replace or Remove changed the body.
func (d *Doc) Changed() bool { return d.changed }

// Bytes returns the body with every change applied; the bytes outside the
// changed fields are the original's.
func (d *Doc) Bytes() []byte {
	if d.root == nil {
		return nil
	}
	var sb strings.Builder
	sb.Grow(len(d.root.raw) + 64)
	d.root.render(&sb)
	return []byte(sb.String())
}

// Len is the number of parts in all messages.
func (d *Doc) Len() int {
	n := 0
	for _, m := range d.Messages {
		n += len(m.Parts)
	}
	return n
}
