package main

import (
	"context"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// CA file names inside --dir, as certs.CreateCA writes them.
const (
	defaultCADir  = "chatdlp-ca"
	caCertFile    = certs.CertFileName
	caKeyFile     = certs.KeyFileName
	defaultCAName = certs.DefaultCommonName
)

func (a *app) caCommand() *ffcli.Command {
	c := a.command(&ffcli.Command{
		Name:        "ca",
		ShortUsage:  "chatdlp ca <init|export> [flags]",
		ShortHelp:   "create the company CA or print its certificate",
		Subcommands: []*ffcli.Command{a.caInitCommand(), a.caExportCommand()},
	})
	c.Exec = a.groupExec(c)
	return c
}

func (a *app) caInitCommand() *ffcli.Command {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	dir := fs.String("dir", defaultCADir, "directory for ca.pem and ca-key.pem")
	name := fs.String("name", defaultCAName, "common name of the CA certificate")
	useRSA := fs.Bool("rsa", false, "RSA-3072 instead of ECDSA P-256")
	c := a.command(&ffcli.Command{
		Name:       "init",
		ShortUsage: "chatdlp ca init [--dir DIR] [--name CN] [--rsa]",
		ShortHelp:  "create a CA (DIR/ca.pem, DIR/ca-key.pem mode 0600); never overwrites",
		FlagSet:    fs,
	})
	c.Exec = func(_ context.Context, args []string) error {
		if err := noArgs(c, args); err != nil {
			return err
		}
		if _, err := certs.CreateCA(*dir, *name, *useRSA); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "created CA %q\ncertificate: %s (install it in trust stores: chatdlp ca export)\nprivate key: %s (mode 0600, keep it secret)\n",
			*name, filepath.Join(*dir, caCertFile), filepath.Join(*dir, caKeyFile))
		return nil
	}
	return c
}

func (a *app) caExportCommand() *ffcli.Command {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dir := fs.String("dir", defaultCADir, "directory holding ca.pem")
	der := fs.Bool("der", false, "print DER (binary) instead of PEM")
	c := a.command(&ffcli.Command{
		Name:       "export",
		ShortUsage: "chatdlp ca export [--dir DIR] [--der]",
		ShortHelp:  "print the CA certificate to install in trust stores",
		FlagSet:    fs,
	})
	c.Exec = func(_ context.Context, args []string) error {
		if err := noArgs(c, args); err != nil {
			return err
		}
		block, err := readCACert(filepath.Join(*dir, caCertFile))
		if err != nil {
			return err
		}
		if *der {
			_, err = a.stdout.Write(block.Bytes)
		} else {
			err = pem.Encode(a.stdout, block)
		}
		return err
	}
	return c
}

// readCACert reads the first CERTIFICATE block of a PEM file. The key is not
// needed (nor read) to export the certificate.
func readCACert(path string) (*pem.Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("ca export: %s does not exist (create a CA with chatdlp ca init)", path)
		}
		return nil, fmt.Errorf("ca export: %w", err)
	}
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("ca export: %s: no CERTIFICATE PEM block", path)
		}
		if block.Type == "CERTIFICATE" {
			return &pem.Block{Type: "CERTIFICATE", Bytes: block.Bytes}, nil
		}
	}
}
