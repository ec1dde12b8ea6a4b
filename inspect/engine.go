package inspect

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// Engine inspects messages against one compiled rule set. It is immutable
// and safe for concurrent use; swap engines with Live.
type Engine struct {
	rules   []*engineRule
	pf      *prefilter
	timeout time.Duration
	mode    EvidenceMode
}

var _ Inspector = (*Engine)(nil)

// span is a match in the text a rule ran on, End exclusive.
type span struct{ start, end int }

// findFunc runs one rule's regex and validator on text. Its errors must
// never contain text.
type findFunc func(text string, timeout time.Duration) ([]span, error)

// ruleSpec is what the engine needs of a rule, independent of how rules
// are loaded.
type ruleSpec struct {
	id                 string
	severity           rules.Severity
	action             rules.Action
	keepLast, minCount int
	direction          rules.Direction
	services, groups   []string
	keywords           []string // lowercase
	prefilter          bool     // keywords gate the rule
	pattern, validator string
	find               findFunc
}

// engineRule is a ruleSpec with its gates resolved.
type engineRule struct {
	ruleSpec
	kwIDs    []int    // automaton ids of keywords, one must occur (keyword gate)
	kwOther  []string // non-ASCII keywords, tested on the lowercased text
	litIDs   []int    // automaton ids of required literals, one must occur
	gate     gate
	kwGated  bool
	litGated bool
	relaxed  *regexp.Regexp // Go superset of the pattern, nil if none
	anchored *regexp.Regexp // the same, anchored, tried where a match may start
	afterOne *regexp.Regexp // anchored after one byte of context, so \b reads it
	lead     []bool         // by automaton id: the pattern's leading literals
	windowed bool           // relaxed runs on each digit run, not the text
}

// newEngine resolves every rule's gates and builds the shared automaton.
func newEngine(specs []ruleSpec, opts Options) *Engine {
	e := &Engine{timeout: opts.MatchTimeout, mode: opts.Evidence}
	if e.timeout <= 0 {
		e.timeout = DefaultMatchTimeout
	}
	pb := newPrefilterBuilder()
	var leadIDs []leadID
	for _, s := range specs {
		r := &engineRule{ruleSpec: s, gate: validatorGate(s.validator)}
		if s.prefilter && len(s.keywords) > 0 {
			r.kwGated = true
			for _, kw := range s.keywords {
				if isASCII(kw) {
					r.kwIDs = append(r.kwIDs, pb.add(kw))
				} else {
					r.kwOther = append(r.kwOther, strings.ToLower(kw))
				}
			}
		}
		if p, err := relaxPattern(s.pattern); err == nil {
			r.relaxed = regexp.MustCompile(p) // relaxPattern compiled it already
		}
		lookbehind := strings.HasPrefix(strings.TrimLeft(s.pattern, "(?imsU-)"), "(?<=") ||
			strings.HasPrefix(s.pattern, "(?<=")
		if lits := requiredLiterals(relaxedSource(r)); lits != nil {
			r.litGated = true
			for _, l := range lits {
				r.litIDs = append(r.litIDs, pb.add(l))
			}
		}
		if lead := leadingLiterals(relaxedSource(r)); lead != nil {
			r.anchor()
			for _, l := range lead {
				leadIDs = append(leadIDs, leadID{r, pb.add(l)})
			}
		} else if r.relaxed != nil && !lookbehind {
			r.placeRelaxed()
		}
		e.rules = append(e.rules, r)
	}
	e.pf = pb.build()
	for _, l := range leadIDs {
		if l.r.lead == nil {
			l.r.lead = make([]bool, e.pf.n)
		}
		l.r.lead[l.id] = true
	}
	return e
}

type leadID struct {
	r  *engineRule
	id int
}

// Inspect normalises m.Text, runs the rules that apply and pass their
// gates, and returns the findings at offsets of m.Text with the verdict.
// A rule timeout or a cancelled ctx returns an error that never contains
// the message.
func (e *Engine) Inspect(ctx context.Context, m Message) (Verdict, error) {
	active := e.scope(m)
	if len(active) == 0 {
		return Verdict{Action: rules.ActionAllow}, nil
	}
	n := normalize(m.Text)
	defer n.put()
	found, err := e.inspectText(ctx, active, n.s, n.span, nil)
	if err != nil {
		return Verdict{}, err
	}
	for _, seg := range base64Segments(n.s) {
		if found, err = e.inspectSegment(ctx, active, n, seg, found); err != nil {
			return Verdict{}, err
		}
	}
	return verdict(found, active), nil
}

// inspectSegment inspects one decoded base64 run; its findings cover the
// whole run in the original.
func (e *Engine) inspectSegment(ctx context.Context, active []*engineRule, n *normText, seg b64Segment, found []Finding) ([]Finding, error) {
	os, oe := n.span(seg.start, seg.end)
	dn := normalize(seg.text)
	defer dn.put()
	whole := func(int, int) (int, int) { return os, oe }
	return e.inspectText(ctx, active, dn.s, whole, found)
}

// scope returns the rules that apply to m's direction, service and group.
func (e *Engine) scope(m Message) []*engineRule {
	active := make([]*engineRule, 0, len(e.rules))
	for _, r := range e.rules {
		if r.direction.Applies(m.Direction) && inScope(r.services, m.Service) && inScope(r.groups, m.Group) {
			active = append(active, r)
		}
	}
	return active
}

