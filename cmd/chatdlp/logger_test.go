package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"go.uber.org/zap"
)

// logLines decodes JSON log lines, failing the test on a line that is not JSON.
func logLines(t *testing.T, out string) []map[string]any {
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
