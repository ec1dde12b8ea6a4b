package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/inspect/urls"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// maxScanLine is the longest line `scan --lines` accepts.
const maxScanLine = 16 << 20

// scanFinding is one line of `chatdlp scan` output.
type scanFinding struct {
	Source   string           `json:"source"`
	Line     int              `json:"line,omitempty"`
	Start    int              `json:"start"`
	End      int              `json:"end"`
	RuleID   string           `json:"rule_id"`
	Severity string           `json:"severity"`
	Action   string           `json:"action"`
	Evidence inspect.Evidence `json:"evidence"`
	// A link the URL policy acts on: where it goes and why.
	URL         string `json:"url,omitempty"`
	ExpandedURL string `json:"expanded_url,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// stringsFlag is a repeatable flag (--rules a.yaml --rules b.yaml).
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// scanOpts are the flags of `chatdlp scan`.
type scanOpts struct {
	rules     stringsFlag
	builtin   bool
	direction string
	service   string
	group     string
	lines     bool
}

func (a *app) scanCommand() *ffcli.Command {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	o := &scanOpts{}
	fs.Var(&o.rules, "rules", "rule file or glob (repeatable; env: comma-separated)")
	fs.BoolVar(&o.builtin, "builtin", true, "also load the built-in rule pack")
	fs.StringVar(&o.direction, "direction", "outbound", "message direction: outbound or inbound")
	fs.StringVar(&o.service, "service", "", "service the messages belong to (slack, irc...), for scoped rules")
	fs.StringVar(&o.group, "group", "", "client group, for rules scoped by group")
	fs.BoolVar(&o.lines, "lines", false, "each input line is a separate message (a chat export)")
	c := a.command(&ffcli.Command{
		Name:       "scan",
		ShortUsage: "chatdlp scan [--rules FILE...] [--direction D] [--service S] [--lines] [FILE...|-]",
		ShortHelp:  "inspect text or files offline with the proxy's engine; one JSON finding per line",
		LongHelp: "Inspect files (or standard input, `-` or no FILE) exactly as the proxy would and print\n" +
			"one JSON object per finding: source, line (with --lines), start, end (byte offsets, end\n" +
			"exclusive; within the line with --lines), rule_id, severity, action, evidence (masked).\n" +
			"A whole file is also typed by its content: an executable is one more object with source,\n" +
			"file_type, file_size, file_sha256, action and reason.\n" +
			"Exit 0 when clean, 3 when something was found, 1 on error.",
		FlagSet: fs,
	}, ff.WithEnvVarSplit(","))
	c.Exec = func(ctx context.Context, args []string) error {
		dir, err := rules.ParseDirection(o.direction)
		if err != nil || dir == rules.DirectionBoth {
			return usageErrorf(c, "--direction: %q is not outbound or inbound", o.direction)
		}
		return a.scan(ctx, o, dir, args)
	}
	return c
}

// scan inspects every source and prints the findings.
func (a *app) scan(ctx context.Context, o *scanOpts, dir rules.Direction, sources []string) error {
	set, err := rules.Load(o.rules, o.builtin)
	if err != nil {
		return err
	}
	warnUnmatched(a.stderr, set.Unmatched)
	engine, err := inspect.NewEngine(set, inspect.Options{MatchTimeout: config.Default().Limits.MatchTimeout.D()})
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		sources = []string{"-"}
	}
	fi, err := fileInspector(config.Default())
	if err != nil {
		return err
	}
	li, err := linkInspector(config.Default())
	if err != nil {
		return err
	}
	sc := &scanner{app: a, engine: engine, files: fi, links: li, opts: o, msg: inspect.Message{Direction: dir, Service: o.service, Group: o.group}, out: json.NewEncoder(a.stdout)}
	for _, src := range sources {
		if err := sc.source(ctx, src); err != nil {
			sc.failed = true
			fmt.Fprintf(a.stderr, "chatdlp: scan: %v\n", err)
		}
	}
	switch {
	case sc.failed:
		return &exitErr{code: exitError}
	case sc.found > 0:
		return &exitErr{code: exitFindings}
	}
	return nil
}

// scanner inspects sources one message at a time.
type scanner struct {
	app    *app
	engine *inspect.Engine
	files  *files.Inspector
	links  *urls.Inspector
	opts   *scanOpts
	msg    inspect.Message // direction, service, group of every message
	out    *json.Encoder
	found  int
	failed bool
}

// source inspects one file ("-" is standard input): whole, or line by line.
func (s *scanner) source(ctx context.Context, name string) error {
	r, closeFn, err := s.open(name)
	if err != nil {
		return err
	}
	defer closeFn()
	if !s.opts.lines {
		data, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := s.file(ctx, name, data); err != nil {
			return err
		}
		return s.message(ctx, name, 0, string(data))
	}
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 64<<10), maxScanLine)
	for n := 1; lines.Scan(); n++ {
		if err := s.message(ctx, name, n, strings.TrimSuffix(lines.Text(), "\r")); err != nil {
			return err
		}
	}
	if err := lines.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// open opens a source; "-" is standard input.
func (s *scanner) open(name string) (io.Reader, func(), error) {
	if name == "-" {
		return s.app.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { _ = f.Close() }, nil
}

// scanFile is the line of `chatdlp scan` output for a file the file
// inspector refuses or logs (an untrusted executable, a denied hash).
type scanFile struct {
	Source   string `json:"source"`
	FileType string `json:"file_type"`
	FileSize int64  `json:"file_size"`
	SHA256   string `json:"file_sha256"`
	Action   string `json:"action"`
	Reason   string `json:"reason"`
}

// file hands a whole source to the file inspector, as the proxy does a
// file in a message (files.executables.action at its default, block).
func (s *scanner) file(ctx context.Context, name string, data []byte) error {
	v, err := s.files.InspectFile(ctx, &extract.File{Name: name, Data: data}, nil)
	if err != nil || v.Action == rules.ActionAllow {
		return err
	}
	s.found++
	return s.out.Encode(scanFile{Source: name, FileType: v.Type, FileSize: v.Size, SHA256: v.SHA256, Action: v.Action.String(), Reason: v.Reason})
}

// message inspects one message and prints its findings. An inspection error
// (a rule timed out) is reported with the source and line (the engine's
// errors never contain the text) and scanning goes on.
func (s *scanner) message(ctx context.Context, name string, line int, text string) error {
	m := s.msg
	m.Text = text
	v, err := s.engine.Inspect(ctx, m)
	if err != nil {
		s.failed = true
		where := name
		if line > 0 {
			where = fmt.Sprintf("%s:%d", name, line)
		}
		fmt.Fprintf(s.app.stderr, "chatdlp: scan: %s: not inspected: %v\n", where, err)
		return nil
	}
	for _, f := range v.Findings {
		s.found++
		if err := s.out.Encode(scanFinding{
			Source: name, Line: line, Start: f.Start, End: f.End,
			RuleID: f.RuleID, Severity: f.Severity.String(), Action: f.Action.String(), Evidence: f.Evidence,
		}); err != nil {
			return err
		}
	}
	return s.linkFindings(ctx, name, line, text)
}

// linkFindings prints the links of a message the URL policy acts on.
func (s *scanner) linkFindings(ctx context.Context, name string, line int, text string) error {
	for _, l := range s.links.InspectLinks(ctx, text, nil) {
		s.found++
		if err := s.out.Encode(scanFinding{
			Source: name, Line: line, Start: l.Start, End: l.End, RuleID: l.RuleID, Severity: rules.SeverityMedium.String(),
			Action: l.Action.String(), Evidence: inspect.NewEvidence(text[l.Start:l.End], inspect.EvidenceMasked),
			URL: l.URL, ExpandedURL: l.ExpandedURL, Reason: l.Reason,
		}); err != nil {
			return err
		}
	}
	return nil
}
