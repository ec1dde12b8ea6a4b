package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The route tests of mattermost, matrix and zulip share the helpers in
// this file (chat*): one table per service of requests read from
// testdata/<service>/, what Extract must find in them, and the checks that
// a replaced text and a removed message leave the rest of the body alone.

// chatRoute is one request of a service's route table.
type chatRoute struct {
	name    string
	in      Input  // the request; Body comes from fixture
	fixture string // file under testdata/<service>/
	want    []chatMessage
	replace *chatEdit // a text to rewrite; nil: none
	remove  int       // index of the message to cut out (inbound); -1: none
}

// chatMessage is what one message must be: its parts exactly, as
// "path=text" in the order found.
type chatMessage struct {
	channel, user string
	encrypted     bool
	removable     bool
	parts         []string
	files         []string // file names
}

// chatEdit rewrites one part: the message index and part path, the new
// text, and where the change must show in the decoded body (a JSON
// pointer from the body's root, or a form field name).
type chatEdit struct {
	msg  int
	path string
	text string
	at   string
}

// chatRun runs a service's route table.
func chatRun(t *testing.T, service string, routes []chatRoute) {
	t.Helper()
	for _, tt := range routes {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Service = service
			in.Body = rtFixture(t, service, tt.fixture)
			orig := chatTrim(&in, in.Body)
			d, err := Extract(&in)
			if err != nil || d == nil {
				t.Fatalf("Extract(): got %v, %v, want a doc", d, err)
			}
			if in.Direction == Inbound && !Reads(service, in.Method, in.Path) {
				t.Errorf("Reads(%q, %q, %q): got false, want true", service, in.Method, in.Path)
			}
			if got, want := chatDescribe(d), chatExpect(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("Extract(): got %v, want %v", got, want)
			}
			if string(chatTrim(&in, d.Bytes())) != string(orig) || d.Changed() {
				t.Errorf("Bytes() before any change: got %q, want the body unchanged", d.Bytes())
			}
			if tt.replace != nil {
				chatCheckReplace(t, &in, orig, d, tt.replace)
			}
			if tt.remove >= 0 {
				d, _ := Extract(&in) // a fresh doc: the replace above changed the other
				chatCheckRemove(t, &in, orig, d, tt.remove)
			}
		})
	}
}

// chatDescribe renders a doc's messages for comparison.
func chatDescribe(d *Doc) []string {
	var out []string
	for _, m := range d.Messages {
		var files []string
		for _, f := range m.Files {
			files = append(files, f.Name)
		}
		var parts []string
		for _, p := range m.Parts {
			parts = append(parts, p.Path+"="+p.Text)
		}
		out = append(out, fmt.Sprintf("channel=%q user=%q encrypted=%v removable=%v files=%q parts=%q",
			m.Channel, m.User, m.Encrypted, m.Removable(), files, parts))
	}
	return out
}

func chatExpect(want []chatMessage) []string {
	var out []string
	for _, m := range want {
		out = append(out, fmt.Sprintf("channel=%q user=%q encrypted=%v removable=%v files=%q parts=%q",
			m.channel, m.user, m.encrypted, m.removable, m.files, m.parts))
	}
	return out
}

// chatTrim trims the white space around a JSON body: Doc.Bytes writes a
// JSON body from its value's first byte to its last (a server's trailing
// newline is dropped), which the comparisons here are not about.
func chatTrim(in *Input, b []byte) []byte {
	if chatIsForm(in) || strings.HasPrefix(in.ContentType, "multipart/") {
		return b
	}
	return bytes.TrimSpace(b)
}

// chatIsForm reports a form body.
func chatIsForm(in *Input) bool {
	return strings.HasPrefix(in.ContentType, "application/x-www-form-urlencoded")
}

