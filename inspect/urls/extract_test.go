package urls

import (
	"strings"
	"testing"
)

// want is the part of a Link a table row checks; empty fields are not
// checked except where noted.
type want struct {
	raw, url, host, domain, label, labelHost string
	defanged, mixed                          bool
}

func TestExtract(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []want
	}{
		{"plain", "see https://example.com/a?b=c, thanks",
			[]want{{raw: "https://example.com/a?b=c", url: "https://example.com/a?b=c", host: "example.com", domain: "example.com"}}},
		{"scheme-less", "go to example.com/x.",
			[]want{{raw: "example.com/x", url: "http://example.com/x", host: "example.com", domain: "example.com"}}},
		{"scheme-less subdomain", "docs at www.docs.example.co.uk",
			[]want{{raw: "www.docs.example.co.uk", url: "http://www.docs.example.co.uk", domain: "example.co.uk"}}},
		{"upper case", "HTTPS://WWW.Example.COM/Path",
			[]want{{url: "https://www.example.com/Path", host: "www.example.com", domain: "example.com"}}},
		{"port and parens", "(see example.com:8080/a/b)",
			[]want{{raw: "example.com:8080/a/b", url: "http://example.com:8080/a/b"}}},
		{"slack label lure", "read <https://bit.ly/abc|docs.google.com> now",
			[]want{{raw: "<https://bit.ly/abc|docs.google.com>", url: "https://bit.ly/abc", host: "bit.ly", domain: "bit.ly",
				label: "docs.google.com", labelHost: "docs.google.com"}}},
		{"slack label same domain", "<https://docs.google.com/d/1|docs.google.com/d/1>",
			[]want{{host: "docs.google.com", label: "docs.google.com/d/1", labelHost: ""}}},
		{"slack bare", "<https://x.example>",
			[]want{{raw: "<https://x.example>", url: "https://x.example", host: "x.example", label: ""}}},
		{"slack escaped ampersand", "<https://example.com/?a=1&amp;b=2|text>",
			[]want{{url: "https://example.com/?a=1&b=2", label: ""}}},
		{"slack user mention and channel", "<@U024BE7LH> in <#C024BE7LR|general> <!here>", nil},
		{"html anchor", `hi <a href="https://t.co/x">click</a> bye`,
			[]want{{raw: `<a href="https://t.co/x">click</a>`, url: "https://t.co/x", host: "t.co", label: ""}}},
		{"html anchor lure", `<A class="x" HREF='https://evil.example/login?a=1&amp;b=2'><b>www.paypal.com</b></A>`,
			[]want{{url: "https://evil.example/login?a=1&b=2", label: "www.paypal.com", labelHost: "www.paypal.com"}}},
		{"html mailto not a link", `<a href="mailto:bob@example.com">bob@example.com</a>`, nil},
		{"defanged scheme and dot", "IOC: hxxps://evil[.]example/x",
			[]want{{raw: "hxxps://evil[.]example/x", url: "https://evil.example/x", host: "evil.example", defanged: true}}},
		{"defanged (dot)", "evil(dot)example please block",
			[]want{{raw: "evil(dot)example", url: "http://evil.example", host: "evil.example", defanged: true}}},
		{"defanged [:] and [dot]", "hXXp[:]//bad[dot]example[.]com/p",
			[]want{{raw: "hXXp[:]//bad[dot]example[.]com/p", url: "http://bad.example.com/p", domain: "example.com", defanged: true}}},
		{"defanged slack", "<hxxps://evil[.]example/x>",
			[]want{{url: "https://evil.example/x", defanged: true}}},
		{"idn", "https://bücher.example/buch",
			[]want{{raw: "https://bücher.example/buch", url: "https://xn--bcher-kva.example/buch", host: "xn--bcher-kva.example", mixed: false}}},
		{"ideographic dot", "请看 bit。ly/abc 谢谢",
			[]want{{raw: "bit。ly/abc", url: "http://bit.ly/abc", host: "bit.ly", domain: "bit.ly", defanged: false}}},
		{"full-width dots", "bit．ly/abc and t｡co/z",
			[]want{{raw: "bit．ly/abc", host: "bit.ly"}, {raw: "t｡co/z", host: "t.co"}}},
		{"homograph", "login at https://аpple.com now",
			[]want{{raw: "https://аpple.com", host: "xn--pple-43d.com", domain: "xn--pple-43d.com", mixed: true}}},
		{"homograph punycode", "xn--pple-43d.com",
			[]want{{raw: "xn--pple-43d.com", host: "xn--pple-43d.com", mixed: true}}},
		{"single-script idn", "https://яндекс.рф/",
			[]want{{host: "xn--d1acpjx3f.xn--p1ai", mixed: false}}},
		{"ipv4", "http://10.0.0.1/admin and 192.168.1.1/x",
			[]want{{host: "10.0.0.1", domain: "10.0.0.1"}, {raw: "192.168.1.1/x", host: "192.168.1.1"}}},
		{"ipv6", "http://[2001:db8::1]:8080/x",
			[]want{{url: "http://[2001:db8::1]:8080/x", host: "2001:db8::1"}}},
		{"userinfo lure", "https://www.google.com@evil.example/x",
			[]want{{host: "evil.example", url: "https://www.google.com@evil.example/x"}}},
		{"email not a link", "write to bob.smith@example.com or alice@mail.example.org", nil},
		{"mailto and tel", "mailto:bob@example.com tel:+123", nil},
		{"version numbers", "upgrade from 1.2.3 to v1.10.0 (build 2.0)", nil},
		{"file names", "see report.pdf, setup.py, README.md and data.zip", nil},
		{"file tld with path is a link", "https://x.zip/a and evil.zip/payload",
			[]want{{host: "x.zip"}, {raw: "evil.zip/payload", host: "evil.zip"}}},
		{"prose", "Thanks. I'll check it tomorrow: ok? (fine)...", nil},
		{"several in order", "a https://a.example/1 b <https://b.example|b> c <a href=\"https://c.example\">c</a> d d.example",
			[]want{{host: "a.example"}, {host: "b.example"}, {host: "c.example"}, {host: "d.example"}}},
		{"trailing punctuation", "visit https://example.com/a). Or example.org!",
			[]want{{raw: "https://example.com/a"}, {raw: "example.org"}}},
		{"path with url inside", "example.com/r?u=http://x.example",
			[]want{{raw: "example.com/r?u=http://x.example", host: "example.com"}}},
		{"other scheme skipped, http kept", "ssh://host.example/x https://ok.example",
			[]want{{host: "ok.example"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Extract(tc.text)
			if len(got) != len(tc.want) {
				t.Fatalf("Extract(%q) = %d links %+v, want %d", tc.text, len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				l := got[i]
				if tc.text[l.Start:l.End] != l.Raw {
					t.Errorf("link %d: text[%d:%d] = %q, Raw %q", i, l.Start, l.End, tc.text[l.Start:l.End], l.Raw)
				}
				check := func(field, got, want string) {
					if want != "" && got != want {
						t.Errorf("link %d %s = %q, want %q", i, field, got, want)
					}
				}
				check("Raw", l.Raw, w.raw)
				check("URL", l.URL, w.url)
				check("Host", l.Host, w.host)
				check("Domain", l.Domain, w.domain)
				check("Label", l.Label, w.label)
				if l.LabelHost != w.labelHost {
					t.Errorf("link %d LabelHost = %q, want %q", i, l.LabelHost, w.labelHost)
				}
				if w.label == "" && l.Label != "" && !strings.Contains(tc.name, "label") {
					t.Errorf("link %d Label = %q, want none", i, l.Label)
				}
				if l.Defanged != w.defanged {
					t.Errorf("link %d Defanged = %v, want %v", i, l.Defanged, w.defanged)
				}
				if l.MixedScript != w.mixed {
					t.Errorf("link %d MixedScript = %v, want %v", i, l.MixedScript, w.mixed)
				}
			}
		})
	}
}

func TestNormalizeHost(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Example.COM.", "example.com"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"bit。ly", "bit.ly"},
		{"ＥＸＡＭＰＬＥ．com", "example.com"},
		{"[::ffff:10.0.0.1]", "10.0.0.1"},
		{"under_score.example", "under_score.example"},
		{"", ""},
		{"...", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := NormalizeHost(tc.in); got != tc.want {
				t.Errorf("NormalizeHost(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
