package urls

import (
	"context"
	"errors"
	"net/url"
	"path"
	"strings"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
)

// The events and pseudo rule ids of the URL policy (docs/inspection.md).
const (
	EventShortener = "url.shortener"
	EventDeny      = "url.deny"
	EventHomograph = "url.homograph"
	EventLabel     = "url.label"
)

// Options configure an Inspector.
type Options struct {
	Catalogue   *Catalogue
	Shorteners  rules.Action // urls.shorteners.action: block, redact (the link is masked), log, allow
	Executables rules.Action // files.executables.action: a short link that leads to a program download
	Expander    *Expander    // nil: short links are not expanded (urls.shorteners.expand false)
}

// Inspector is the URL policy on a message's text (inspect.LinkInspector):
// a link to a denied domain is blocked (url.deny); a short link takes the
// shortener action (url.shortener), after expansion when configured, where
// it leads checked again (a denied domain, a program download); a
// homograph host and a label that shows another host than the link's are
// logged (url.homograph, url.label). Inbound messages are judged alike.
type Inspector struct {
	o Options
}

var _ inspect.LinkInspector = (*Inspector)(nil)

// NewInspector builds the URL policy.
func NewInspector(o Options) *Inspector { return &Inspector{o: o} }

// InspectLinks judges every link of text.
func (i *Inspector) InspectLinks(ctx context.Context, text string, _ *inspect.Meta) []inspect.LinkFinding {
	links := Extract(text)
	if len(links) == 0 {
		return nil
	}
	var out []inspect.LinkFinding
	for _, l := range links {
		f := inspect.LinkFinding{Start: l.Start, End: l.End, URL: LogURL(l.URL)}
		switch {
		case i.o.Catalogue.Denied(l.Host):
			f.Event, f.RuleID, f.Action, f.Reason = EventDeny, "url-deny", rules.ActionBlock, "link to a denied domain"
		case i.o.Catalogue.Shortener(l):
			if !i.shortLink(ctx, l, &f) {
				continue
			}
		case l.MixedScript:
			f.Event, f.RuleID, f.Action, f.Reason = EventHomograph, "url-homograph", rules.ActionLog, "host mixes scripts (homograph)"
		case l.LabelHost != "":
			f.Event, f.RuleID, f.Action, f.Reason = EventLabel, "url-label", rules.ActionLog, "label shows "+l.LabelHost+", link goes to "+l.Domain
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// shortLink judges a short link, expanded when configured; false when
// the policy lets it pass unremarked.
func (i *Inspector) shortLink(ctx context.Context, l Link, f *inspect.LinkFinding) bool {
	f.Event, f.RuleID, f.Action, f.Reason = EventShortener, "url-shortener", i.o.Shorteners, "shortened link"
	if i.o.Expander != nil {
		final, _, err := i.o.Expander.Expand(ctx, l.URL)
		if final != "" && final != l.URL {
			f.ExpandedURL = LogURL(final)
		}
		switch {
		case err != nil:
			f.Reason = "shortened link, not expanded: " + expandReason(err)
		case i.o.Catalogue.Denied(hostOf(final)):
			f.Event, f.RuleID, f.Action, f.Reason = EventDeny, "url-deny", rules.ActionBlock, "shortened link to a denied domain"
			return true
		case inspect.ExecutableName(pathOf(final)):
			f.Action, f.Reason = max(f.Action, i.o.Executables), "shortened link to a program download"
		}
	}
	return f.Action != rules.ActionAllow
}

// expandReason is why an expansion stopped, for the log.
func expandReason(err error) string {
	for _, e := range []error{ErrBlockedAddress, ErrBlockedPort, ErrTooManyHops, ErrLoop, ErrTimeout, ErrBadURL} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "failed"
}

// LogURL is a URL as the log may carry it: scheme, host and path, without
// user info, query or fragment (where tokens and personal data sit).
func LogURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return NormalizeHost(u.Hostname())
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(path.Base(u.Path))
}
