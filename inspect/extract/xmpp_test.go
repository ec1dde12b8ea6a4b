package extract

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const xmppHeader = `<?xml version='1.0'?><stream:stream to='chat.test' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`

func TestXMPPReader(t *testing.T) {
	stream := xmppHeader + "\n" +
		`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>` +
		` ` +
		`<message to='bob@chat.test' id='m1'><body>a &amp; b <![CDATA[<c>]]></body></message>` +
		`<presence/>` +
		xmppHeader + `<presence/>` + // restarted after SASL
		`</stream:stream>`
	x := NewXMPPReader(strings.NewReader(stream), 1<<20)
	var kinds []ChunkKind
	var names []string
	var all bytes.Buffer
	for {
		c, err := x.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Next(): %v", err)
		}
		kinds, names = append(kinds, c.Kind), append(names, c.Name)
		all.Write(c.Bytes)
	}
	if all.String() != stream {
		t.Errorf("chunks joined: %q, want the stream", all.String())
	}
	wantKinds := []ChunkKind{ChunkHeader, ChunkSpace, ChunkStanza, ChunkSpace, ChunkStanza, ChunkStanza, ChunkHeader, ChunkStanza, ChunkClose}
	wantNames := []string{"stream", "", "starttls", "", "message", "presence", "stream", "presence", "stream"}
	if !slices.Equal(kinds, wantKinds) || !slices.Equal(names, wantNames) {
		t.Errorf("chunks: %v %q, want %v %q", kinds, names, wantKinds, wantNames)
	}
}

func TestXMPPReaderRefuses(t *testing.T) {
	for name, tt := range map[string]struct {
		stream string
		limit  int
		want   error
	}{
		"dtd":       {stream: `<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a "b">]><stream:stream>`, limit: 1 << 20},
		"entity":    {stream: xmppHeader + `<message><body>&xxe;</body></message>`, limit: 1 << 20},
		"too large": {stream: xmppHeader + `<message><body>` + strings.Repeat("a", 10000) + `</body></message>`, limit: 1000, want: ErrStanzaTooLarge},
		"too deep":  {stream: xmppHeader + `<message>` + strings.Repeat("<a>", XMPPMaxDepth+2), limit: 1 << 20},
		"truncated": {stream: xmppHeader + `<message><body>hi`, limit: 1 << 20, want: io.ErrUnexpectedEOF},
	} {
		t.Run(name, func(t *testing.T) {
			x := NewXMPPReader(strings.NewReader(tt.stream), tt.limit)
			var err error
			for err == nil {
				_, err = x.Next()
			}
			if errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("Next(): clean end, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Next(): %v, want %v", err, tt.want)
			}
		})
	}
}

