package certs

import (
	"net/netip"
	"strings"
	"testing"
)

func TestNormalizeHost(t *testing.T) {
	long63 := strings.Repeat("a", 63)
	name253 := strings.Repeat(long63+".", 3) + strings.Repeat("b", 61) // 3*64 + 61 = 253
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"dns", "chat.example.com", "chat.example.com", false},
		{"upper case", "Chat.EXAMPLE.com", "chat.example.com", false},
		{"port", "chat.example.com:443", "chat.example.com", false},
		{"trailing dot", "chat.example.com.", "chat.example.com", false},
		{"trailing dot and port", "Chat.Example.com.:8443", "chat.example.com", false},
		{"underscore and hyphen", "_dmarc.my-host.example", "_dmarc.my-host.example", false},
		{"punycode", "xn--bcher-kva.example", "xn--bcher-kva.example", false},
		{"single label", "localhost", "localhost", false},
		{"ipv4", "127.0.0.1", "127.0.0.1", false},
		{"ipv4 port", "10.1.2.3:6697", "10.1.2.3", false},
		{"ipv6 bare", "::1", "::1", false},
		{"ipv6 upper", "2001:DB8::1", "2001:db8::1", false},
		{"ipv6 brackets", "[2001:db8::1]", "2001:db8::1", false},
		{"ipv6 brackets port", "[2001:db8::1]:443", "2001:db8::1", false},
		{"ipv6 zone", "[fe80::1%eth0]:443", "fe80::1", false},
		{"ipv4-mapped", "[::ffff:192.0.2.1]:443", "192.0.2.1", false},
		{"label 63", long63 + ".example", long63 + ".example", false},
		{"name 253", name253, name253, false},
		{"empty", "", "", true},
		{"only port", ":443", "", true},
		{"only dot", ".", "", true},
		{"empty label", "a..example", "", true},
		{"leading dot", ".example.com", "", true},
		{"two trailing dots", "example.com..", "", true},
		{"label 64", long63 + "a.example", "", true},
		{"name 254", name253 + "b", "", true},
		{"wildcard", "*.example.com", "", true},
		{"space", "exa mple.com", "", true},
		{"slash", "example.com/path", "", true},
		{"non-ascii", "bücher.example", "", true},
		{"kelvin sign", "\u212aexample.com", "", true},
		{"nul", "a\x00b.example", "", true},
		{"bad port", "example.com:https", "", true},
		{"long port", "example.com:123456", "", true},
		{"numeric tld", "1.2.3", "", true},
		{"ipv4 leading zero", "01.2.3.4", "", true},
		{"bad ipv6", "1:2:3", "", true},
		{"unclosed bracket", "[::1", "", true},
		{"bracketed name", "[example.com]:443", "", true},
		{"garbage after bracket", "[::1]x", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeHost(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("NormalizeHost(%q): got err %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("NormalizeHost(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNormalizeHost(f *testing.F) {
	for _, s := range []string{"chat.example.com:443", "[::1]:8443", "Example.COM.", "1.2.3.4", "*.x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := NormalizeHost(in)
		if err != nil {
			if got != "" {
				t.Fatalf("NormalizeHost(%q): got %q with error %v, want empty", in, got, err)
			}
			return
		}
		again, err := NormalizeHost(got)
		if err != nil || again != got {
			t.Fatalf("NormalizeHost(%q) = %q, not idempotent: got %q, %v", in, got, again, err)
		}
		if _, err := netip.ParseAddr(got); err == nil {
			return
		}
		if len(got) > maxNameLen || strings.ToLower(got) != got || strings.ContainsAny(got, ":[]% *") {
			t.Fatalf("NormalizeHost(%q): got invalid name %q", in, got)
		}
	})
}
