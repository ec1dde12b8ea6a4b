package inspect

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// normText is a message after normalisation: the text the rules match and,
// for every byte of it, the range of original bytes it came from. A finding
// [s,e) on s maps back to [start[s], end[e-1]) in the original, which is what
// redaction needs. Nil start/end mean the identity map (the fast path).
type normText struct {
	s          string
	origLen    int
	start, end []int32
	cur        int       // index in bufs of the current map, -1 for identity
	attrs      []span    // HTML attribute values, in original offsets
	facts      textFacts // of s

	bufs [2]mapBuilder // scratch for the stages, reused through normPool
}

var normPool = sync.Pool{New: func() any { return new(normText) }}

// normalize returns the normalised form of orig. Release it with put.
func normalize(orig string) *normText {
	t := normPool.Get().(*normText)
	t.s, t.origLen, t.start, t.end, t.cur = orig, len(orig), nil, nil, -1
	t.attrs = t.attrs[:0]
	scanText(orig, &t.facts)
	f := t.facts.flags
	md := f&flagMark != 0 && hasMarkdownSplit(orig)
	if f == 0 && !md {
		return t // the hot path: nothing to do
	}
	// Each stage runs only if it would change something, so ordinary text
	// with an emoji, "R&D" or "95%" costs a scan, not a rewrite.
	t.apply(stripIRC, f&flagCtrl != 0 && hasIRCControl(t.s))
	t.apply(stripHTML, f&(flagHTML|flagAmp) != 0 && hasHTML(t.s, f))
	t.apply(decodePercent, (f&flagPct != 0 || t.cur >= 0) && hasPercentEscape(t.s))
	t.apply(joinMarkdown, t.cur < 0 && md || t.cur >= 0 && hasMarkdownSplit(t.s))
	var high []uint64 // the non-ASCII plane, while t.s is the text classified
	if t.cur < 0 {
		high = t.facts.bits.high
	}
	t.apply(foldUnicode, (f&flagHigh != 0 || t.cur >= 0) && needsFold(t.s, high))
	if t.cur >= 0 {
		scanText(t.s, &t.facts) // the text changed
	}
	return t
}

// put returns t to the pool; t must not be used afterwards.
func (t *normText) put() {
	t.s, t.start, t.end = "", nil, nil
	normPool.Put(t)
}

// span maps the normalised range [s,e) to the original text.
func (t *normText) span(s, e int) (int, int) {
	if t.start == nil {
		return s, e
	}
	if s >= e {
		if s < len(t.start) {
			return int(t.start[s]), int(t.start[s])
		}
		return t.origLen, t.origLen
	}
	return int(t.start[s]), int(t.end[e-1])
}

// stage rewrites in into b, recording for each output byte its input range.
type stage func(in string, b *mapBuilder)

// apply runs st when needed and composes its map with the current one.
func (t *normText) apply(st stage, needed bool) {
	if !needed {
		return
	}
	next := 0
	if t.cur == 0 {
		next = 1
	}
	b := &t.bufs[next]
	b.reset()
	st(t.s, b)
	for _, a := range b.attrs {
		s, e := t.span(a.start, a.end)
		t.attrs = append(t.attrs, span{s, e})
	}
	if t.start != nil {
		for i := range b.start {
			b.start[i] = t.start[b.start[i]]
			b.end[i] = t.end[b.end[i]-1]
		}
	}
	t.s, t.start, t.end, t.cur = string(b.out), b.start, b.end, next
}

// mapBuilder accumulates a stage's output and its map to the stage's input.
type mapBuilder struct {
	out        []byte
	start, end []int32
	pending    []byte // foldIsland's scratch
	attrs      []span // stripHTML's attribute values, in the stage's input
}

func (b *mapBuilder) reset() {
	b.out, b.start, b.end, b.attrs = b.out[:0], b.start[:0], b.end[:0], b.attrs[:0]
	if cap(b.start) == 0 {
		b.start, b.end = make([]int32, 0, 256), make([]int32, 0, 256)
	}
}

// copy emits in[i:j] unchanged, byte for byte.
func (b *mapBuilder) copy(in string, i, j int) {
	if j <= i {
		return
	}
	b.out = append(b.out, in[i:j]...)
	n := len(b.start)
	b.start = slices.Grow(b.start, j-i)[:n+j-i]
	b.end = slices.Grow(b.end, j-i)[:n+j-i]
	st, en := b.start[n:], b.end[n:]
	for k := range st {
		st[k] = off32(i + k)
		en[k] = off32(i + k + 1)
	}
}

// emit writes s as the replacement of the input range [i,j), j > i.
func (b *mapBuilder) emit(s string, i, j int) {
	b.out = append(b.out, s...)
	for range len(s) {
		b.start = append(b.start, off32(i))
		b.end = append(b.end, off32(j))
	}
}

// emitBytes is emit for a byte slice.
func (b *mapBuilder) emitBytes(s []byte, i, j int) {
	b.out = append(b.out, s...)
	for range len(s) {
		b.start = append(b.start, off32(i))
		b.end = append(b.end, off32(j))
	}
}

// Byte flags: which stages a byte could concern.
const (
	flagCtrl = 1 << iota // C0 control but whitespace, or DEL (IRC codes are C0)
	flagHTML             // '<'
	flagPct              // '%'
	flagHigh             // non-ASCII
	flagMark             // a Markdown marker: * _ ` ~
	flagAmp              // '&'
	flagAt               // '@' (read by rules that need one, see Engine.passes)
)

var byteFlags = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = flagHigh
		case c == 0x7f || (c < 0x20 && !isSpace(byte(c))):
			t[c] = flagCtrl
		}
	}
	t['<'], t['&'], t['%'], t['@'] = flagHTML, flagAmp, flagPct, flagAt
	t['*'], t['_'], t['`'], t['~'] = flagMark, flagMark, flagMark, flagMark
	return t
}()

// exactFlag is the byte flag that c alone sets, or 0.
func exactFlag(c byte) uint8 {
	switch c {
	case '<':
		return flagHTML
	case '%':
		return flagPct
	case '&':
		return flagAmp
	case '@':
		return flagAt
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func containsAny(s string, a, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == a || s[i] == b {
			return true
		}
	}
	return false
}

// off32 narrows a text offset: Inspect refuses texts over MaxText, and
// normalisation grows them at most 18 times, so offsets fit.
func off32(i int) int32 {
	return int32(i) //nolint:gosec // bounded by MaxText, see above
}
