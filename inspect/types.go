// Package inspect is the DLP engine every protocol calls: it normalises a
// message (NFKC, invisible characters, HTML, IRC codes, percent-encoding,
// one level of base64), gates each rule with a keyword automaton and cheap
// structural checks, runs the surviving rules, and returns findings at byte
// offsets of the original text with a verdict. Extractors know formats, not
// rules; this package knows text, not protocols.
package inspect

import (
	"context"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// Message is one unit of text to inspect, with the context rules scope on.
type Message struct {
	Text      string
	Direction rules.Direction
	Service   string // catalogue name (slack, irc...), "" if unknown
	Group     string // client group, "" if none
}

// Finding is one match of one rule. Start and End are byte offsets into the
// original Message.Text, End exclusive. A match inside a base64 run covers
// the whole run. Evidence is the matched (normalised, decoded) value, which
// prints only masked, hashed or empty.
type Finding struct {
	RuleID   string
	Severity rules.Severity
	Action   rules.Action
	KeepLast int
	Start    int
	End      int
	Evidence Evidence
}

// Verdict is the outcome for one message: Action is the highest action of
// the findings (block > redact > log > allow), ActionAllow when there are
// none. Findings are ordered by Start, then RuleID, then End.
type Verdict struct {
	Action   rules.Action
	Findings []Finding
}

// Inspector inspects messages. An error means the message could not be
// inspected (a rule timed out, the context ended): the caller applies
// on_inspect_error. Error texts never contain the message.
type Inspector interface {
	Inspect(ctx context.Context, m Message) (Verdict, error)
}

// InspectorFunc adapts a function to Inspector.
type InspectorFunc func(ctx context.Context, m Message) (Verdict, error)

// Inspect calls f.
func (f InspectorFunc) Inspect(ctx context.Context, m Message) (Verdict, error) { return f(ctx, m) }

// DefaultMatchTimeout is the per-match timeout when Options leaves it zero
// (limits.match_timeout's default).
const DefaultMatchTimeout = 100 * time.Millisecond

// Options tunes an Engine.
type Options struct {
	MatchTimeout time.Duration // per regex match; 0 means DefaultMatchTimeout
	Evidence     EvidenceMode  // how findings' evidence prints
}
