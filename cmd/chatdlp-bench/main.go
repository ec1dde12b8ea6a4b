// Command chatdlp-bench measures, in one run, a direct client, bare goproxy
// MITM (twice: goproxy-aa is the A/A noise floor), chatdlp without an
// inspector and chatdlp inspecting with the full built-in rule pack, against
// a local TLS upstream: keep-alive Slack chat.postMessage posts (req/s, p50,
// p99, the proxy's CPU per request), a new TLS connection per post, a large
// non-chat download (MB/s and the proxy's peak RSS over its RSS before),
// the inspection time of one post, the leaf certificate cost (new host,
// cached host), the RSS of a proxy holding many idle MITM keep-alive
// connections, and WebSocket echo messages per second (chatdlp relaying and
// inspecting each message, the others splicing), with permessage-deflate
// offered (bytes on the client's wire per message) and per idle session,
// and IRC lines and XMPP stanzas per second (chatdlp's relays with and
// without inspection) and per idle connection.
//
// The load tests run in rounds: every target gets one short turn per
// round, in an order rotated from round to round, and every ratio is
// computed per round and reported as its median over the rounds with its
// interquartile range, beside the same ratio of the two identical goproxy
// instances (A/A). A ratio whose distance from 1 is well outside the A/A
// spread is a real difference; on this shared machine absolute times are not.
//
// Every server runs as a child process (this binary re-executed): the
// upstream and each proxy get their own heap, and the parent reads each
// proxy's CPU time and RSS from /proc. Use -quick for a smoke run.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// options are the command-line settings of one run.
type options struct {
	rounds         int           // rounds of the keep-alive and new-connection tests
	round          time.Duration // one target's turn in a round
	concurrency    int
	download       int64
	downloadRounds int
	idle           int
	wsIdle         int // idle WebSocket sessions to hold
	tunnelIdle     int // idle IRC and XMPP connections to hold
	leafHosts      int
	inspectN       int     // chat posts timed by measureInspect
	maxOthers      float64 // a load turn with other processes busier than this (cores) is run again; 0: never
	aa             bool
	tests          string // comma-separated, from allTests
	chatdlpLog     string
	profile        string
	soak           time.Duration // run the soak (soak.go) for this long instead of the measurements
	soakClients    int
}

// allTests are the measurements a run can make (-tests).
var allTests = []string{"keepalive", "newconn", "download", "inspect", "leaf", "idle", "websocket", "irc", "xmpp"}

func parseFlags(args []string) (options, error) {
	o := defaultOptions()
	fs := flag.NewFlagSet("chatdlp-bench", flag.ContinueOnError)
	fs.IntVar(&o.rounds, "rounds", o.rounds, "rounds of the keep-alive and new-connection tests")
	fs.DurationVar(&o.round, "round", o.round, "one target's turn in a round")
	fs.IntVar(&o.concurrency, "concurrency", o.concurrency, "concurrent clients in the load tests")
	fs.Int64Var(&o.download, "download", o.download, "bytes of the download test")
	fs.IntVar(&o.downloadRounds, "download-rounds", o.downloadRounds, "rounds of the download test (one download per target each)")
	fs.IntVar(&o.idle, "idle", o.idle, "idle MITM keep-alive connections to hold")
	fs.IntVar(&o.wsIdle, "ws-idle", o.wsIdle, "idle WebSocket sessions to hold (at most what RLIMIT_NOFILE allows the proxy)")
	fs.IntVar(&o.tunnelIdle, "tunnel-idle", o.tunnelIdle, "idle IRC and XMPP connections to hold (at most what RLIMIT_NOFILE allows the proxy)")
	fs.IntVar(&o.leafHosts, "leaf-hosts", o.leafHosts, "distinct hosts for the leaf certificate test")
	fs.IntVar(&o.inspectN, "inspect-n", o.inspectN, "chat posts timed by the inspection test")
	fs.Float64Var(&o.maxOthers, "max-others", o.maxOthers, "run a load turn again (up to 3 times) when other processes kept more than this many cores busy during it; 0: never")
	fs.BoolVar(&o.aa, "aa", o.aa, "measure a second goproxy (goproxy-aa): the A/A noise floor beside every ratio")
	fs.StringVar(&o.tests, "tests", o.tests, "measurements to make, comma-separated: "+strings.Join(allTests, ","))
	fs.StringVar(&o.chatdlpLog, "chatdlp-log", o.chatdlpLog, "log level of the chatdlp children, JSON to nowhere (none: no logger)")
	fs.StringVar(&o.profile, "profile", o.profile, "directory where every child writes ROLE-PID.cpu.pprof and ROLE-PID.allocs.pprof")
	fs.StringVar(&chatdlpBinary, "chatdlp-bin", "", "run this built chatdlp binary (`serve --config`) as the chatdlp targets instead of proxy.New in a child")
	fs.DurationVar(&o.soak, "soak", o.soak, "run the soak instead of the measurements: one inspecting chatdlp under a mix of traffic and upstream faults for this long, checked for lost data, leaks and availability")
	fs.IntVar(&o.soakClients, "soak-clients", o.soakClients, "concurrent clients of the soak")
	quick := fs.Bool("quick", false, "smoke test: a few seconds, tiny sizes (other flags after -quick are ignored)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *quick {
		o = quickOptions()
	}
	if o.soak < 0 || o.soakClients < 1 {
		return o, fmt.Errorf("bench: -soak must not be negative, -soak-clients must be positive")
	}
	if o.rounds < 1 || o.downloadRounds < 1 || o.concurrency < 1 || o.round <= 0 || o.inspectN < 1 {
		return o, fmt.Errorf("bench: -rounds, -download-rounds, -concurrency, -round and -inspect-n must be positive")
	}
	for _, t := range strings.Split(o.tests, ",") {
		if !slices.Contains(allTests, t) {
			return o, fmt.Errorf("bench: -tests: unknown test %q (have %s)", t, strings.Join(allTests, ","))
		}
	}
	return o, nil
}

