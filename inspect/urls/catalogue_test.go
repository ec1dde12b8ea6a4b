package urls

import (
	"strings"
	"testing"
)

func TestCatalogue(t *testing.T) {
	c, err := NewCatalogue(Policy{
		ShortenerExtra: []string{"go.corp.example", "Short.EXAMPLE."},
		ShortenerAllow: []string{"youtu.be"},
		Deny:           []string{"denied.example", "bücher.example", "10.9.8.7"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() < 1000 {
		t.Errorf("Len() = %d, want the bundled list (over 1000)", c.Len())
	}
	for _, tc := range []struct {
		text      string
		shortener bool
	}{
		{"https://bit.ly/abc", true},
		{"https://www.bit.ly/abc", true},
		{"t.co/x", true},
		{"https://tinyurl.com/x", true},
		{"https://go.corp.example/x", true},
		{"https://a.short.example/x", true},
		{"https://corp.example/x", false},
		{"https://youtu.be/x", false}, // allowed
		{"https://example.com/x", false},
		{"https://ly/x", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			ls := Extract(tc.text)
			if len(ls) != 1 {
				if tc.shortener {
					t.Fatalf("Extract(%q) = %+v", tc.text, ls)
				}
				return
			}
			if got := c.Shortener(ls[0]); got != tc.shortener {
				t.Errorf("Shortener(%s) = %v, want %v", ls[0].Host, got, tc.shortener)
			}
			if got := c.ShortenerHost(strings.ToUpper(ls[0].Host)); got != tc.shortener {
				t.Errorf("ShortenerHost(%s) = %v, want %v", ls[0].Host, got, tc.shortener)
			}
		})
	}
	for _, tc := range []struct {
		host   string
		denied bool
	}{
		{"denied.example", true},
		{"DENIED.example.", true},
		{"a.b.denied.example", true},
		{"notdenied.example", false},
		{"example", false},
		{"xn--bcher-kva.example", true},
		{"www.bücher.example", true},
		{"10.9.8.7", true},
		{"8.7", false},
		{"", false},
	} {
		t.Run("deny "+tc.host, func(t *testing.T) {
			if got := c.Denied(tc.host); got != tc.denied {
				t.Errorf("Denied(%q) = %v, want %v", tc.host, got, tc.denied)
			}
		})
	}
}

func TestNewCatalogueErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Policy
		want string
	}{
		{"url", Policy{Deny: []string{"https://evil.example/"}}, "urls.deny[0]"},
		{"path", Policy{ShortenerExtra: []string{"ok.example", "evil.example/x"}}, "urls.shorteners.extra_domains[1]"},
		{"wildcard", Policy{ShortenerAllow: []string{"*.example.com"}}, "no wildcards"},
		{"empty", Policy{Deny: []string{" "}}, "empty entry"},
		{"single label", Policy{Deny: []string{"localhost"}}, "single label"},
		{"port", Policy{Deny: []string{"evil.example:443"}}, "no port"},
		{"ip as shortener", Policy{ShortenerExtra: []string{"10.0.0.1"}}, "IP address"},
		{"invalid", Policy{Deny: []string{"bad..example"}}, "not a valid domain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewCatalogue(tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewCatalogue(%+v) error %v, want one containing %q", tc.p, err, tc.want)
			}
		})
	}
}
