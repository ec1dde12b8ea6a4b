package inspect

import (
	"context"
	"testing"

	"github.com/chatdlp/chatdlp/rules"
)

// TestMarkdownClientSecret checks that the markdown stage keeps the ~ and
// _ of a token shaped like an Azure AD client secret, and still rejoins
// values split by the same markers elsewhere.
func TestMarkdownClientSecret(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"secret as written", "secret rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQz ok", "secret rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQz ok"},
		{"secret with _ between digits", "-p 7IP7Q~o_IFQBV-12_34.2ZUGM1pDoLx1vM.2T", "-p 7IP7Q~o_IFQBV-12_34.2ZUGM1pDoLx1vM.2T"},
		{"secret before a full stop", "it is qIu8Q~LPnAIBwI~1N2MaleQW3MUO6F8lNxo.g1rA.", "it is qIu8Q~LPnAIBwI~1N2MaleQW3MUO6F8lNxo.g1rA."},
		{"secret in a code span", "`rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQz`", "`rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQz`"},
		{"one character short is not a secret", "rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQ", "rXL8QwblKEBhtEgdYDNpeD8mzlpNYHTKjjhEQ"},
		{"strikethrough evasion still rejoined", "AKIA~IOSF~ODNN7EXAMPLE and 4012~8888~8888~1881", "AKIAIOSFODNN7EXAMPLE and 4012888888881881"},
		{"paired strikethrough in a token", "AKIA~UJZD~EGXD~NCF32EPF", "AKIAUJZDEGXDNCF32EPF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := normalize(tt.in)
			defer n.put()
			if n.s != tt.want {
				t.Errorf("normalize(%q): got %q, want %q", tt.in, n.s, tt.want)
			}
			checkMap(t, tt.in, n)
		})
	}
}

// TestInspectClientSecret checks end to end that the built-in pack finds
// an Azure AD client secret whose ~ and _ the markdown stage used to
// remove, and the whole secret, not a piece of it.
func TestInspectClientSecret(t *testing.T) {
	e, _ := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	for _, secret := range []string{"rXL8Q~wblKEBhtEgdYD~NpeD8mzlpNYHTKjjhEQz", "7IP7Q~o_IFQBV-12_34.2ZUGM1pDoLx1vM.2T"} {
		text := "AZURE_CLIENT_SECRET: `" + secret + "` (the app registration)"
		v, err := e.Inspect(context.Background(), Message{Text: text, Direction: rules.DirectionOutbound, Service: "slack"})
		if err != nil {
			t.Fatalf("Inspect(%q): %v", text, err)
		}
		var got string
		for _, f := range v.Findings {
			if f.RuleID == "azure-client-secret" {
				got = text[f.Start:f.End]
			}
		}
		if got != secret {
			t.Errorf("Inspect(%q): azure-client-secret found %q, want %q", text, got, secret)
		}
	}
}
