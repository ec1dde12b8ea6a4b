package rules

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchUntil starts Watch on files and runs change every 300 ms until
// onChange fires (the watcher may not be ready for the first one), or fails
// after 10 s.
func watchUntil(t *testing.T, files []string, change func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	fired := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, files, func() {
			select {
			case fired <- struct{}{}:
			default:
			}
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch(): got %v, want nil after cancel", err)
		}
	}()
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case <-fired:
			return
		case <-tick.C:
			change()
		case <-deadline:
			t.Fatal("Watch(): onChange never called")
		}
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "custom.yaml")
	write := func(p string) {
		if err := os.WriteFile(p, []byte("rules: []\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(path)
	tests := []struct {
		name   string
		files  []string
		change func()
	}{
		{"write", []string{path}, func() { write(path) }},
		{"rename replace", []string{path}, func() {
			tmp := filepath.Join(dir, ".custom.yaml.tmp")
			write(tmp)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"new file for a glob", []string{filepath.Join(dir, "*.yaml")}, func() { write(filepath.Join(dir, "more.yaml")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { watchUntil(t, tt.files, tt.change) })
	}
}

func TestWatchMissingDir(t *testing.T) {
	err := Watch(context.Background(), []string{filepath.Join(t.TempDir(), "nope", "x.yaml")}, func() {})
	if err == nil {
		t.Fatal("Watch(missing dir): got nil, want an error")
	}
}

func TestRelevant(t *testing.T) {
	tests := []struct {
		name, event string
		want        bool
	}{
		{"exact", "rules/a.yaml", true},
		{"glob", "rules/d/x.yaml", true},
		{"other file", "rules/b.yaml", false},
		{"editor swap", "rules/.a.yaml.swp", false},
		{"kubernetes", "rules/..data", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := relevant(fsnotifyEvent(tt.event), cleanAll([]string{"./rules/a.yaml", "rules/d/*.yaml"}))
			if got != tt.want {
				t.Errorf("relevant(%q): got %v, want %v", tt.event, got, tt.want)
			}
		})
	}
}

func fsnotifyEvent(name string) fsnotify.Event { return fsnotify.Event{Name: name, Op: fsnotify.Write} }
