package main

import (
	"context"
	"flag"
	"os"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/peterbourgon/ff/v3/ffcli"
)

func (a *app) icapCommand() *ffcli.Command {
	fs := flag.NewFlagSet("icap", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "chatdlp.yaml (default: the embedded default)")
	c := a.command(&ffcli.Command{
		Name:       "icap",
		ShortUsage: "chatdlp icap [--config FILE]",
		ShortHelp:  "run the inspection as an ICAP service (RFC 3507) for Squid",
		LongHelp: "Run chatdlp's inspection as an ICAP service on icap.listen (default 127.0.0.1:1344):\n" +
			"REQMOD at icap://HOST:PORT/reqmod, RESPMOD at icap://HOST:PORT/respmod. The same\n" +
			"configuration, rules, policy, logs and admin endpoints as `serve`; clients.allow names\n" +
			"the ICAP clients (the Squid hosts). SIGHUP or a change to the config or a rule file\n" +
			"reloads (the ISTag changes); SIGTERM or SIGINT shuts down gracefully.",
		FlagSet: fs,
	})
	c.Exec = func(ctx context.Context, args []string) error {
		if err := noArgs(c, args); err != nil {
			return err
		}
		return a.serve(ctx, *cfgPath, modeICAP)
	}
	return c
}

// ephemeralCA is the issuer of an ICAP server: the ICAP client terminates
// TLS, so chatdlp never issues a certificate and the configured CA is
// neither read nor created. The proxy still wants an issuer: a throwaway
// one, whose files are removed at once.
func ephemeralCA(*config.Config) (*certs.Issuer, error) {
	dir, err := os.MkdirTemp("", "chatdlp-icap-ca-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	ca, err := certs.CreateCA(dir, "chatdlp ICAP (unused)", false)
	if err != nil {
		return nil, err
	}
	return certs.NewIssuer(ca, certs.IssuerOptions{}), nil
}
