package inspect

import (
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// The dlp.* events of a Check; their fields are in docs/inspection.md.

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
			zap.String("channel", m.Channel), zap.String("sender", m.User), zap.String("rule_id", f.RuleID),
			zap.String("severity", f.Severity.String()), zap.String("action", f.Action.String()),
			zap.Int("count", seen[f.RuleID]), f.Evidence.Field())
	}
}

// finish writes the dlp.block or dlp.redact event and the user's reason.
func (c *checker) finish() {
	switch c.out.Action {
	case rules.ActionBlock:
		c.out.RuleID, c.out.Reason = c.blocked.rule, c.blocked.reason
		if c.out.Reason == "" {
			c.out.Reason = "blocked by policy"
		}
		c.p.Metrics.block(c.meta)
		c.p.event(zapcore.WarnLevel, "blocked", "dlp.block", c.meta, c.out.Incident,
			zap.String("channel", c.channel), zap.String("rule_id", c.blocked.rule), zap.Int("count", c.findings),
			zap.String("action", "block"), zap.String("reason", c.out.Reason))
	case rules.ActionRedact:
		c.out.RuleID, c.out.Reason = c.first.rule, "redacted"
		if c.first.rule != "" {
			c.out.Reason = "redacted by rule " + c.first.rule
		}
		c.p.event(zapcore.InfoLevel, "redacted", "dlp.redact", c.meta, c.out.Incident,
			zap.String("channel", c.channel), zap.String("rule_id", c.first.rule), zap.Int("count", c.changed),
			zap.String("action", "redact"))
	}
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
