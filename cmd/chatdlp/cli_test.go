package main

import (
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	r := chatdlp(t, runOpts{}, "version")
	wantCode(t, r, exitOK)
	for _, want := range []string{"chatdlp " + testVersion, "commit " + testCommit, "go go1."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("version: got %q, want it to contain %q", r.stdout, want)
		}
	}
}

func TestHelpAndUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout []string
		inStderr []string
	}{
		{"root --help", []string{"--help"}, exitOK, []string{"version"}, nil},
		{"root -h", []string{"-h"}, exitOK, []string{"chatdlp <command>"}, nil},
		{"version --help", []string{"version", "--help"}, exitOK, []string{"chatdlp version"}, nil},
		{"no command", nil, exitUsage, nil, []string{"SUBCOMMANDS"}},
		{"unknown command", []string{"frobnicate"}, exitUsage, nil, []string{`unknown command "frobnicate"`}},
		{"unknown flag", []string{"version", "--nope"}, exitUsage, nil, []string{"flag provided but not defined: -nope"}},
		{"extra argument", []string{"version", "extra"}, exitUsage, nil, []string{`unexpected argument "extra"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := chatdlp(t, runOpts{}, tt.args...)
			wantCode(t, r, tt.code)
			for _, w := range tt.inStdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout: got %q, want it to contain %q", r.stdout, w)
				}
			}
			for _, w := range tt.inStderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr: got %q, want it to contain %q", r.stderr, w)
				}
			}
		})
	}
}
