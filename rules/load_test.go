package rules

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ids(rules []*Rule) string {
	s := make([]string, len(rules))
	for i, r := range rules {
		s[i] = r.ID
	}
	return strings.Join(s, ",")
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		wantIDs string
		wantErr string
	}{
		{"files", []string{"testdata/load/a.yaml", "testdata/load/b.yaml"}, "acme-project,acme-employee-id", ""},
		{"glob", []string{"testdata/load/[ab].yaml"}, "acme-project,acme-employee-id", ""},
		{"same file twice", []string{"testdata/load/a.yaml", "testdata/load/[a].yaml"}, "acme-project", ""},
		{"empty glob", []string{"testdata/load/none-*.yaml"}, "", ""},
		{"missing file", []string{"testdata/load/missing.yaml"}, "", "testdata/load/missing.yaml: cannot read: stat: no such file or directory"},
		{"glob in missing dir", []string{"testdata/nodir/*.yaml"}, "", ""},
		{"missing file in missing dir", []string{"testdata/nodir/x.yaml"}, "", "testdata/nodir/x.yaml: cannot read: stat: no such file or directory"},
		{"bad glob", []string{"testdata/load/[a.yaml"}, "", "testdata/load/[a.yaml: bad glob"},
		{"duplicate across files", []string{"testdata/load/a.yaml", "testdata/load/dup.yaml"}, "", "testdata/load/dup.yaml:2: acme-project: duplicate id (first defined at testdata/load/a.yaml:2)"},
		{"failing examples", []string{"testdata/load/badexamples.yaml"}, "", "testdata/load/badexamples.yaml:8: wrong-examples: match example \"secret-1234\": 1 findings, want at least 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Load(tt.files, false)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load(): got error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(): got error %v", err)
			}
			if got := ids(set.Rules); got != tt.wantIDs {
				t.Errorf("Load(): got ids %q, want %q", got, tt.wantIDs)
			}
		})
	}
}

func TestLoadUnmatched(t *testing.T) {
	files := []string{"testdata/load/a.yaml", "testdata/load/[b].yaml", "testdata/load/none-*.yaml", "testdata/nodir/*.yaml", "testdata/*/none.yaml"}
	want := "testdata/load/none-*.yaml,testdata/nodir/*.yaml,testdata/*/none.yaml"
	set, err := Load(files, true)
	if err != nil {
		t.Fatalf("Load(): got error %v", err)
	}
	if got := strings.Join(set.Unmatched, ","); got != want {
		t.Errorf("Set.Unmatched: got %q, want %q", got, want)
	}
	if got := strings.Join(Unmatched(files), ","); got != want {
		t.Errorf("Unmatched(): got %q, want %q", got, want)
	}
	builtin, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != len(builtin)+2 {
		t.Errorf("Load(): got %d rules, want the built-in pack (%d) plus 2", len(set.Rules), len(builtin))
	}
}

func TestOverrideByID(t *testing.T) {
	base, err := Parse([]byte(`rules:
  - id: base-token
    severity: critical
    pattern: 'tok_[a-z]{8}'
    action: block
  - id: base-other
    severity: low
    pattern: 'other'
    action: log
`), "rules/builtin/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, ps := loadOver([]string{"testdata/load/override.yaml"}, func() ([]*Rule, error) { return base, nil })
	if len(ps) != 0 {
		t.Fatalf("loadOver(): got problems %v", ps)
	}
	if got := ids(set.Rules); got != "base-other,base-token" {
		t.Fatalf("loadOver(): got ids %q, want base-other,base-token", got)
	}
	if r := set.Rules[1]; r.Action != ActionLog || r.Pos.File != "testdata/load/override.yaml" {
		t.Errorf("override: got action %v from %s, want log from the user file", r.Action, r.Pos.File)
	}
	if len(set.Files) != 1 {
		t.Errorf("Set.Files: got %v, want the user file", set.Files)
	}
}

func TestCheck(t *testing.T) {
	ps := Check([]string{"testdata/load/badexamples.yaml", "testdata/load/missing.yaml"}, false)
	want := []string{
		"testdata/load/badexamples.yaml:8: wrong-examples: match example \"secret-1234\": 1 findings, want at least 2",
		"testdata/load/badexamples.yaml:8: wrong-examples: no_match example \"secret-1234 and secret-9999 again\": 2 findings, want fewer than 2",
		"testdata/load/badexamples.yaml:17: redos: catastrophic backtracking:",
		"testdata/load/missing.yaml: cannot read:",
	}
	if len(ps) != len(want) {
		t.Fatalf("Check(): got %d problems %v, want %d", len(ps), ps, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(ps[i].String(), w) {
			t.Errorf("Check()[%d]: got %q, want prefix %q", i, ps[i], w)
		}
	}
}

func TestLoadErrorIsProblems(t *testing.T) {
	_, err := Load([]string{filepath.Join("testdata", "load", "dup.yaml"), "testdata/load/a.yaml"}, false)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].ID != "acme-project" {
		t.Fatalf("Load(): got %v, want one Problem for acme-project", err)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDuplicateReportedOnce(t *testing.T) {
	file := t.TempDir() + "/dup.yaml"
	rule := "  - id: same\n    severity: low\n    pattern: 'x\\d'\n    action: log\n"
	writeFile(t, file, "rules:\n"+rule+rule)
	ps := Check([]string{file}, false)
	if len(ps) != 1 || ps[0].Line != 6 || !strings.Contains(ps[0].Message, "duplicate id") {
		t.Fatalf("Check(): got %v, want one duplicate id problem at line 6", ps)
	}
}

func TestSlow(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "r.yaml")
	const rule = `rules:
  - id: zip-pass
    description: test
    severity: low
    pattern: 'pw \w+'
    keywords: [pw, zip, '7z ']
    action: log
`
	if err := os.WriteFile(f, []byte(rule), 0o600); err != nil {
		t.Fatal(err)
	}
	ps := Slow([]string{f})
	if len(ps) != 1 || ps[0].ID != "zip-pass" || ps[0].Line != 2 || !strings.Contains(ps[0].Message, `keyword "pw" is shorter than 3 bytes`) {
		t.Fatalf("Slow(): got %v, want one warning for the keyword pw of zip-pass at line 2", ps)
	}
	if ps := Slow(nil); len(ps) != 0 {
		t.Errorf("Slow(no files): got %v, want none", ps)
	}
}
