package main

import (
	"context"
	"fmt"

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
			"`file:line: rule-id: problem` and the exit code is 1. With no FILE, checks the built-in pack.",
	})
	c.Exec = func(_ context.Context, files []string) error {
		problems := rules.Check(files, len(files) == 0)
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
