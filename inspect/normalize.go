package inspect

import (
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
	cur        int // index in bufs of the current map, -1 for identity

	bufs [2]mapBuilder // scratch for the stages, reused through normPool
}

var normPool = sync.Pool{New: func() any { return new(normText) }}

// normalize returns the normalised form of orig. Release it with put.
func normalize(orig string) *normText {
	t := normPool.Get().(*normText)
	t.s, t.origLen, t.start, t.end, t.cur = orig, len(orig), nil, nil, -1
	if fastPath(orig) {
		return t
	}
	t.apply(stripIRC, hasIRCControl(orig))
	t.apply(stripHTML, containsAny(t.s, '<', '&'))
	t.apply(decodePercent, containsAny(t.s, '%', '%'))
	t.apply(foldUnicode, !isASCII(t.s))
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
}

func (b *mapBuilder) reset() {
	b.out, b.start, b.end = b.out[:0], b.start[:0], b.end[:0]
	if cap(b.start) == 0 {
		b.start, b.end = make([]int32, 0, 256), make([]int32, 0, 256)
	}
}

// copy emits in[i:j] unchanged, byte for byte.
func (b *mapBuilder) copy(in string, i, j int) {
	b.out = append(b.out, in[i:j]...)
	for k := i; k < j; k++ {
		b.start = append(b.start, int32(k))
		b.end = append(b.end, int32(k+1))
	}
}

// emit writes s as the replacement of the input range [i,j), j > i.
func (b *mapBuilder) emit(s string, i, j int) {
	b.out = append(b.out, s...)
	for range len(s) {
		b.start = append(b.start, int32(i))
		b.end = append(b.end, int32(j))
	}
}

// emitBytes is emit for a byte slice.
func (b *mapBuilder) emitBytes(s []byte, i, j int) {
	b.out = append(b.out, s...)
	for range len(s) {
		b.start = append(b.start, int32(i))
		b.end = append(b.end, int32(j))
	}
}

// fastPath reports whether s needs no normalisation: printable ASCII plus
// tab and newlines, with no '<', '&' or '%'.
func fastPath(s string) bool {
	for i := 0; i < len(s); i++ {
		if slowByte[s[i]] {
			return false
		}
	}
	return true
}

var slowByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= utf8.RuneSelf || c == 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
	}
	t['<'], t['&'], t['%'] = true, true, true
	return t
}()

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
