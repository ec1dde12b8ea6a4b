package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestInterleave(t *testing.T) {
	const n, rounds = 4, 8
	first := map[int]int{}
	for r := range rounds {
		var order []int
		interleave(n, rounds, func(round, i int) {
			if round == r {
				order = append(order, i)
			}
		})
		seen := map[int]bool{}
		for _, i := range order {
			seen[i] = true
		}
		if len(order) != n || len(seen) != n {
			t.Fatalf("round %d: order %v, want each of %d targets once", r, order, n)
		}
		first[order[0]]++
	}
	for i := range n {
		if first[i] != rounds/n {
			t.Errorf("target %d runs first in %d of %d rounds, want %d", i, first[i], rounds, rounds/n)
		}
	}
}

func TestSummarise(t *testing.T) {
	s := summarise([]float64{4, 1, nan, 3, 2, 5})
	if s.n != 5 || s.median != 3 || s.q1 != 2 || s.q3 != 4 || s.lo != 1 || s.hi != 5 {
		t.Errorf("summarise: got %+v", s)
	}
	if r := ratios([]float64{2, nan, 3}, []float64{1, 1, 0}); len(r) != 1 || r[0] != 2 {
		t.Errorf("ratios: got %v, want [2]", r)
	}
}

// TestMain lets the test binary serve as the bench's child processes, as the
// bench binary does.
func TestMain(m *testing.M) {
	if isChild, err := childMain(); isChild {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestQuickRun runs the whole bench in quick mode so it cannot rot. It checks
// that every measurement produced a figure, never the figures' values.
func TestQuickRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(quickOptions(), &out); err != nil {
		t.Fatalf("run(quick): %v\n%s", err, out.String())
	}
	report := out.String()
	t.Log("\n" + report)
	for _, want := range []string{
		"keep-alive POST req/s", "keep-alive proxy CPU µs/req", "new-conn POST p99 ms", "download 1.0MiB MB/s",
		"download 1.0MiB proxy extra RSS MiB (max)", "chatdlp/goproxy", "chatdlp/chatdlp-noinspect", "A/A",
		"inspection of one chat post", "leaf certificate", "idle MITM keep-alive: goproxy  50/50 open",
		"idle MITM keep-alive: chatdlp  50/50 open", "targets (reported, not asserted)",
		"ws echo msg/s", "ws deflate echo wire B/msg", `goproxy "permessage-deflate"`, `chatdlp ""`,
		"idle WebSocket: goproxy  40/40 open", "idle WebSocket: chatdlp  40/40 open",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("run(quick): report lacks %q", want)
		}
	}
	for _, bad := range []string{"errors, first:", "download: ", "first error:"} {
		if strings.Contains(report, bad) {
			t.Errorf("run(quick): report has errors (%q)", bad)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr bool
		want    options
	}{
		{"quick", []string{"-quick"}, false, quickOptions()},
		{"defaults", nil, false, defaultOptions()},
		{"rounds", []string{"-rounds", "7", "-round", "1s", "-tests", "keepalive"}, false,
			func() options {
				o := defaultOptions()
				o.rounds, o.round, o.tests = 7, time.Second, "keepalive"
				return o
			}()},
		{"soak", []string{"-soak", "30s", "-soak-clients", "7"}, false,
			func() options {
				o := defaultOptions()
				o.soak, o.soakClients = 30*time.Second, 7
				return o
			}()},
		{"zero soak clients", []string{"-soak", "1m", "-soak-clients", "0"}, true, options{}},
		{"zero concurrency", []string{"-concurrency", "0"}, true, options{}},
		{"unknown test", []string{"-tests", "keepalive,nope"}, true, options{}},
		{"unknown flag", []string{"-nope"}, true, options{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFlags(tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("parseFlags(%v): got error %v, want error %v", tc.args, err, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("parseFlags(%v): got %+v, want %+v", tc.args, got, tc.want)
			}
		})
	}
}
