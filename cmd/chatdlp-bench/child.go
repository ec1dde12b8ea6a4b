package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Every server of a run (upstream, goproxy, chatdlp) is a child process: the
// bench binary re-executed with CHATDLP_BENCH_ROLE set. A child prints
// "ADDR host:port" once listening and exits when its stdin closes. Separate
// processes give each proxy its own heap and GC and let the parent read one
// proxy's RSS from /proc/PID/status.
const (
	envRole = "CHATDLP_BENCH_ROLE"
	envDir  = "CHATDLP_BENCH_DIR"
	// envProfile names a directory where each child writes ROLE-PID.cpu.pprof.
	envProfile = "CHATDLP_BENCH_CPUPROFILE"
)

// startProfile starts a CPU profile of this child when CHATDLP_BENCH_CPUPROFILE
// is set, and returns the function that writes it.
func startProfile(role string) func() {
	dir := os.Getenv(envProfile)
	if dir == "" {
		return func() {}
	}
	name := fmt.Sprintf("%s-%d.cpu.pprof", role, os.Getpid())
	f, err := os.Create(filepath.Join(dir, name)) //nolint:gosec // a directory the operator names
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }
}

// roles maps a child role to the function that serves it on l.
var roles = map[string]func(dir string, l net.Listener) error{
	"upstream": serveUpstream,
	"goproxy":  serveGoproxy,
	"chatdlp":  serveChatdlp,
}

// childMain runs this process as a child if CHATDLP_BENCH_ROLE says so, and
// reports whether it did.
func childMain() (bool, error) {
	role := os.Getenv(envRole)
	if role == "" {
		return false, nil
	}
	serve, ok := roles[role]
	if !ok {
		return true, fmt.Errorf("bench: unknown role %q", role)
	}
	raiseNoFile()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return true, fmt.Errorf("bench: %s: %w", role, err)
	}
	stopProfile := startProfile(role)
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); done <- struct{}{} }() // parent gone or done
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() { <-term; done <- struct{}{} }()
	go func() { <-done; stopProfile(); os.Exit(0) }()
	fmt.Printf("ADDR %s\n", l.Addr())
	return true, serve(os.Getenv(envDir), l)
}

// child is a running child process.
type child struct {
	role string
	addr string
	cmd  *exec.Cmd
	in   io.WriteCloser
}

// chatdlpBinary, when set (-chatdlp-bin), is run as the chatdlp target.
var chatdlpBinary string

// spawn starts a child with role and waits for its address.
func spawn(role, dir string) (*child, error) {
	if role == "chatdlp" && chatdlpBinary != "" {
		return spawnBinary(chatdlpBinary, dir)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	cmd := exec.Command(exe) //nolint:gosec // this very binary, re-executed as a child
	cmd.Env = append(os.Environ(), envRole+"="+role, envDir+"="+dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start %s: %w", role, err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR ")
	if err != nil || !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("bench: %s did not start: %q: %w", role, line, cmpOr(err, io.ErrUnexpectedEOF))
	}
	return &child{role: role, addr: addr, cmd: cmd, in: in}, nil
}

// stop ends the child: closing stdin and SIGTERM ask it to exit, then it is
// killed.
func (c *child) stop() {
	_ = c.in.Close()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}

// rssKiB returns the child's resident set size from /proc/PID/status.
func (c *child) rssKiB() (int64, error) {
	return procStatusKiB(c.cmd.Process.Pid, "VmRSS:")
}

func procStatusKiB(pid int, field string) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, fmt.Errorf("bench: rss: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("bench: rss: no %s for pid %d", field, pid)
}

// raiseNoFile lifts RLIMIT_NOFILE to its hard limit (10,000 idle connections
// need more than the usual 1024 descriptors).
func raiseNoFile() uint64 {
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	r.Cur = r.Max
	_ = unix.Setrlimit(unix.RLIMIT_NOFILE, &r)
	return r.Cur
}

// serveHTTP serves h on l with timeouts fit for a benchmark.
func serveHTTP(l net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 10 * time.Minute}
	return srv.Serve(l)
}
