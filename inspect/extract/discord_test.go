package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The route tests of discord, teams, googlechat and rocketchat share the
// helpers in this file (rt*): one table per service of requests read from
// testdata/<service>/, what Extract must find in them, and the checks that
// a replaced text and a removed message leave the rest of the body alone.

// rtCase is one request of a service's route table.
type rtCase struct {
	name    string
	in      Input  // the request; Body comes from fixture
	fixture string // file under testdata/<service>/
	want    []rtMsg
	absent  []string // texts no part may contain (tokens and ids skipped)
	edit    *rtEdit  // a text to rewrite; nil: none
	remove  int      // index of the message to cut out (inbound); -1: none
	list    string   // JSON pointer of the message list in the decoded body (with remove)
}

// rtMsg is what one message must be: its parts exactly, as "path=text"
// in the order found, and its files' names.
type rtMsg struct {
	channel, user        string
	removable, encrypted bool
	parts                []string
	files                []string
}

// rtEdit rewrites one part: the message index and the part's path, the
// new text, where the change must show in the decoded body (a JSON pointer
// from its root; form fields and multipart parts are members, JSON in a
// string is decoded in place), and the raw bytes that must be the only
// change: from (found once in the body) becomes to.
type rtEdit struct {
	msg      int
	path     string
	text     string
	at       string
	from, to string
}

// rtRun runs a service's route table.
func rtRun(t *testing.T, service string, cases []rtCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Service = service
			in.Body = rtFixture(t, service, tt.fixture)
			orig := slices.Clone(in.Body)
			d, err := Extract(&in)
			if err != nil || d == nil {
				t.Fatalf("Extract(): got %v, %v, want a doc", d, err)
			}
			if in.Direction == Inbound && !Reads(service, in.Method, in.Path) {
				t.Errorf("Reads(%q, %q, %q): got false, want true", service, in.Method, in.Path)
			}
			if got, want := rtDescribe(d), rtExpect(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("Extract(): got %v, want %v", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, m := range d.Messages {
				for _, p := range m.Parts {
					for _, s := range tt.absent {
						if strings.Contains(p.Text, s) {
							t.Errorf("Extract(): got part %s=%q, want no part holding %q", p.Path, p.Text, s)
						}
					}
				}
			}
			if !bytes.Equal(d.Bytes(), orig) || d.Changed() {
				t.Errorf("Bytes() before any change: got %q, want the body unchanged", d.Bytes())
			}
			if tt.edit != nil {
				rtCheckEdit(t, &in, orig, d, tt.edit)
			}
			if tt.remove >= 0 {
				d, _ := Extract(&in) // a fresh doc: the edit above changed the other
				rtCheckRemove(t, &in, orig, d, tt.remove, tt.list)
			}
		})
	}
}

// rtDescribe renders a doc's messages for comparison.
func rtDescribe(d *Doc) []string {
	var out []string
	for _, m := range d.Messages {
		var files, parts []string
		for _, f := range m.Files {
			files = append(files, f.Name)
		}
		for _, p := range m.Parts {
			parts = append(parts, p.Path+"="+p.Text)
		}
		out = append(out, rtLine(m.Channel, m.User, m.Removable(), m.Encrypted, files, parts))
	}
	return out
}

func rtExpect(want []rtMsg) []string {
	var out []string
	for _, m := range want {
		out = append(out, rtLine(m.channel, m.user, m.removable, m.encrypted, m.files, m.parts))
	}
	return out
}

func rtLine(channel, user string, removable, encrypted bool, files, parts []string) string {
	return fmt.Sprintf("channel=%q user=%q removable=%v encrypted=%v files=%q parts=%q",
		channel, user, removable, encrypted, files, parts)
}