// chatCheckReplace rewrites one part and checks that the body still
// parses, that only that field changed (decoded), and that the bytes that
// differ lie within the field's old encoding.
func chatCheckReplace(t *testing.T, in *Input, orig []byte, d *Doc, e *chatEdit) {
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
	oldLen := len(part.n.raw)
	d.Replace(part, e.text)
	out := chatTrim(in, d.Bytes())
	if !d.Changed() {
		t.Errorf("Changed() after Replace: got false, want true")
	}
	if chatIsForm(in) {
		was, err1 := url.ParseQuery(string(orig))
		got, err2 := url.ParseQuery(string(out))
		if err1 != nil || err2 != nil {
			t.Fatalf("ParseQuery(Bytes()): %v, %v in %q", err1, err2, out)
		}
		was[e.at] = []string{e.text}
		if !reflect.DeepEqual(got, was) {
			t.Errorf("Replace(%s): got form %v, want %v", e.path, got, was)
		}
	} else {
		if !json.Valid(out) {
			t.Fatalf("Replace(%s): Bytes() is not JSON: %s", e.path, out)
		}
		var was, got any
		chatDecode(t, orig, &was)
		chatDecode(t, out, &got)
		var diffs []string
		rtDiff(was, got, "", &diffs)
		if !reflect.DeepEqual(diffs, []string{e.at}) {
			t.Errorf("Replace(%s): got changes at %q, want only at %q", e.path, diffs, e.at)
		}
		if v := rtPointer(got, e.at); v != e.text {
			t.Errorf("Replace(%s): got %v at %s, want %q", e.path, v, e.at, e.text)
		}
	}
	pre := chatCommonPrefix(orig, out)
	suf := chatCommonPrefix(chatReverse(orig[pre:]), chatReverse(out[pre:]))
	if changed := len(orig) - pre - suf; changed > oldLen {
		t.Errorf("Replace(%s): %d bytes of the body changed, more than the field's %d: %q", e.path, changed, oldLen, out)
	}
}

// chatCheckRemove cuts one message and checks that the body is valid
// JSON holding the other messages as they were.
func chatCheckRemove(t *testing.T, in *Input, orig []byte, d *Doc, i int) {
	t.Helper()
	before := chatDescribe(d)
	if !d.Remove(d.Messages[i]) {
		t.Fatalf("Remove(%d): got false, want true", i)
	}
	out := d.Bytes()
	if !json.Valid(out) {
		t.Fatalf("Remove(%d): Bytes() is not JSON: %s", i, out)
	}
	again := *in
	again.Body = out
	d2, err := Extract(&again)
	if err != nil || d2 == nil {
		t.Fatalf("Extract(Bytes()): %v, %v", d2, err)
	}
	want := slices.Delete(slices.Clone(before), i, i+1)
	if got := chatDescribe(d2); !reflect.DeepEqual(got, want) {
		t.Errorf("Remove(%d): got %v, want %v", i, got, want)
	}
	if len(out) >= len(orig) {
		t.Errorf("Remove(%d): body grew from %d to %d bytes", i, len(orig), len(out))
	}
}

func chatDecode(t *testing.T, b []byte, v *any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("json: %v in %s", err, b)
	}
}

func chatCommonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func chatReverse(b []byte) []byte {
	r := slices.Clone(b)
	slices.Reverse(r)
	return r
}

const (
	mmChannel = "dgk3ik8x3if3pm3gzbhyd6fc1a"
	mmAlice   = "3bjbtp8ny7ra7fi7gpowjwhpyr"
	mmBob     = "ufk4ef3x3bbqtm8ycw5yp6ifny"
)

