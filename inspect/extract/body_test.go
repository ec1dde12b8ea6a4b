package extract

import (
	"strings"
	"testing"
)

// TestNothingHides: text a server would read is a part wherever the
// client puts it: a valueless form field, a form field's name, a body
// that claims a binary type, a multipart value typed as binary, Slack's
// query arguments, and a Rocket.Chat message that says it is encrypted.
func TestNothingHides(t *testing.T) {
	const card = "card 4012 8888 8888 1881"
	tests := []struct {
		name     string
		in       Input
		readOnly bool // the part holding the card cannot be rewritten
	}{
		{"valueless form field (curl -d)", Input{ContentType: "application/x-www-form-urlencoded", Body: []byte("card+4012+8888+8888+1881")}, false},
		{"form field name", Input{ContentType: "application/x-www-form-urlencoded", Body: []byte("card+4012+8888+8888+1881=x&a=b")}, false},
		{"json sent as an image", Input{Service: "mattermost", Method: "POST", Path: "/api/v4/posts", ContentType: "image/png",
			Body: []byte(`{"channel_id":"c","message":"` + card + `"}`)}, true},
		{"text with a stray byte sent as binary", Input{ContentType: "application/x-thing", Body: []byte(card + " \xff")}, true},
		{"multipart value typed as binary", Input{ContentType: "multipart/form-data; boundary=B",
			Body: []byte("--B\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: application/octet-stream\r\n\r\n" + card + "\r\n--B--\r\n")}, false},
		{"slack query arguments", Input{Service: "slack", Method: "POST", Path: "/api/chat.postMessage", Query: "channel=C1&text=card+4012+8888+8888+1881",
			ContentType: "application/json", Body: []byte(`{}`)}, true},
		{"rocket.chat message that says e2e", Input{Service: "rocketchat", Method: "POST", Path: "/api/v1/chat.sendMessage", ContentType: "application/json",
			Body: []byte(`{"message":{"rid":"R1","msg":"` + card + `","t":"e2e"}}`)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Extract(&tt.in)
			if err != nil || d == nil {
				t.Fatalf("Extract(): %v, %v", d, err)
			}
			var found *Part
			for _, m := range d.Messages {
				for _, p := range m.Parts {
					if strings.Contains(p.Text, "4012 8888 8888 1881") {
						found = p
					}
				}
			}
			if found == nil {
				t.Fatalf("Extract(): no part holds the card: %v", paths(d))
			}
			if ok := d.Replace(found, strings.Repeat("*", len(found.Text))); ok == tt.readOnly {
				t.Errorf("Replace(): %v, want %v", ok, !tt.readOnly)
			}
			if !tt.readOnly && strings.Contains(string(d.Bytes()), "8888") {
				t.Errorf("Bytes() after Replace: %q still holds the card", d.Bytes())
			}
		})
	}
}
