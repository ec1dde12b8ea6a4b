package urls

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// TestInspectLinks: the URL policy on message texts: a denied domain is
// blocked, a short link takes the shortener action (and, expanded, is
// judged by where it leads: a denied domain, a program download), an
// allowed first-party short domain passes, homographs and lures are
// logged, ordinary links pass; the logged URL never carries a query.
func TestInspectLinks(t *testing.T) {
	srv := newShortServer(t)
	srv.redirect("bit.ly/deny", srv.url("denied.example/x"), http.StatusFound)
	srv.redirect("bit.ly/exe", "https://downloads.example/setup.exe", http.StatusFound)
	srv.redirect("bit.ly/ok", "https://docs.example/page", http.StatusFound)
	srv.redirect("bit.ly/priv", "http://10.0.0.1/x", http.StatusFound)
	cat, err := NewCatalogue(Policy{Deny: []string{"denied.example"}, ShortenerAllow: []string{"aka.ms"}})
	if err != nil {
		t.Fatal(err)
	}
	exp := NewExpander(Expander{MaxHops: 3, Timeout: 2 * time.Second, AllowLoopback: true, IsShortener: cat.ShortenerHost, Resolve: testResolver})
	t.Cleanup(exp.Close)
	for _, tt := range []struct {
		name, text string
		expand     bool
		event      string // "" = no finding
		action     rules.Action
		expanded   string
		reason     string
	}{
		{"ordinary link", "see https://docs.example/page?id=1", false, "", 0, "", ""},
		{"denied domain", "get it at https://www.denied.example/x?token=s3cret", false, EventDeny, rules.ActionBlock, "", "denied"},
		{"short link", "look: bit.ly/abc", false, EventShortener, rules.ActionRedact, "", "shortened"},
		{"first-party short domain", "docs at https://aka.ms/docs", false, "", 0, "", ""},
		{"homograph", "log in at https://аpple.com/login", false, EventHomograph, rules.ActionLog, "", "homograph"},
		{"lure", "<https://evil.example/x|docs.google.com>", false, EventLabel, rules.ActionLog, "", "docs.google.com"},
		{"expanded to a denied domain", "bit.ly/deny", true, EventDeny, rules.ActionBlock, "/x", "denied"},
		{"expanded to a program", "bit.ly/exe", true, EventShortener, rules.ActionBlock, "https://downloads.example/setup.exe", "program"},
		{"expanded to a page", "bit.ly/ok", true, EventShortener, rules.ActionRedact, "https://docs.example/page", "shortened link"},
		{"expansion refused", "bit.ly/priv", true, EventShortener, rules.ActionRedact, "", "not expanded"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Catalogue: cat, Shorteners: rules.ActionRedact, Executables: rules.ActionBlock}
			if tt.expand {
				o.Expander = exp
			}
			text := strings.ReplaceAll(tt.text, "bit.ly/", "http://bit.ly:"+srv.port+"/")
			got := NewInspector(o).InspectLinks(context.Background(), text, nil)
			if tt.event == "" {
				if len(got) != 0 {
					t.Fatalf("InspectLinks(): %+v, want nothing", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("InspectLinks(): %+v, want one finding", got)
			}
			f := got[0]
			if f.Event != tt.event || f.Action != tt.action || !strings.Contains(f.ExpandedURL, tt.expanded) || !strings.Contains(f.Reason, tt.reason) {
				t.Errorf("InspectLinks(): %+v, want %s %v expanded %q reason %q", f, tt.event, tt.action, tt.expanded, tt.reason)
			}
			if text[f.Start:f.End] == "" || strings.Contains(f.URL, "?") || strings.Contains(f.URL, "s3cret") {
				t.Errorf("InspectLinks(): span %q, url %q", text[f.Start:f.End], f.URL)
			}
		})
	}
}
