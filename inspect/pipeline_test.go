package inspect

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

const pipelineRules = `rules:
  - id: two-codes
    description: two or more project codes in one message
    severity: medium
    pattern: '\bPRJ-\d{4}\b'
    keywords: [prj-]
    min_count: 2
    action: block
    direction: outbound
    examples:
      match: ["PRJ-1234 and PRJ-5678"]
  - id: emp
    description: employee number
    severity: low
    pattern: '\bEMP-\d{6}\b'
    keywords: [emp-]
    action: redact
    keep_last: 2
    direction: both
    examples:
      match: ["EMP-123456"]
  - id: finance-only
    description: a word only the finance group may not say
    severity: low
    pattern: '\bledger\b'
    keywords: [ledger]
    action: block
    groups: [finance]
    direction: outbound
    examples:
      match: ["the ledger"]
`

func pipelineFor(t *testing.T) (*Pipeline, *observer.ObservedLogs) {
	t.Helper()
	e := engineFromYAML(t, pipelineRules)
	core, logs := observer.New(zap.DebugLevel)
	return &Pipeline{Inspector: e, OnError: rules.ActionBlock, OnEncrypted: rules.ActionLog,
		OnOversize: rules.ActionBlock, Log: zap.New(core)}, logs
}

func jsonDoc(t *testing.T, body string, dir extract.Direction, service, path string) *extract.Doc {
	t.Helper()
	d, err := extract.Extract(&extract.Input{Service: service, Method: "POST", Path: path, ContentType: "application/json",
		Direction: dir, Body: []byte(body)})
	if err != nil || d == nil {
		t.Fatalf("Extract(): %v, %v", d, err)
	}
	return d
}

func TestPipelineCheck(t *testing.T) {
	tests := []struct {
		name, body, group string
		want              rules.Action
		wantBody          string // after Check, "" = unchanged
		rule              string
	}{
		{"clean", `{"text":"hello"}`, "", rules.ActionAllow, "", ""},
		{"min_count counts across a message's fields", `{"text":"PRJ-1234","title":"PRJ-5678"}`, "", rules.ActionBlock, "", "two-codes"},
		{"one code is under min_count", `{"text":"PRJ-1234"}`, "", rules.ActionAllow, "", ""},
		{"redact in place", `{"a":"x","text":"me EMP-123456 and EMP-654321"}`, "", rules.ActionRedact,
			`{"a":"x","text":"me ********56 and ********21"}`, "emp"},
		{"block wins over redact", `{"text":"EMP-123456 PRJ-1111 PRJ-2222"}`, "", rules.ActionBlock, "", "two-codes"},
		{"group scope applies", `{"text":"the ledger"}`, "finance", rules.ActionBlock, "", "finance-only"},
		{"group scope spares others", `{"text":"the ledger"}`, "sales", rules.ActionAllow, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := pipelineFor(t)
			d := jsonDoc(t, tt.body, extract.Outbound, "", "/x")
			out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound, Group: tt.group})
			if out.Action != tt.want || out.RuleID != tt.rule {
				t.Fatalf("Check(): got %v %q, want %v %q", out.Action, out.RuleID, tt.want, tt.rule)
			}
			if tt.want != rules.ActionAllow && out.Incident == "" {
				t.Errorf("Check(): no incident id")
			}
			want := tt.wantBody
			if want == "" {
				want = tt.body
			}
			if got := string(d.Bytes()); got != want {
				t.Errorf("Bytes(): got %s, want %s", got, want)
			}
		})
	}
}

func TestPipelineInboundRemoves(t *testing.T) {
	p, logs := pipelineFor(t)
	body := `{"ok":true,"messages":[{"user":"U1","text":"hi"},{"user":"U2","text":"EMP-123456"}]}`
	d := jsonDoc(t, body, extract.Inbound, "slack", "/api/conversations.history")
	out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionInbound, Service: "slack"})
	if out.Action != rules.ActionRedact {
		t.Fatalf("Check(): got %v, want redact", out.Action)
	}
	if got, want := string(d.Bytes()), `{"ok":true,"messages":[{"user":"U1","text":"hi"},{"user":"U2","text":"********56"}]}`; got != want {
		t.Errorf("Bytes(): got %s, want %s", got, want)
	}
	if n := logs.FilterField(zap.String("event", "dlp.redact")).Len(); n != 1 {
		t.Errorf("dlp.redact events: got %d, want 1", n)
	}
}

// failing is an inspector that always fails, as a rule timeout does.
type failing struct{}

func (failing) Inspect(context.Context, Message) (Verdict, error) {
	return Verdict{}, errors.New("inspect: rule x: match timeout")
}

