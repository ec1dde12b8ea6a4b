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
// file name or a type that is not text come back as files. Parts are
// found by their delimiters so that a rewritten part keeps the rest of the
// body byte for byte.
func parseMultipart(s, boundary string) (*node, []*File, error) {
	if boundary == "" || len(boundary) > 70 {
		return nil, nil, fmt.Errorf("%w: bad boundary", errMultipart)
	}
	delim := "--" + boundary
	pos := strings.Index(s, delim)
	if pos < 0 || pos > 0 && s[pos-1] != '\n' {
		return nil, nil, fmt.Errorf("%w: no first delimiter", errMultipart)
	}
	root := &node{kind: kindRaw, end: len(s), raw: s}
	var files []*File
	pos += len(delim)
	for {
		if strings.HasPrefix(s[pos:], "--") {
			return root, files, nil
		}
		hdrStart, ok := afterLineBreak(s, pos)
		if !ok {
			return nil, nil, fmt.Errorf("%w: delimiter line", errMultipart)
		}
		hdrEnd, bodyStart := headerEnd(s, hdrStart)
		if hdrEnd < 0 {
			return nil, nil, fmt.Errorf("%w: part headers", errMultipart)
		}
		next := strings.Index(s[bodyStart:], "\n"+delim)
		if next < 0 {
			return nil, nil, fmt.Errorf("%w: no closing delimiter", errMultipart)
		}
		bodyEnd := bodyStart + next
		pos = bodyEnd + 1 + len(delim)
		if bodyEnd > bodyStart && s[bodyEnd-1] == '\r' {
			bodyEnd--
		}
		if len(root.kids)+len(files) >= maxFields {
			return nil, nil, errTooManyFields
		}
		if err := addPart(root, &files, s[hdrStart:hdrEnd], bodyStart, bodyEnd); err != nil {
			return nil, nil, err
		}
	}
}

// afterLineBreak skips transport padding and one line break after a
// delimiter.
func afterLineBreak(s string, i int) (int, bool) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	switch {
	case strings.HasPrefix(s[i:], "\r\n"):
		return i + 2, true
	case strings.HasPrefix(s[i:], "\n"):
		return i + 1, true
	}
	return 0, false
}

// headerEnd finds the blank line ending a part's headers: the end of the
// headers and the start of the body, or -1.
func headerEnd(s string, i int) (int, int) {
	if strings.HasPrefix(s[i:], "\r\n") {
		return i, i + 2
	}
	if strings.HasPrefix(s[i:], "\n") {
		return i, i + 1
	}
	crlf, lf := strings.Index(s[i:], "\r\n\r\n"), strings.Index(s[i:], "\n\n")
	switch {
	case crlf >= 0 && (lf < 0 || crlf <= lf):
		return i + crlf, i + crlf + 4
	case lf >= 0:
		return i + lf, i + lf + 2
	}
	return -1, -1
}

// addPart reads one part's headers and adds it as a text kid or a file.
func addPart(root *node, files *[]*File, hdr string, start, end int) error {
	h, err := textproto.NewReader(bufio.NewReader(strings.NewReader(hdr + "\r\n\r\n"))).ReadMIMEHeader()
	if err != nil {
		return fmt.Errorf("%w: part headers: %w", errMultipart, err)
	}
	var name, filename string
	if cd := h.Get("Content-Disposition"); cd != "" {
		_, params, err := mime.ParseMediaType(cd)
		if err != nil {
			return fmt.Errorf("%w: content-disposition: %w", errMultipart, err)
		}
		name, filename = params["name"], params["filename"]
	}
	switch cte := strings.ToLower(h.Get("Content-Transfer-Encoding")); cte {
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("%w: content-transfer-encoding %q", errMultipart, cte)
	}
	body := root.raw[start:end]
	ctype := h.Get("Content-Type")
	if filename != "" || !isTextType(ctype) {
		*files = append(*files, &File{Path: name, Name: filename, ContentType: ctype, Data: []byte(body)})
		return nil
	}
	root.adopt(&node{kind: kindText, start: start, end: end, raw: body, text: body}, name)
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
