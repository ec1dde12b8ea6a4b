// Command chatdlp is the chat DLP proxy: it terminates TLS with the company CA,
// inspects chat messages and files, and allows, logs, redacts or blocks them.
//
// This package is the only place that builds loggers and calls os.Exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes, as SPEC.md "Commands" describes them. A usage error (bad
// flag, argument or subcommand) is an error like any other: exit 1, so that
// `scan` keeps to its 0 clean / 3 findings / 1 error.
const (
	exitOK       = 0 // success; `scan` found nothing
	exitError    = 1 // error, bad usage included; `rules check` found problems
	exitFindings = 3 // `scan` found something
)

// exitErr ends the command with a specific exit code. A nil err prints
// nothing; usage, when set, is printed after it.
type exitErr struct {
	code  int
	err   error
	usage string
}

func (e *exitErr) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitErr) Unwrap() error { return e.err }

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run parses args, runs the selected command and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	root := app.rootCommand()
	if err := root.Parse(args); err != nil {
		return app.parseFailed(err)
	}
	return exitCodeOf(root.Run(ctx), stderr)
}

// exitCodeOf maps a command's error to an exit code and prints it.
func exitCodeOf(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitErr
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "chatdlp: %v\n", ee.err)
		}
		if ee.usage != "" {
			fmt.Fprintln(stderr, ee.usage)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "chatdlp: %v\n", err)
	return exitError
}
