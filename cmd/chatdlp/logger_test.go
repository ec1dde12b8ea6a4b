package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"go.uber.org/zap"
)

// logLines decodes JSON log lines, failing the test on a line that is not JSON.
func logLines(t testing.TB, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestLoggerEveryLineHasEvent(t *testing.T) {
	tests := []struct {
		name      string
		log       func(l *zap.Logger)
		wantEvent string
	}{
		{"field", func(l *zap.Logger) { l.Info("started", zap.String("event", "proxy.start")) }, "proxy.start"},
		{"with", func(l *zap.Logger) { l.With(zap.String("event", "rules.reload")).Warn("x") }, "rules.reload"},
		{"named and with", func(l *zap.Logger) { l.Named("proxy").With(zap.String("event", "tunnel.open")).Error("x") }, "tunnel.open"},
		{"missing", func(l *zap.Logger) { l.Info("no event") }, fallbackEvent},
		{"missing after other with", func(l *zap.Logger) { l.With(zap.String("host", "h")).Info("no event") }, fallbackEvent},
		{"stdlog", func(l *zap.Logger) { zap.NewStdLog(l).Print("from the standard logger") }, fallbackEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			sink, err := newLogger(config.Log{Level: "info"}, &buf)
			if err != nil {
				t.Fatalf("newLogger(): %v", err)
			}
			tt.log(sink.logger)
			lines := logLines(t, buf.String())
			if len(lines) != 1 {
				t.Fatalf("lines: got %d, want 1: %s", len(lines), buf.String())
			}
			l := lines[0]
			if l["event"] != tt.wantEvent {
				t.Errorf("event: got %v, want %q", l["event"], tt.wantEvent)
			}
			for _, k := range []string{"ts", "level", "msg"} {
				if _, ok := l[k]; !ok {
					t.Errorf("key %q: missing in %v", k, l)
				}
			}
			if n := strings.Count(buf.String(), `"event"`); n != 1 {
				t.Errorf("event keys: got %d, want 1", n)
			}
		})
	}
}

func TestLoggerLevel(t *testing.T) {
	var buf bytes.Buffer
	sink, err := newLogger(config.Log{Level: "warn"}, &buf)
	if err != nil {
		t.Fatalf("newLogger(): %v", err)
	}
	sink.logger.Info("hidden", zap.String("event", "x"))
	sink.level.SetLevel(zap.InfoLevel)
	sink.logger.Info("shown", zap.String("event", "x"))
	if got := len(logLines(t, buf.String())); got != 1 {
		t.Errorf("lines: got %d, want 1: %s", got, buf.String())
	}
}

func TestLoggerFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "logs", "chatdlp.log")
	sink, err := newLogger(config.Log{Level: "info", File: file}, nil)
	if err != nil {
		t.Fatalf("newLogger(): %v", err)
	}
	sink.logger.Info("to file", zap.String("event", "proxy.start"))
	if err := sink.close(); err != nil {
		t.Fatalf("close(): %v", err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if perm := st.Mode().Perm(); perm&0o037 != 0 {
		t.Errorf("mode: got %v, want 0600 or 0640", perm)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if lines := logLines(t, string(data)); len(lines) != 1 || lines[0]["event"] != "proxy.start" {
		t.Errorf("file: got %s, want one proxy.start line", data)
	}
}

// TestLoggerRotationLosesNothing: log.file rotates (at 1 MB here) while
// four writers log, and every line is in the file or a compressed
// generation, once.
func TestLoggerRotationLosesNothing(t *testing.T) {
	old := logMaxSizeMB
	logMaxSizeMB = 1
	t.Cleanup(func() { logMaxSizeMB = old })
	dir := t.TempDir()
	sink, err := newLogger(config.Log{Level: "info", File: filepath.Join(dir, "chatdlp.log")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 6000 // about 3.5 MB of lines
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				sink.logger.Info("request", zap.String("event", "proxy.request"), zap.Int("seq", w*each+i),
					zap.String("path", "/api/chat.postMessage"), zap.String("client_ip", "10.1.2.3"))
			}
		}()
	}
	wg.Wait()
	if err := sink.close(); err != nil {
		t.Fatal(err)
	}
	// Old generations are compressed in the background: read until every
	// line is found once (or the deadline says one is lost).
	seen := make([]int, writers*each)
	var files int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		clear(seen)
		files = readLogGenerations(t, dir, seen)
		if !slices.ContainsFunc(seen, func(n int) bool { return n != 1 }) || time.Now().After(deadline) {
			break
		}
	}
	if files < 3 {
		t.Errorf("%d files: the log did not rotate", files)
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("line %d found %d times, want once", i, n)
		}
	}
}

// readLogGenerations counts each seq in the log file and its generations
// (gzip-compressed or not yet) and returns the files read.
func readLogGenerations(t testing.TB, dir string, seen []int) (files int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue // renamed while compressed: read again
		}
		if strings.HasSuffix(e.Name(), ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				continue
			}
			if b, err = io.ReadAll(zr); err != nil {
				continue
			}
		}
		files++
		for _, l := range logLines(t, string(b)) {
			if seq, ok := l["seq"].(float64); ok && int(seq) < len(seen) {
				seen[int(seq)]++
			}
		}
	}
	return files
}
