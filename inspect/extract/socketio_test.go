package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The WebSocket tests of every service share the helpers in this file
// (ws*): one table per service of messages, read from
// testdata/<dir>/ws_* or given inline, what the service's socket reader
// must find in them, and the checks that the message renders byte for
// byte unchanged and that a replaced text changes only its own bytes and
// reads back.

// wsCase is one WebSocket message.
type wsCase struct {
	name    string
	in      Input  // Service, Path, Query, Direction; Body from fixture or body
	fixture string // file under testdata/<dir>/
	body    string // the message, when no fixture
	want    []rtMsg
	absent  []string // texts no part may contain (tokens, ids)
	edit    *wsEdit  // a text to rewrite; nil: none
}

// wsEdit rewrites one part: the message index and the part's path, the
// new text, and the raw bytes that must be the only change (from, found
// once in the message, becomes to).
type wsEdit struct {
	msg      int
	path     string
	text     string
	from, to string
}

// wsRun runs a table through read (ExtractSocket, or a reader not yet
// wired into it); fixtures are under testdata/<dir>/.
func wsRun(t *testing.T, dir string, read func(*Input) (*Doc, error), cases []wsCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Body = []byte(tt.body)
			if tt.fixture != "" {
				b, err := os.ReadFile(filepath.Join("testdata", dir, tt.fixture))
				if err != nil {
					t.Fatalf("fixture: %v", err)
				}
				in.Body = b
			}
			orig := slices.Clone(in.Body)
			d, err := read(&in)
			if err != nil || d == nil {
				t.Fatalf("read(): got %v, %v, want a doc", d, err)
			}
			if got, want := rtDescribe(d), rtExpect(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("read():\ngot  %v\nwant %v", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
			}
			for _, m := range d.Messages {
				for _, p := range m.Parts {
					for _, s := range tt.absent {
						if strings.Contains(p.Text, s) {
							t.Errorf("read(): got part %s=%q, want no part holding %q", p.Path, p.Text, s)
						}
					}
				}
			}
			if !bytes.Equal(d.Bytes(), orig) || d.Changed() {
				t.Errorf("Bytes() before any change: got %q, want the message unchanged", d.Bytes())
			}
			if tt.edit != nil {
				wsCheckEdit(t, &in, orig, d, read, tt.edit)
			}
		})
	}
}

// wsCheckEdit rewrites one part, checks that the only bytes that changed
// are the expected ones, and that the same reader reads the new message
// back with the new text and every other part as it was.
func wsCheckEdit(t *testing.T, in *Input, orig []byte, d *Doc, read func(*Input) (*Doc, error), e *wsEdit) {
	t.Helper()
	var part *Part
	for _, p := range d.Messages[e.msg].Parts {
		if p.Path == e.path {
			part = p
		}
	}
	if part == nil {
		t.Fatalf("read(): no part %q in message %d", e.path, e.msg)
	}
	if !d.Replace(part, e.text) {
		t.Fatalf("Replace(%s): got false, want true", e.path)
	}
	out := d.Bytes()
	if n := bytes.Count(orig, []byte(e.from)); n != 1 {
		t.Fatalf("fixture: %q occurs %d times, want once", e.from, n)
	}
	if exp := bytes.Replace(orig, []byte(e.from), []byte(e.to), 1); !bytes.Equal(out, exp) {
		t.Errorf("Replace(%s):\ngot  %q\nwant %q", e.path, out, exp)
	}
	again := *in
	again.Body = out
	back, err := read(&again)
	if err != nil || back == nil {
		t.Fatalf("read(Bytes()): %v, %v", back, err)
	}
	part.Text = e.text // what was read before, but the new text
	if got, was := rtDescribe(back), rtDescribe(d); !reflect.DeepEqual(got, was) {
		t.Errorf("read(Bytes()) after Replace(%s):\ngot  %v\nwant %v", e.path, got, was)
	}
}

