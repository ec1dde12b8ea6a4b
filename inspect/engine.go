package inspect

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// Engine inspects messages against one compiled rule set. It is immutable
// and safe for concurrent use; swap engines with Live.
type Engine struct {
	rules   []*engineRule
	pf      *prefilter
	byID    [][]int // by prefilter id: the rules (indexes) that registered it
	timeout time.Duration
	mode    EvidenceMode
	typo    *typoVocab // the words of the keywords, nil if none
	// fallback are the ids of the rules with fallback (applyFallback).
	fallback map[string]bool

	mu     sync.RWMutex
	scopes map[scopeKey]*scoped // the rules and scanner of each scope seen
}

// MaxText is the longest message Inspect takes (64 MiB, far beyond any
// chat message): offsets are kept in 32 bits, and normalisation can grow a
// text (NFKC at most 18 times).
const MaxText = 64 << 20

// ErrTooLarge is the error for a message over MaxText; like any inspection
// error it is handled by on_inspect_error.
var ErrTooLarge = errors.New("message too large to inspect")

// scopeKey is what decides which rules apply to a message.
type scopeKey struct {
	dir            rules.Direction
	service, group string
}

// scoped is the rules that apply in one scope and their scanner.
type scoped struct {
	active []*engineRule
	sc     *scanner
	// mask has the bit (by rule index) of each active rule; always those
	// that do not need a pattern of theirs to occur (the rest are looked
	// at only when one does).
	mask, always []uint64
}

// maxScopeCache bounds Engine.scopes; further scopes are resolved per
// message.
const maxScopeCache = 1024

var _ Inspector = (*Engine)(nil)

// span is a match in the text a rule ran on, End exclusive.
type span struct{ start, end int }

// findFunc runs one rule's regex and validator on text, where w says.
// Its errors must never contain text.
type findFunc func(text string, w where, timeout time.Duration) ([]span, error)

// ruleSpec is what the engine needs of a rule, independent of how rules
// are loaded.
type ruleSpec struct {
	id                 string
	severity           rules.Severity
	action             rules.Action
	keepLast, minCount int
	maxLength          int  // rules.Rule.MaxLength: longer texts are not read, 0 no limit
	fallback           bool // rules.Rule.Fallback: reported only where no other finding overlaps
	direction          rules.Direction
	services, groups   []string
	keywords           []string // lowercase
	prefilter          bool     // keywords gate the rule
	proximity          int      // rules.Rule.Proximity: keywords within so many characters, 0 anywhere
	examples           []string // rules.Rule.Examples.Match
	pattern, validator string
	find               findFunc
	local              bool           // rules.Rule.Local: the regex may run on spans
	leftLocal          bool           // rules.Rule.LeftLocal: on a span to the end
	reach              int            // rules.Rule.LookaheadReach
	opensBound         bool           // rules.Rule.OpensWithBoundary
	opening            *rules.Opening // rules.Rule.Opening, nil if none
}

// Inspect normalises m.Text, runs the rules that apply and pass their
// gates, and returns the findings at offsets of m.Text with the verdict.
// A rule timeout or a cancelled ctx returns an error that never contains
// the message.
func (e *Engine) Inspect(ctx context.Context, m Message) (Verdict, error) {
	if len(m.Text) > MaxText {
		return Verdict{}, fmt.Errorf("inspect: message of %d bytes: %w", len(m.Text), ErrTooLarge)
	}
	sc := e.scopeOf(m)
	if len(sc.active) == 0 {
		return Verdict{Action: rules.ActionAllow}, nil
	}
	n := normalize(m.Text)
	defer n.put()
	hits := e.pf.scan(sc.sc, n.s)
	defer hits.put()
	found, err := e.inspectHits(ctx, sc, n, hits, n.span, len(n.s), nil)
	if err != nil {
		return Verdict{}, err
	}
	for _, seg := range base64Segments(n.s, &n.facts) {
		if found, err = e.inspectSegment(ctx, sc, n, seg, found); err != nil {
			return Verdict{}, err
		}
	}
	for _, g := range regroupRuns(n.s, &n.facts, nil) {
		if found, err = e.inspectRegroup(ctx, sc, n, g, found); err != nil {
			return Verdict{}, err
		}
	}
	if e.typo != nil {
		if found, err = e.inspectTypos(ctx, sc, n, hits, found); err != nil {
			return Verdict{}, err
		}
	}
	for _, a := range n.attrs {
		if found, err = e.inspectPart(ctx, sc, m.Text[a.start:a.end], a, len(n.s), found); err != nil {
			return Verdict{}, err
		}
	}
	return verdict(found, sc.active, e.fallback), nil
}

// inspectPart inspects part of the message on its own (an HTML attribute
// value); its findings cover the whole part, at orig. msgLen is the length
// of the message it is part of (max_length).
func (e *Engine) inspectPart(ctx context.Context, sc *scoped, text string, orig span, msgLen int, found []Finding) ([]Finding, error) {
	pn := normalize(text)
	defer pn.put()
	whole := func(int, int) (int, int) { return orig.start, orig.end }
	return e.inspectText(ctx, sc, pn, whole, msgLen, found)
}

