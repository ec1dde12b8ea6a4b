package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/peterbourgon/ff/v3/ffcli"
)

// Set at build time:
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse HEAD)" ./cmd/chatdlp
var (
	version = ""
	commit  = ""
)

// buildInfo is what `chatdlp version` prints.
type buildInfo struct {
	Version, Commit, Go string
}

// currentBuild returns the version and commit from -ldflags, else from the
// module and VCS information Go embeds, else "dev" and "unknown".
func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Go: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		if b.Commit == "" {
			b.Commit = vcsRevision(info.Settings)
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

// vcsRevision is the commit recorded by `go build`, marked "-dirty" when the
// tree had local changes.
func vcsRevision(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" && modified == "true" {
		rev += "-dirty"
	}
	return rev
}

func (a *app) versionCommand() *ffcli.Command {
	c := a.command(&ffcli.Command{
		Name:       "version",
		ShortUsage: "chatdlp version",
		ShortHelp:  "print version, commit and Go version",
	})
	c.Exec = func(_ context.Context, args []string) error {
		if err := noArgs(c, args); err != nil {
			return err
		}
		b := currentBuild()
		_, err := fmt.Fprintf(a.stdout, "chatdlp %s\ncommit %s\ngo %s\n", b.Version, b.Commit, b.Go)
		return err
	}
	return c
}
