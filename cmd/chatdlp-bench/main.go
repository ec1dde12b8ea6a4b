// Command chatdlp-bench measures, in one run, a direct client, a bare goproxy
// MITM proxy and chatdlp (no rules) against a local TLS upstream: keep-alive
// chat POSTs (req/s, p50, p99), a new TLS connection per request, a large
// download, the leaf certificate cost (new host, cached host) and the RSS of
// a proxy holding many idle MITM keep-alive connections. It prints a table
// with the ratios chatdlp/goproxy and chatdlp/direct.
//
// Every server runs as a child process (this binary re-executed): the
// upstream, goproxy and chatdlp each get their own heap, and the idle test
// reads the proxy's own VmRSS. Use -quick for a smoke run.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// options are the command-line settings of one run.
type options struct {
	duration    time.Duration
	concurrency int
	download    int64
	idle        int
	leafHosts   int
	rounds      int
	aa          bool
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("chatdlp-bench", flag.ContinueOnError)
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "duration of each load test")
	fs.IntVar(&o.concurrency, "concurrency", 50, "concurrent clients in the load tests")
	fs.Int64Var(&o.download, "download", 64<<20, "bytes of the download test")
	fs.IntVar(&o.idle, "idle", 10000, "idle MITM keep-alive connections to hold")
	fs.IntVar(&o.leafHosts, "leaf-hosts", 200, "distinct hosts for the leaf certificate test")
	fs.IntVar(&o.rounds, "rounds", 4, "rounds alternating the targets (the duration is split between them)")
	fs.StringVar(&chatdlpBinary, "chatdlp-bin", "", "run this built chatdlp binary (`serve --config`) as the chatdlp target instead of proxy.New in a child")
	fs.BoolVar(&o.aa, "aa", false, "also measure a second goproxy (goproxy-aa): the A/A noise floor of this machine")
	quick := fs.Bool("quick", false, "smoke test: tiny duration and sizes")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *quick {
		aa := o.aa
		o = quickOptions()
		o.aa = aa
	}
	if o.rounds < 1 || o.concurrency < 1 || o.duration <= 0 {
		return o, fmt.Errorf("bench: -rounds, -concurrency and -duration must be positive")
	}
	return o, nil
}

// quickOptions keep a whole run to a few seconds.
func quickOptions() options {
	return options{duration: 300 * time.Millisecond, concurrency: 4, download: 1 << 20, idle: 50, leafHosts: 10, rounds: 1}
}

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
	if err := writePKI(dir); err != nil {
		return err
	}
	up, err := spawn("upstream", dir)
	if err != nil {
		return err
	}
	defer up.stop()
	roles := []string{"goproxy", "chatdlp"}
	if o.aa {
		roles = []string{"goproxy", "goproxy", "chatdlp"}
	}
	targets, children, err := startTargets(dir, up.addr, roles...)
	if err != nil {
		return err
	}
	r := &report{opts: o, noFile: limit}
	r.measureLoad(targets)
	stopAll(children)
	if err := r.measureLeaf(dir, o.leafHosts); err != nil {
		return err
	}
	if err := r.measureIdle(dir, up.addr, o.idle); err != nil {
		return err
	}
	r.print(w)
	return nil
}
