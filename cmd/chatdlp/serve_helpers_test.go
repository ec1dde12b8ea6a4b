package main

import (
	"bufio"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveWait bounds how long the tests wait for the proxy to start, log or exit.
const serveWait = 60 * time.Second

// freePort returns a loopback address nobody listens on right now.
func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return addr
}

// upstream starts a local TLS origin that answers body on every path and
// writes its certificate to a PEM file for upstream.roots.
func upstream(t testing.TB, body string) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	roots := filepath.Join(t.TempDir(), "upstream-ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(roots, data, 0o600); err != nil {
		t.Fatalf("write roots: %v", err)
	}
	return srv, roots
}

// logBook collects the JSON log lines a running chatdlp prints.
type logBook struct {
	mu    sync.Mutex
	lines []map[string]any
	raw   []string
	added chan struct{}
	done  <-chan struct{} // closed when the process has exited
}

func (b *logBook) read(t testing.TB, scanner *bufio.Scanner) {
	for scanner.Scan() {
		line := scanner.Text()
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			m = map[string]any{"_not_json": line}
		}
		b.mu.Lock()
		b.lines = append(b.lines, m)
		b.raw = append(b.raw, line)
		b.mu.Unlock()
		select {
		case b.added <- struct{}{}:
		default:
		}
	}
}

// find returns the first line from index from on with the given event (and
// level when not empty), and the index after it.
func (b *logBook) find(from int, event, level string) (map[string]any, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := from; i < len(b.lines); i++ {
		l := b.lines[i]
		if l["event"] == event && (level == "" || l["level"] == level) {
			return l, i + 1
		}
	}
	return nil, len(b.lines)
}

// wait waits for a line with event (and level) after index from.
func (b *logBook) wait(t testing.TB, from int, event, level string) (map[string]any, int) {
	t.Helper()
	deadline := time.After(serveWait)
	for {
		if l, next := b.find(from, event, level); l != nil {
			return l, next
		}
		select {
		case <-b.added:
		case <-time.After(100 * time.Millisecond):
		case <-b.done:
			if l, next := b.find(from, event, level); l != nil {
				return l, next
			}
			t.Fatalf("serve exited before a %s %s log line; log:\n%s", level, event, b.dump())
		case <-deadline:
			t.Fatalf("no %s %s log line within %v; log:\n%s", level, event, serveWait, b.dump())
		}
	}
}

func (b *logBook) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.lines)
}

func (b *logBook) dump() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.raw, "\n")
}

// checkEvents fails the test for any line that is not JSON or has no event.
func (b *logBook) checkEvents(t testing.TB) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, l := range b.lines {
		if _, ok := l["event"].(string); !ok {
			t.Errorf("log line %d: no event: %s", i, b.raw[i])
		}
		for _, k := range []string{"ts", "level", "msg"} {
			if _, ok := l[k]; !ok {
				t.Errorf("log line %d: no %s: %s", i, k, b.raw[i])
			}
		}
	}
}

// serveProc is a running `chatdlp serve`.
type serveProc struct {
	cmd    *exec.Cmd
	logs   *logBook
	stderr *strings.Builder
	done   chan struct{}
	err    error
}

// startServe starts `chatdlp serve` in dir with args and env and collects its log.
func startServe(t testing.TB, o runOpts, args ...string) *serveProc {
	t.Helper()
	return startProc(t, o, append([]string{"serve"}, args...)...)
}

// startProc starts chatdlp with args (a long-running command: serve,
// icap) in dir with env and collects its log.
func startProc(t testing.TB, o runOpts, args ...string) *serveProc {
	t.Helper()
	cmd := command(t, o, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stdout pipe: %v", err)
	}
	done := make(chan struct{})
	p := &serveProc{cmd: cmd, logs: &logBook{added: make(chan struct{}, 1), done: done}, stderr: &strings.Builder{}, done: done}
	cmd.Stderr = &lockedWriter{w: p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start serve: %v", err)
	}
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 64<<10), 1<<20)
	go func() {
		p.logs.read(t, scanner)
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// exitCode waits for the process to exit and returns its exit code.
func (p *serveProc) exitCode(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(serveWait):
		t.Fatalf("serve did not exit within %v; log:\n%s", serveWait, p.logs.dump())
	}
	noRace(t, p.stderr.String())
	if p.err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	t.Fatalf("serve: %v", p.err)
	return -1
}

func (p *serveProc) signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// lockedWriter serialises writes from os/exec's copying goroutine and readers.
type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// writeFileAtomic replaces path with data in one rename, as editors do, so
// that a watcher never sees a half-written file.
func writeFileAtomic(t testing.TB, path, data string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o600); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatalf("rename: %v", err)
	}
}

// curlThroughProxy runs curl through proxyAddr, trusting the CA that
// `chatdlp ca export --dir caDir` prints, exactly as the README shows.
func curlThroughProxy(t testing.TB, dir, proxyAddr, caDir, url string) result {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatalf("curl is not installed: run `make deps` (.ci/deps installs the Debian package): %v", err)
	}
	script := `curl -sS --fail --max-time 30 --proxy "http://$PROXY" --cacert <("$CHATDLP" ca export --dir "$CADIR") "$URL"`
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k := strings.ToLower(strings.SplitN(kv, "=", 2)[0])
		if !strings.HasSuffix(k, "_proxy") && !strings.HasPrefix(k, "chatdlp_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PROXY="+proxyAddr, "CHATDLP="+binPath, "CADIR="+caDir, "URL="+url)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("curl: %v", err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}
