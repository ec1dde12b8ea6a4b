package extract

// Scratch is memory an extraction takes a Doc's tree and parts from. A
// caller that extracts message after message (a WebSocket relay, one per
// direction) passes the same Scratch in every Input: each Extract or
// ExtractSocket then reuses the memory of the Doc before it, which must
// no longer be in use (as with Input.Fixed, whose buffer such a caller
// reuses too). A nil Scratch allocates afresh for every body. A Scratch
// is not safe for concurrent use.
type Scratch struct {
	nodes slab[node]
	kids  slab[*node]
	keys  slab[string]
	parts slab[Part]
}

// What a Scratch keeps from one message to the next; a larger message
// takes the rest from the heap, as without a Scratch.
const (
	scratchNodes = 256
	scratchParts = 64
)

// reset makes the memory of the last Doc available again.
func (s *Scratch) reset() {
	if s == nil {
		return
	}
	s.nodes.reset(scratchNodes)
	s.kids.reset(2 * scratchNodes)
	s.keys.reset(2 * scratchNodes)
	s.parts.reset(scratchParts)
}

// slab hands out zeroed slices of T from a buffer kept between messages;
// past its end, from chunks of the heap.
type slab[T any] struct {
	buf   []T
	used  int // taken from buf since the reset, and past it: the demand
	spill []T // the heap chunk being taken from once buf is used up
}

// take returns n zeroed Ts (length and capacity n); chunk is the size of
// a heap chunk it allocates for small takes.
func (s *slab[T]) take(n, chunk int) []T {
	if s.used+n <= len(s.buf) {
		r := s.buf[s.used : s.used+n : s.used+n]
		s.used += n
		return r
	}
	s.used += n
	if len(s.spill) < n {
		s.spill = make([]T, max(n, chunk))
	}
	r := s.spill[:n:n]
	s.spill = s.spill[n:]
	return r
}

// reset zeroes what was taken from buf (so that it holds nothing of the
// last message) and, when the last message needed more than buf and no
// more than keep, sizes buf to that.
func (s *slab[T]) reset(keep int) {
	clear(s.buf[:min(s.used, len(s.buf))])
	if s.used > len(s.buf) && s.used <= keep {
		s.buf = make([]T, s.used)
	}
	s.used, s.spill = 0, nil
}