// rtCheckEdit rewrites one part and checks that the body still parses,
// that only that field changed (decoded), and that the raw change is the
// expected one and no other byte moved.
func rtCheckEdit(t *testing.T, in *Input, orig []byte, d *Doc, e *rtEdit) {
	t.Helper()
	var part *Part
	for _, p := range d.Messages[e.msg].Parts {
		if p.Path == e.path {
			part = p
		}
	}
	if part == nil {
		t.Fatalf("Extract(): no part %q in message %d", e.path, e.msg)
	}
	d.Replace(part, e.text)
	out := d.Bytes()
	if !d.Changed() {
		t.Errorf("Changed() after Replace: got false, want true")
	}
	was, got := rtDecode(t, in.ContentType, orig), rtDecode(t, in.ContentType, out)
	var diffs []string
	rtDiff(was, got, "", &diffs)
	if !reflect.DeepEqual(diffs, []string{e.at}) {
		t.Errorf("Replace(%s): got changes at %q, want only at %q", e.path, diffs, e.at)
	}
	if v := rtPointer(got, e.at); v != e.text {
		t.Errorf("Replace(%s): got %#v at %s, want %q", e.path, v, e.at, e.text)
	}
	if n := bytes.Count(orig, []byte(e.from)); n != 1 {
		t.Fatalf("fixture: %q occurs %d times, want once", e.from, n)
	}
	if want := bytes.Replace(orig, []byte(e.from), []byte(e.to), 1); !bytes.Equal(out, want) {
		t.Errorf("Replace(%s): got body %q, want %q", e.path, out, want)
	}
}

// rtCheckRemove cuts one message and checks that the body still parses,
// that it is the original without that element of the list, and that the
// body read again has the other messages as they were.
func rtCheckRemove(t *testing.T, in *Input, orig []byte, d *Doc, i int, list string) {
	t.Helper()
	before := rtDescribe(d)
	if !d.Remove(d.Messages[i]) {
		t.Fatalf("Remove(%d): got false, want true", i)
	}
	out := d.Bytes()
	want := rtDecode(t, in.ContentType, orig)
	arr, ok := rtPointer(want, list).([]any)
	if !ok || i >= len(arr) {
		t.Fatalf("fixture: no list of %d at %q", i+1, list)
	}
	want = rtSet(want, list, slices.Delete(slices.Clone(arr), i, i+1))
	if got := rtDecode(t, in.ContentType, out); !reflect.DeepEqual(got, want) {
		t.Errorf("Remove(%d): got %v, want %v", i, got, want)
	}
	again := *in
	again.Body = out
	d2, err := Extract(&again)
	if err != nil || d2 == nil {
		t.Fatalf("Extract(Bytes()): %v, %v", d2, err)
	}
	if got, want := rtDescribe(d2), slices.Delete(slices.Clone(before), i, i+1); !reflect.DeepEqual(got, want) {
		t.Errorf("Remove(%d): got %v, want %v", i, got, want)
	}
}

// rtDecode parses a body by its content type into plain values: a JSON
// document (after Google's )]}' prefix), a form (field -> value) or a
// multipart body (part name -> body; file parts as name, type and data),
// with every string that holds a JSON object or array decoded in place. A
// body that does not parse fails the test.
func rtDecode(t *testing.T, ctype string, body []byte) any {
	t.Helper()
	mt, params, _ := mime.ParseMediaType(ctype)
	switch {
	case mt == "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(body))
		if err != nil {
			t.Fatalf("ParseQuery: %v in %q", err, body)
		}
		out := map[string]any{}
		for k, v := range q {
			out[k] = rtNest(v[0])
		}
		return out
	case strings.HasPrefix(mt, "multipart/"):
		r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		out := map[string]any{}
		for {
			p, err := r.NextRawPart()
			if errors.Is(err, io.EOF) {
				return out
			}
			if err != nil {
				t.Fatalf("multipart: %v in %q", err, body)
			}
			data, err := io.ReadAll(p)
			if err != nil {
				t.Fatalf("multipart: %v in %q", err, body)
			}
			if p.FileName() != "" {
				out[p.FormName()] = map[string]any{"filename": p.FileName(), "type": p.Header.Get("Content-Type"), "data": string(data)}
			} else {
				out[p.FormName()] = rtNest(string(data))
			}
		}
	}
	s := strings.TrimPrefix(string(body), ")]}'")
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("json: %v in %s", err, body)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("json: data after the value in %s", body)
	}
	return rtNest(v)
}