func TestExtractXMPP(t *testing.T) {
	tests := []struct {
		name      string
		stanza    string
		dir       Direction
		parts     []string
		channel   string
		user      string
		encrypted bool
		cred      *Credential
		files     []*File
		redacted  string // after every rewritable part is replaced by '#'s; "" to skip
	}{
		{name: "chat message", stanza: `<message to='bob@chat.test' type='chat' id='m1'><body>card 4012 8888 8888 1881 &amp; more</body></message>`,
			parts: []string{"body=card 4012 8888 8888 1881 & more"}, channel: "bob@chat.test",
			redacted: `<message to='bob@chat.test' type='chat' id='m1'><body>` + strings.Repeat("#", 31) + `</body></message>`},
		{name: "inbound with subject and xhtml", dir: Inbound,
			stanza: `<message from='alice@chat.test/pc' to='bob@chat.test'><subject>plans</subject><body>see 40128888</body>` +
				`<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p>see 4012<b>8888</b></p></body></html></message>`,
			parts: []string{"subject=plans", "body=see 40128888", "xhtml=see 40128888"}, channel: "alice@chat.test/pc", user: "alice@chat.test/pc"},
		{name: "markup inside body is read-only", stanza: `<message to='b@c'><body>a<!-- x -->b</body></message>`,
			parts: []string{"body=ab"}, channel: "b@c"},
		{name: "omemo", stanza: `<message to='b@c'><encrypted xmlns='eu.siacs.conversations.axolotl'><payload>AAAA</payload></encrypted><body>I sent you an OMEMO encrypted message</body></message>`,
			parts: []string{"body=I sent you an OMEMO encrypted message"}, channel: "b@c", encrypted: true},
		{name: "otr", stanza: `<message to='b@c'><body>?OTR:AAMDxyz.</body></message>`, parts: []string{"body=?OTR:AAMDxyz."}, channel: "b@c", encrypted: true},
		{name: "oob url", stanza: `<message to='b@c'><body>look</body><x xmlns='jabber:x:oob'><url>https://bit.ly/x</url></x></message>`,
			parts: []string{"body=look", "oob=https://bit.ly/x"}, channel: "b@c"},
		{name: "presence", stanza: `<presence><status>away</status></presence>`},
		{name: "sasl plain", stanza: `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHB3MQ==</auth>`,
			cred: &Credential{Mechanism: "sasl-plain", User: "alice"}},
		{name: "sasl scram", stanza: `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>biwsbj1hbGljZSxyPXh5eg==</auth>`},
		{name: "iq auth", stanza: `<iq type='set' id='a1'><query xmlns='jabber:iq:auth'><username>alice</username><password>pw1</password><resource>r</resource></query></iq>`,
			cred: &Credential{Mechanism: "iq-auth", User: "alice"}},
		{name: "upload slot", stanza: `<iq type='get' to='upload.chat.test' id='u1'><request xmlns='urn:xmpp:http:upload:0' filename='setup.exe' size='1024' content-type='application/octet-stream'/></iq>`,
			channel: "upload.chat.test", files: []*File{{Path: "http-upload", Name: "setup.exe", Size: 1024, Offer: "http-upload"}}},
		{name: "si offer", stanza: `<iq type='set' to='bob@chat.test/pc' id='s1'><si xmlns='http://jabber.org/protocol/si' profile='http://jabber.org/protocol/si/profile/file-transfer'><file xmlns='http://jabber.org/protocol/si/profile/file-transfer' name='run.bat' size='10'/></si></iq>`,
			channel: "bob@chat.test/pc", files: []*File{{Path: "si-file", Name: "run.bat", Size: 10, Offer: "si-file"}}},
		{name: "jingle offer", stanza: `<iq type='set' to='bob@chat.test/pc' id='j1'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'><content name='f'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>a.pdf</name><size>99</size></file></description></content></jingle></iq>`,
			channel: "bob@chat.test/pc", files: []*File{{Path: "jingle-file", Name: "a.pdf", Size: 99, Offer: "jingle-file"}}},
		{name: "ibb data", stanza: `<iq type='set' id='i1'><data xmlns='http://jabber.org/protocol/ibb' seq='0' sid='s1'>aGVsbG8=</data></iq>`,
			files: []*File{{Path: "ibb", Name: "s1", Data: []byte("hello")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ExtractXMPP(&Input{Service: "xmpp", Direction: tt.dir, Body: []byte(tt.stanza)})
			if err != nil {
				t.Fatalf("ExtractXMPP(): %v", err)
			}
			// The same stanza cut by a reader that keeps its tokens reads alike.
			x := NewXMPPReader(strings.NewReader(xmppHeader+tt.stanza), 1<<20)
			x.Keep = func(string) bool { return true }
			var c Chunk
			for c.Kind != ChunkStanza {
				if c, err = x.Next(); err != nil {
					t.Fatalf("Next(): %v", err)
				}
			}
			kept, err := ExtractXMPPChunk(c, tt.dir)
			if err != nil || c.toks == nil || !slices.Equal(paths(kept), paths(d)) || len(kept.Messages) != len(d.Messages) {
				t.Fatalf("ExtractXMPPChunk(): %q %v (kept %d tokens), ExtractXMPP: %q", paths(kept), err, len(c.toks), paths(d))
			}
			if len(d.Messages) == 1 && !reflect.DeepEqual(kept.Messages[0].Files, d.Messages[0].Files) {
				t.Fatalf("ExtractXMPPChunk() files: %+v, want %+v", kept.Messages[0].Files, d.Messages[0].Files)
			}
			if tt.redacted != "" { // redact by the kept tokens' offsets
				for _, p := range kept.Messages[0].Parts {
					kept.Replace(p, strings.Repeat("#", len(p.Text)))
				}
				if got := string(kept.Bytes()); got != tt.redacted {
					t.Errorf("ExtractXMPPChunk() redacted: %q, want %q", got, tt.redacted)
				}
			}
			if got := string(d.Bytes()); got != tt.stanza {
				t.Fatalf("Bytes() unchanged: %q", got)
			}
			if got := paths(d); !slices.Equal(got, tt.parts) {
				t.Errorf("parts: got %q, want %q", got, tt.parts)
			}
			if tt.parts == nil && tt.cred == nil && tt.files == nil && !tt.encrypted {
				if len(d.Messages) != 0 {
					t.Errorf("messages: %d, want none", len(d.Messages))
				}
				return
			}
			if len(d.Messages) != 1 {
				t.Fatalf("messages: %d, want 1", len(d.Messages))
			}
			m := d.Messages[0]
			if m.Channel != tt.channel || m.User != tt.user || m.Encrypted != tt.encrypted {
				t.Errorf("channel %q user %q encrypted %v, want %q %q %v", m.Channel, m.User, m.Encrypted, tt.channel, tt.user, tt.encrypted)
			}
			if !reflect.DeepEqual(m.Credential, tt.cred) {
				t.Errorf("credential: %+v, want %+v", m.Credential, tt.cred)
			}
			if !reflect.DeepEqual(m.Files, tt.files) {
				t.Errorf("files: %+v, want %+v", m.Files, tt.files)
			}
			if tt.redacted == "" {
				return
			}
			for _, p := range m.Parts {
				d.Replace(p, strings.Repeat("#", len(p.Text)))
			}
			if got := string(d.Bytes()); got != tt.redacted {
				t.Errorf("redacted: %q, want %q", got, tt.redacted)
			}
		})
	}
}

func TestParseXMPPStanza(t *testing.T) {
	got, err := ParseXMPPStanza([]byte(`<message to='b@c' from='a@c/r' id='x1' type='chat'><body>hi</body></message>`))
	want := XMPPStanza{Name: "message", To: "b@c", From: "a@c/r", ID: "x1", Type: "chat"}
	if err != nil || got != want {
		t.Errorf("ParseXMPPStanza(): %+v %v, want %+v", got, err, want)
	}
}

// FuzzXMPPReader: the reader never panics; the chunks it returns before
// any error are the stream's bytes in order; a stanza read from the tokens
// the reader kept reads as the stanza's bytes do.
func FuzzXMPPReader(f *testing.F) {
	f.Add([]byte(xmppHeader + `<message to='b@c'><body>hi</body></message></stream:stream>`))
	f.Add([]byte(xmppHeader + ` <presence/><iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		x := NewXMPPReader(bytes.NewReader(b), 4096)
		x.Keep = func(string) bool { return true }
		var all []byte
		for {
			c, err := x.Next()
			if err != nil {
				break
			}
			all = append(all, c.Bytes...)
			if c.Kind != ChunkStanza {
				continue
			}
			kept, kerr := ExtractXMPPChunk(c, Outbound)
			parsed, perr := ExtractXMPP(&Input{Body: c.Bytes})
			if (kerr == nil) != (perr == nil) || kerr == nil && !slices.Equal(paths(kept), paths(parsed)) {
				t.Fatalf("stanza %q: from kept tokens %v %v, parsed %v %v", c.Bytes, pathsOr(kept), kerr, pathsOr(parsed), perr)
			}
		}
		if !bytes.HasPrefix(b, all) {
			t.Fatalf("chunks %q are not a prefix of the stream %q", all, b)
		}
	})
}

// FuzzExtractXMPP: ExtractXMPP never panics; an unchanged stanza renders
// byte for byte; with its parts replaced it is still well-formed XML.
func FuzzExtractXMPP(f *testing.F) {
	for _, s := range []string{`<message to='b@c'><body>card &amp; x</body><subject>s</subject></message>`,
		`<message><html xmlns='http://jabber.org/protocol/xhtml-im'><body><p>a<b>b</b></p></body></html></message>`,
		`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHB3MQ==</auth>`,
		`<iq><request xmlns='urn:xmpp:http:upload:0' filename='a' size='1'/></iq>`} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, b []byte, inbound bool) {
		dir := Outbound
		if inbound {
			dir = Inbound
		}
		d, err := ExtractXMPP(&Input{Direction: dir, Body: b})
		if err != nil {
			return
		}
		if got := d.Bytes(); !bytes.Equal(got, b) {
			t.Fatalf("Bytes() unchanged: %q, want %q", got, b)
		}
		for _, m := range d.Messages {
			for _, p := range m.Parts {
				d.Replace(p, strings.Repeat("*", len(p.Text))+"<&>")
			}
		}
		if _, err := ExtractXMPP(&Input{Direction: dir, Body: d.Bytes()}); err != nil {
			t.Fatalf("after Replace, %q does not read back: %v", d.Bytes(), err)
		}
	})
}

func pathsOr(d *Doc) []string {
	if d == nil {
		return nil
	}
	return paths(d)
}
