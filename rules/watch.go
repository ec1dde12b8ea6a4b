package rules

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDebounce coalesces the bursts of events one save produces (editors
// write a temporary file, rename it over the original, chmod it).
const watchDebounce = 200 * time.Millisecond

// Watch calls onChange, debounced, whenever one of files (paths or globs)
// is written, created, removed or renamed. It watches the files' parent
// directories, so a file replaced by rename (as editors and Kubernetes
// config maps do) keeps being seen. The caller reloads, swaps atomically and
// keeps the old set when the new one fails to load. Watch returns nil when
// ctx is done, or an error if the directories cannot be watched.
func Watch(ctx context.Context, files []string, onChange func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("rules: watch: %w", err)
	}
	defer w.Close()
	for _, dir := range watchDirs(files) {
		if err := w.Add(dir); err != nil {
			return fmt.Errorf("rules: watch %s: %w", dir, err)
		}
	}
	return watchLoop(ctx, w, cleanAll(files), onChange)
}

func watchLoop(ctx context.Context, w *fsnotify.Watcher, patterns []string, onChange func()) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if relevant(ev, patterns) {
				timer.Reset(watchDebounce)
			}
		case _, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow may hide a change: reload to be sure.
			timer.Reset(watchDebounce)
		case <-timer.C:
			onChange()
		}
	}
}

// relevant reports whether an event may change one of the watched files.
func relevant(ev fsnotify.Event, patterns []string) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Clean(ev.Name)
	if strings.HasPrefix(filepath.Base(name), "..") { // Kubernetes ..data swaps
		return true
	}
	for _, p := range patterns {
		if p == name {
			return true
		}
		if ok, err := filepath.Match(p, name); err == nil && ok {
			return true
		}
	}
	return false
}

// watchDirs returns the distinct parent directories of files.
func watchDirs(files []string) []string {
	seen := map[string]bool{}
	var dirs []string
	for _, f := range cleanAll(files) {
		if d := filepath.Dir(f); !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs
}

func cleanAll(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Clean(f)
	}
	return out
}
