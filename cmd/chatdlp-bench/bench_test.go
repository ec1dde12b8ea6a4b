package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

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
		"keep-alive POST req/s", "new-conn POST p99 ms", "download 1.0MiB MB/s",
		"chatdlp/goproxy", "leaf certificate", "idle MITM keep-alive: goproxy  50/50 open",
		"idle MITM keep-alive: chatdlp  50/50 open", "targets (reported, not asserted)",
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
		{"zero concurrency", []string{"-concurrency", "0"}, true, options{}},
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