// defaultOptions: about four minutes on a 2-core machine.
func defaultOptions() options {
	return options{rounds: 30, round: 500 * time.Millisecond, concurrency: 32, download: 64 << 20, downloadRounds: 10,
		idle: 10000, wsIdle: 10000, tunnelIdle: 10000, leafHosts: 200, inspectN: 20000, maxOthers: 0.3, aa: true, tests: strings.Join(allTests, ","), chatdlpLog: "none", soakClients: 200}
}

// quickOptions keep a whole run to a few seconds.
func quickOptions() options {
	return options{rounds: 3, round: 100 * time.Millisecond, concurrency: 8, download: 1 << 20, downloadRounds: 2,
		idle: 50, wsIdle: 40, tunnelIdle: 40, leafHosts: 10, inspectN: 200, aa: true, tests: strings.Join(allTests, ","), chatdlpLog: "none",
		soakClients: 200}
}

func (o options) has(test string) bool { return slices.Contains(strings.Split(o.tests, ","), test) }

func main() {
	if isChild, err := childMain(); isChild {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if o.soak > 0 {
		pass, err := runSoak(o, os.Stdout)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if !pass {
			os.Exit(1)
		}
		return
	}
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run performs every measurement and writes the report to w.
func run(o options, w io.Writer) error {
	limit := raiseNoFile()
	dir, err := os.MkdirTemp("", "chatdlp-bench-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := setChildEnv(o); err != nil {
		return err
	}
	if err := writePKI(dir); err != nil {
		return err
	}
	up, err := spawn("upstream", dir)
	if err != nil {
		return err
	}
	defer up.stop()
	benchChildren = []*child{up}
	r := &report{opts: o, noFile: limit}
	if o.has("keepalive") || o.has("newconn") || o.has("download") || o.has("websocket") {
		if err := r.measureLoad(dir, up.addr); err != nil {
			return err
		}
	}
	if o.has("inspect") {
		if err := r.measureInspect(o.inspectN); err != nil {
			return err
		}
	}
	if o.has("leaf") {
		if err := r.measureLeaf(dir, o.leafHosts); err != nil {
			return err
		}
	}
	if o.has("idle") {
		if err := r.measureIdle(dir, up.addr, o.idle); err != nil {
			return err
		}
	}
	if o.has("websocket") {
		if err := r.measureWSIdle(dir, up.addr, o.wsIdle); err != nil {
			return err
		}
	}
	for _, p := range []tunnelProto{ircProto, xmppProto} {
		if o.has(p.name) {
			if err := r.measureTunnel(p, dir, up.addr); err != nil {
				return err
			}
		}
	}
	r.print(w)
	return nil
}

// measureLoad starts the proxies and runs the load tests on all targets.
func (r *report) measureLoad(dir, upstream string) error {
	roles := []string{"goproxy", "chatdlp-noinspect", "chatdlp"}
	if r.opts.aa {
		roles = []string{"goproxy", "goproxy", "chatdlp-noinspect", "chatdlp"}
	}
	targets, children, err := startTargets(dir, upstream, roles...)
	if err != nil {
		return err
	}
	defer stopAll(children)
	for _, t := range targets {
		r.names = append(r.names, t.name)
	}
	if err := checkInspection(targets); err != nil {
		return err
	}
	if r.opts.has("keepalive") {
		r.measurePosts(targets, true)
	}
	if r.opts.has("newconn") {
		r.measurePosts(targets, false)
	}
	if r.opts.has("download") {
		r.measureDownloads(targets)
	}
	if r.opts.has("websocket") {
		return r.measureWebSocket(targets)
	}
	return nil
}

// setChildEnv passes the children's settings through the environment
// they inherit.
func setChildEnv(o options) error {
	if err := os.Setenv(envLog, o.chatdlpLog); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if o.profile == "" {
		return nil
	}
	abs, err := filepath.Abs(o.profile)
	if err != nil {
		return fmt.Errorf("bench: -profile: %w", err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return fmt.Errorf("bench: -profile: %w", err)
	}
	return os.Setenv(envProfile, abs)
}
