package proxy

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// Helpers for tests that build network namespaces with iproute2 and nftables.
// They need root; in CI (CI=true) a missing tool or privilege fails the test,
// elsewhere it skips with the reason.

var netnsCounter atomic.Int32

// requireNetAdmin fails (CI) or skips (elsewhere) unless we are root and the
// named tools are installed.
func requireNetAdmin(t *testing.T, tools ...string) {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("needs %s (install iproute2 and nftables, run as root: .ci/deps)", strings.Join(missing, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// netnsUniqueName returns a name unique to this process and call, at most 15
// bytes so it also fits an interface name.
func netnsUniqueName(prefix string) string {
	return fmt.Sprintf("%s%d-%d", prefix, os.Getpid()%100000, netnsCounter.Add(1))
}

// newNetns creates a named network namespace with loopback up, deleted at
// the end of the test.
func newNetns(t *testing.T, prefix string) string {
	t.Helper()
	ns := netnsUniqueName(prefix)
	netnsRun(t, "", "ip", "netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	netnsRun(t, "", "ip", "-n", ns, "link", "set", "lo", "up")
	return ns
}

// netnsRun runs a command (stdin from input) and fails the test on error.
func netnsRun(t *testing.T, input string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// inNetns runs fn on an OS thread switched into namespace ns. Sockets created
// by fn belong to ns for their whole life, whichever thread uses them later.
// Only fn's own thread is switched; the thread is discarded if it cannot be
// switched back.
func inNetns(t *testing.T, ns string, fn func()) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		restored, err := withNetns(ns, fn)
		if restored {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func withNetns(ns string, fn func()) (restored bool, err error) {
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return true, err
	}
	defer orig.Close()
	target, err := os.Open("/run/netns/" + ns)
	if err != nil {
		return true, err
	}
	defer target.Close()
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		return true, fmt.Errorf("setns %s: %w", ns, err)
	}
	fn()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		return false, fmt.Errorf("setns back: %w", err)
	}
	return true, nil
}