// rtNest decodes the strings below v that hold JSON objects or arrays.
func rtNest(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = rtNest(e)
		}
	case []any:
		for i, e := range x {
			x[i] = rtNest(e)
		}
	case string:
		s := strings.TrimSpace(x)
		if len(s) >= 2 && (s[0] == '{' || s[0] == '[') && json.Valid([]byte(s)) {
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var inner any
			if dec.Decode(&inner) == nil {
				return rtNest(inner)
			}
		}
	}
	return v
}

// rtSet replaces the value at a JSON pointer and returns the root.
func rtSet(root any, ptr string, val any) any {
	if ptr == "" {
		return val
	}
	i := strings.LastIndexByte(ptr, '/')
	parent, tok := rtPointer(root, ptr[:i]), strings.NewReplacer("~1", "/", "~0", "~").Replace(ptr[i+1:])
	switch x := parent.(type) {
	case map[string]any:
		x[tok] = val
	case []any:
		if n, err := strconv.Atoi(tok); err == nil && n >= 0 && n < len(x) {
			x[n] = val
		}
	}
	return root
}

// rtCheckNotRead checks requests a service's routes leave alone: inbound
// bodies are not read (nil doc, Reads false).
func rtCheckNotRead(t *testing.T, service string, reqs ...[2]string) {
	t.Helper()
	for _, r := range reqs {
		d, err := Extract(&Input{Service: service, Method: r[0], Path: r[1], Direction: Inbound,
			ContentType: "application/json", Body: []byte(`{"messages":[{"text":"x"}]}`)})
		if d != nil || err != nil || Reads(service, r[0], r[1]) {
			t.Errorf("Extract(%s %s): got %v, %v, want no doc and Reads() false", r[0], r[1], d, err)
		}
	}
}

const (
	dcChannel = "290926798999357250"
	dcMason   = "53908099506183680"
	dcKyle    = "80351110224678912"
	dcBot     = "334380000000000001"
)

