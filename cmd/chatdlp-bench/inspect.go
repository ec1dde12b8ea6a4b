package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// inspectResult is the time chatdlp spends deciding on one chat post.
type inspectResult struct {
	n                  int
	extract, check     [3]time.Duration // p50, p99, max
	extractAndCheckP99 time.Duration
}

// measureInspect times, in this process, what chatdlp does to the bench's
// chat post once it is buffered: extract.Extract (the Slack route) and
// inspect.Pipeline.Check with the built-in rule pack (the span the
// chatdlp_inspection_duration_seconds histogram observes), n times.
func (r *report) measureInspect(n int) error {
	cfg := config.Default()
	engine, err := builtinEngine(cfg)
	if err != nil {
		return fmt.Errorf("bench: inspect: %w", err)
	}
	pipe := &inspect.Pipeline{Inspector: inspect.NewLive(engine), OnError: rules.ActionBlock,
		OnEncrypted: rules.ActionLog, OnOversize: rules.ActionBlock}
	meta := &inspect.Meta{Protocol: "https", Service: "slack", Direction: rules.DirectionOutbound,
		Host: "127.0.0.1", Method: "POST", Path: chatPath}
	in := &extract.Input{Service: "slack", Method: "POST", Path: chatPath,
		ContentType: "application/json; charset=utf-8", Direction: extract.Outbound, Body: chatBody}
	ex, ch, both := make([]time.Duration, 0, n), make([]time.Duration, 0, n), make([]time.Duration, 0, n)
	ctx := context.Background()
	for range n {
		t0 := time.Now()
		doc, err := extract.Extract(in)
		if err != nil {
			return fmt.Errorf("bench: inspect: %w", err)
		}
		t1 := time.Now()
		out := pipe.Check(ctx, doc, meta)
		t2 := time.Now()
		if out.Action != rules.ActionAllow {
			return fmt.Errorf("bench: inspect: the bench's chat post is not clean: %v %s", out.Action, out.RuleID)
		}
		ex, ch, both = append(ex, t1.Sub(t0)), append(ch, t2.Sub(t1)), append(both, t2.Sub(t0))
	}
	r.insp = &inspectResult{n: n, extract: pct(ex), check: pct(ch), extractAndCheckP99: pct(both)[1]}
	return nil
}

// pct returns the p50, p99 and maximum of d (sorted in place).
func pct(d []time.Duration) [3]time.Duration {
	slices.Sort(d)
	at := func(p float64) time.Duration { return d[min(len(d)-1, int(float64(len(d))*p))] }
	return [3]time.Duration{at(0.50), at(0.99), d[len(d)-1]}
}
