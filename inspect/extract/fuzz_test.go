package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of the extractor core check parseJSON, parseForm and
// parseMultipart against the standard library's readers (encoding/json,
// net/url, mime/multipart), and Doc.Replace/Remove/Bytes by reading the
// rewritten body back with them. Seeds are in testdata/fuzz/<target>.

// FuzzParseJSON: parseJSON never panics; what it accepts is valid JSON,
// renders unchanged byte for byte, and has the string values (keys
// excluded, JSON nested in strings read in turn) that encoding/json finds,
// each at its JSON pointer; what encoding/json reads it accepts, unless it
// is nested deeper than maxJSONDepth, is not UTF-8 or escapes a lone
// surrogate (jsontext rejects those, and the body is read as text). An
// object that repeats a member name is read with every copy: its strings
// include all that encoding/json finds (which keeps the last copy).
func FuzzParseJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := parseJSON(nil, string(data))
		if err != nil {
			if jsonAcceptable(data) {
				t.Fatalf("parseJSON(%q): %v, want success (valid JSON and UTF-8, depth <= %d, no lone surrogate)", data, err, maxJSONDepth)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("parseJSON(%q): success, but encoding/json.Valid says invalid", data)
		}
		if !jsonAcceptable(data) {
			t.Fatalf("parseJSON(%q): success, want an error (invalid UTF-8, too deep or a lone surrogate)", data)
		}
		d := &Doc{root: root}
		if got := d.Bytes(); !bytes.Equal(got, data) {
			t.Fatalf("parseJSON(%q): unchanged Bytes() = %q, want the input", data, got)
		}
		ref, err := stdJSON(data)
		if err != nil {
			t.Fatalf("encoding/json on %q: %v", data, err)
		}
		parts := partsOf(nil, root, "")
		dup := repeatsName(root)
		got := make([]string, 0, len(parts))
		for _, p := range parts {
			got = append(got, p.Text)
			if v, ok := resolve(ref, pointer(p.Path)); !dup && (!ok || v != p.Text) {
				t.Fatalf("parseJSON(%q): part %q at %q; encoding/json has %#v there", data, p.Text, p.Path, v)
			}
		}
		want := stdStrings(ref, nil)
		slices.Sort(got)
		slices.Sort(want)
		if !dup && !slices.Equal(got, want) || dup && !containsAll(got, want) {
			t.Fatalf("parseJSON(%q): strings %q, encoding/json finds %q", data, got, want)
		}
		if got := d.Bytes(); !bytes.Equal(got, data) {
			t.Fatalf("parseJSON(%q): Bytes() after the walk = %q, want the input", data, got)
		}
	})
}

// FuzzForm: parseForm reads the fields net/url.ParseQuery reads (those
// with a value, in order), or both fail, and renders unchanged. A ';' is
// part of a value for parseForm (as in the WHATWG URL standard), where
// ParseQuery rejects the pair: the reference reads it as "%3B".
func FuzzForm(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		root, err := parseForm(s)
		pairs := strings.Split(s, "&")
		if len(pairs) > 10000 { // url.ParseQuery's limit
			return
		}
		var valued []string
		for _, p := range pairs {
			if strings.Contains(p, "=") {
				valued = append(valued, p)
			}
		}
		_, refErr := url.ParseQuery(semis(s))
		if len(valued) > maxFields {
			if err == nil {
				t.Fatalf("parseForm(%d fields): success, want an error", len(valued))
			}
			return
		}
		if (err != nil) != (refErr != nil) {
			t.Fatalf("parseForm(%q): error %v; url.ParseQuery: error %v", s, err, refErr)
		}
		if err != nil {
			return
		}
		if got := (&Doc{root: root}).Bytes(); string(got) != s {
			t.Fatalf("parseForm(%q): unchanged Bytes() = %q", s, got)
		}
		// Names that are text (valueless fields, names that are not plain)
		// are kids of their own, marked isName; the values follow.
		var values []*node
		var keys []string
		for i, k := range root.kids {
			if k.isName {
				if unescaped, err := url.QueryUnescape(k.raw); err != nil || k.text != unescaped || s[k.start:k.end] != k.raw {
					t.Fatalf("parseForm(%q): name %q spans %q", s, k.text, s[k.start:k.end])
				}
				continue
			}
			values, keys = append(values, k), append(keys, root.keys[i])
		}
		if len(values) != len(valued) {
			t.Fatalf("parseForm(%q): %d fields, want %d", s, len(values), len(valued))
		}
		got := url.Values{}
		for i, k := range values {
			if s[k.start:k.end] != k.raw {
				t.Fatalf("parseForm(%q): field %d spans %q, raw %q", s, i, s[k.start:k.end], k.raw)
			}
			m, err := url.ParseQuery(semis(valued[i]))
			if err != nil || len(m) != 1 {
				t.Fatalf("url.ParseQuery(%q): %v, %v", valued[i], m, err)
			}
			for key, vs := range m {
				if keys[i] != key || k.text != vs[0] {
					t.Fatalf("parseForm(%q): field %d is %q=%q, url.ParseQuery: %q=%q", s, i, keys[i], k.text, key, vs[0])
				}
			}
			got[keys[i]] = append(got[keys[i]], k.text)
		}
		want, _ := url.ParseQuery(semis(strings.Join(valued, "&")))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parseForm(%q): %v, url.ParseQuery: %v", s, got, want)
		}
	})
}

