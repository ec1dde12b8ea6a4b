package extract

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of the WebSocket readers: every message renders byte
// for byte unchanged, a message with every part redacted reads back with
// the masks (its framing kept), and each framing (Socket.IO's prefixes,
// SockJS and DDP, SignalR's record separators) is found where an
// independent reading of the grammar finds it. Seeds are in
// testdata/fuzz/<target>.

// socketReaders are the WebSocket readers FuzzSocketPayloads feeds
// messages to: one upgrade of each service's socket, both ways.
var socketReaders = []struct {
	in   Input
	read func(*Input) (*Doc, error)
}{
	{Input{Path: "/socket.io/", Query: "EIO=4&transport=websocket"}, readSocketIOHook},
	{Input{Path: "/socket.io/1/websocket/a1b2c3", Direction: Inbound}, readSocketIOHook},
	{Input{Service: "slack", Path: "/", Query: "token=xoxc-1"}, ExtractSocket},
	{Input{Service: "slack", Path: "/link/", Direction: Inbound}, ExtractSocket},
	{Input{Service: "discord", Path: "/", Query: "v=10&encoding=json"}, ExtractSocket},
	{Input{Service: "mattermost", Path: "/api/v4/websocket", Direction: Inbound}, ExtractSocket},
	{Input{Service: "rocketchat", Path: "/websocket"}, ExtractSocket},
	{Input{Service: "rocketchat", Path: "/sockjs/123/ab4x7yz2/websocket", Direction: Inbound}, ExtractSocket},
	{Input{Service: "teams", Path: "/socket.io/1/websocket/0a1b2c3d4e5f", Direction: Inbound}, ExtractSocket},
	{Input{Service: "teams", Path: "/hubs/chat"}, ExtractSocket},
}

// readSocketIOHook is socketIO as ExtractSocket calls it.
func readSocketIOHook(in *Input) (*Doc, error) {
	d, _, err := socketIO(in)
	return d, err
}

// FuzzSocketPayloads: every socket reader, on any message, never panics;
// an unchanged message renders byte for byte; a message with every part
// redacted reads back through the same reader with the same messages, each
// part now its mask.
func FuzzSocketPayloads(f *testing.F) {
	f.Add(uint8(0), []byte(`42["chat message",{"text":"card 4111 1111 1111 1111"}]`))
	f.Add(uint8(1), []byte(`3:::{"id":1,"body":"{\"content\":\"hi\"}"}`))
	f.Fuzz(func(t *testing.T, reader uint8, body []byte) {
		r := socketReaders[int(reader)%len(socketReaders)]
		in := r.in
		in.Body = body
		scratchAgrees(t, r.read, in)
		fuzzSocket(t, r.read, in)
	})
}

// dirty is a message whose Doc leaves a Scratch full of nodes and parts.
const dirty = `{"event":"posted","data":{"post":"{\"message\":\"one\",\"props\":{\"attachments\":[{\"text\":\"two\"},{\"title\":\"three\"}]}}"},"seq":1}`

// scratchAgrees reads in once without a Scratch and once with one that the
// Doc of another message used before (and with the same Scratch again,
// after the first Doc is done with): every reading has the same messages,
// parts and rendering.
func scratchAgrees(t *testing.T, read func(*Input) (*Doc, error), in Input) {
	t.Helper()
	fresh, err := read(&in)
	if err != nil || fresh == nil {
		return
	}
	want := docShape(fresh)
	sc := new(Scratch)
	other := Input{Service: "mattermost", Path: "/api/v4/websocket", Direction: Inbound, Body: []byte(dirty), Scratch: sc}
	for i := range 2 {
		if _, err := ExtractSocket(&other); err != nil {
			t.Fatalf("the dirtying message: %v", err)
		}
		in.Scratch = sc
		d, err := read(&in)
		if err != nil || d == nil {
			t.Fatalf("%s %s: with a used Scratch (round %d): %v, %v; without one it reads", in.Service, in.Path, i, d, err)
		}
		if got := docShape(d); got != want {
			t.Fatalf("%s %s: with a used Scratch (round %d):\n%s\nwithout one:\n%s", in.Service, in.Path, i, got, want)
		}
	}
}

// docShape is what a Doc says of a message: its messages' channels,
// users and parts, and its rendering.
func docShape(d *Doc) string {
	var b strings.Builder
	for _, m := range d.Messages {
		b.WriteString("message " + strconv.Quote(m.Channel) + " " + strconv.Quote(m.User) + "\n")
		for _, p := range m.Parts {
			b.WriteString("  " + strconv.Quote(p.Path) + "=" + strconv.Quote(p.Text) + "\n")
		}
	}
	if d.root != nil {
		b.WriteString("bytes " + strconv.Quote(string(d.Bytes())))
	}
	return b.String()
}