func TestDiscordRoutes(t *testing.T) {
	jsonIn := func(method, path string) Input {
		return Input{Method: method, Path: path, ContentType: "application/json", Direction: Outbound}
	}
	const boundary = "----WebKitFormBoundaryJ8kzq2LxD7CFbB4e"
	history := []rtMsg{
		{channel: dcChannel, user: dcMason, removable: true, parts: []string{
			"/reactions/0/emoji/name=🔥", "/content=Supa Hot, my card is 4111 1111 1111 1111"}},
		{channel: dcChannel, user: dcKyle, removable: true, parts: []string{
			"/attachments/0/filename=q3-forecast.png",
			"/attachments/0/url=https://cdn.discordapp.com/attachments/290926798999357250/1234567891233211234/q3-forecast.png?ex=65d903de&is=65c68ede&hm=2481f30dd67f503f54d020ae3b5533b9987fae4e55f2b4e3926e08a3fa3ee24f&",
			"/attachments/0/content_type=image/png", "/content=forecast attached"}},
		{channel: dcChannel, user: dcBot, removable: true, parts: []string{
			"/embeds/0/type=rich", "/embeds/0/title=Build #42 failed", "/embeds/0/description=Tests failed on main"}},
	}
	historyIn := Input{Method: "GET", Path: "/api/v9/channels/" + dcChannel + "/messages", Query: "limit=50",
		ContentType: "application/json", Direction: Inbound}
	rtRun(t, "discord", []rtCase{
		{name: "create message json", in: jsonIn("POST", "/api/v9/channels/"+dcChannel+"/messages"), fixture: "create_message.json", remove: -1,
			want: []rtMsg{{channel: dcChannel, parts: []string{
				"/content=Prod DB is db1.internal, password hunter2-Pr0d! cc <@80351110224678912>",
				"/embeds/0/title=Incident 4711", "/embeds/0/description=Card 4111 1111 1111 1111 was charged twice",
				"/embeds/0/fields/0/name=Owner", "/embeds/0/fields/0/value=alice@example.com"}}},
			absent: []string{"1290337513416474624", "233648473390448641"},
			edit: &rtEdit{msg: 0, path: "/content", text: `Prod DB is db1.internal, password "[redacted]" cc <@80351110224678912>`, at: "/content",
				from: `password hunter2-Pr0d! cc`, to: `password \"[redacted]\" cc`}},
		{name: "create message embed field", in: jsonIn("POST", "/api/v10/channels/"+dcChannel+"/messages"), fixture: "create_message.json", remove: -1,
			want: []rtMsg{{channel: dcChannel, parts: []string{
				"/content=Prod DB is db1.internal, password hunter2-Pr0d! cc <@80351110224678912>",
				"/embeds/0/title=Incident 4711", "/embeds/0/description=Card 4111 1111 1111 1111 was charged twice",
				"/embeds/0/fields/0/name=Owner", "/embeds/0/fields/0/value=alice@example.com"}}},
			edit: &rtEdit{msg: 0, path: "/embeds/0/description", text: "Card **** was charged twice", at: "/embeds/0/description",
				from: `"Card 4111 1111 1111 1111 was`, to: `"Card **** was`}},
		{name: "create message multipart payload_json", fixture: "create_message.multipart", remove: -1,
			in: Input{Method: "POST", Path: "/api/v9/channels/" + dcChannel + "/messages",
				ContentType: "multipart/form-data; boundary=" + boundary, Direction: Outbound},
			want: []rtMsg{{channel: dcChannel, files: []string{"myfilename.png", "mygif.gif"}, parts: []string{
				"payload_json/content=Hello, World! Salary sheet attached",
				"payload_json/embeds/0/title=Hello, Embed!", "payload_json/embeds/0/description=This is an embedded message.",
				"payload_json/embeds/0/thumbnail/url=attachment://myfilename.png", "payload_json/embeds/0/image/url=attachment://mygif.gif",
				"payload_json/attachments/0/description=Image of a cute little cat", "payload_json/attachments/0/filename=myfilename.png",
				"payload_json/attachments/1/description=Rickroll gif", "payload_json/attachments/1/filename=mygif.gif"}}},
			absent: []string{"1290337513416474625", "233648473390448641"},
			edit: &rtEdit{msg: 0, path: "payload_json/content", text: "Hello, World! [file withheld]", at: "/payload_json/content",
				from: `"Hello, World! Salary sheet attached"`, to: `"Hello, World! [file withheld]"`}},
		{name: "create message multipart fields", fixture: "create_message_fields.multipart", remove: -1,
			in: Input{Method: "POST", Path: "/api/channels/" + dcChannel + "/messages",
				ContentType: "multipart/form-data; boundary=boundary", Direction: Outbound},
			want: []rtMsg{{channel: dcChannel, parts: []string{"content=Hello, World! My SSN is 078-05-1120", "tts=true"}}},
			edit: &rtEdit{msg: 0, path: "content", text: "Hello, World! My SSN is ***-**-****", at: "/content",
				from: "is 078-05-1120\r\n", to: "is ***-**-****\r\n"}},
		{name: "edit message", in: jsonIn("PATCH", "/api/v9/channels/"+dcChannel+"/messages/334385199974967042"), fixture: "edit_message.json",
			remove: -1,
			want: []rtMsg{{channel: dcChannel, parts: []string{
				"/content=Edited: the staging token is ghp_16C7e42F292c6912E7710c838347Ae178B4a"}}},
			edit: &rtEdit{msg: 0, path: "/content", text: "Edited: the staging token is ghp_****", at: "/content",
				from: "ghp_16C7e42F292c6912E7710c838347Ae178B4a", to: "ghp_****"}},
		{name: "attachment slots", in: jsonIn("POST", "/api/v9/channels/"+dcChannel+"/attachments"), fixture: "attachments.json", remove: -1,
			want: []rtMsg{{channel: dcChannel, parts: []string{"/files/0/filename=customers-2024.csv", "/files/1/filename=payroll Q3.xlsx"}}},
			edit: &rtEdit{msg: 0, path: "/files/1/filename", text: "file.xlsx", at: "/files/1/filename",
				from: `"payroll Q3.xlsx"`, to: `"file.xlsx"`}},
		{name: "history remove first", in: historyIn, fixture: "messages.json", want: history, remove: 0, list: "",
			absent: []string{"334385199974967042", "a_bab14f271d565501444b2ca3be944b25", "1xgKDwJ4d3iHeHiId3h3d4eId3g=", "media.discordapp.net",
				"334385471950438400", "Mason", "2017-07-11"},
			edit: &rtEdit{msg: 0, path: "/content", text: "Supa Hot, my card is ****", at: "/0/content",
				from: "is 4111 1111 1111 1111", to: "is ****"}},
		{name: "history remove middle", in: historyIn, fixture: "messages.json", want: history, remove: 1, list: ""},
		{name: "history remove last", in: historyIn, fixture: "messages.json", want: history, remove: 2, list: "",
			edit: &rtEdit{msg: 2, path: "/embeds/0/description", text: "[removed]", at: "/2/embeds/0/description",
				from: `"Tests failed on main"`, to: `"[removed]"`}},
	})
}

