package inspect

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Pipeline turns an extracted body into one outcome: it inspects every
// message (its parts joined, so min_count counts across a message's
// fields), hands file parts to the file inspector, and decides, in this
// one place for every protocol, what happens to the body: findings take
// the highest action of their rules (block > redact > log > allow), an
// inspection error takes OnError, encrypted content OnEncrypted, an
// oversize body OnOversize. It writes the dlp.* events and metrics. The
// wire applies the outcome. A Pipeline is immutable; build a new one when
// the configuration changes.
type Pipeline struct {
	Inspector   Inspector
	Files       FileInspector // nil: file parts are not inspected
	Links       LinkInspector // nil: links are not inspected
	OnError     rules.Action  // on_inspect_error: ActionBlock or ActionAllow
	OnEncrypted rules.Action  // on_encrypted: ActionLog or ActionBlock
	OnOversize  rules.Action  // files.oversize: ActionBlock, ActionLog or ActionAllow
	Cleartext   rules.Action  // creds.cleartext: ActionLog or ActionBlock, for a password on a plaintext leg
	Offers      OfferPolicy   // tunnels.irc.dcc: what happens to a file offered for a direct transfer
	Executables rules.Action  // files.executables.action: an offered file whose name is an executable's
	Log         *zap.Logger
	Metrics     *Metrics // nil: no metrics
}

// FileInspector inspects a file carried in a message (a multipart upload,
// an attachment, later a WebSocket binary message or a DCC offer). The
// files feature fills it in; an error is an inspection error.
type FileInspector interface {
	InspectFile(ctx context.Context, f *extract.File, meta *Meta) (FileVerdict, error)
}

// FileVerdict is what a file inspector decided, and what it found.
type FileVerdict struct {
	Action rules.Action
	Reason string // short, for the user and the log
	Type   string // file_type: pe, elf, script... or a MIME type
	SHA256 string // file_sha256, hex
	Size   int64  // file_size
	Signer string // signer of a signed executable, "" if none
}

// Meta is where a body comes from: the fields every event about it carries.
type Meta struct {
	Protocol  string // http, https, websocket, irc...
	Service   string
	Direction rules.Direction
	Group     string
	Host      string
	Method    string
	Path      string
	Who       []zap.Field // client_ip, user, group, conn_id
	// Plaintext is true when the leg to the server is not encrypted: a
	// credential sent on it crosses the network in clear (creds.cleartext).
	Plaintext bool
}

// Outcome is the decision on one body.
type Outcome struct {
	// Action is what the wire does: ActionBlock refuses the whole body;
	// ActionRedact sends the changed Doc (parts redacted, inbound messages
	// removed); ActionLog and ActionAllow pass the body unchanged.
	Action   rules.Action
	Incident string // set when anything was found, blocked or redacted
	RuleID   string // the rule that decided a block or redaction, "" otherwise
	Reason   string // short reason for the user: never a matched value
}

// Check inspects d and decides its outcome; d is changed in place when
// the outcome is ActionRedact.
func (p *Pipeline) Check(ctx context.Context, d *extract.Doc, meta *Meta) Outcome {
	if d == nil || len(d.Messages) == 0 {
		return Outcome{Action: rules.ActionAllow}
	}
	start := time.Now()
	c := checker{p: p, d: d, meta: meta, out: Outcome{Action: rules.ActionAllow}}
	for _, m := range d.Messages {
		c.message(ctx, m)
	}
	if c.out.Action != rules.ActionBlock && d.Changed() {
		c.out.Action = rules.ActionRedact
	}
	p.Metrics.observe(meta, time.Since(start))
	c.finish()
	return c.out
}

// Uninspectable decides what happens to a body that could not be read:
// reason is "oversize" (files.oversize), "undecodable" or "error"
// (on_inspect_error). err is logged, never shown to the user.
func (p *Pipeline) Uninspectable(meta *Meta, reason string, err error) Outcome {
	action := p.OnError
	if reason == "oversize" {
		action = p.OnOversize
	}
	out := Outcome{Action: action, Incident: NewIncidentID(), Reason: uninspectableReason(reason)}
	p.event(zapcore.WarnLevel, "content not inspected", "dlp.uninspectable", meta, out.Incident,
		zap.String("reason", reason), zap.String("action", action.String()), errField(err))
	if action == rules.ActionBlock {
		p.Metrics.block(meta)
		p.event(zapcore.WarnLevel, "blocked", "dlp.block", meta, out.Incident, zap.String("reason", reason),
			zap.String("rule_id", ""), zap.Int("count", 0), zap.String("action", "block"))
	}
	return out
}