func TestMattermostRoutes(t *testing.T) {
	jsonIn := func(method, path string) Input {
		return Input{Method: method, Path: path, ContentType: "application/json", Direction: Outbound}
	}
	listIn := func(path, query string) Input {
		return Input{Method: "GET", Path: path, Query: query, ContentType: "application/json", Direction: Inbound}
	}
	channelList := []chatMessage{
		{channel: mmChannel, user: mmAlice, removable: true, parts: []string{"/message=The card on file is 4111 1111 1111 1111"}},
		{channel: mmChannel, user: mmBob, removable: true, parts: []string{"/props/from_webhook=true",
			"/props/override_username=jenkins", "/props/attachments/0/fallback=Build #42 failed", "/props/attachments/0/color=#FF0000",
			"/props/attachments/0/title=Build #42", "/props/attachments/0/title_link=https://ci.example.com/42",
			"/props/attachments/0/text=Tests failed on main"}},
		{channel: mmChannel, user: mmBob, removable: true, parts: []string{"/message=Morning all #standup", "/hashtags=#standup",
			"/metadata/files/0/name=agenda.png", "/metadata/files/0/extension=png", "/metadata/files/0/mime_type=image/png"}},
	}
	chatRun(t, "mattermost", []chatRoute{
		{name: "create post", in: jsonIn("POST", "/api/v4/posts"), fixture: "post_create.json", remove: -1,
			want: []chatMessage{{channel: mmChannel, parts: []string{
				"/message=Deploy key for staging is AKIAIOSFODNN7EXAMPLE, rotate after the demo",
				"/props/attachments/0/fallback=Build #42 failed", "/props/attachments/0/color=#FF0000",
				"/props/attachments/0/pretext=CI report", "/props/attachments/0/title=Build #42",
				"/props/attachments/0/title_link=https://ci.example.com/42", "/props/attachments/0/text=Tests failed on branch main",
				"/props/attachments/0/fields/0/title=Owner", "/props/attachments/0/fields/0/value=alice@example.com"}}},
			replace: &chatEdit{0, "/message", "Deploy key for staging is ********************, rotate after the demo", "/message"}},
		{name: "create post attachment field", in: jsonIn("POST", "/api/v4/posts"), fixture: "post_create.json", remove: -1,
			want: []chatMessage{{channel: mmChannel, parts: []string{
				"/message=Deploy key for staging is AKIAIOSFODNN7EXAMPLE, rotate after the demo",
				"/props/attachments/0/fallback=Build #42 failed", "/props/attachments/0/color=#FF0000",
				"/props/attachments/0/pretext=CI report", "/props/attachments/0/title=Build #42",
				"/props/attachments/0/title_link=https://ci.example.com/42", "/props/attachments/0/text=Tests failed on branch main",
				"/props/attachments/0/fields/0/title=Owner", "/props/attachments/0/fields/0/value=alice@example.com"}}},
			replace: &chatEdit{0, "/props/attachments/0/fields/0/value", "[email]", "/props/attachments/0/fields/0/value"}},
		{name: "update post", in: jsonIn("PUT", "/api/v4/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo"), fixture: "post_update.json", remove: -1,
			want:    []chatMessage{{channel: mmChannel, parts: []string{"/message=Updated: the customer's card is 4111 1111 1111 1111"}}},
			replace: &chatEdit{0, "/message", "Updated: the customer's card is ****", "/message"}},
		{name: "patch post", in: jsonIn("PUT", "/api/v4/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo/patch"), fixture: "post_patch.json", remove: -1,
			want:    []chatMessage{{parts: []string{"/message=Patched: call me on +1 415 555 0100"}}},
			replace: &chatEdit{0, "/message", "Patched: call me on \"[phone]\"", "/message"}},
		{name: "ephemeral post", in: jsonIn("POST", "/api/v4/posts/ephemeral"), fixture: "post_ephemeral.json", remove: -1,
			want:    []chatMessage{{channel: mmChannel, parts: []string{"/post/message=Only you can see this: password hunter2"}}},
			replace: &chatEdit{0, "/post/message", "Only you can see this: password ****", "/post/message"}},
		{name: "file upload multipart", fixture: "files_upload.multipart", remove: -1,
			in: Input{Method: "POST", Path: "/api/v4/files", ContentType: "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
				Direction: Outbound},
			want: []chatMessage{{channel: mmChannel, files: []string{"q3-payroll.csv"}}}},
		{name: "channel posts", in: listIn("/api/v4/channels/"+mmChannel+"/posts", "page=0&per_page=30"), fixture: "postlist_channel.json",
			want: channelList, remove: 0,
			replace: &chatEdit{0, "/message", "The card on file is ****", "/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo/message"}},
		{name: "channel posts remove middle", in: listIn("/api/v4/channels/"+mmChannel+"/posts", ""), fixture: "postlist_channel.json",
			want: channelList, remove: 1},
		{name: "channel posts remove last", in: listIn("/api/v4/channels/"+mmChannel+"/posts", ""), fixture: "postlist_channel.json",
			want: channelList, remove: 2,
			replace: &chatEdit{1, "/props/attachments/0/text", "Tests failed", "/posts/qtk9rj5nqpb4xfa3u9ufznc4uo/props/attachments/0/text"}},
		{name: "posts around unread", in: listIn("/api/v4/users/"+mmAlice+"/channels/"+mmChannel+"/posts/unread", "limit_before=30&limit_after=30"),
			fixture: "postlist_channel.json", want: channelList, remove: 0},
		{name: "thread", in: listIn("/api/v4/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo/thread", ""), fixture: "postlist_thread.json", remove: 1,
			want: []chatMessage{
				{channel: mmChannel, user: mmBob, removable: true, parts: []string{"/message=Please don't paste card numbers here"}},
				{channel: mmChannel, user: mmAlice, removable: true, parts: []string{"/message=The card on file is 4111 1111 1111 1111"}},
			},
			replace: &chatEdit{1, "/message", "The card on file is ****", "/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo/message"}},
	})
}

