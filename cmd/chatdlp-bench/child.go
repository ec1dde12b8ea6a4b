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
	// envProfile names a directory where each child writes ROLE-PID.cpu.pprof
	// and, when it exits, ROLE-PID.allocs.pprof (-profile).
	envProfile = "CHATDLP_BENCH_CPUPROFILE"
)

// startProfile starts a CPU profile of this child when CHATDLP_BENCH_CPUPROFILE
// is set, and returns the function that writes it and the allocation profile.
func startProfile(role string) func() {
	dir := os.Getenv(envProfile)
	if dir == "" {
		return func() {}
	}
	base := filepath.Join(dir, fmt.Sprintf("%s-%d", role, os.Getpid()))
	f, err := os.Create(base + ".cpu.pprof") //nolint:gosec // a directory the operator names
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
		if m, err := os.Create(base + ".allocs.pprof"); err == nil { //nolint:gosec // as above
			_ = pprof.Lookup("allocs").WriteTo(m, 0)
			_ = m.Close()
		}
	}
}

// roles maps a child role to the function that serves it on l.
var roles = map[string]func(dir string, l net.Listener) error{
	"upstream":          serveUpstream,
	"goproxy":           serveGoproxy,
	"chatdlp":           serveChatdlp,
	"chatdlp-noinspect": serveChatdlpNoInspect,
	"ircecho":           serveIRCEcho,
	"xmppecho":          serveXMPPEcho,
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
	if strings.HasPrefix(role, "chatdlp") && chatdlpBinary != "" {
		return spawnBinary(chatdlpBinary, dir, role == "chatdlp")
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

// hwmKiB returns the child's peak resident set size (VmHWM) since it
// started or since resetHWM.
func (c *child) hwmKiB() (int64, error) {
	return procStatusKiB(c.cmd.Process.Pid, "VmHWM:")
}

// resetHWM sets the child's VmHWM to its current RSS (clear_refs 5).
func (c *child) resetHWM() error {
	return os.WriteFile("/proc/"+strconv.Itoa(c.cmd.Process.Pid)+"/clear_refs", []byte("5"), 0)
}

// cpuTime returns the CPU time the child has used so far: the sum of its
// threads' time on CPU from /proc/PID/task/*/schedstat (nanoseconds; Go
// threads seldom exit, and an exited thread's time would be missed), or
// from /proc/PID/stat (user and system, 10 ms ticks) where schedstat is
// not available.
func (c *child) cpuTime() (time.Duration, error) { return cpuTimeOf(c.cmd.Process.Pid) }

func cpuTimeOf(p int) (time.Duration, error) {
	pid := strconv.Itoa(p)
	if tasks, err := os.ReadDir("/proc/" + pid + "/task"); err == nil {
		var sum int64
		ok := true
		for _, t := range tasks {
			data, err := os.ReadFile("/proc/" + pid + "/task/" + t.Name() + "/schedstat")
			f := strings.Fields(string(data))
			if err != nil || len(f) == 0 {
				ok = false
				break
			}
			n, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				ok = false
				break
			}
			sum += n
		}
		if ok {
			return time.Duration(sum), nil
		}
	}
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, fmt.Errorf("bench: cpu: %w", err)
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// fields are counted after its closing parenthesis.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, fmt.Errorf("bench: cpu: unreadable /proc/%s/stat", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("bench: cpu: short /proc/%s/stat", pid)
	}
	var ticks int64
	for _, s := range f[11:13] { // utime, stime: fields 14 and 15
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("bench: cpu: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clkTck, nil
}

// busy is a reading of the machine's busy CPU time and of the bench's own.
type busy struct {
	machine, own time.Duration
	ok           bool
}

// benchChildren are the upstream and the other children whose CPU counts
// as the bench's own (set by run); proxies idle in another's turn are not.
var benchChildren []*child

// othersBusy reads the machine's busy CPU time (/proc/stat) and the bench's
// own: this process, the upstream and the proxy in its turn (p, nil for
// direct).
func othersBusy(p *child) busy {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return busy{}
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return busy{}
	}
	var ticks int64
	for i, s := range f[1:min(len(f), 9)] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseInt(s, 10, 64)
		ticks += n
	}
	b := busy{machine: time.Duration(ticks) * time.Second / clkTck, ok: true}
	pids := []int{os.Getpid()}
	for _, c := range append([]*child{p}, benchChildren...) {
		if c != nil {
			pids = append(pids, c.cmd.Process.Pid)
		}
	}
	for _, pid := range pids {
		d, err := cpuTimeOf(pid)
		if err != nil {
			return busy{}
		}
		b.own += d
	}
	return b
}

// since returns the cores busy with other processes between b0 and b over
// elapsed, NaN when unknown.
func (b busy) since(b0 busy, elapsed time.Duration) float64 {
	if !b.ok || !b0.ok || elapsed <= 0 {
		return nan
	}
	return max(0, float64((b.machine-b0.machine)-(b.own-b0.own))/float64(elapsed))
}

// clkTck is USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux
// architecture Go supports.
const clkTck = 100

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
