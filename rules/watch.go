package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
// config maps do) keeps being seen. A directory that does not exist yet (a
// glob over a rule directory not created yet) is watched for from its
// nearest existing ancestor, and its creation counts as a change. The caller
// reloads, swaps atomically and keeps the old set when the new one fails to
// load. Watch returns nil when ctx is done, or an error if the directories
// cannot be watched.
func Watch(ctx context.Context, files []string, onChange func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("rules: watch: %w", err)
	}
	defer w.Close()
	dw := &dirWatch{w: w}
	appeared := false
	for _, dir := range watchDirs(files) {
		a, err := dw.add(dir)
		if err != nil {
			return err
		}
		appeared = appeared || a
	}
	return watchLoop(ctx, dw, cleanAll(files), appeared, onChange)
}

// watchLoop debounces the events into onChange calls; changed says that
// something changed while the watches were being set up.
func watchLoop(ctx context.Context, dw *dirWatch, patterns []string, changed bool, onChange func()) error {
	timer := time.NewTimer(watchDebounce)
	if !changed {
		timer.Stop()
	}
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-dw.w.Events:
			if !ok {
				return nil
			}
			appeared, err := dw.retry()
			if err != nil {
				return err
			}
			if appeared || relevant(ev, patterns) {
				timer.Reset(watchDebounce)
			}
		case _, ok := <-dw.w.Errors:
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

// dirWatch watches directories, some of which may not exist yet: those are
// pending, and their nearest existing ancestor is watched until they appear.
type dirWatch struct {
	w       *fsnotify.Watcher
	pending []string
}

// add watches dir or, when it does not exist, its nearest existing ancestor,
// and keeps dir pending. From that ancestor it goes back down, so a
// directory created meanwhile is not missed; appeared reports that dir was
// missing but now is watched.
func (dw *dirWatch) add(dir string) (appeared bool, err error) {
	chain := []string{dir}
	for {
		err := dw.w.Add(chain[len(chain)-1])
		if err == nil {
			break
		}
		parent := filepath.Dir(chain[len(chain)-1])
		if !errors.Is(err, fs.ErrNotExist) || parent == chain[len(chain)-1] {
			return false, fmt.Errorf("rules: watch %s: %w", chain[len(chain)-1], err)
		}
		chain = append(chain, parent)
	}
	for i := len(chain) - 2; i >= 0; i-- {
		if err := dw.w.Add(chain[i]); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				return false, fmt.Errorf("rules: watch %s: %w", chain[i], err)
			}
			dw.pending = append(dw.pending, dir)
			return false, nil
		}
	}
	return len(chain) > 1, nil
}

// retry watches the pending directories that now exist (and moves the
// ancestor watch down for those that still do not); it reports whether one
// appeared, which may have brought rule files with it.
func (dw *dirWatch) retry() (bool, error) {
	pending := dw.pending
	dw.pending = nil
	for _, dir := range pending {
		if _, err := dw.add(dir); err != nil {
			return false, err
		}
	}
	return len(dw.pending) < len(pending), nil
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
