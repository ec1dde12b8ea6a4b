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
		env      []string
		code     int
		inStdout []string
		inStderr []string
	}{
		{"root --help", []string{"--help"}, nil, exitOK, []string{"version"}, nil},
		{"root -h", []string{"-h"}, nil, exitOK, []string{"chatdlp <command>"}, nil},
		{"version --help", []string{"version", "--help"}, nil, exitOK, []string{"chatdlp version"}, nil},
		{"scan --help", []string{"scan", "--help"}, nil, exitOK, []string{"chatdlp scan [--rules"}, nil},
		// Usage errors exit 1 (SPEC: scan exits 0, 3 or 1) with the usage on stderr.
		{"no command", nil, nil, exitError, nil, []string{"SUBCOMMANDS"}},
		{"unknown command", []string{"frobnicate"}, nil, exitError, nil, []string{`unknown command "frobnicate"`, "chatdlp <command>"}},
		{"unknown flag", []string{"version", "--nope"}, nil, exitError, nil, []string{"flag provided but not defined: -nope", "chatdlp version"}},
		{"extra argument", []string{"version", "extra"}, nil, exitError, nil, []string{`unexpected argument "extra"`, "chatdlp version"}},
		{"scan unknown flag", []string{"scan", "--bogus"}, nil, exitError, nil, []string{"flag provided but not defined: -bogus", "chatdlp scan [--rules"}},
		{"scan bad direction", []string{"scan", "--direction", "both"}, nil, exitError, nil, []string{`--direction: "both"`, "chatdlp scan [--rules"}},
		{"scan bad flag value", []string{"scan", "--lines=maybe"}, nil, exitError, nil, []string{`invalid boolean value "maybe"`, "chatdlp scan [--rules"}},
		{"scan bad env value", []string{"scan"}, []string{"CHATDLP_LINES=maybe"}, exitError, nil, []string{"CHATDLP_LINES"}},
		{"serve extra argument", []string{"serve", "extra"}, nil, exitError, nil, []string{`unexpected argument "extra"`, "chatdlp serve [--config FILE]"}},
		{"serve unknown flag", []string{"serve", "--nope"}, nil, exitError, nil, []string{"flag provided but not defined: -nope", "chatdlp serve [--config FILE]"}},
		{"ca without subcommand", []string{"ca"}, nil, exitError, nil, []string{"chatdlp ca <init|export>"}},
		{"ca unknown subcommand", []string{"ca", "renew"}, nil, exitError, nil, []string{`unknown command "renew"`, "chatdlp ca <init|export>"}},
		{"ca init extra argument", []string{"ca", "init", "extra"}, nil, exitError, nil, []string{`unexpected argument "extra"`, "chatdlp ca init"}},
		{"ca export unknown flag", []string{"ca", "export", "--pem"}, nil, exitError, nil, []string{"flag provided but not defined: -pem", "chatdlp ca export"}},
		{"rules without subcommand", []string{"rules"}, nil, exitError, nil, []string{"chatdlp rules check [FILE...]"}},
		{"rules check unknown flag", []string{"rules", "check", "--strict"}, nil, exitError, nil, []string{"flag provided but not defined: -strict", "chatdlp rules check [FILE...]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := chatdlp(t, runOpts{env: tt.env}, tt.args...)
			wantCode(t, r, tt.code)
			if tt.code != exitOK && r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing on a usage error", r.stdout)
			}
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
