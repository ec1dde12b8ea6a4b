package main

import (
	"fmt"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/rules"
)

// fileInspector builds the file inspector of a configuration (files.*),
// for the proxy at start and at every reload, and for scan.
func fileInspector(cfg *config.Config) (*files.Inspector, error) {
	f := cfg.Files
	var actions [3]rules.Action
	for i, a := range []struct{ key, value string }{
		{"files.executables.action", f.Executables.Action},
		{"files.archives.encrypted", f.Archives.Encrypted},
		{"files.oversize", f.Oversize},
	} {
		var err error
		if actions[i], err = rules.ParseAction(a.value); err != nil {
			return nil, fmt.Errorf("%s: %w", a.key, err)
		}
	}
	roots, err := certs.LoadRoots("files.executables.roots", f.Executables.Roots)
	if err != nil {
		return nil, err
	}
	return files.NewInspector(files.Options{
		Roots: roots, Publishers: f.Executables.TrustedPublishers,
		Executables: actions[0], Encrypted: actions[1], OverLimit: actions[2],
		Allow: f.Executables.AllowSHA256, Deny: f.Executables.DenySHA256,
		Archives: files.Limits{MaxDepth: f.Archives.MaxDepth, MaxFiles: f.Archives.MaxFiles,
			MaxRatio: f.Archives.MaxRatio, MaxTotal: int64(f.Archives.MaxTotal), MaxEntry: int64(f.MaxScanBytes)},
	})
}

// newFiles is fileInspector as proxy.Options.NewFiles wants it.
func newFiles(cfg *config.Config) (inspect.FileInspector, error) {
	fi, err := fileInspector(cfg)
	if err != nil {
		return nil, err
	}
	return fi, nil
}