func TestMattermostRawUpload(t *testing.T) {
	in := &Input{Service: "mattermost", Method: "POST", Path: "/api/v4/files", Query: "channel_id=" + mmChannel + "&filename=notes.txt",
		ContentType: "text/plain", Direction: Outbound, Body: []byte("salary review: Bob 120k")}
	d, err := Extract(in)
	if err != nil || len(d.Messages) != 1 {
		t.Fatalf("Extract(): got %v, %v, want one message", d, err)
	}
	m := d.Messages[0]
	if m.Channel != mmChannel || len(m.Parts) != 0 || len(m.Files) != 1 || m.Files[0].Name != "notes.txt" ||
		string(m.Files[0].Data) != "salary review: Bob 120k" || m.Files[0].ContentType != "text/plain" {
		t.Errorf("Extract(): got %v, want the body as the file notes.txt in channel %s", chatDescribe(d), mmChannel)
	}
	if string(d.Bytes()) != string(in.Body) {
		t.Errorf("Bytes(): got %q, want the body", d.Bytes())
	}
}

// TestMattermostRemoveCutsThePost checks that a removed post leaves
// `posts` with its key and `order` with its id: Mattermost's web app
// indexes posts by `order` and fails on an id missing from `posts`.
func TestMattermostRemoveCutsThePost(t *testing.T) {
	in := &Input{Service: "mattermost", Method: "GET", Path: "/api/v4/channels/" + mmChannel + "/posts",
		ContentType: "application/json", Direction: Inbound, Body: rtFixture(t, "mattermost", "postlist_channel.json")}
	d, err := Extract(in)
	if err != nil || len(d.Messages) != 3 {
		t.Fatalf("Extract(): got %v, %v, want 3 messages", d, err)
	}
	d.Remove(d.Messages[1])
	var got struct {
		Order []string                  `json:"order"`
		Posts map[string]map[string]any `json:"posts"`
		Prev  string                    `json:"prev_post_id"`
	}
	if err := json.Unmarshal(d.Bytes(), &got); err != nil {
		t.Fatalf("Bytes(): %v in %s", err, d.Bytes())
	}
	var ids []string
	for id := range got.Posts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if want := []string{"7ruq9dpbr3fq5ndfnm7hd4xmbh", "h3t3pbd1ppg7fm8wuyhcz4j3eo"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Remove(): got posts %v, want %v", ids, want)
	}
	order := slices.Clone(got.Order)
	slices.Sort(order)
	if !reflect.DeepEqual(order, ids) {
		t.Errorf("Remove(): got order %v, want the ids of the posts left %v", got.Order, ids)
	}
	if got.Posts["h3t3pbd1ppg7fm8wuyhcz4j3eo"]["message"] != "The card on file is 4111 1111 1111 1111" || got.Prev != "sdq4g9jcf3y9bpy1gfqbt5yhqc" {
		t.Errorf("Remove(): got %s, want the other posts and members intact", d.Bytes())
	}
}

func TestMattermostNotRead(t *testing.T) {
	for _, tt := range []struct{ name, method, path string }{
		{"post list by POST", "POST", "/api/v4/channels/" + mmChannel + "/posts"},
		{"single post", "GET", "/api/v4/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Extract(&Input{Service: "mattermost", Method: tt.method, Path: tt.path, Direction: Inbound,
				ContentType: "application/json", Body: []byte(`{"order":[],"posts":{}}`)})
			if d != nil || err != nil || Reads("mattermost", tt.method, tt.path) {
				t.Errorf("Extract(): got %v, %v, want no doc and Reads() false", d, err)
			}
		})
	}
}

func TestMattermostBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "mattermost", "/id", "/message", "/status_code", "/request_id")
	rtCheckByPath(t, "mattermost", "/api/v4/posts", "/api/v4/posts/h3t3pbd1ppg7fm8wuyhcz4j3eo/patch", "/api/v4/posts/ephemeral",
		"/api/v4/files", "/api/v4/channels/"+mmChannel+"/posts", "/api/v4/users/"+mmAlice+"/channels/"+mmChannel+"/posts/unread")
}
