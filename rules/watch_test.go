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

// A glob over a directory that does not exist yet fires once the directory
// is created with a rule file in it, even two levels down.
func TestWatchMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rules", "custom")
	watchUntil(t, []string{filepath.Join(dir, "*.yaml")}, func() {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "new.yaml"), []byte("rules: []\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWatchUnwatchable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := Watch(ctx, []string{filepath.Join(file, "sub", "x.yaml")}, func() {})
	if err == nil {
		t.Fatal("Watch(under a regular file): got nil, want an error")
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

func TestDirWatchPending(t *testing.T) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	top := filepath.Join(t.TempDir(), "a")
	dir := filepath.Join(top, "b")
	dw := &dirWatch{w: w}
	steps := []struct {
		name     string
		mkdir    string
		appeared bool
		pending  int
	}{
		{"both missing", "", false, 1},
		{"parent created", top, false, 1},
		{"dir created", dir, true, 0},
		{"nothing new", "", false, 0},
	}
	for i, st := range steps {
		if st.mkdir != "" {
			if err := os.Mkdir(st.mkdir, 0o700); err != nil {
				t.Fatal(err)
			}
		}
		var appeared bool
		if i == 0 {
			appeared, err = dw.add(dir)
		} else {
			appeared, err = dw.retry()
		}
		if err != nil || appeared != st.appeared || len(dw.pending) != st.pending {
			t.Fatalf("%s: got appeared %v, %d pending, error %v; want %v, %d", st.name, appeared, len(dw.pending), err, st.appeared, st.pending)
		}
	}
}