// inspectSegment inspects one decoded base64 run; its findings cover the
// whole run in the original.
func (e *Engine) inspectSegment(ctx context.Context, sc *scoped, n *normText, seg b64Segment, found []Finding) ([]Finding, error) {
	os, oe := n.span(seg.start, seg.end)
	return e.inspectPart(ctx, sc, seg.text, span{os, oe}, len(n.s), found)
}

// scopeOf returns the rules that apply to m and their scanner, cached per
// direction, service and group.
func (e *Engine) scopeOf(m Message) *scoped {
	k := scopeKey{m.Direction, m.Service, m.Group}
	e.mu.RLock()
	s, ok := e.scopes[k]
	e.mu.RUnlock()
	if ok {
		return s
	}
	active, key := e.scope(m)
	words := (len(e.rules) + 63) / 64
	s = &scoped{active: active, mask: make([]uint64, words), always: make([]uint64, words)}
	for _, r := range active {
		s.mask[r.idx/64] |= 1 << (r.idx % 64)
		if !r.needsHit {
			s.always[r.idx/64] |= 1 << (r.idx % 64)
		}
	}
	if len(active) > 0 {
		s.sc = e.pf.scannerFor(key, func() []int { return scopeIDs(active) })
	}
	e.mu.Lock()
	if len(e.scopes) < maxScopeCache {
		e.scopes[k] = s
	}
	e.mu.Unlock()
	return s
}

func (e *Engine) scope(m Message) ([]*engineRule, []byte) {
	active := make([]*engineRule, 0, len(e.rules))
	key := make([]byte, (len(e.rules)+7)/8)
	for i, r := range e.rules {
		if r.direction.Applies(m.Direction) && inScope(r.services, m.Service) && inScope(r.groups, m.Group) {
			active = append(active, r)
			key[i/8] |= 1 << (i % 8)
		}
	}
	return active, key
}

// scopeIDs lists the prefilter patterns of the active rules.
func scopeIDs(active []*engineRule) []int {
	var ids []int
	for _, r := range active {
		ids = append(ids, r.pfIDs...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
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

// inspectText runs the gated rules on the normalised text, appending findings mapped to
// the original by toOrig. msgLen is the length of the message the text is
// or is part of: a rule with max_length reads no part of a longer one.
func (e *Engine) inspectText(ctx context.Context, sc *scoped, n *normText, toOrig func(int, int) (int, int), msgLen int, found []Finding) ([]Finding, error) {
	hits := e.pf.scan(sc.sc, n.s)
	defer hits.put()
	return e.inspectHits(ctx, sc, n, hits, toOrig, msgLen, found)
}

// inspectHits is inspectText with the prefilter's hits in the text.
func (e *Engine) inspectHits(ctx context.Context, sc *scoped, n *normText, hits *hitSet, toOrig func(int, int) (int, int), msgLen int, found []Finding) ([]Finding, error) {
	text := n.s
	f := newFeatures(text, &n.facts)
	lower := ""
	// The rules one of whose patterns occurs, and those that need none;
	// the others are passed over without being looked at. Rule order is
	// kept (bits by rule index).
	touched := hits.touched(e.byID, len(e.rules))
	for w, in := range sc.mask {
		for c := touched[w]&in | sc.always[w]; c != 0; c &= c - 1 {
			r := e.rules[w*64+bits.TrailingZeros64(c)]
			if r.maxLength > 0 && max(len(text), msgLen) > r.maxLength || !e.passes(r, hits, text, &f, &lower) {
				continue
			}
			var err error
			if found, err = e.findIn(ctx, r, hits, &f, text, toOrig, found); err != nil {
				return nil, err
			}
		}
	}
	return found, nil
}

// findIn appends the findings of rule r in text, which passed its gates.
func (e *Engine) findIn(ctx context.Context, r *engineRule, hits *hitSet, f *features, text string, toOrig func(int, int) (int, int), found []Finding) ([]Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	ms, err := r.find(text, whereFor(r, hits, f, text), e.timeout)
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
	return found, nil
}

func verdict(found []Finding, active []*engineRule, fallback map[string]bool) Verdict {
	if len(found) == 0 {
		return Verdict{Action: rules.ActionAllow}
	}
	slices.SortFunc(found, compareFindings)
	found = slices.CompactFunc(found, func(a, b Finding) bool {
		return a.RuleID == b.RuleID && a.Start == b.Start && a.End == b.End
	})
	found = applyMinCount(found, active)
	found = applyFallback(found, fallback)
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

// applyFallback drops each finding of a fallback rule (by id, in
// fallback) that a finding of a rule without fallback overlaps with an
// action as strong, and covers unless that action is block: dropping it
// must not weaken the verdict (a log finding over a line does not hide a
// password to block) nor leave part of its value unredacted.
func applyFallback(found []Finding, fallback map[string]bool) []Finding {
	if !slices.ContainsFunc(found, func(f Finding) bool { return fallback[f.RuleID] }) {
		return found
	}
	var others []Finding
	for _, f := range found {
		if !fallback[f.RuleID] {
			others = append(others, f)
		}
	}
	out := found[:0]
	for _, f := range found {
		if fallback[f.RuleID] && slices.ContainsFunc(others, func(g Finding) bool {
			return g.Start < f.End && f.Start < g.End && g.Action >= f.Action &&
				(g.Start <= f.Start && f.End <= g.End || g.Action == rules.ActionBlock)
		}) {
			continue
		}
		out = append(out, f)
	}
	return out
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
