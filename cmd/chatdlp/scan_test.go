package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanLines decodes the JSON findings `chatdlp scan` printed.
func scanLines(t testing.TB, out string) []scanFinding {
	t.Helper()
	var found []scanFinding
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatalf("scan output is not JSON lines: %q: %v", l, err)
		}
		for _, k := range []string{"source", "start", "end", "rule_id", "severity", "action", "evidence"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("finding %s: no %q key", l, k)
			}
		}
		f := scanFinding{Source: raw["source"].(string), RuleID: raw["rule_id"].(string), Action: raw["action"].(string)}
		f.Start, f.End = int(raw["start"].(float64)), int(raw["end"].(float64))
		if n, ok := raw["line"].(float64); ok {
			f.Line = int(n)
		}
		found = append(found, f)
	}
	return found
}

func TestScan(t *testing.T) {
	const card = "4012888888881881"
	wd := t.TempDir()
	chat := "hi team\nmy card 4012 8888 8888 1881 exp 12/29\nsee falcon-2025 notes\n"
	if err := os.WriteFile(filepath.Join(wd, "export.txt"), []byte(chat), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wd, "corp.yaml"), []byte(goodRule), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		env       []string
		stdin     string
		code      int
		wantRules []string
		wantLine  int // line of the first finding with --lines
	}{
		{"clean stdin", []string{"scan"}, nil, "see you at lunch\n", exitOK, nil, 0},
		{"card on stdin", []string{"scan", "-"}, nil, "card 4012 8888 8888 1881", exitFindings, []string{"payment-card"}, 0},
		{"file lines", []string{"scan", "--lines", "export.txt"}, nil, "", exitFindings, []string{"payment-card"}, 2},
		{"custom rules only", []string{"scan", "--builtin=false", "--rules", "corp.yaml", "export.txt"}, nil, "", exitFindings, []string{"project-falcon"}, 0},
		{"rules from env", []string{"scan", "export.txt"}, []string{"CHATDLP_RULES=corp.yaml", "CHATDLP_BUILTIN=false"}, "", exitFindings, []string{"project-falcon"}, 0},
		{"missing file", []string{"scan", "nope.txt"}, nil, "", exitError, nil, 0},
		{"bad rules", []string{"scan", "--rules", "nope-*.yaml", "--rules", "bad[.yaml"}, nil, "x", exitError, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := chatdlp(t, runOpts{dir: wd, env: tt.env, stdin: tt.stdin}, tt.args...)
			wantCode(t, r, tt.code)
			if strings.Contains(strings.ReplaceAll(r.stdout, " ", ""), card) || strings.Contains(r.stderr, card) {
				t.Errorf("output: got the full card number, want it masked: %s", r.stdout)
			}
			found := scanLines(t, r.stdout)
			if tt.code != exitFindings {
				if len(found) != 0 {
					t.Errorf("findings: got %v, want none", found)
				}
				return
			}
			for _, id := range tt.wantRules {
				if !hasRule(found, id) {
					t.Errorf("findings: got %v, want %s", found, id)
				}
			}
			if tt.wantLine > 0 && found[0].Line != tt.wantLine {
				t.Errorf("line: got %d, want %d", found[0].Line, tt.wantLine)
			}
		})
	}
}

func TestScanOffsets(t *testing.T) {
	text := "card 4012 8888 8888 1881"
	r := chatdlp(t, runOpts{stdin: text}, "scan")
	wantCode(t, r, exitFindings)
	f := scanLines(t, r.stdout)[0]
	if f.Source != "-" || f.Start != 5 || f.End != len(text) {
		t.Errorf("finding: got source %q [%d,%d), want - [5,%d)", f.Source, f.Start, f.End, len(text))
	}
	if !strings.Contains(r.stdout, `"evidence":"4012`) || !strings.Contains(r.stdout, `*`) {
		t.Errorf("evidence: got %s, want masked like 4012********1881", r.stdout)
	}
}

func hasRule(found []scanFinding, id string) bool {
	for _, f := range found {
		if f.RuleID == id {
			return true
		}
	}
	return false
}

// TestScanFiles: a whole file is typed by its content: a PE image, even
// named as a document, is a finding (exit 3) with its type, size and
// sha256; a text file is not.
func TestScanFiles(t *testing.T) {
	wd := t.TempDir()
	if err := os.WriteFile(filepath.Join(wd, "invoice.pdf"), minimalPE(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wd, "notes.txt"), []byte("nothing to see"), 0o600); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	fw, _ := zw.Create("setup/readme.txt")
	_, _ = fw.Write(minimalPE())
	_ = zw.Close()
	if err := os.WriteFile(filepath.Join(wd, "photos.zip"), z.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	r := chatdlp(t, runOpts{dir: wd}, "scan", "invoice.pdf", "notes.txt", "photos.zip")
	wantCode(t, r, exitFindings)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("scan printed %d lines, want 2: %s", len(lines), r.stdout)
	}
	if !strings.Contains(lines[1], `"source":"photos.zip"`) || !strings.Contains(lines[1], "photos.zip!/setup/readme.txt") {
		t.Errorf("archive finding: %s, want the executable inside named", lines[1])
	}
	var f struct {
		Source   string `json:"source"`
		FileType string `json:"file_type"`
		SHA256   string `json:"file_sha256"`
		Action   string `json:"action"`
		Size     int    `json:"file_size"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &f); err != nil {
		t.Fatal(err)
	}
	if f.Source != "invoice.pdf" || f.FileType != "pe" || len(f.SHA256) != 64 || f.Action != "block" || f.Size != len(minimalPE()) {
		t.Errorf("file finding: %s", lines[0])
	}
}

// TestScanLinks: scan judges the links of each message as the proxy does:
// shortened (plain, defanged, in Slack markup, with full-width dots),
// homograph and lure links are findings with their rule, URL and reason;
// clean links are not.
func TestScanLinks(t *testing.T) {
	lines := []struct {
		text, rule string // rule "" = no finding
	}{
		{"the doc is at https://docs.example.com/page", ""},
		{"click https://bit.ly/3xYz now", "url-shortener"},
		{"defanged: hxxps://tinyurl[.]com/abcd", "url-shortener"},
		{"<https://t.co/xyz|t.co/xyz> from the thread", "url-shortener"},
		{"full-width dots: bit。ly/abc", "url-shortener"},
		{"sign in at https://аpple.com/id", "url-homograph"},
		{"<https://evil.example.net/login|docs.google.com>", "url-label"},
		{"IDN shop https://bücher.de/katalog", ""},
	}
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l.text + "\n")
	}
	r := chatdlp(t, runOpts{stdin: in.String()}, "scan", "--lines", "-")
	wantCode(t, r, exitFindings)
	got := map[int]map[string]any{}
	for _, out := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		got[int(f["line"].(float64))] = f
	}
	for i, l := range lines {
		f := got[i+1]
		switch {
		case l.rule == "" && f != nil:
			t.Errorf("line %d %q: finding %v, want none", i+1, l.text, f)
		case l.rule != "" && (f == nil || f["rule_id"] != l.rule || f["url"] == "" || f["reason"] == ""):
			t.Errorf("line %d %q: finding %v, want %s with url and reason", i+1, l.text, f, l.rule)
		}
	}
}
