package inspect

import (
	"context"
	"errors"
	"sync/atomic"
)

// Live is an Inspector whose Engine can be swapped while messages are being
// inspected (hot reload): each Inspect uses the engine current when it
// starts, to its end.
type Live struct {
	p atomic.Pointer[Engine]
}

var _ Inspector = (*Live)(nil)

// errNoEngine is returned by a Live that has never been given an Engine.
var errNoEngine = errors.New("inspect: no rule engine loaded")

// NewLive returns a Live serving e (which may be nil until the first Store).
func NewLive(e *Engine) *Live {
	l := &Live{}
	if e != nil {
		l.p.Store(e)
	}
	return l
}

// Store makes e the engine for the next messages.
func (l *Live) Store(e *Engine) { l.p.Store(e) }

// Load returns the current engine, nil if none.
func (l *Live) Load() *Engine { return l.p.Load() }

// Inspect inspects m with the current engine; with none it returns an
// error, so on_inspect_error decides.
func (l *Live) Inspect(ctx context.Context, m Message) (Verdict, error) {
	e := l.p.Load()
	if e == nil {
		return Verdict{}, errNoEngine
	}
	return e.Inspect(ctx, m)
}
