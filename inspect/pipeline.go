package inspect

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
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
	OnError     rules.Action  // on_inspect_error: ActionBlock or ActionAllow
	OnEncrypted rules.Action  // on_encrypted: ActionLog or ActionBlock
	OnOversize  rules.Action  // files.oversize: ActionBlock, ActionLog or ActionAllow
	Log         *zap.Logger
	Metrics     *Metrics // nil: no metrics
}

// FileInspector inspects a file carried in a message (a multipart upload,
// an attachment, later a WebSocket binary message or a DCC offer). The
// files feature fills it in; an error is an inspection error.
type FileInspector interface {
	InspectFile(ctx context.Context, f *extract.File, meta *Meta) (FileVerdict, error)
}

// FileVerdict is what a file inspector decided.
type FileVerdict struct {
	Action rules.Action
	Reason string // short, for the user and the log
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
		p.event(zapcore.WarnLevel, "blocked", "dlp.block", meta, out.Incident, zap.String("reason", reason))
	}
	return out
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
	findings int
	redacted int
	blockBy  string
	channel  string
}

// message inspects one message and applies its verdict to the doc.
func (c *checker) message(ctx context.Context, m *extract.Message) {
	action, ruleID := c.messageAction(ctx, m)
	switch action {
	case rules.ActionBlock:
		if c.meta.Direction == rules.DirectionInbound && c.d.Remove(m) {
			c.redacted++
			c.note(m, ruleID)
			return
		}
		c.out.Action = rules.ActionBlock
		if c.blockBy == "" {
			c.blockBy, c.channel = ruleID, m.Channel
		}
	case rules.ActionRedact:
		c.redacted++
		c.note(m, ruleID)
	}
}

// note records the rule of the first redaction or removal.
func (c *checker) note(m *extract.Message, ruleID string) {
	if c.out.RuleID == "" {
		c.out.RuleID, c.channel = ruleID, m.Channel
	}
}

// messageAction inspects a message's texts, files and encryption and
// returns its action and the rule (or reason) behind it; redactions are
// applied to the doc's parts.
func (c *checker) messageAction(ctx context.Context, m *extract.Message) (rules.Action, string) {
	action, why := rules.ActionAllow, ""
	raise := func(a rules.Action, w string) {
		if a > action {
			action, why = a, w
		}
	}
	if m.Encrypted {
		c.encrypted(m)
		raise(c.p.OnEncrypted, "encrypted")
	}
	if len(m.Parts) > 0 {
		a, w := c.texts(ctx, m)
		raise(a, w)
	}
	for _, f := range m.Files {
		a, w := c.file(ctx, m, f)
		raise(a, w)
	}
	return action, why
}

// partSep joins a message's parts: a paragraph break, so that no match
// reads across two fields unless it would across two lines.
const partSep = "\n\n"

// texts inspects a message's parts as one text and redacts them in place.
func (c *checker) texts(ctx context.Context, m *extract.Message) (rules.Action, string) {
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
		return c.p.OnError, "inspect_error"
	}
	if len(v.Findings) == 0 {
		return rules.ActionAllow, ""
	}
	c.ensureIncident()
	c.logFindings(m, v.Findings)
	if v.Action == rules.ActionRedact && !c.redactParts(m, v.Findings, offsets) {
		// The format cannot be rewritten: what must not pass is blocked.
		return rules.ActionBlock, deciding(v)
	}
	return v.Action, deciding(v)
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
// false when the body cannot be rewritten.
func (c *checker) redactParts(m *extract.Message, found []Finding, offsets []int) bool {
	for i, p := range m.Parts {
		lo, hi := offsets[i], offsets[i]+len(p.Text)
		var local []Finding
		for _, f := range found {
			if f.End <= lo || f.Start >= hi {
				continue
			}
			f.Start, f.End = max(f.Start, lo)-lo, min(f.End, hi)-lo
			local = append(local, f)
		}
		if len(local) > 0 && !c.d.Replace(p, Redact(p.Text, local)) {
			return false
		}
	}
	return true
}

