package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// DefaultMatchTimeout bounds one regex search when a caller passes no timeout
// (the SPEC default of limits.match_timeout).
const DefaultMatchTimeout = 100 * time.Millisecond

// Pos is where a rule starts in its file: the line of its list item.
type Pos struct {
	File string
	Line int
}

// String returns "file:line".
func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Examples are a rule's built-in samples, run at load time: each Match text
// must produce at least MinCount findings, each NoMatch text fewer.
type Examples struct {
	Match, NoMatch []string
}

// Rule is one compiled DLP rule. Rules are immutable after loading and safe
// for concurrent use.
type Rule struct {
	ID, Description string
	Severity        Severity
	Action          Action
	Pattern         string   // regexp2 syntax, compiled in RE2-compatibility mode
	Keywords        []string // lowercased
	Proximity       int      // 0 = keywords anywhere in the message
	Validator       string   // spec as written, e.g. "luhn", "entropy:3.5"
	MinCount        int      // >= 1
	KeepLast        int
	// MaxLength, when > 0, limits the rule to texts of at most so many
	// bytes (as inspected, after normalisation): a rule for what only a
	// short chat message says ("it's …" alone, answering an earlier one)
	// reads no paste or document.
	MaxLength int
	Direction Direction // default outbound
	Services  []string
	Groups    []string
	Prefilter bool // default true; `prefilter: false` opts out of keyword gating
	// Fallback: a finding of the rule is dropped where a finding of a
	// rule without fallback overlaps it with an action as strong (and
	// covers it, unless that action is block): a catch-all (a value of a
	// password's shape with nothing naming it) that adds nothing where a
	// rule that knows the value found it.
	Fallback  bool
	Examples  Examples
	Allowlist Allowlist // matched values never reported
	Pos       Pos

	re         *regexp2.Regexp // compiled at load, MatchTimeout = DefaultMatchTimeout
	timed      *timedCache     // copies of re per timeout value
	local      bool            // see Local
	leftLocal  bool            // see LeftLocal
	opening    *Opening        // see Opening, nil if none
	opensBound bool            // see OpensWithBoundary
	reach      int             // see LookaheadReach
	validate   Validator       // nil when the rule has no validator
	allow      *allowlist      // nil when the rule has no allowlist
	// valueGroup is the number of the pattern's group named value, 0 if
	// none: findings, the validator and the allowlist take that group.
	valueGroup int
	// valueWhole: the value group is the whole match (the pattern is that
	// group and lookarounds), so it need not be looked up.
	valueWhole bool

	allowAt allowAt // line of each allowlist entry, for problems
}

// HasValueGroup reports whether the pattern names a group `value`: the
// rule's findings are that group, not the whole match.
func (r *Rule) HasValueGroup() bool { return r.valueGroup > 0 }

// Match is one finding of a rule: byte offsets into the text given, End exclusive.
type Match struct {
	Start, End int
}

// TimeoutError reports that a rule's regex exceeded its time (or backtracking)
// budget on some input. It never carries the input: regexp2's own timeout
// error quotes the whole text and must never reach a log.
type TimeoutError struct {
	RuleID string
}

// Error names the rule only.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("rules: %s: match exceeded its time budget", e.RuleID)
}

// Set is a loaded rule set: built-in rules (minus those overridden by id)
// followed by user rules, and the user files they came from.
type Set struct {
	Rules []*Rule
	Files []string
	// Unmatched are the globs that matched no file (their directory may be
	// empty or missing for now). That is not an error; callers warn.
	Unmatched []string
}

// Problem is one reason a rule file or rule is rejected.
type Problem struct {
	File    string
	Line    int
	ID      string // rule id, "" for file-level problems
	Message string
}

// String returns "file:line: id: problem" ("file:line: problem" without an
// id, "file: problem" when the file itself cannot be read).
func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	if p.ID == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.ID, p.Message)
}

// Problems is a list of problems used as an error: one "file:line: id:
// problem" per line. Parse and Load return it; callers can errors.As it.
type Problems []Problem

// Error joins the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// errOrNil returns ps as an error, or nil when there are none.
func errOrNil(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	sortProblems(ps)
	return Problems(ps)
}

// timedCache keeps one compiled copy of a pattern per timeout value, since
// regexp2 reads MatchTimeout from the shared *Regexp and setting it
// concurrently would race.
type timedCache struct {
	m    sync.Map // timedKey -> *regexp2.Regexp (nil: the variant does not compile)
	n    sync.Mutex
	size int
}

// maxTimedCopies bounds the copies a rule keeps: its variants (plain,
// anchored, anchored after 1 to maxBehind characters of context) for a
// few timeouts. A variant past the bound is compiled for each use.
const maxTimedCopies = 8 + maxBehind
