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

// Exit codes, as SPEC.md "Commands" describes them.
const (
	exitOK       = 0 // success; `scan` found nothing
	exitError    = 1 // runtime error; `rules check` found problems
	exitUsage    = 2 // bad flags or arguments
	exitFindings = 3 // `scan` found something
)

// exitErr ends the command with a specific exit code. A nil err prints nothing.
type exitErr struct {
	code int
	err  error
}

func (e *exitErr) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitErr) Unwrap() error { return e.err }

// usageErrorf reports a misuse of a command (exit 2).
func usageErrorf(format string, args ...any) error {
	return &exitErr{code: exitUsage, err: fmt.Errorf(format, args...)}
}

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
		return ee.code
	}
	fmt.Fprintf(stderr, "chatdlp: %v\n", err)
	return exitError
}