func inScope(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// inspectText runs the gated rules on text, appending findings mapped to
// the original by toOrig.
func (e *Engine) inspectText(ctx context.Context, active []*engineRule, text string, toOrig func(int, int) (int, int), found []Finding) ([]Finding, error) {
	hits := e.pf.scan(text)
	defer hits.put()
	f := newFeatures(text)
	lower := ""
	for _, r := range active {
		if !e.passes(r, hits, text, &f, &lower) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("inspect: %w", err)
		}
		ms, err := r.find(text, e.timeout)
		if err != nil {
			return nil, err
		}
		for _, s := range ms {
			os, oe := toOrig(s.start, s.end)
			found = append(found, Finding{
				RuleID: r.id, Severity: r.severity, Action: r.action, KeepLast: r.keepLast,
				Start: os, End: oe, Evidence: NewEvidence(text[s.start:s.end], e.mode),
			})
		}
	}
	return found, nil
}

// passes applies r's keyword, literal and structural gates; features and
// the lowercased text are computed at most once per text.
func (e *Engine) passes(r *engineRule, hits *hitSet, text string, f *features, lower *string) bool {
	if r.kwGated && !hits.any(r.kwIDs) && !containsLower(text, r.kwOther, lower) {
		return false
	}
	if r.litGated && !hits.any(r.litIDs) {
		return false
	}
	if !r.gate.pass(f) {
		return false
	}
	switch {
	case r.lead != nil:
		return anchoredMatch(r, hits, text)
	case r.anchored != nil:
		return shapeMatch(r, f, text)
	case r.windowed:
		return windowMatch(r, f, text)
	}
	return r.relaxed == nil || r.relaxed.MatchString(text)
}

// shapeMatch tries r's anchored relaxed pattern where its validator's shape
// starts, and at the whitespace just before (a match may begin with it).
func shapeMatch(r *engineRule, f *features, text string) bool {
	for _, p := range f.shapeStarts(r.gate.shape) {
		for q := p; q >= 0 && (q == p || isSpace(text[q])); q-- {
			if r.matchAt(text, q) {
				return true
			}
		}
	}
	return false
}

// windowMatch tries r's relaxed pattern on each digit run long enough for
// its validator, with one byte of context each side so \b reads right.
func windowMatch(r *engineRule, f *features, text string) bool {
	for _, run := range f.digitRuns() {
		if run.digits >= r.gate.minDigits {
			if r.relaxed.MatchString(text[max(0, run.start-1):min(len(text), run.end+1)]) {
				return true
			}
		}
	}
	return false
}

// anchoredMatch tries r's relaxed pattern only where one of its leading
// literals occurs: every match starts at such an occurrence, so this is
// the unanchored test without scanning every position. (A \b before the
// literal reads the byte before it.)
func anchoredMatch(r *engineRule, hits *hitSet, text string) bool {
	for _, h := range hits.at {
		if r.lead[h.id] && r.matchAt(text, int(h.start)) {
			return true
		}
	}
	return false
}

// placeRelaxed decides where a rule without leading literals tries its
// relaxed pattern: at the starts of the iban/nino shapes (anchored), or on
// the digit runs a digit validator confines a match to (windowed). Else not
// at all: unanchored over the whole text, Go's engine is no faster than
// regexp2, except where regexp2 evaluates a lookbehind at every position.
func (r *engineRule) placeRelaxed() {
	switch {
	case r.gate.shape >= 0:
		r.anchor()
		r.relaxed = nil
	case r.gate.minDigits > 0:
		r.windowed = true
	default:
		r.relaxed = nil
	}
}

// anchor compiles the anchored forms of the relaxed pattern.
func (r *engineRule) anchor() {
	r.anchored = regexp.MustCompile(`\A(?:` + r.relaxed.String() + `)`)
	r.afterOne = regexp.MustCompile(`\A(?s:.)(?:` + r.relaxed.String() + `)`)
}

// matchAt reports whether the relaxed pattern matches starting at p, with
// the byte before p as context for \b (a non-ASCII one reads as a non-word
// character, as it is to RE2's ASCII \b).
func (r *engineRule) matchAt(text string, p int) bool {
	if p == 0 {
		return r.anchored.MatchString(text)
	}
	return r.afterOne.MatchString(text[p-1:])
}

// relaxedSource is the Go-syntax form of r's pattern, "" if there is none.
func relaxedSource(r *engineRule) string {
	if r.relaxed == nil {
		return ""
	}
	return r.relaxed.String()
}

func containsLower(text string, kws []string, lower *string) bool {
	if len(kws) == 0 {
		return false
	}
	if *lower == "" {
		*lower = strings.ToLower(text)
	}
	for _, kw := range kws {
		if strings.Contains(*lower, kw) {
			return true
		}
	}
	return false
}

// verdict dedupes and orders findings, applies each rule's min_count and
// takes the highest action.
func verdict(found []Finding, active []*engineRule) Verdict {
	if len(found) == 0 {
		return Verdict{Action: rules.ActionAllow}
	}
	slices.SortFunc(found, compareFindings)
	found = slices.CompactFunc(found, func(a, b Finding) bool {
		return a.RuleID == b.RuleID && a.Start == b.Start && a.End == b.End
	})
	found = applyMinCount(found, active)
	v := Verdict{Action: rules.ActionAllow, Findings: found}
	for _, f := range found {
		v.Action = max(v.Action, f.Action)
	}
	if len(v.Findings) == 0 {
		v.Findings = nil
	}
	return v
}

func compareFindings(a, b Finding) int {
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
		return c
	}
	return a.End - b.End
}

// applyMinCount drops the findings of rules with fewer than min_count.
func applyMinCount(found []Finding, active []*engineRule) []Finding {
	counts := map[string]int{}
	for _, f := range found {
		counts[f.RuleID]++
	}
	out := found[:0]
	for _, f := range found {
		if counts[f.RuleID] >= minCountOf(active, f.RuleID) {
			out = append(out, f)
		}
	}
	return out
}

func minCountOf(active []*engineRule, id string) int {
	for _, r := range active {
		if r.id == id {
			return r.minCount
		}
	}
	return 1
}