// fuzzSocket reads one message, checks the unchanged rendering, redacts
// every part and reads the result back.
func fuzzSocket(t *testing.T, read func(*Input) (*Doc, error), in Input) {
	t.Helper()
	d, err := read(&in)
	if err != nil || d == nil {
		return
	}
	if got := d.Bytes(); d.root != nil && string(got) != string(in.Body) {
		t.Fatalf("%s %s: unchanged Bytes() = %q, want the message %q", in.Service, in.Path, got, in.Body)
	}
	masks := map[*Part]string{}
	for _, m := range d.Messages {
		for _, p := range m.Parts {
			masks[p] = strings.Repeat("*", utf8.RuneCountInString(p.Text))
			if !d.Replace(p, masks[p]) {
				return // not rewritable: the pipeline blocks instead
			}
		}
	}
	if len(masks) == 0 {
		return
	}
	orig := in.Body
	in.Body = d.Bytes()
	back, err := read(&in)
	if err != nil || back == nil || len(back.Messages) != len(d.Messages) {
		t.Fatalf("%s %s: %q redacted is %q, which reads back as %v, %v; want %d messages", in.Service, in.Path, orig, in.Body, back, err, len(d.Messages))
	}
	for i, m := range d.Messages {
		if len(back.Messages[i].Parts) != len(m.Parts) {
			t.Fatalf("%s %s: %q redacted is %q, whose message %d has %d parts, want %d", in.Service, in.Path, orig, in.Body, i, len(back.Messages[i].Parts), len(m.Parts))
		}
		for j, p := range m.Parts {
			if got := back.Messages[i].Parts[j]; got.Text != masks[p] || got.Path != p.Path {
				t.Fatalf("%s %s: %q redacted is %q, whose part %s=%q reads %s=%q", in.Service, in.Path, orig, in.Body, p.Path, masks[p], got.Path, got.Text)
			}
		}
	}
}

// sioEngineRef and sioLegacyRef are the Socket.IO prefixes written as
// regular expressions: the Engine.IO message type, the Socket.IO packet
// type (binary ones with their attachment count), the namespace up to its
// comma and the ack id; the 0.9 type, message id and endpoint.
var (
	sioEngineRef = regexp.MustCompile(`^4(?:([0-4])|([56])[0-9]+-)(?:/[^,]*(?:,|$))?[0-9]*`)
	sioLegacyRef = regexp.MustCompile(`^([0-9]):[^:]*:[^:]*:`)
)

// FuzzSocketIO: a Socket.IO message (Engine.IO framing, or 0.9 framing)
// never panics, renders unchanged, has its payload read in place from
// where the reference expressions say the prefix ends, and reads back its
// redacted self with the masks and the prefix unchanged.
func FuzzSocketIO(f *testing.F) {
	for _, s := range []string{`42["m",{"t":"x"}]`, `42/chat,17["send","y"]`, `451-["u",{"_placeholder":true,"num":0}]`,
		`40{"token":"t"}`, `4hello`, `2probe`} {
		f.Add(false, []byte(s))
	}
	for _, s := range []string{`5:1+::{"name":"n","args":["a"]}`, `3:::{"id":1,"body":"b"}`, `6:::4+["A"]`, `1::`} {
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, legacy bool, body []byte) {
		in := Input{Path: "/socket.io/", Query: "EIO=4&transport=websocket", Body: body}
		if legacy {
			in.Path, in.Query = "/socket.io/1/websocket/a1", ""
		}
		s := string(body)
		d, payload := readSocketIO(&in, sioSkip)
		if got := string(d.Bytes()); got != s {
			t.Fatalf("readSocketIO(%q): unchanged Bytes() = %q", s, got)
		}
		if payload != nil && payload.end != len(s) {
			t.Fatalf("readSocketIO(%q): payload ends at %d, want the end of the message", s, payload.end)
		}
		at := -1
		if payload != nil {
			at = payload.start
		}
		if want := sioRefStart(s, legacy); !d.opaque && at != want {
			t.Fatalf("readSocketIO(%q, legacy %v): payload at %d, the reference says %d", s, legacy, at, want)
		}
		fuzzSocket(t, readSocketIOHook, in)
	})
}

// sioRefStart is where the reference expressions put the payload of a
// well-formed message (-1: no payload to read).
func sioRefStart(s string, legacy bool) int {
	if legacy {
		m := sioLegacyRef.FindStringSubmatch(s)
		switch {
		case m == nil:
			return -1
		case m[1] == "3" || m[1] == "4" || m[1] == "5" || m[1] == "7":
			return len(m[0])
		case m[1] == "6":
			if p := strings.IndexByte(s[len(m[0]):], '+'); p >= 0 {
				return len(m[0]) + p + 1
			}
		}
		return -1
	}
	if len(s) < 2 || s[0] != '4' {
		return -1
	}
	if s[1] < '0' || s[1] > '6' {
		return 1
	}
	m := sioEngineRef.FindStringSubmatch(s)
	if m == nil || len(m[0]) == len(s) || m[1] == "0" || m[1] == "1" {
		return -1
	}
	return len(m[0])
}