// semis writes ';' as "%3B", the same value to url.ParseQuery without the
// pair being rejected.
func semis(s string) string { return strings.ReplaceAll(s, ";", "%3B") }

// FuzzMultipart: a body written by mime/multipart.Writer from fuzzed
// field names and values, a part of a fuzzed type and a file, reads as
// mime/multipart.Reader reads it back.
func FuzzMultipart(f *testing.F) {
	f.Fuzz(func(t *testing.T, boundary, fields, ctype, filename string, data []byte) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.SetBoundary(boundary) // an invalid one keeps the random boundary
		kv := strings.Split(fields, "\x00")
		for i := 0; i+1 < len(kv); i += 2 {
			fw, err := w.CreateFormField(kv[i])
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.WriteString(fw, kv[i+1])
		}
		if ctype != "" {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="typed"`)
			h.Set("Content-Type", ctype)
			pw, err := w.CreatePart(h)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = pw.Write(data)
		}
		if filename != "" {
			fw, err := w.CreateFormFile("upload", filename)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = fw.Write(data)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		checkMultipart(t, buf.Bytes(), w.Boundary(), true)
	})
}

// FuzzMultipartRaw: parseMultipart never panics on any body; when it and
// mime/multipart.Reader both read the body, they read the same parts.
func FuzzMultipartRaw(f *testing.F) {
	f.Fuzz(func(t *testing.T, boundary string, body []byte) {
		checkMultipart(t, body, boundary, false)
	})
}

// stdPart is a part as mime/multipart.Reader reads it.
type stdPart struct {
	name, filename, ctype string
	data                  []byte
	textType              bool // no Content-Type, or text/*
}

// checkMultipart compares parseMultipart with mime/multipart.Reader: when
// both read the body they read the same parts; strict, parseMultipart
// also reads every body the Reader reads (a raw body it rejects is an
// inspection error, never a silent difference).
func checkMultipart(t *testing.T, body []byte, boundary string, strict bool) {
	t.Helper()
	s := string(body)
	root, files, err := parseMultipart(s, boundary)
	if err == nil {
		if got := (&Doc{root: root}).Bytes(); !bytes.Equal(got, body) {
			t.Fatalf("parseMultipart(%q): unchanged Bytes() = %q", body, got)
		}
		for i, k := range root.kids {
			if s[k.start:k.end] != k.raw || k.raw != k.text {
				t.Fatalf("parseMultipart(%q): part %d spans %q, raw %q, text %q", body, i, s[k.start:k.end], k.raw, k.text)
			}
		}
	}
	ref, fail, refErr := stdMultipart(body, boundary)
	if refErr != nil || boundary == "" || len(boundary) > 70 || len(ref) > maxFields {
		return // not a body the standard library reads
	}
	if err != nil && !strict {
		return
	}
	if fail != "" {
		if err == nil {
			t.Fatalf("parseMultipart(%q, %q): success, want an error (%s)", body, boundary, fail)
		}
		return
	}
	if err != nil {
		t.Fatalf("parseMultipart(%q, %q): %v; mime/multipart reads %d parts", body, boundary, err, len(ref))
	}
	kids, fs := root.kids, files
	for i, p := range ref {
		switch {
		case len(kids) > 0 && root.keys[len(root.kids)-len(kids)] == p.name && kids[0].text == string(p.data) && p.filename == "":
			kids = kids[1:]
		case len(fs) > 0 && fs[0].Path == p.name && fs[0].Name == p.filename && fs[0].ContentType == p.ctype && bytes.Equal(fs[0].Data, p.data):
			if p.filename == "" {
				t.Fatalf("parseMultipart(%q, %q): part %d (%q) without a file name read as a file", body, boundary, i, p.name)
			}
			fs = fs[1:]
		default:
			t.Fatalf("parseMultipart(%q, %q): part %d is name=%q filename=%q type=%q %q in mime/multipart; parseMultipart has texts %v and files %v", body, boundary, i, p.name, p.filename, p.ctype, p.data, texts(root), fileList(files))
		}
	}
	if len(kids)+len(fs) > 0 {
		t.Fatalf("parseMultipart(%q, %q): %d texts and %d files more than mime/multipart's %d parts", body, boundary, len(kids), len(fs), len(ref))
	}
}

// stdMultipart reads a body with mime/multipart.Reader (raw parts: no
// quoted-printable decoding). fail says why parseMultipart must reject a
// body the standard library reads: a transfer encoding that is not the
// identity, or a Content-Disposition that does not parse.
func stdMultipart(body []byte, boundary string) (parts []stdPart, fail string, err error) {
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := r.NextRawPart()
		if err == io.EOF { //nolint:errorlint // the end; a wrapped EOF is a truncated body
			return parts, fail, nil
		}
		if err != nil {
			return nil, "", err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, "", err
		}
		sp := stdPart{ctype: p.Header.Get("Content-Type"), data: data}
		if cd := p.Header.Get("Content-Disposition"); cd != "" {
			_, params, err := mime.ParseMediaType(cd)
			if err != nil {
				fail = "content-disposition: " + err.Error()
			}
			sp.name, sp.filename = params["name"], params["filename"]
		}
		switch cte := strings.ToLower(p.Header.Get("Content-Transfer-Encoding")); cte {
		case "", "7bit", "8bit", "binary":
		default:
			fail = "content-transfer-encoding " + cte
		}
		mt, _, err := mime.ParseMediaType(sp.ctype)
		sp.textType = sp.ctype == "" || err == nil && strings.HasPrefix(mt, "text/")
		parts = append(parts, sp)
	}
}

func texts(root *node) []string {
	var out []string
	for i, k := range root.kids {
		out = append(out, fmt.Sprintf("%s=%q", root.keys[i], k.text))
	}
	return out
}

func fileList(files []*File) []string {
	var out []string
	for _, f := range files {
		out = append(out, fmt.Sprintf("%s(%q,%q)=%q", f.Path, f.Name, f.ContentType, f.Data))
	}
	return out
}

// FuzzReplace: a JSON, form or multipart body built from fuzzed texts,
// its n-th part replaced with a fuzzed text (n >= 128: replaced twice, the
// fuzzed text last), still reads with the standard library, the part
// reads as the new text (read as JSON in turn where it is JSON) and
// everything else as before.
func FuzzReplace(f *testing.F) {
	f.Fuzz(func(t *testing.T, kind uint8, a, b, c string, n uint8, repl, boundary string) {
		var ctype string
		var body []byte
		switch kind % 3 {
		case 0:
			ctype = "application/json"
			v := map[string]any{"channel": "C1", "text": a, "attachments": []any{map[string]any{"title": b, "fields": []any{c, 1.5, nil, true}}}}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(kind&4 == 0)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		case 1:
			ctype = "application/x-www-form-urlencoded"
			body = []byte("token=xoxc-1&channel=C1&text=" + url.QueryEscape(a) + "&blocks=" + url.QueryEscape(b) + "&thread=" + url.QueryEscape(c))
		case 2:
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			_ = w.SetBoundary(boundary)
			for _, kv := range [][2]string{{"channel", "C1"}, {"content", a}, {"payload_json", b}, {"nonce", c}} {
				fw, err := w.CreateFormField(kv[0])
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.WriteString(fw, kv[1])
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			ctype, body = w.FormDataContentType(), buf.Bytes()
		}
		before, err := stdFields(ctype, body)
		if err != nil {
			return // a value that broke the multipart body it was written in
		}
		d, err := Generic(&Input{ContentType: ctype, Body: body})
		if err != nil {
			t.Fatalf("Generic(%q, %q): %v", ctype, body, err)
		}
		parts := d.Messages[0].Parts
		if len(parts) == 0 {
			return
		}
		p := parts[int(n)%len(parts)]
		path := fieldPath(ctype, p.Path)
		if v, ok := resolve(before, path); !ok || v != p.Text {
			t.Fatalf("Generic(%q, %q): part %q at %q; the standard library has %#v there", ctype, body, p.Text, p.Path, v)
		}
		repl = strings.ToValidUTF8(repl, "\uFFFD")
		if n&0x80 != 0 {
			d.Replace(p, p.Text+"+") // the last Replace wins
		}
		if !d.Replace(p, repl) {
			// Only a multipart text holding its own delimiter is refused:
			// written as is, it would add parts.
			if !strings.HasPrefix(ctype, "multipart/") || !strings.Contains(repl, "--"+boundaryOf(ctype)) {
				t.Fatalf("Replace(%q, %q) in %q: false", p.Path, repl, body)
			}
			return
		}
		out := d.Bytes()
		after, err := stdFields(ctype, out)
		if err != nil {
			t.Fatalf("Replace(%q, %q) in %q: %q does not read: %v", p.Path, repl, body, out, err)
		}
		setAt(before, path, deepString(repl))
		if !reflect.DeepEqual(after, before) {
			t.Fatalf("Replace(%q, %q) in %q: %q reads as %#v, want %#v", p.Path, repl, body, out, after, before)
		}
	})
}

// FuzzRemove: cutting messages out of a JSON list (and replacing a text
// in the first) leaves valid JSON with the other messages and members
// exactly as they were.
func FuzzRemove(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b, c string, mask uint8, indent string, repl string) {
		v := map[string]any{"ok": true, "has_more": false, "messages": []any{
			map[string]any{"type": "message", "user": "U1", "text": a, "ts": "1.0"},
			map[string]any{"type": "message", "user": "U2", "text": b, "blocks": []any{map[string]any{"type": "rich_text", "text": c}}},
			map[string]any{"type": "message", "user": "U3", "text": c, "reactions": []any{}},
		}}
		body, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Trim(indent, " \t\r\n") == "" && mask&0x10 != 0 {
			var buf bytes.Buffer
			if err := json.Indent(&buf, body, "", indent); err != nil {
				t.Fatal(err)
			}
			body = buf.Bytes()
		}
		before, err := stdJSON(body)
		if err != nil {
			t.Fatal(err)
		}
		d, err := listOf(&Input{Direction: Inbound, ContentType: "application/json", Body: body}, []string{"messages"}, "", nil, "user")
		if err != nil || len(d.Messages) != 3 {
			t.Fatalf("listOf(%q): %v, %d messages", body, err, len(d.Messages))
		}
		msgs := before.(map[string]any)["messages"].([]any)
		for i, m := range d.Messages {
			if want := fmt.Sprintf("U%d", i+1); m.User != want || !m.Removable() {
				t.Fatalf("listOf(%q): message %d user %q removable %v, want %q and true", body, i, m.User, m.Removable(), want)
			}
		}
		if mask&8 != 0 && len(d.Messages[0].Parts) > 0 {
			p := d.Messages[0].Parts[0]
			repl = strings.ToValidUTF8(repl, "\uFFFD")
			if !d.Replace(p, repl) {
				t.Fatalf("Replace(%q, %q) in %q: false", p.Path, repl, body)
			}
			setAt(msgs[0], pointer(p.Path), deepString(repl))
		}
		var keep []any
		for i, m := range d.Messages {
			if mask&(1<<i) != 0 {
				if !d.Remove(m) {
					t.Fatalf("Remove(%d): false", i)
				}
				continue
			}
			keep = append(keep, msgs[i])
		}
		if keep == nil {
			keep = []any{}
		}
		before.(map[string]any)["messages"] = keep
		out := d.Bytes()
		after, err := stdJSON(out)
		if err != nil {
			t.Fatalf("Remove(%b) in %q: %q is not JSON: %v", mask&7, body, out, err)
		}
		if !reflect.DeepEqual(after, before) {
			t.Fatalf("Remove(%b) in %q: %q reads as %#v, want %#v", mask&7, body, out, after, before)
		}
	})
}

// FuzzGeneric: Generic never panics; it fails only for a multipart type,
// with ErrUnreadable; the unchanged Doc renders as the body; and with
// every part masked the body reads again with the masks where the parts
// were, unless Replace refuses every part (a body that cannot be
// rewritten), which leaves it unchanged.
func FuzzGeneric(f *testing.F) {
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		d, err := Generic(&Input{ContentType: ctype, Body: body})
		if err != nil {
			mt, _, _ := mime.ParseMediaType(ctype)
			if !strings.HasPrefix(mt, "multipart/") || !errors.Is(err, ErrUnreadable) {
				t.Fatalf("Generic(%q, %q): %v, want success or ErrUnreadable for a multipart type", ctype, body, err)
			}
			return
		}
		if len(d.Messages) != 1 {
			t.Fatalf("Generic(%q, %q): %d messages, want 1", ctype, body, len(d.Messages))
		}
		if d.root == nil {
			if d.Len() != 0 {
				t.Fatalf("Generic(%q, %q): parts without a body tree", ctype, body)
			}
			return
		}
		if got := d.Bytes(); !bytes.Equal(got, body) {
			t.Fatalf("Generic(%q, %q): unchanged Bytes() = %q", ctype, body, got)
		}
		var masks []string
		opaque := false
		for i, p := range d.Messages[0].Parts {
			if p.Text == "" {
				t.Fatalf("Generic(%q, %q): empty part at %q", ctype, body, p.Path)
			}
			m := strings.Repeat("*", utf8.RuneCountInString(p.Text))
			masks = append(masks, p.Path+"="+m)
			ok := d.Replace(p, m)
			if i == 0 {
				opaque = !ok
			} else if ok == opaque {
				t.Fatalf("Generic(%q, %q): Replace of part %d: %v, of part 0: %v", ctype, body, i, ok, !opaque)
			}
		}
		out := d.Bytes()
		if opaque {
			if !bytes.Equal(out, body) || d.Changed() {
				t.Fatalf("Generic(%q, %q): Replace refused, but Bytes() = %q, Changed() = %v", ctype, body, out, d.Changed())
			}
			return
		}
		// A body read as text (JSON or a form that does not parse) is read
		// as text again: the masks may make it parse as its type.
		d2 := &Doc{root: textNode(string(out))}
		if d.root.kind != kindText {
			if d2, err = Generic(&Input{ContentType: ctype, Body: out}); err != nil {
				t.Fatalf("Generic(%q, %q) masked: %q: %v", ctype, body, out, err)
			}
		} else {
			d2.Messages = []*Message{{Parts: partsOf(nil, d2.root, "")}}
		}
		// Texts, not paths: a masked form field name is the key of its value.
		if got := texts2(paths(d2)); !slices.Equal(got, texts2(masks)) {
			t.Fatalf("Generic(%q, %q) masked: %q reads as %q, want %q", ctype, body, out, paths(d2), masks)
		}
	})
}

// nested is a JSON text inside a string, as parseJSON reads it (nestJSON):
// the string's value decoded in turn.
type nested struct{ v any }

// jsonAcceptable reports a text parseJSON must read: valid JSON for
// encoding/json, valid UTF-8 without a lone surrogate escape, nested at
// most maxJSONDepth deep.
func jsonAcceptable(b []byte) bool {
	if !json.Valid(b) || !utf8.Valid(b) || loneSurrogate(b) {
		return false
	}
	depth, _, err := jsonShape(b)
	return err == nil && depth <= maxJSONDepth
}

// repeatsName reports an object below n (JSON read in a string included)
// that has a member name twice.
func repeatsName(n *node) bool {
	if n.kind == kindObject {
		seen := map[string]bool{}
		for _, k := range n.keys {
			if seen[k] {
				return true
			}
			seen[k] = true
		}
	}
	return slices.ContainsFunc(n.kids, repeatsName)
}

// containsAll reports whether the sorted got holds every element of the
// sorted want, as many times as want does.
func containsAll(got, want []string) bool {
	i := 0
	for _, w := range want {
		for i < len(got) && got[i] < w {
			i++
		}
		if i == len(got) || got[i] != w {
			return false
		}
		i++
	}
	return true
}

// jsonShape returns the depth of the deepest value (the top one is 0) and
// whether an object has a member name twice.
func jsonShape(b []byte) (depth int, dup bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var value func(d int) error
	value = func(d int) error {
		depth = max(depth, d)
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				name, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := name.(string)
				dup = dup || seen[k]
				seen[k] = true
				if err := value(d + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if err := value(d + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	err = value(0)
	return depth, dup, err
}

// loneSurrogate reports a \u escape of a UTF-16 surrogate that is not
// half of a pair, in valid JSON.
func loneSurrogate(b []byte) bool {
	hex := func(i int) rune {
		if i+4 > len(b) {
			return -1
		}
		r, err := strconv.ParseUint(string(b[i:i+4]), 16, 32)
		if err != nil {
			return -1
		}
		return rune(r)
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		i++
		if i >= len(b) || b[i] != 'u' {
			continue
		}
		r := hex(i + 1)
		i += 4
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
				if r2 := hex(i + 3); r2 >= 0xDC00 && r2 < 0xE000 {
					i += 6
					continue
				}
			}
			return true
		case r >= 0xDC00 && r < 0xE000:
			return true
		}
	}
	return false
}

// stdJSON decodes valid JSON with encoding/json, strings that parseJSON
// reads as JSON decoded in turn.
func stdJSON(b []byte) (any, error) {
	if !json.Valid(b) {
		return nil, errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return deepen(v), nil
}

func deepen(v any) any {
	switch v := v.(type) {
	case string:
		return deepString(v)
	case map[string]any:
		for k, e := range v {
			v[k] = deepen(e)
		}
	case []any:
		for i, e := range v {
			v[i] = deepen(e)
		}
	}
	return v
}

// deepString is a text as the walker sees it: JSON when it is an object
// or an array (spaces around it) that parseJSON must read, else itself.
func deepString(s string) any {
	t := strings.TrimSpace(s)
	if len(t) < 2 || !(t[0] == '{' && t[len(t)-1] == '}' || t[0] == '[' && t[len(t)-1] == ']') || !jsonAcceptable([]byte(s)) {
		return s
	}
	v, err := stdJSON([]byte(s))
	if err != nil {
		return s
	}
	return nested{v}
}

// stdStrings appends the non-empty strings in v.
func stdStrings(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		if v != "" {
			out = append(out, v)
		}
	case nested:
		out = stdStrings(v.v, out)
	case map[string]any:
		for _, e := range v {
			out = stdStrings(e, out)
		}
	case []any:
		for _, e := range v {
			out = stdStrings(e, out)
		}
	}
	return out
}

// stdFields reads a body with the standard library: JSON as stdJSON, a
// form or multipart body as a map of its (distinct) field names to
// deepString of their values.
func stdFields(ctype string, body []byte) (any, error) {
	mt, params, _ := mime.ParseMediaType(ctype)
	m := map[string]any{}
	switch mt {
	case "application/json":
		return stdJSON(body)
	case "application/x-www-form-urlencoded":
		vs, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		for k, v := range vs {
			if len(v) != 1 {
				return nil, fmt.Errorf("field %q %d times", k, len(v))
			}
			m[k] = deepString(v[0])
		}
	default:
		parts, _, err := stdMultipart(body, params["boundary"])
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if _, ok := m[p.name]; ok {
				return nil, fmt.Errorf("part %q twice", p.name)
			}
			m[p.name] = deepString(string(p.data))
		}
	}
	return m, nil
}

// fieldPath splits a part's path into the keys from the body's top: a
// JSON pointer, or a form or multipart field name (without '/') followed
// by the pointer into JSON in its value.
func fieldPath(ctype, path string) []string {
	if strings.HasPrefix(ctype, "application/json") {
		return pointer(path)
	}
	name, rest, ok := strings.Cut(path, "/")
	if !ok {
		return []string{name}
	}
	return append([]string{name}, pointer("/"+rest)...)
}

// pointer splits a JSON pointer (RFC 6901) into member names and indexes.
func pointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return toks
}

// resolve follows keys from v, through JSON nested in strings.
func resolve(v any, keys []string) (any, bool) {
	for _, k := range keys {
		if n, ok := v.(nested); ok {
			v = n.v
		}
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[k]
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// setAt sets the value at keys below v.
func setAt(v any, keys []string, to any) {
	if len(keys) == 0 {
		return
	}
	parent, _ := resolve(v, keys[:len(keys)-1])
	if n, ok := parent.(nested); ok {
		parent = n.v
	}
	switch c := parent.(type) {
	case map[string]any:
		c[keys[len(keys)-1]] = to
	case []any:
		if i, err := strconv.Atoi(keys[len(keys)-1]); err == nil {
			c[i] = to
		}
	}
}

// boundaryOf is the boundary parameter of a multipart content type.
func boundaryOf(ctype string) string {
	_, params, _ := mime.ParseMediaType(ctype)
	return params["boundary"]
}

// texts2 keeps the text of each "path=text".
func texts2(list []string) []string {
	out := make([]string, len(list))
	for i, pt := range list {
		_, out[i], _ = strings.Cut(pt, "=")
	}
	return out
}
