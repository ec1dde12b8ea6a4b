package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// envPrefix is the prefix of the environment variables that set flags:
// --config is also CHATDLP_CONFIG.
const envPrefix = "CHATDLP"

// app holds what every command writes to; tests drive the binary, main wires
// the process's streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	usage          bytes.Buffer // flag and usage output of the parse phase
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr}
}

// rootCommand is the command tree.
func (a *app) rootCommand() *ffcli.Command {
	root := a.command(&ffcli.Command{
		ShortUsage: "chatdlp <command> [flags] [args...]",
		LongHelp: "chatdlp is a forward proxy that inspects chat for data loss prevention.\n" +
			"Run `chatdlp <command> --help` for a command's flags. Every flag can also come from\n" +
			"the environment as CHATDLP_<FLAG> (upper-case, dashes as underscores).\n" +
			"Exit codes: 0 ok, 1 error (bad usage included; or rules check problems), 3 scan findings.",
		Subcommands: []*ffcli.Command{
			a.serveCommand(),
			a.icapCommand(),
			a.caCommand(),
			a.rulesCommand(),
			a.scanCommand(),
			a.versionCommand(),
		},
	})
	root.Name = "chatdlp"
	root.Exec = a.groupExec(root)
	return root
}

// command fills what every command shares: a flag set whose output is
// captured, environment variables for every flag, and the usage text.
func (a *app) command(c *ffcli.Command, opts ...ff.Option) *ffcli.Command {
	if c.FlagSet == nil {
		c.FlagSet = flag.NewFlagSet(c.Name, flag.ContinueOnError)
	}
	c.FlagSet.SetOutput(&a.usage)
	c.Options = append([]ff.Option{ff.WithEnvVarPrefix(envPrefix)}, opts...)
	c.UsageFunc = usageWithEnv
	return c
}

// groupExec runs a command that only groups subcommands: it fails with the
// usage, naming an unknown subcommand if one was given.
func (a *app) groupExec(c *ffcli.Command) func(context.Context, []string) error {
	return func(_ context.Context, args []string) error {
		if len(args) > 0 {
			return usageErrorf(c, "unknown command %q", args[0])
		}
		return &exitErr{code: exitError, usage: usageWithEnv(c)}
	}
}

// usageErrorf reports a misuse of command c: exit 1, the message and then
// c's usage on stderr.
func usageErrorf(c *ffcli.Command, format string, args ...any) error {
	return &exitErr{code: exitError, err: fmt.Errorf(format, args...), usage: usageWithEnv(c)}
}

// parseFailed prints what the flag package wrote: to stdout for --help
// (exit 0), to stderr for a bad flag (exit 1). A bad value from the
// environment leaves nothing written, so the error itself is printed.
func (a *app) parseFailed(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		_, _ = a.usage.WriteTo(a.stdout)
		return exitOK
	}
	wrote := a.usage.Len() > 0
	_, _ = a.usage.WriteTo(a.stderr)
	var ee *exitErr
	if errors.As(err, &ee) {
		return exitCodeOf(err, a.stderr)
	}
	if !wrote {
		fmt.Fprintf(a.stderr, "chatdlp: %v\n", err)
	}
	return exitError
}

// usageWithEnv is ffcli's usage text plus the environment variable of each flag.
func usageWithEnv(c *ffcli.Command) string {
	text := ffcli.DefaultUsageFunc(c)
	var names []string
	c.FlagSet.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return text
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(text)
	b.WriteString("\nENVIRONMENT\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-24s same as --%s\n", envName(n), n)
	}
	return strings.TrimRight(b.String(), "\n")
}

// envName is the environment variable that sets flag name.
func envName(name string) string {
	return envPrefix + "_" + strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToUpper(name))
}

// noArgs rejects positional arguments for commands, such as c, that take none.
func noArgs(c *ffcli.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf(c, "unexpected argument %q", args[0])
	}
	return nil
}
