package extract

import (
	"slices"
	"strings"
)

// walker collects the texts below a node as parts.
type walker struct {
	// skip names member or field names whose values are not message text
	// (credentials such as Slack's form token, which the secret rules would
	// otherwise flag on every request).
	skip  []string
	parts []*Part
	sc    *Scratch // parts and parsed JSON are taken from here (nil: the heap)
	slab  []Part   // without sc, parts are taken from here, a chunk at a time
}

// walk adds every text below n (JSON strings, form values, part bodies)
// as a part whose path is its JSON pointer or field name. A text that is
// itself a JSON object or array (Slack's blocks in a form, Discord's
// payload_json, a Mattermost post in a WebSocket event) is parsed and
// walked in turn, so its strings are rewritten inside it.
func (w *walker) walk(n *node, path string) {
	if n == nil {
		return
	}
	switch n.kind {
	case kindString, kindForm, kindText:
		if len(n.kids) == 0 && !nestJSON(w.sc, n) {
			if n.text != "" {
				w.add(Part{Path: path, Text: n.text, n: n})
			}
			return
		}
		w.walk(n.kids[0], path)
	default:
		for i, k := range n.kids {
			if k.kind == kindScalar || k.kind == kindString && k.text == "" ||
				i < len(n.keys) && n.keys[i] != "" && slices.Contains(w.skip, n.keys[i]) {
				continue // a number, true, false, null or "" holds no text: no path made for it
			}
			w.walk(k, n.kidPath(path, i))
		}
	}
}

// add appends p to the parts, taking its memory from the walker's scratch
// or slab.
func (w *walker) add(p Part) {
	if w.sc != nil {
		q := &w.sc.parts.take(1, 4)[0]
		*q = p
		w.parts = append(w.parts, q)
		return
	}
	if len(w.slab) == 0 {
		w.slab = make([]Part, 4)
	}
	w.slab[0] = p
	w.parts = append(w.parts, &w.slab[0])
	w.slab = w.slab[1:]
}

// nestJSON parses a text node's content as JSON when it looks like an
// object or array, and makes the parsed tree (its memory from sc) its one
// kid.
func nestJSON(sc *Scratch, n *node) bool {
	t := strings.TrimSpace(n.text)
	if len(t) < 2 || !(t[0] == '{' && t[len(t)-1] == '}' || t[0] == '[' && t[len(t)-1] == ']') {
		return false
	}
	root, err := parseJSON(sc, n.text)
	if err != nil {
		return false
	}
	n.adopt(root, "")
	return true
}

// partsOf returns the texts below n, skipping the named members; the
// parts, and the JSON parsed in texts, take their memory from sc.
func partsOf(sc *Scratch, n *node, path string, skip ...string) []*Part {
	w := walker{skip: skip, sc: sc}
	w.walk(n, path)
	return w.parts
}
