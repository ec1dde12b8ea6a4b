package inspect

import (
	"context"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// LinkInspector finds the links in a message's text that the URL policy
// acts on: shortened links, links to denied domains, homograph hosts,
// labels that show another host (package inspect/urls fills it in).
type LinkInspector interface {
	InspectLinks(ctx context.Context, text string, meta *Meta) []LinkFinding
}

// LinkFinding is one link the URL policy acts on.
type LinkFinding struct {
	Start, End  int          // the link's bytes in the text
	Event       string       // url.shortener, url.deny, url.homograph, url.label
	RuleID      string       // what the user and the log are told: url-shortener, url-deny...
	Action      rules.Action // block; redact (the link is masked); log
	URL         string       // for the log: the link without user info, query or fragment
	ExpandedURL string       // where a short link leads, when it was expanded
	Reason      string       // short, for the log
}

// links inspects the links of a message's joined text, writes their url.*
// events, and returns them as findings for the verdict and redaction.
func (c *checker) links(ctx context.Context, m *extract.Message, text string) []Finding {
	if c.p.Links == nil {
		return nil
	}
	found := c.p.Links.InspectLinks(ctx, text, c.meta)
	if len(found) == 0 {
		return nil
	}
	c.ensureIncident()
	out := make([]Finding, 0, len(found))
	for _, l := range found {
		c.p.Metrics.finding(l.RuleID, l.Action)
		lvl := zapcore.InfoLevel
		if l.Action == rules.ActionBlock {
			lvl = zapcore.WarnLevel
		}
		c.p.event(lvl, "link", l.Event, c.meta, c.out.Incident,
			zap.String("channel", m.Channel), zap.String("sender", m.User), zap.String("rule_id", l.RuleID),
			zap.String("url", l.URL), zap.String("expanded_url", l.ExpandedURL),
			zap.String("action", l.Action.String()), zap.String("reason", l.Reason))
		out = append(out, Finding{RuleID: l.RuleID, Severity: rules.SeverityMedium, Action: l.Action, Start: l.Start, End: l.End})
	}
	return out
}
