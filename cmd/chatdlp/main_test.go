package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Values the test binary is linked with, to check -ldflags -X.
const (
	testVersion = "v0.0.0-test"
	testCommit  = "0123456789abcdef"
)

// binPath is the chatdlp binary TestMain builds once for every test.
var binPath string

// raceBuild says whether to build the binary with -race (see race_test.go).
var raceBuild bool

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chatdlp-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "chatdlp")
	ldflags := fmt.Sprintf("-X main.version=%s -X main.commit=%s", testVersion, testCommit)
	args := []string{"build", "-o", binPath, "-ldflags", ldflags}
	if raceBuild {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "go build:", err)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

// runOpts configures one run of the binary.
type runOpts struct {
	dir   string   // working directory (default: a new temp dir)
	env   []string // extra KEY=VALUE
	stdin string
}

// chatdlp runs the binary with args as a user would and waits for it.
func chatdlp(t testing.TB, o runOpts, args ...string) result {
	t.Helper()
	cmd := command(t, o, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader(o.stdin)
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("run chatdlp %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	noRace(t, stderr.String())
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// noRace fails the test when the race-enabled binary reported a data race.
func noRace(t testing.TB, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "WARNING: DATA RACE") {
		t.Errorf("chatdlp reported a data race:\n%s", stderr)
	}
}

// command prepares the binary to run in o.dir with a clean CHATDLP_* environment.
func command(t testing.TB, o runOpts, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Dir = o.dir
	if cmd.Dir == "" {
		cmd.Dir = t.TempDir()
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix+"_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, o.env...)
	return cmd
}

// wantCode fails the test when r did not exit with code.
func wantCode(t testing.TB, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code: got %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}