func TestPipelineErrorsAndEncryption(t *testing.T) {
	encrypted := `{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgAEnAC","sender_key":"k","session_id":"s","device_id":"D"}`
	tests := []struct {
		name       string
		p          Pipeline
		body, path string
		want       rules.Action
		reason     string
	}{
		{"inspection error fails closed", Pipeline{Inspector: failing{}, OnError: rules.ActionBlock}, `{"text":"hi"}`, "/x", rules.ActionBlock, "error"},
		{"inspection error may fail open", Pipeline{Inspector: failing{}, OnError: rules.ActionAllow}, `{"text":"hi"}`, "/x", rules.ActionAllow, "error"},
		{"no inspector fails closed", Pipeline{OnError: rules.ActionBlock}, `{"text":"hi"}`, "/x", rules.ActionBlock, "error"},
		{"encrypted logged", Pipeline{Inspector: failing{}, OnEncrypted: rules.ActionLog}, encrypted,
			"/_matrix/client/v3/rooms/!r:example.org/send/m.room.encrypted/t1", rules.ActionAllow, "encrypted"},
		{"encrypted blocked", Pipeline{Inspector: failing{}, OnEncrypted: rules.ActionBlock}, encrypted,
			"/_matrix/client/v3/rooms/!r:example.org/send/m.room.encrypted/t1", rules.ActionBlock, "encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core, logs := observer.New(zap.DebugLevel)
			p := tt.p
			p.Log = zap.New(core)
			d, err := extract.Extract(&extract.Input{Service: "matrix", Method: "PUT", Path: tt.path, ContentType: "application/json", Body: []byte(tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tt.path, "encrypted") && (len(d.Messages) != 1 || !d.Messages[0].Encrypted || len(d.Messages[0].Parts) != 0) {
				t.Fatalf("Extract(): an m.room.encrypted event must be one encrypted message with no parts, got %+v", d.Messages)
			}
			out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound, Service: "matrix"})
			if out.Action != tt.want {
				t.Errorf("Check(): got %v, want %v", out.Action, tt.want)
			}
			ev := logs.FilterField(zap.String("event", "dlp.uninspectable")).AllUntimed()
			if len(ev) != 1 || ev[0].ContextMap()["reason"] != tt.reason {
				t.Errorf("dlp.uninspectable: got %v, want one with reason %s", ev, tt.reason)
			}
			for _, e := range logs.All() {
				if strings.Contains(e.Message, "AwgAEnAC") {
					t.Errorf("logged content")
				}
			}
		})
	}
}

// recordingFiles is a file inspector that records what reaches it.
type recordingFiles struct {
	got    []string
	action rules.Action
}

func (r *recordingFiles) InspectFile(_ context.Context, f *extract.File, _ *Meta) (FileVerdict, error) {
	r.got = append(r.got, f.Path+"="+f.Name+":"+string(f.Data))
	return FileVerdict{Action: r.action, Reason: "file refused"}, nil
}

func TestPipelineFilesReachTheFileInspector(t *testing.T) {
	body := "--B\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"see file\"}\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"run.exe\"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\x90\x00\r\n--B--\r\n"
	for _, action := range []rules.Action{rules.ActionAllow, rules.ActionBlock} {
		files := &recordingFiles{action: action}
		p, _ := pipelineFor(t)
		p.Files = files
		d, err := extract.Generic(&extract.Input{ContentType: "multipart/form-data; boundary=B", Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound})
		if len(files.got) != 1 || files.got[0] != "files[0]=run.exe:MZ\x90\x00" {
			t.Errorf("file inspector got %q, want the one file part", files.got)
		}
		if out.Action != action {
			t.Errorf("Check(): got %v, want the file inspector's %v", out.Action, action)
		}
		if action == rules.ActionBlock && (out.RuleID != "" || out.Reason != "file refused") {
			t.Errorf("Check(): rule %q reason %q, want no rule and the file inspector's reason", out.RuleID, out.Reason)
		}
	}
}

func TestPipelineUninspectable(t *testing.T) {
	p, logs := pipelineFor(t)
	p.OnOversize = rules.ActionLog
	if out := p.Uninspectable(&Meta{}, "oversize", nil); out.Action != rules.ActionLog || out.Incident == "" {
		t.Errorf("Uninspectable(oversize): got %+v, want log with an incident", out)
	}
	if out := p.Uninspectable(&Meta{}, "undecodable", errors.New("gzip: invalid header")); out.Action != rules.ActionBlock {
		t.Errorf("Uninspectable(undecodable): got %v, want on_inspect_error's block", out.Action)
	}
	if n := logs.FilterField(zap.String("event", "dlp.uninspectable")).Len(); n != 2 {
		t.Errorf("dlp.uninspectable events: got %d, want 2", n)
	}
}

// builtinEngine compiles an engine over the built-in pack.
func builtinEngine(t testing.TB) *Engine {
	t.Helper()
	set, err := rules.Load(nil, true)
	if err != nil {
		t.Fatalf("rules.Load(): %v", err)
	}
	e, err := NewEngine(set, Options{})
	if err != nil {
		t.Fatalf("NewEngine(): %v", err)
	}
	return e
}

// engineFromYAML compiles an engine from one rule file's text, without
// the built-in pack.
func engineFromYAML(t testing.TB, doc string) *Engine {
	t.Helper()
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load([]string{file}, false)
	if err != nil {
		t.Fatalf("rules.Load(): %v", err)
	}
	e, err := NewEngine(set, Options{})
	if err != nil {
		t.Fatalf("NewEngine(): %v", err)
	}
	return e
}

func TestPipelineRedactionThatCannotBeWrittenBlocks(t *testing.T) {
	p, _ := pipelineFor(t)
	// A protobuf body that happens to be valid UTF-8 is read as text, but
	// a masked field would break its length prefixes.
	body := "\x0a\x15I am EMP-123456, hi\x12\x02ok"
	d, err := extract.Generic(&extract.Input{ContentType: "application/x-protobuf", Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound})
	if out.Action != rules.ActionBlock || out.RuleID != "emp" || string(d.Bytes()) != body {
		t.Errorf("Check(): got %v %q with body %q, want a block by emp and the body untouched", out.Action, out.RuleID, d.Bytes())
	}
}

func BenchmarkRedactManyParts(b *testing.B) {
	e := engineFromYAML(b, pipelineRules)
	var sb strings.Builder
	sb.WriteString("[")
	for i := range 20000 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `"EMP-%06d"`, i)
	}
	sb.WriteString("]")
	body := []byte(sb.String())
	p := &Pipeline{Inspector: e, OnError: rules.ActionBlock}
	for b.Loop() {
		d, _ := extract.Generic(&extract.Input{ContentType: "application/json", Body: body})
		if out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound}); out.Action != rules.ActionRedact {
			b.Fatalf("Check(): %v", out.Action)
		}
	}
}