// Unread reports content passed without being read because nothing reads
// its kind yet (a binary WebSocket message before file inspection): a
// dlp.uninspectable event with action allow. The caller passes it.
func (p *Pipeline) Unread(meta *Meta, reason string) {
	p.event(zapcore.WarnLevel, "content passed unread", "dlp.uninspectable", meta, NewIncidentID(),
		zap.String("reason", reason), zap.String("action", rules.ActionAllow.String()))
}

func uninspectableReason(reason string) string {
	switch reason {
	case "oversize":
		return "content too large to inspect"
	case "encrypted":
		return "end-to-end encrypted content cannot be inspected"
	}
	return "content could not be inspected"
}

func errField(err error) zap.Field {
	if err == nil {
		return zap.Skip()
	}
	return zap.Error(err)
}

// checker is one Check in progress.
type checker struct {
	p        *Pipeline
	d        *extract.Doc
	meta     *Meta
	out      Outcome
	findings int   // findings in the body
	changed  int   // messages redacted or removed
	blocked  cause // what blocked the body
	first    cause // what redacted or removed the first message
	channel  string
}

// cause is why a message gets its action: a rule, or a reason without one
// (encrypted content, an inspection error, a file verdict).
type cause struct {
	rule, reason string
}

func ruleCause(id string) cause { return cause{rule: id, reason: "blocked by rule " + id} }

// message inspects one message and applies its verdict to the doc.
func (c *checker) message(ctx context.Context, m *extract.Message) {
	action, why := c.messageAction(ctx, m)
	switch action {
	case rules.ActionBlock:
		if c.meta.Direction == rules.DirectionInbound && c.d.Remove(m) {
			c.p.Metrics.block(c.meta) // a message blocked, the rest delivered
			c.note(m, why)
			return
		}
		c.out.Action = rules.ActionBlock
		if c.blocked == (cause{}) {
			c.blocked, c.channel = why, m.Channel
		}
	case rules.ActionRedact:
		c.note(m, why)
	}
}

// note counts a redacted or removed message and keeps the first cause.
func (c *checker) note(m *extract.Message, why cause) {
	c.changed++
	if c.first == (cause{}) {
		c.first, c.channel = why, m.Channel
	}
}

// messageAction inspects a message's texts, files and encryption and
// returns its action and why; redactions are applied to the doc's parts.
func (c *checker) messageAction(ctx context.Context, m *extract.Message) (rules.Action, cause) {
	action, why := rules.ActionAllow, cause{}
	raise := func(a rules.Action, w cause) {
		if a > action {
			action, why = a, w
		}
	}
	if m.Encrypted {
		c.encrypted(m)
		raise(c.p.OnEncrypted, cause{reason: uninspectableReason("encrypted")})
	}
	if m.Credential != nil && c.meta.Plaintext {
		raise(c.cleartext(m))
	}
	if len(m.Parts) > 0 {
		raise(c.texts(ctx, m))
	}
	for _, f := range m.Files {
		if f.Offer != "" {
			raise(c.offer(m, f))
			continue
		}
		raise(c.file(ctx, m, f))
	}
	return action, why
}

// partSep joins a message's parts: a paragraph break, so that no match
// reads across two fields unless it would across two lines.
const partSep = "\n\n"

