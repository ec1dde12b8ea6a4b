package extract

import (
	"bufio"
	"errors"
	"fmt"
	"mime"
	"net/textproto"
	"strings"
)

var errMultipart = errors.New("extract: malformed multipart body")

// parseMultipart reads a multipart/form-data body into a container whose
// kids are its text parts (kindText, keyed by form name); parts with a
// file name come back as files. Parts are
// found by their delimiters, with the rules of Go's mime/multipart reader
// (the one servers read the body with), so that what is inspected is what
// a server sees and a rewritten part keeps the rest of the body byte for
// byte: the first delimiter line sets CRLF or LF mode; a part ends at a
// line break, "--" and the boundary followed by "--", a space, a tab or a
// line break (or at its very start); headers end at the first empty line.
func parseMultipart(s, boundary string) (*node, []*File, error) {
	if boundary == "" || len(boundary) > 70 {
		return nil, nil, fmt.Errorf("%w: bad boundary", errMultipart)
	}
	m := &mpScanner{s: s, nl: "\r\n", dash: "--" + boundary}
	root := &node{kind: kindRaw, end: len(s), raw: s}
	var files []*File
	for {
		hdrStart, done, err := m.nextPart()
		if err != nil {
			return nil, nil, err
		}
		if done {
			return root, files, nil
		}
		bodyStart, err := m.headerEnd(hdrStart)
		if err != nil {
			return nil, nil, err
		}
		bodyEnd, err := m.bodyEnd(bodyStart)
		if err != nil {
			return nil, nil, err
		}
		m.pos = bodyEnd
		if len(root.kids)+len(files) >= maxFields {
			return nil, nil, errTooManyFields
		}
		if err := addPart(root, &files, s[hdrStart:bodyStart], bodyStart, bodyEnd, m.dash); err != nil {
			return nil, nil, err
		}
	}
}

// mpScanner walks a multipart body as mime/multipart.Reader does.
type mpScanner struct {
	s         string
	pos       int
	nl        string // "\r\n", or "\n" when the first delimiter line ends so
	dash      string // "--" + boundary
	partsRead int
}

// line returns the line at pos with its "\n" (full) or the rest of s.
func (m *mpScanner) line() (string, bool) {
	i := strings.IndexByte(m.s[m.pos:], '\n')
	if i < 0 {
		l := m.s[m.pos:]
		m.pos = len(m.s)
		return l, false
	}
	l := m.s[m.pos : m.pos+i+1]
	m.pos += i + 1
	return l, true
}

// nextPart reads up to and past the next delimiter line and returns where
// the part's headers start, or done at the final delimiter.
func (m *mpScanner) nextPart() (int, bool, error) {
	expectNew := false
	for {
		line, full := m.line()
		switch {
		case !full && m.isFinal(line):
			return 0, true, nil
		case !full:
			return 0, false, fmt.Errorf("%w: no closing delimiter", errMultipart)
		case m.isDelimiter(line):
			m.partsRead++
			return m.pos, false, nil
		case m.isFinal(line):
			return 0, true, nil
		case expectNew:
			return 0, false, fmt.Errorf("%w: expected a delimiter line", errMultipart)
		case m.partsRead == 0: // preamble
		case line == m.nl:
			expectNew = true
		default:
			return 0, false, fmt.Errorf("%w: unexpected line", errMultipart)
		}
	}
}

func (m *mpScanner) isDelimiter(line string) bool {
	rest, ok := strings.CutPrefix(line, m.dash)
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	if m.partsRead == 0 && rest == "\n" {
		m.nl = "\n"
	}
	return rest == m.nl
}

func (m *mpScanner) isFinal(line string) bool {
	rest, ok := strings.CutPrefix(line, m.dash+"--")
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	return rest == "" || rest == m.nl
}

// headerEnd returns where the body starts: after the first empty line
// ("\n" or "\r\n") from i, as net/textproto reads headers.
func (m *mpScanner) headerEnd(i int) (int, error) {
	for i < len(m.s) {
		j := strings.IndexByte(m.s[i:], '\n')
		if j < 0 {
			break
		}
		if j == 0 || j == 1 && m.s[i] == '\r' {
			return i + j + 1, nil
		}
		i += j + 1
	}
	return 0, fmt.Errorf("%w: part headers", errMultipart)
}

// bodyEnd returns where a part's body ends: before the line break of the
// next delimiter, or at the start when the body opens with one.
func (m *mpScanner) bodyEnd(start int) (int, error) {
	k := start
	if strings.HasPrefix(m.s[start:], m.dash) {
		if m.delimiterFollows(start + len(m.dash)) {
			return start, nil
		}
		k = start + len(m.dash)
	}
	nlDash := m.nl + m.dash
	for {
		i := strings.Index(m.s[k:], nlDash)
		if i < 0 {
			return 0, fmt.Errorf("%w: no closing delimiter", errMultipart)
		}
		p := k + i
		if m.delimiterFollows(p + len(nlDash)) {
			return p, nil
		}
		k = p + 1
	}
}

// delimiterFollows reports whether what follows a boundary at j makes it
// a delimiter: the end, a space, a tab, a line break, or "--".
func (m *mpScanner) delimiterFollows(j int) bool {
	if j >= len(m.s) {
		return true
	}
	switch m.s[j] {
	case ' ', '\t', '\r', '\n':
		return true
	case '-':
		return j+1 < len(m.s) && m.s[j+1] == '-'
	}
	return false
}

// addPart reads one part's headers (the block with its empty line) and
// adds it as a text kid or a file.
func addPart(root *node, files *[]*File, hdr string, start, end int, dash string) error {
	h, err := textproto.NewReader(bufio.NewReader(strings.NewReader(hdr))).ReadMIMEHeader()
	if err != nil {
		return fmt.Errorf("%w: part headers", errMultipart)
	}
	var name, filename string
	if cd := h.Get("Content-Disposition"); cd != "" {
		_, params, err := mime.ParseMediaType(cd)
		if err != nil {
			return fmt.Errorf("%w: content-disposition", errMultipart)
		}
		name, filename = params["name"], params["filename"]
	}
	switch cte := strings.ToLower(h.Get("Content-Transfer-Encoding")); cte {
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("%w: content-transfer-encoding", errMultipart)
	}
	body := root.raw[start:end]
	ctype := h.Get("Content-Type")
	// A part without a file name is a form value, whatever its type says
	// (servers read it so); a file goes to the file inspector.
	if filename != "" {
		*files = append(*files, &File{Path: name, Name: filename, ContentType: ctype, Data: []byte(body)})
		return nil
	}
	root.adopt(&node{kind: kindText, start: start, end: end, raw: body, text: body, delim: dash}, name)
	return nil
}

// isTextType reports a media type whose content is text to inspect ("" is
// a form field's default, text/plain).
func isTextType(ctype string) bool {
	if ctype == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || isJSONType(mt) || mt == "application/x-www-form-urlencoded" ||
		mt == "application/xml" || strings.HasSuffix(mt, "+xml")
}
