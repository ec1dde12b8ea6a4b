package extract

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// An XMPP stream (RFC 6120) is one XML document per direction: a
// <stream:stream> element whose children are the stanzas. XMPPReader cuts
// it into chunks the wire adapter relays: the stream header (XML
// declaration and the open <stream:stream> tag), each top-level element
// whole, whitespace keepalives between them, and the closing tag; a
// stream restarted after SASL is a new header. Every
// byte read is in exactly one chunk, in order. encoding/xml reads the
// tokens: no entity but XML's five is expanded, a DTD is an error (RFC 6120
// forbids them), and an element deeper than XMPPMaxDepth or a stanza
// longer than the reader's limit is an error.

// XMPPMaxDepth bounds the nesting of a stanza.
const XMPPMaxDepth = 64

// ChunkKind is what an XMPP chunk is.
type ChunkKind uint8

// Chunk kinds.
const (
	ChunkHeader ChunkKind = iota // XML declaration and <stream:stream ...>
	ChunkStanza                  // a top-level element (message, presence, iq, starttls, auth...)
	ChunkSpace                   // whitespace between stanzas (a keepalive)
	ChunkClose                   // </stream:stream>
)

// Chunk is a piece of an XMPP stream.
type Chunk struct {
	Kind  ChunkKind
	Name  string // a stanza's local name; for a header, "stream"
	Bytes []byte // exactly as read
	toks  []keptToken
}

// keptToken is a token of a stanza the reader keeps for ExtractXMPPChunk,
// with the stanza offset after it.
type keptToken struct {
	tok xml.Token
	end int
}

// ErrStanzaTooLarge is the error of a stanza over the reader's limit.
var ErrStanzaTooLarge = errors.New("extract: xmpp: stanza too large")

// XMPPReader reads chunks from one direction of an XMPP stream.
type XMPPReader struct {
	// Keep names the stanzas whose tokens the reader keeps in their chunk,
	// so that ExtractXMPPChunk need not parse them again; nil keeps none.
	Keep  func(name string) bool
	keep  bool
	toks  []keptToken
	rec   recorder
	dec   *xml.Decoder
	depth int
	limit int
	name  string // the current stanza's local name
	start int64  // offset of the current chunk's first byte
}

// NewXMPPReader reads from r; a stanza longer than limit bytes is an
// ErrStanzaTooLarge.
func NewXMPPReader(r io.Reader, limit int) *XMPPReader {
	x := &XMPPReader{limit: limit}
	x.rec.r = bufio.NewReader(r)
	x.rec.max = limit + 4096 // a stanza, and what a header or keepalive holds beside it
	x.dec = xml.NewDecoder(&x.rec)
	x.dec.Strict = true
	return x
}

// recorder hands bytes to the decoder one at a time and keeps them.
type recorder struct {
	r   *bufio.Reader
	buf []byte
	off int64 // stream offset of buf[0]
	max int   // more bytes held than this: ErrStanzaTooLarge
}

func (c *recorder) ReadByte() (byte, error) {
	if len(c.buf) >= c.max {
		return 0, ErrStanzaTooLarge // before a long text is held whole
	}
	b, err := c.r.ReadByte()
	if err == nil {
		c.buf = append(c.buf, b)
	}
	return b, err
}

func (c *recorder) Read(p []byte) (int, error) { // unused by xml.Decoder, which takes ReadByte
	if len(p) == 0 {
		return 0, nil
	}
	b, err := c.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = b
	return 1, nil
}

// Buffered reports bytes read from the connection and not yet decoded.
func (x *XMPPReader) Buffered() int { return x.rec.r.Buffered() }

// take returns the bytes from the chunk's start to the decoder's offset
// and drops them from the record.
func (x *XMPPReader) take(kind ChunkKind) Chunk {
	end := x.dec.InputOffset()
	n := int(end - x.rec.off)
	out := make([]byte, n)
	copy(out, x.rec.buf[:n])
	x.rec.buf = append(x.rec.buf[:0], x.rec.buf[n:]...)
	x.rec.off = end
	x.start = end
	c := Chunk{Kind: kind, Name: x.name, Bytes: out}
	if kind == ChunkStanza && x.keep {
		c.toks, x.toks, x.keep = x.toks, nil, false
	}
	return c
}

// kept keeps a token of the current stanza (a start tag at the top level
// may begin one: it is dropped if the stanza is not kept).
func (x *XMPPReader) kept(tok xml.Token) {
	if _, ok := tok.(xml.StartElement); ok && x.depth == 1 {
		x.toks = x.toks[:0] // the stanza's own start tag
	}
	x.toks = append(x.toks, keptToken{tok: xml.CopyToken(tok), end: int(x.dec.InputOffset() - x.start)})
}

// Next returns the next chunk. At the end of the stream it returns
// io.EOF; a malformed stream, a DTD, a too deep or too large stanza is an
// error (the connection cannot go on: XMPP has no resynchronisation).
func (x *XMPPReader) Next() (Chunk, error) {
	for {
		tok, err := x.dec.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) && len(x.rec.buf) > 0 {
				return Chunk{}, io.ErrUnexpectedEOF
			}
			return Chunk{}, err
		}
		if x.depth > 1 && int(x.dec.InputOffset()-x.start) > x.limit {
			return Chunk{}, ErrStanzaTooLarge
		}
		if x.keep || x.depth == 1 && x.Keep != nil {
			x.kept(tok)
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if x.depth <= 1 {
				continue // the XML declaration goes with the (next) header
			}
		case xml.Directive:
			return Chunk{}, fmt.Errorf("extract: xmpp: a DTD or directive in the stream")
		case xml.StartElement:
			if x.depth == 1 && t.Name.Local == "stream" {
				// A restarted stream (after SASL success): a new header
				// inside the old one, which is never closed.
				x.name = t.Name.Local
				return x.take(ChunkHeader), nil
			}
			x.depth++
			switch {
			case x.depth == 1:
				x.name = t.Name.Local
				return x.take(ChunkHeader), nil
			case x.depth == 2:
				x.name = t.Name.Local
				x.keep = x.Keep != nil && x.Keep(x.name)
			case x.depth > XMPPMaxDepth:
				return Chunk{}, fmt.Errorf("extract: xmpp: elements nested deeper than %d", XMPPMaxDepth)
			}
		case xml.EndElement:
			x.depth--
			switch x.depth {
			case 1:
				return x.take(ChunkStanza), nil
			case 0:
				x.name = t.Name.Local
				return x.take(ChunkClose), nil
			}
		case xml.CharData:
			if x.depth <= 1 {
				x.name = ""
				return x.take(ChunkSpace), nil
			}
		}
	}
}