// FuzzDDP: Rocket.Chat's realtime messages, raw DDP or SockJS frames,
// never panic and render unchanged; a SockJS array frame is one message
// per element (as many as encoding/json finds), each with its parts below
// its index; no part is DDP's envelope or a login's parameters; a
// redacted message reads back with the masks.
func FuzzDDP(f *testing.F) {
	f.Add(false, []byte(`{"msg":"method","method":"sendMessage","params":[{"rid":"GENERAL","msg":"hi"}],"id":"1"}`))
	f.Add(true, []byte(`a["{\"msg\":\"changed\",\"fields\":{\"args\":[{\"msg\":\"x\"}]}}","{\"msg\":\"ping\"}"]`))
	f.Add(true, []byte(`["{\"msg\":\"method\",\"method\":\"login\",\"params\":[{\"resume\":\"t\"}]}"]`))
	f.Add(true, []byte(`o`))
	f.Fuzz(func(t *testing.T, sockjs bool, body []byte) {
		in := Input{Service: "rocketchat", Path: "/websocket", Body: body}
		if sockjs {
			in.Path = "/sockjs/123/ab4x7yz2/websocket"
		}
		d, err := rcSocket(&in)
		if err != nil {
			return
		}
		s := string(body)
		if got := string(d.Bytes()); got != s {
			t.Fatalf("rcSocket(%q): unchanged Bytes() = %q", s, got)
		}
		var elems []json.RawMessage
		array := strings.HasPrefix(s, "a[") || strings.HasPrefix(s, "[")
		if _, perr := parseJSON(nil, strings.TrimPrefix(s, "a")); array && perr == nil && json.Unmarshal([]byte(strings.TrimPrefix(s, "a")), &elems) == nil {
			if len(d.Messages) != len(elems) {
				t.Fatalf("rcSocket(%q): %d messages, encoding/json finds %d elements", s, len(d.Messages), len(elems))
			}
			for i, m := range d.Messages {
				for _, p := range m.Parts {
					if p.Path != "/"+strconv.Itoa(i) && !strings.HasPrefix(p.Path, "/"+strconv.Itoa(i)+"/") {
						t.Fatalf("rcSocket(%q): message %d has part %s", s, i, p.Path)
					}
				}
				ddpCheck(t, s, elems[i], m, "/"+strconv.Itoa(i))
			}
		} else if len(d.Messages) == 1 && strings.HasPrefix(s, "{") {
			ddpCheck(t, s, json.RawMessage(s), d.Messages[0], "")
		}
		fuzzSocket(t, rcSocket, in)
	})
}

// ddpCheck checks that a DDP message (raw, or a JSON string holding it)
// read as m has no part that is its envelope or a login's parameters.
func ddpCheck(t *testing.T, s string, raw json.RawMessage, m *Message, prefix string) {
	t.Helper()
	var str string
	if json.Unmarshal(raw, &str) == nil {
		raw = json.RawMessage(str)
	}
	var obj struct {
		Msg    any `json:"msg"`
		Method any `json:"method"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	for _, p := range m.Parts {
		if p.Path == prefix+"/msg" || obj.Msg == "method" && obj.Method == "login" && strings.HasPrefix(p.Path, prefix+"/params") {
			t.Fatalf("rcSocket(%q): part %s=%q is the envelope or a login's parameters", s, p.Path, p.Text)
		}
	}
}

// FuzzSignalR: a message of SignalR records never panics and renders
// unchanged; its records are those strings.Split finds between the
// separators (text after the last one read as one more, unless it is only
// space); a redacted message reads back with the masks and the separators
// where they were.
func FuzzSignalR(f *testing.F) {
	f.Add([]byte("{\"type\":1,\"target\":\"Send\",\"arguments\":[42,\"Test Message\"]}\x1e{\"type\":6}\x1e"))
	f.Add([]byte("{\"protocol\":\"json\",\"version\":1}\x1e"))
	f.Add([]byte("{}\x1e{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}"))
	read := func(in *Input) (*Doc, error) {
		d, _ := readSignalR(in, teamsWSSkip)
		return d, nil
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := Input{Service: "teams", Path: "/hubs/chat", Body: body}
		s := string(body)
		d, _ := read(&in)
		if got := string(d.Bytes()); got != s {
			t.Fatalf("readSignalR(%q): unchanged Bytes() = %q", s, got)
		}
		want := strings.Split(s, rsep)
		rest := want[len(want)-1]
		want = want[:len(want)-1]
		if strings.Trim(rest, jsonSpace) != "" {
			want = append(want, rest)
		}
		var got []string
		for _, k := range d.root.kids {
			got = append(got, s[k.start:k.end])
		}
		if len(got) != len(want) || len(d.Messages) != len(want) {
			t.Fatalf("readSignalR(%q): records %q (%d messages), strings.Split finds %q", s, got, len(d.Messages), want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("readSignalR(%q): record %d is %q, strings.Split finds %q", s, i, got[i], want[i])
			}
		}
		fuzzSocket(t, read, in)
	})
}
