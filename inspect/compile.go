package inspect

import (
	"errors"
	"fmt"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// NewEngine builds an Engine over a loaded rule set: one keyword/literal
// automaton for all rules, each rule's gates, and its matcher. A panic
// while planning the gates (a bug, which FuzzEngineCustom hunts) is an
// error, so a reload keeps the old rules instead of stopping the proxy.
func NewEngine(set *rules.Set, opts Options) (e *Engine, err error) {
	defer func() {
		if v := recover(); v != nil {
			e, err = nil, fmt.Errorf("inspect: new engine: planning the rules failed: %v", v)
		}
	}()
	if set == nil {
		return nil, errors.New("inspect: new engine: nil rule set")
	}
	specs := make([]ruleSpec, 0, len(set.Rules))
	for _, r := range set.Rules {
		if r == nil {
			return nil, errors.New("inspect: new engine: nil rule")
		}
		specs = append(specs, specOf(r))
	}
	return newEngine(specs, opts), nil
}

// specOf reads what the engine needs from a rule.
func specOf(r *rules.Rule) ruleSpec {
	var opening *rules.Opening
	if o, ok := r.Opening(); ok {
		opening = &o
	}
	return ruleSpec{
		id: r.ID, severity: r.Severity, action: r.Action,
		keepLast: r.KeepLast, minCount: max(1, r.MinCount), maxLength: r.MaxLength, fallback: r.Fallback,
		direction: r.Direction, services: r.Services, groups: r.Groups,
		keywords: r.Keywords, prefilter: r.Prefilter, proximity: r.Proximity, examples: r.Examples.Match,
		pattern: r.Pattern, validator: r.Validator,
		find: finder(r), local: r.Local(), leftLocal: r.LeftLocal(), reach: r.LookaheadReach(), opensBound: r.OpensWithBoundary(),
		opening: opening,
	}
}

// finder wraps Rule.FindAll: the keyword gate is the engine's. A timeout
// comes back as "inspect: " + the rule's *rules.TimeoutError (callers can
// errors.As it); any other error is replaced by one naming only the rule,
// since a regex engine's error may quote the text.
func finder(r *rules.Rule) findFunc {
	return func(text string, w where, timeout time.Duration) ([]span, error) {
		var ms []rules.Match
		var err error
		switch {
		case w.starts != nil:
			ms, err = r.FindAllFromWithin(text, w.starts, w.within, timeout)
		case w.spans != nil:
			ms, err = r.FindAllIn(text, w.spans, timeout)
		default:
			ms, err = r.FindAll(text, timeout)
		}
		if err != nil {
			if te, ok := errors.AsType[*rules.TimeoutError](err); ok {
				return nil, fmt.Errorf("inspect: %w", te)
			}
			return nil, fmt.Errorf("inspect: rule %s: match failed", r.ID)
		}
		if len(ms) == 0 {
			return nil, nil
		}
		out := make([]span, len(ms))
		for i, m := range ms {
			out[i] = span{m.Start, m.End}
		}
		return out, nil
	}
}
