// Package rules is chatdlp's DLP rule language: the rule-file schema, strict
// loading with file:line:id errors, compilation of regexp2 patterns, validators,
// the embedded built-in pack, and matching one rule against one text. Rules know
// text, not protocols; the inspect package decides what a message's findings mean.
package rules

import (
	"fmt"
	"strings"
)

// Severity ranks a finding.
type Severity int

// Severities, in increasing order.
const (
	SeverityLow Severity = iota + 1
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = map[Severity]string{SeverityLow: "low", SeverityMedium: "medium", SeverityHigh: "high", SeverityCritical: "critical"}

// String returns the lowercase name used in rule files and logs.
func (s Severity) String() string { return nameOf(severityNames, s) }

// ParseSeverity parses low, medium, high or critical.
func ParseSeverity(s string) (Severity, error) { return parseName(severityNames, "severity", s) }

// Action is what a finding does to a message. Actions are ordered by
// precedence: a verdict is the highest action among its findings.
type Action int

// Actions, in increasing precedence (block > redact > log > allow).
const (
	ActionAllow Action = iota + 1
	ActionLog
	ActionRedact
	ActionBlock
)

var actionNames = map[Action]string{ActionAllow: "allow", ActionLog: "log", ActionRedact: "redact", ActionBlock: "block"}

// String returns the lowercase name used in rule files and logs.
func (a Action) String() string { return nameOf(actionNames, a) }

// ParseAction parses block, redact, log or allow.
func ParseAction(s string) (Action, error) { return parseName(actionNames, "action", s) }

// Direction says which way a message travels relative to the company.
type Direction int

// Directions. A rule scoped to DirectionBoth applies to either.
const (
	DirectionOutbound Direction = iota + 1
	DirectionInbound
	DirectionBoth
)

var directionNames = map[Direction]string{DirectionOutbound: "outbound", DirectionInbound: "inbound", DirectionBoth: "both"}

// String returns the lowercase name used in rule files and logs.
func (d Direction) String() string { return nameOf(directionNames, d) }

// ParseDirection parses outbound, inbound or both.
func ParseDirection(s string) (Direction, error) { return parseName(directionNames, "direction", s) }

// Applies reports whether a rule scoped to d applies to a message travelling msg.
func (d Direction) Applies(msg Direction) bool { return d == DirectionBoth || d == msg }

func nameOf[K comparable](m map[K]string, k K) string {
	if s, ok := m[k]; ok {
		return s
	}
	return fmt.Sprintf("unknown(%d)", any(k))
}

func parseName[K comparable](m map[K]string, what, s string) (K, error) {
	for k, v := range m {
		if v == strings.ToLower(strings.TrimSpace(s)) {
			return k, nil
		}
	}
	var zero K
	return zero, fmt.Errorf("unknown %s %q", what, s)
}
