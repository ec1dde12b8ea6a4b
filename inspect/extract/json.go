package extract

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeOptions: a member name may occur twice in an object. Servers
// differ on which one they take (most take the last), so every copy is a
// member walked and inspected, and child returns the last.
var decodeOptions = jsontext.AllowDuplicateNames(true)

// maxJSONDepth bounds nesting; a deeper document is inspected as text.
const maxJSONDepth = 256

// errJSONDepth is returned for a document nested deeper than maxJSONDepth.
var errJSONDepth = errors.New("extract: json nested too deep")

// parsers keeps a decoder and the parser's scratch stacks between bodies.
var parsers = sync.Pool{New: func() any { return &jsonParser{dec: jsontext.NewDecoder(noInput{})} }}

// noInput is a pooled decoder's input: it holds nothing of a body.
type noInput struct{}

func (noInput) Read([]byte) (int, error) { return 0, io.EOF }

// parseJSON reads one JSON value (and only whitespace after it) into a
// node tree whose spans are offsets of s, taking its memory from sc (nil:
// from the heap).
func parseJSON(sc *Scratch, s string) (*node, error) {
	p := parsers.Get().(*jsonParser)
	defer p.release()
	p.in.Reset(s)
	p.dec.Reset(&p.in, decodeOptions)
	p.s = s
	if sc == nil {
		// About one node per value: a value follows each comma, and one
		// opens each container. The first chunks are sized so.
		est := min(strings.Count(s, ",")+strings.Count(s, "{")+strings.Count(s, "[")+1, 1024)
		sc = new(Scratch)
		sc.nodes.spill = make([]node, est)
		sc.kids.spill = make([]*node, est)
		sc.keys.spill = make([]string, est)
	}
	p.sc = sc
	root, err := p.value(0, 0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.ReadToken(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("extract: json: data after the value")
	}
	root.raw = s[root.start:root.end]
	keepSpace(root, s)
	return root, nil
}

// release drops what the parser holds of the body it read and pools it.
func (p *jsonParser) release() {
	p.dec.Reset(noInput{})
	p.in.Reset("")
	p.s, p.sc = "", nil
	clear(p.stack[:cap(p.stack)])
	clear(p.names[:cap(p.names)])
	p.stack, p.names = p.stack[:0], p.names[:0]
	parsers.Put(p)
}

// jsonSpace is JSON's insignificant whitespace.
const jsonSpace = " \t\r\n"

// keepSpace widens a root to the whole of s, whitespace around it
// included, so that a rendered body keeps it byte for byte.
func keepSpace(root *node, s string) {
	if root.start == 0 && root.end == len(s) {
		return
	}
	// A string root rewritten is written without the space around it.
	for _, k := range root.kids {
		k.start += root.start
		k.end += root.start
	}
	root.start, root.end, root.raw = 0, len(s), s
}

type jsonParser struct {
	dec   *jsontext.Decoder
	in    strings.Reader // the decoder's input
	s     string
	sc    *Scratch // nodes, kid lists and member name lists are taken from here
	stack []*node  // kids of the containers being read
	names []string // and their member names
}

// newNode returns a zeroed node from the parser's scratch.
func (p *jsonParser) newNode() *node {
	return &p.sc.nodes.take(1, 16)[0]
}

// value reads the next value; base is the absolute offset of its parent's
// content, which its span is made relative to.
func (p *jsonParser) value(base, depth int) (*node, error) {
	if depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	switch p.dec.PeekKind() {
	case '{', '[':
		return p.container(base, depth)
	case '"':
		v, err := p.dec.ReadValue()
		if err != nil {
			return nil, err
		}
		end := int(p.dec.InputOffset())
		start := end - len(v)
		text, err := p.unquote(start, end)
		if err != nil {
			return nil, err
		}
		n := p.newNode()
		n.kind, n.start, n.end, n.raw, n.text = kindString, start-base, end-base, p.s[start:end], text
		return n, nil
	default:
		v, err := p.dec.ReadValue()
		if err != nil {
			return nil, err
		}
		end := int(p.dec.InputOffset())
		n := p.newNode()
		n.kind, n.start, n.end, n.raw = kindScalar, end-len(v)-base, end-base, p.s[end-len(v):end]
		return n, nil
	}
}

// container reads an object or an array with its members.
func (p *jsonParser) container(base, depth int) (*node, error) {
	tok, err := p.dec.ReadToken()
	if err != nil {
		return nil, err
	}
	start := int(p.dec.InputOffset()) - 1
	n := p.newNode()
	n.kind = kindArray
	closer := jsontext.Kind(']')
	if tok.Kind() == '{' {
		n.kind, closer = kindObject, '}'
	}
	mark := len(p.stack)
	for p.dec.PeekKind() != closer {
		key := ""
		if n.kind == kindObject {
			v, err := p.dec.ReadValue()
			if err != nil {
				return nil, err
			}
			end := int(p.dec.InputOffset())
			if key, err = p.unquote(end-len(v), end); err != nil {
				return nil, err
			}
		}
		kid, err := p.value(start, depth+1)
		if err != nil {
			return nil, err
		}
		kid.parent = n
		p.stack, p.names = append(p.stack, kid), append(p.names, key)
	}
	// The kids, in slices of their own size (a later append copies).
	n.kids = p.sc.kids.take(len(p.stack)-mark, 16)
	copy(n.kids, p.stack[mark:])
	n.keys = p.sc.keys.take(len(p.names)-mark, 16)
	copy(n.keys, p.names[mark:])
	p.stack, p.names = p.stack[:mark], p.names[:mark]
	if _, err := p.dec.ReadToken(); err != nil {
		return nil, err
	}
	end := int(p.dec.InputOffset())
	n.start, n.end, n.raw = start-base, end-base, p.s[start:end]
	return n, nil
}

// unquote returns the text of the JSON string literal at s[start:end]:
// the bytes between the quotes when it has no escape (the decoder has
// checked them), decoded otherwise.
func (p *jsonParser) unquote(start, end int) (string, error) {
	lit := p.s[start:end]
	if strings.IndexByte(lit, '\\') < 0 {
		return lit[1 : len(lit)-1], nil
	}
	b, err := jsontext.AppendUnquote(make([]byte, 0, len(lit)), lit)
	if len(b) == 0 {
		return "", err
	}
	return unsafe.String(&b[0], len(b)), err //nolint:gosec // b is ours, never written again
}

// child returns the member value named key of an object node, or the
// value of the field key of a form or multipart body; nil if none.
func (n *node) child(key string) *node {
	if n == nil || n.kind != kindObject && n.kind != kindRaw {
		return nil
	}
	if n.kind == kindRaw {
		for i, k := range n.keys {
			if k == key {
				return n.kids[i]
			}
		}
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- { // a name given twice: the last, as most servers read it
		if n.keys[i] == key {
			return n.kids[i]
		}
	}
	return nil
}

// get follows a path of member names from n.
func (n *node) get(path ...string) *node {
	for _, k := range path {
		n = n.child(k)
	}
	return n
}

// str returns the text of a JSON string, form value or text node ("" for
// anything else), or the raw literal of a number.
func (n *node) str() string {
	switch {
	case n == nil:
		return ""
	case n.isText():
		return n.text
	case n.kind == kindScalar && n.raw != "null" && n.raw != "true" && n.raw != "false":
		return n.raw
	}
	return ""
}

// elems returns the elements of an array node (nil for anything else).
func (n *node) elems() []*node {
	if n == nil || n.kind != kindArray {
		return nil
	}
	return n.kids
}

// pointerToken escapes a member name for a JSON pointer (RFC 6901).
func pointerToken(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

// kidPath is the path of n's i-th kid below path.
func (n *node) kidPath(path string, i int) string {
	switch n.kind {
	case kindObject:
		return path + "/" + pointerToken(n.keys[i])
	case kindArray:
		return path + "/" + strconv.Itoa(i)
	case kindRaw:
		if n.kids[i].isName {
			return "#name" // the name is the text: a path of its own would change with it
		}
		if n.keys[i] != "" {
			return n.keys[i]
		}
	}
	return path
}