// file hands a file part to the file inspector.
func (c *checker) file(ctx context.Context, m *extract.Message, f *extract.File) (rules.Action, string) {
	if c.p.Files == nil {
		return rules.ActionAllow, ""
	}
	v, err := c.p.Files.InspectFile(ctx, f, c.meta)
	if err != nil {
		c.ensureIncident()
		c.p.event(zapcore.WarnLevel, "file not inspected", "dlp.uninspectable", c.meta, c.out.Incident,
			zap.String("channel", m.Channel), zap.String("file_name", f.Name), zap.String("reason", "error"),
			zap.String("action", c.p.OnError.String()), zap.Error(err))
		return c.p.OnError, "inspect_error"
	}
	if v.Action > rules.ActionAllow {
		c.ensureIncident()
	}
	return v.Action, v.Reason
}

// encrypted logs content that cannot be read.
func (c *checker) encrypted(m *extract.Message) {
	c.ensureIncident()
	c.p.event(zapcore.WarnLevel, "content not inspected", "dlp.uninspectable", c.meta, c.out.Incident,
		zap.String("channel", m.Channel), zap.String("reason", "encrypted"), zap.String("action", c.p.OnEncrypted.String()))
}

func (c *checker) ensureIncident() {
	if c.out.Incident == "" {
		c.out.Incident = NewIncidentID()
	}
}

// logFindings writes one dlp.finding per rule of a message, with the
// count and the first match's masked evidence, and counts the metrics.
func (c *checker) logFindings(m *extract.Message, found []Finding) {
	seen := map[string]int{}
	var order []Finding
	for _, f := range found {
		if seen[f.RuleID] == 0 {
			order = append(order, f)
		}
		seen[f.RuleID]++
	}
	c.findings += len(found)
	for _, f := range order {
		c.p.Metrics.finding(f.RuleID, f.Action)
		c.p.event(zapcore.InfoLevel, "finding", "dlp.finding", c.meta, c.out.Incident,
			zap.String("channel", m.Channel), zap.String("rule_id", f.RuleID), zap.String("severity", f.Severity.String()),
			zap.String("action", f.Action.String()), zap.Int("count", seen[f.RuleID]), f.Evidence.Field())
	}
}

// finish writes the dlp.block or dlp.redact event and the user's reason.
func (c *checker) finish() {
	switch c.out.Action {
	case rules.ActionBlock:
		c.out.RuleID = c.blockBy
		c.out.Reason = blockReason(c.blockBy)
		c.p.Metrics.block(c.meta)
		c.p.event(zapcore.WarnLevel, "blocked", "dlp.block", c.meta, c.out.Incident,
			zap.String("channel", c.channel), zap.String("rule_id", c.blockBy), zap.Int("count", c.findings),
			zap.String("action", "block"))
	case rules.ActionRedact:
		c.out.Reason = "redacted by rule " + c.out.RuleID
		c.p.event(zapcore.InfoLevel, "redacted", "dlp.redact", c.meta, c.out.Incident,
			zap.String("channel", c.channel), zap.String("rule_id", c.out.RuleID), zap.Int("count", c.redacted),
			zap.String("action", "redact"))
	}
}

// blockReason is what a blocked user reads.
func blockReason(why string) string {
	switch why {
	case "encrypted":
		return uninspectableReason("encrypted")
	case "inspect_error":
		return uninspectableReason("error")
	case "":
		return "blocked by policy"
	}
	return "blocked by rule " + why
}

// event writes one dlp.* line with the body's context.
func (p *Pipeline) event(lvl zapcore.Level, msg, event string, meta *Meta, incident string, fields ...zap.Field) {
	if p.Log == nil {
		return
	}
	ce := p.Log.Check(lvl, msg)
	if ce == nil {
		return
	}
	all := make([]zap.Field, 0, len(fields)+len(meta.Who)+9)
	all = append(all, zap.String("event", event), zap.String("incident_id", incident),
		zap.String("protocol", meta.Protocol), zap.String("service", meta.Service),
		zap.String("direction", meta.Direction.String()), zap.String("host", meta.Host),
		zap.String("method", meta.Method), zap.String("path", meta.Path))
	all = append(all, meta.Who...)
	ce.Write(append(all, fields...)...)
}

// NewIncidentID returns a new random incident id (16 hex digits), the
// reference a user quotes and the log carries.
func NewIncidentID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// errNoInspector is the inspection error of a Pipeline without an Inspector.
var errNoInspector = errors.New("inspect: pipeline without an inspector")