func TestDiscordNotRead(t *testing.T) {
	rtCheckNotRead(t, "discord",
		[2]string{"POST", "/api/v9/channels/" + dcChannel + "/messages"},
		[2]string{"GET", "/api/v9/channels/" + dcChannel + "/messages/334385199974967042"},
		[2]string{"GET", "/api/v9/users/@me/channels"})
}

func TestDiscordBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "discord", "/message", "/code")
	rtCheckByPath(t, "discord", "/api/v9/channels/"+dcChannel+"/messages", "/api/v10/channels/"+dcChannel+"/messages/334385199974967042",
		"/api/v9/channels/"+dcChannel+"/attachments", "/api/channels/"+dcChannel+"/messages")
}

// TestDiscordShownTexts: the texts Discord displays under member names
// that also hold ids elsewhere are read: an embed's author name and a
// select menu's placeholder, in JSON and in a multipart payload_json.
func TestDiscordShownTexts(t *testing.T) {
	body := `{"content":"hi","embeds":[{"title":"t","author":{"name":"card 4012 8888 8888 1881","icon_url":"https://x/i.png"}}],` +
		`"components":[{"type":1,"components":[{"type":3,"custom_id":"c1","placeholder":"IBAN DE89 3704 0044 0532 0130 00","options":[]}]}]}`
	multipart := "--B\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n" + body + "\r\n--B--\r\n"
	for _, tt := range []struct{ name, ctype, body string }{
		{"json", "application/json", body},
		{"multipart", "multipart/form-data; boundary=B", multipart},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Extract(&Input{Service: "discord", Method: "POST", Path: "/api/v10/channels/1/messages", ContentType: tt.ctype, Body: []byte(tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, p := range d.Messages[0].Parts {
				texts = append(texts, p.Text)
			}
			all := strings.Join(texts, "|")
			for _, want := range []string{"card 4012 8888 8888 1881", "IBAN DE89 3704 0044 0532 0130 00", "https://x/i.png"} {
				if !strings.Contains(all, want) {
					t.Errorf("Extract(): parts %q lack %q", texts, want)
				}
			}
			if strings.Contains(all, "c1") {
				t.Errorf("Extract(): the custom_id is a part: %q", texts)
			}
		})
	}
}