// texts inspects a message's parts as one text and redacts them in place.
func (c *checker) texts(ctx context.Context, m *extract.Message) (rules.Action, cause) {
	text, offsets := joinParts(m.Parts)
	v, err := Verdict{}, errNoInspector
	if c.p.Inspector != nil {
		v, err = c.p.Inspector.Inspect(ctx, Message{Text: text, Direction: c.meta.Direction, Service: c.meta.Service, Group: c.meta.Group})
	}
	if err != nil {
		c.ensureIncident()
		c.p.event(zapcore.WarnLevel, "content not inspected", "dlp.uninspectable", c.meta, c.out.Incident,
			zap.String("channel", m.Channel), zap.String("reason", "error"),
			zap.String("action", c.p.OnError.String()), zap.Error(err))
		return c.p.OnError, cause{reason: uninspectableReason("error")}
	}
	if len(v.Findings) > 0 {
		c.ensureIncident()
		c.logFindings(m, v.Findings)
	}
	if links := c.links(ctx, m, text); len(links) > 0 {
		v.Findings = append(v.Findings[:len(v.Findings):len(v.Findings)], links...)
		for _, l := range links {
			v.Action = max(v.Action, l.Action)
		}
	}
	if len(v.Findings) == 0 {
		return rules.ActionAllow, cause{}
	}
	if v.Action == rules.ActionRedact && !c.redactParts(m, v.Findings, offsets) {
		// The format cannot be rewritten: what must not pass is blocked.
		return rules.ActionBlock, ruleCause(deciding(v))
	}
	return v.Action, ruleCause(deciding(v))
}

// deciding is the first rule whose action is the verdict's.
func deciding(v Verdict) string {
	for _, f := range v.Findings {
		if f.Action == v.Action {
			return f.RuleID
		}
	}
	return ""
}

// joinParts joins texts with partSep and returns each one's offset.
func joinParts(parts []*extract.Part) (string, []int) {
	if len(parts) == 1 {
		return parts[0].Text, []int{0}
	}
	n := len(partSep) * (len(parts) - 1)
	for _, p := range parts {
		n += len(p.Text)
	}
	var sb strings.Builder
	sb.Grow(n) // one allocation for the joined text
	offsets := make([]int, len(parts))
	for i, p := range parts {
		if i > 0 {
			sb.WriteString(partSep)
		}
		offsets[i] = sb.Len()
		sb.WriteString(p.Text)
	}
	return sb.String(), offsets
}

// redactParts maps findings back to the parts they fall in (a finding
// across a separator is clipped to each part it covers) and rewrites them;
// false when the body cannot be rewritten. Each finding is placed by a
// binary search over the parts' offsets.
func (c *checker) redactParts(m *extract.Message, found []Finding, offsets []int) bool {
	local := make([][]Finding, len(m.Parts))
	for _, f := range found {
		i := sort.Search(len(offsets), func(i int) bool { return offsets[i] > f.Start }) - 1
		for i = max(i, 0); i < len(m.Parts) && offsets[i] < f.End; i++ {
			lo, hi := offsets[i], offsets[i]+len(m.Parts[i].Text)
			if f.End <= lo || f.Start >= hi {
				continue
			}
			g := f
			g.Start, g.End = max(f.Start, lo)-lo, min(f.End, hi)-lo
			local[i] = append(local[i], g)
		}
	}
	for i, p := range m.Parts {
		if len(local[i]) > 0 && !c.d.Replace(p, Redact(p.Text, local[i])) {
			return false
		}
	}
	return true
}

// file hands a file part to the file inspector.
func (c *checker) file(ctx context.Context, m *extract.Message, f *extract.File) (rules.Action, cause) {
	if c.p.Files == nil {
		return rules.ActionAllow, cause{}
	}
	v, err := c.p.Files.InspectFile(ctx, f, c.meta)
	if err != nil {
		c.ensureIncident()
		c.p.event(zapcore.WarnLevel, "file not inspected", "dlp.uninspectable", c.meta, c.out.Incident,
			zap.String("channel", m.Channel), zap.String("file_name", f.Name), zap.String("reason", "error"),
			zap.String("action", c.p.OnError.String()), zap.Error(err))
		return c.p.OnError, cause{reason: uninspectableReason("error")}
	}
	if v.Action > rules.ActionAllow {
		c.ensureIncident()
	}
	c.p.event(fileLevel(v.Action), "file inspected", "file.verdict", c.meta, c.out.Incident,
		zap.String("channel", m.Channel), zap.String("sender", m.User), zap.String("file_name", f.Name),
		zap.String("file_type", v.Type), zap.Int64("file_size", v.Size), zap.String("file_sha256", v.SHA256),
		zap.String("signer", v.Signer), zap.String("action", v.Action.String()), zap.String("reason", v.Reason))
	return v.Action, cause{reason: v.Reason}
}

// fileLevel is the level of a file.verdict event: a block is a warning.
func fileLevel(a rules.Action) zapcore.Level {
	if a == rules.ActionBlock {
		return zapcore.WarnLevel
	}
	return zapcore.InfoLevel
}
