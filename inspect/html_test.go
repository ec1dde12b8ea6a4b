package inspect

import (
	"strings"
	"testing"
)

// TestKeyValueAttr: a tag with key="…" and value="…" gives the stretch
// between them to be inspected, so the value is read with its key.
func TestKeyValueAttr(t *testing.T) {
	text := `<appSettings><add key="SmtpPassword" value="15Tiger%" /></appSettings>`
	n := normalize(text)
	defer n.put()
	want := `key="SmtpPassword" value="15Tiger%"`
	found := false
	for _, a := range n.attrs {
		found = found || text[a.start:a.end] == want
	}
	if !found {
		t.Errorf("normalize(%q).attrs holds no %q", text, want)
	}
	for _, tag := range []string{`<add key="x">`, `<add value="x" key="y">`, `<add key="k" value=x>`, `<add key="k" value="unclosed>`} {
		if got := keyValueAttr(tag, 0, len(tag), nil); got != nil {
			t.Errorf("keyValueAttr(%q) = %v, want none", tag, got)
		}
	}
}

func TestSecretElement(t *testing.T) {
	text := `<server><id>nexus</id><username>deploy</username><password>Summer2024!</password></server>`
	n := normalize(text)
	defer n.put()
	want := `password>Summer2024!</`
	found := false
	for _, a := range n.attrs {
		found = found || text[a.start:a.end] == want
	}
	if !found {
		t.Errorf("normalize(%q).attrs holds no %q", text, want)
	}
	for _, doc := range []string{`<username>deploy</username>`, `<password/>x</a>`, `<password>ab</password>`,
		`<password>` + strings.Repeat("x", maxElementText+10) + `</password>`, `<password>a<b>c</b></password>`} {
		tag := doc[:strings.IndexByte(doc, '>')+1]
		if got := secretElement(doc, 0, len(tag), nil); got != nil {
			t.Errorf("secretElement(%q) = %v, want none", doc, got)
		}
	}
}
