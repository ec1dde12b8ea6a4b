package main

import (
	"fmt"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/rules"
)

// fileInspector builds the file inspector of a configuration (files.*),
// for the proxy at start and at every reload, and for scan.
func fileInspector(cfg *config.Config) (*files.Inspector, error) {
	ex := cfg.Files.Executables
	action, err := rules.ParseAction(ex.Action)
	if err != nil {
		return nil, fmt.Errorf("files.executables.action: %w", err)
	}
	return files.New(action, ex.AllowSHA256, ex.DenySHA256)
}

// newFiles is fileInspector as proxy.Options.NewFiles wants it.
func newFiles(cfg *config.Config) (inspect.FileInspector, error) {
	fi, err := fileInspector(cfg)
	if err != nil {
		return nil, err
	}
	return fi, nil
}
