package main

import (
	"go.uber.org/zap/zapcore"
)

// eventKey is the field every log line carries (SPEC.md "Logs").
const eventKey = "event"

// fallbackEvent names lines whose caller gave no event (the standard library
// logger, a dependency's adapter). Callers in chatdlp always pass one.
const fallbackEvent = "log"

// eventCore guarantees an `event` field on every line it writes: a line
// without one gets fallbackEvent. It wraps the real core.
type eventCore struct {
	zapcore.Core
	hasEvent bool // an event field was added with With
}

// newEventCore wraps core so that every entry has an event field.
func newEventCore(core zapcore.Core) zapcore.Core {
	return &eventCore{Core: core}
}

// With remembers whether the added context carries an event.
func (c *eventCore) With(fields []zapcore.Field) zapcore.Core {
	return &eventCore{Core: c.Core.With(fields), hasEvent: c.hasEvent || hasEventField(fields)}
}

// Check registers this core, not the wrapped one, so Write sees the entry.
func (c *eventCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}

// Write adds the fallback event when neither the context nor the fields have one.
func (c *eventCore) Write(e zapcore.Entry, fields []zapcore.Field) error {
	if !c.hasEvent && !hasEventField(fields) {
		fields = append(fields[:len(fields):len(fields)], zapcore.Field{Key: eventKey, Type: zapcore.StringType, String: fallbackEvent})
	}
	return c.Core.Write(e, fields)
}

func hasEventField(fields []zapcore.Field) bool {
	for _, f := range fields {
		if f.Key == eventKey {
			return true
		}
	}
	return false
}