func TestSocketIO(t *testing.T) {
	eio := func(dir Direction) Input {
		return Input{Service: "", Path: "/socket.io/", Query: "EIO=4&transport=websocket", Direction: dir}
	}
	read := func(in *Input) (*Doc, error) {
		d, ok, err := socketIO(in)
		if !ok {
			t.Fatalf("socketIO(%q): not read", in.Path)
		}
		return d, err
	}
	none := []rtMsg{{}}
	wsRun(t, "socketio", read, []wsCase{
		{name: "event", in: eio(Outbound), body: `42["chat message",{"room":"general","text":"card 4111 1111 1111 1111"}]`,
			want: []rtMsg{{parts: []string{"/1/room=general", "/1/text=card 4111 1111 1111 1111"}}},
			edit: &wsEdit{msg: 0, path: "/1/text", text: "card ****", from: `"card 4111 1111 1111 1111"`, to: `"card ****"`}},
		{name: "event with namespace and ack id", in: eio(Outbound), body: `42/chat,17["send","IBAN DE89 3704 0044 0532 0130 00","second"]`,
			want: []rtMsg{{parts: []string{"/1=IBAN DE89 3704 0044 0532 0130 00", "/2=second"}}},
			edit: &wsEdit{msg: 0, path: "/1", text: `IBAN "x"`, from: `"IBAN DE89 3704 0044 0532 0130 00"`, to: `"IBAN \"x\""`}},
		{name: "event with ack id", in: eio(Inbound), body: `421["message",{"user":"bob","msg":"hi there"}]`,
			want: []rtMsg{{parts: []string{"/1/user=bob", "/1/msg=hi there"}}},
			edit: &wsEdit{msg: 0, path: "/1/msg", text: "bye", from: `"hi there"`, to: `"bye"`}},
		{name: "ack", in: eio(Inbound), body: `43/admin,13["stored: my password is hunter2"]`,
			want: []rtMsg{{parts: []string{"/0=stored: my password is hunter2"}}},
			edit: &wsEdit{msg: 0, path: "/0", text: "stored", from: `"stored: my password is hunter2"`, to: `"stored"`}},
		{name: "pong with data is no packet", in: eio(Inbound), body: `3/admin,13["ok"]`, want: none},
		{name: "binary event", in: eio(Outbound), body: `451-["upload",{"name":"salaries.csv","data":{"_placeholder":true,"num":0}}]`,
			want: []rtMsg{{parts: []string{"/1/name=salaries.csv"}}},
			edit: &wsEdit{msg: 0, path: "/1/name", text: "file.csv", from: `"salaries.csv"`, to: `"file.csv"`}},
		{name: "binary ack with namespace", in: eio(Inbound), body: `462-/files,15["done",{"_placeholder":true,"num":0}]`,
			want: []rtMsg{{parts: []string{"/0=done"}}}},
		{name: "connect carries auth", in: eio(Outbound), body: `40/admin,{"token":"eyJhbGciOiJIUzI1NiJ9.secret"}`, want: none,
			absent: []string{"eyJ"}},
		{name: "connect reply", in: eio(Inbound), body: `40{"sid":"oSO0OpakMV_3jnilAAAA"}`, want: none},
		{name: "connect error", in: eio(Inbound), body: `44{"message":"Not authorized"}`, want: []rtMsg{{parts: []string{"/message=Not authorized"}}}},
		{name: "disconnect", in: eio(Outbound), body: `41/admin,`, want: none},
		{name: "open handshake", in: eio(Inbound), body: `0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`,
			want: none},
		{name: "ping", in: eio(Inbound), body: `2`, want: none},
		{name: "pong probe", in: eio(Outbound), body: `3probe`, want: none},
		{name: "engine.io text message", in: eio(Outbound), body: `4hello, my card is 4111 1111 1111 1111`,
			want: []rtMsg{{parts: []string{"=hello, my card is 4111 1111 1111 1111"}}},
			edit: &wsEdit{msg: 0, path: "", text: "hello", from: `hello, my card is 4111 1111 1111 1111`, to: `hello`}},
		{name: "auth event token skipped", in: eio(Outbound), body: `42["authenticate",{"token":"s3cr3t-session","password":"hunter2"}]`,
			want: none, absent: []string{"s3cr3t", "hunter2"}},
		{name: "0.9 event", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Outbound},
			body: `5:1+::{"name":"chat","args":[{"text":"wire to DE89 3704 0044 0532 0130 00"}]}`,
			want: []rtMsg{{parts: []string{"/args/0/text=wire to DE89 3704 0044 0532 0130 00"}}},
			edit: &wsEdit{msg: 0, path: "/args/0/text", text: "wire", from: `"wire to DE89 3704 0044 0532 0130 00"`, to: `"wire"`}},
		{name: "0.9 text message", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, body: `3:::plain text here`,
			want: []rtMsg{{parts: []string{"=plain text here"}}},
			edit: &wsEdit{msg: 0, path: "", text: "plain", from: `plain text here`, to: `plain`}},
		{name: "0.9 json message", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, body: `4:1::{"a":"b"}`,
			want: []rtMsg{{parts: []string{"/a=b"}}}},
		{name: "0.9 ack with args", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, body: `6:::4+["A","B"]`,
			want: []rtMsg{{parts: []string{"/0=A", "/1=B"}}}},
		{name: "0.9 ack", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, body: `6:::4`, want: none},
		{name: "0.9 connect", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, body: `1::`, want: none},
		{name: "0.9 heartbeat", in: Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Outbound}, body: `2::`, want: none},
		{name: "0.9 sniffed without EIO", in: Input{Path: "/socket.io/", Direction: Outbound}, body: `5:::{"name":"x","args":["y"]}`,
			want: []rtMsg{{parts: []string{"/args/0=y"}}}},
	})
}

func TestSocketIONotSocketIO(t *testing.T) {
	if d, ok, err := socketIO(&Input{Path: "/websocket", Body: []byte(`42["a","b"]`)}); ok || d != nil || err != nil {
		t.Errorf("socketIO(/websocket): got %v, %v, %v, want not read", d, ok, err)
	}
}

// TestSocketIOMalformed: a packet that does not parse is inspected whole,
// but cannot be rewritten (its framing is unknown).
func TestSocketIOMalformed(t *testing.T) {
	for _, body := range []string{`42["a","b"`, `45["no count"]`, `x:::not a frame`} {
		in := &Input{Path: "/socket.io/1/websocket/x", Body: []byte(body)}
		if !strings.HasPrefix(body, "x") {
			in.Path, in.Query = "/socket.io/", "EIO=4"
		}
		d, _, _ := socketIO(in)
		if d.Len() == 0 || d.Replace(d.Messages[0].Parts[0], "*") {
			t.Errorf("socketIO(%q): got %d parts, rewritable; want the text inspected, not rewritable", body, d.Len())
		}
		if string(d.Bytes()) != body {
			t.Errorf("socketIO(%q): Bytes() = %q", body, d.Bytes())
		}
	}
}
