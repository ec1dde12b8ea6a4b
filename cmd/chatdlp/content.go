package main

import (
	"fmt"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/inspect/urls"
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

// linkInspector builds the URL policy of a configuration (urls.*), for
// the proxy at start and at every reload, and for scan.
func linkInspector(cfg *config.Config) (*urls.Inspector, error) {
	u := cfg.URLs
	cat, err := urls.NewCatalogue(urls.Policy{ShortenerExtra: u.Shorteners.ExtraDomains, ShortenerAllow: u.Shorteners.Allow, Deny: u.Deny})
	if err != nil {
		return nil, err
	}
	short, err := rules.ParseAction(u.Shorteners.Action)
	if err != nil {
		return nil, fmt.Errorf("urls.shorteners.action: %w", err)
	}
	exe, err := rules.ParseAction(cfg.Files.Executables.Action)
	if err != nil {
		return nil, fmt.Errorf("files.executables.action: %w", err)
	}
	o := urls.Options{Catalogue: cat, Shorteners: short, Executables: exe}
	if u.Shorteners.Expand {
		o.Expander = urls.NewExpander(urls.Expander{MaxHops: u.Expand.MaxHops, Timeout: u.Expand.Timeout.D(),
			AllowLoopback: u.Expand.AllowLoopback, IsShortener: cat.ShortenerHost})
	}
	return urls.NewInspector(o), nil
}

// newLinks is linkInspector as proxy.Options.NewLinks wants it.
func newLinks(cfg *config.Config) (inspect.LinkInspector, error) {
	li, err := linkInspector(cfg)
	if err != nil {
		return nil, err
	}
	return li, nil
}
