package main

import (
	"context"
	"fmt"
	"io"

	"github.com/chatdlp/chatdlp/rules"
	"github.com/peterbourgon/ff/v3/ffcli"
)

func (a *app) rulesCommand() *ffcli.Command {
	c := a.command(&ffcli.Command{
		Name:        "rules",
		ShortUsage:  "chatdlp rules check [FILE...]",
		ShortHelp:   "check rule files",
		Subcommands: []*ffcli.Command{a.rulesCheckCommand()},
	})
	c.Exec = a.groupExec(c)
	return c
}

func (a *app) rulesCheckCommand() *ffcli.Command {
	c := a.command(&ffcli.Command{
		Name:       "check",
		ShortUsage: "chatdlp rules check [FILE...]",
		ShortHelp:  "parse, compile and lint rule files; run their examples; probe for catastrophic backtracking",
		LongHelp: "Check rule files (globs allowed) as the proxy loads them. Each problem prints as\n" +
			"`file:line: rule-id: problem` and the exit code is 1. A glob that matches no file is a\n" +
			"warning, as in the proxy; a plain path that does not exist is a problem. A keyword shorter\n" +
			"than three bytes is a warning: it slows every message the rule may see. With no FILE,\n" +
			"checks the built-in pack.",
	})
	c.Exec = func(_ context.Context, files []string) error {
		problems := rules.Check(files, len(files) == 0)
		warnUnmatched(a.stderr, rules.Unmatched(files))
		for _, p := range rules.Slow(files) {
			fmt.Fprintf(a.stderr, "chatdlp: warning: %s\n", p)
		}
		for _, p := range problems {
			fmt.Fprintln(a.stdout, p.String())
		}
		if len(problems) > 0 {
			return &exitErr{code: exitError, err: fmt.Errorf("rules check: %d problem(s)", len(problems))}
		}
		what := "the built-in pack"
		if len(files) > 0 {
			what = fmt.Sprintf("%d file argument(s)", len(files))
		}
		fmt.Fprintf(a.stderr, "chatdlp: rules check: %s: no problems\n", what)
		return nil
	}
	return c
}

// warnUnmatched warns, on stderr, about rule globs that matched no file: the
// proxy runs without them, which may not be what was meant.
func warnUnmatched(stderr io.Writer, globs []string) {
	for _, g := range globs {
		fmt.Fprintf(stderr, "chatdlp: warning: rules glob %q matches no file\n", g)
	}
}
