package extract

import (
	"slices"
	"testing"
)

// TestSlackWebAPI: the texts of Slack Web API bodies, without the session
// token, the channel id and the message timestamps.
func TestSlackWebAPI(t *testing.T) {
	post := func(ctype, body string) Input {
		return Input{Service: "slack", Method: "POST", Path: "/api/chat.postMessage", ContentType: ctype, Body: []byte(body)}
	}
	tests := []struct {
		name    string
		in      Input
		want    []string
		channel string
	}{
		{name: "json post", in: post("application/json; charset=utf-8",
			`{"channel":"C0123456789","text":"hi team","as_user":true,"thread_ts":"1700000000.000100","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*hi*"}}]}`),
			want: []string{"/text=hi team", "/blocks/0/type=section", "/blocks/0/text/type=mrkdwn", "/blocks/0/text/text=*hi*"}, channel: "C0123456789"},
		{name: "web client form", in: post("application/x-www-form-urlencoded",
			`token=xoxc-1-2-3&channel=C1&ts=1700000000.000200&text=hello+there&type=message`),
			want: []string{"text=hello there", "type=message"}, channel: "C1"},
		{name: "history", in: Input{Service: "slack", Method: "GET", Path: "/api/conversations.history", Query: "channel=C9", Direction: Inbound,
			ContentType: "application/json", Body: []byte(`{"ok":true,"messages":[{"type":"message","user":"U1","text":"inbound","ts":"1700000000.000300"}]}`)},
			want: []string{"/type=message", "/user=U1", "/text=inbound"}, channel: "C9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Extract(&tt.in)
			if err != nil || d == nil || len(d.Messages) == 0 {
				t.Fatalf("Extract(): %v, %v", d, err)
			}
			if got := paths(d); !slices.Equal(got, tt.want) {
				t.Errorf("Extract() parts: got %q, want %q", got, tt.want)
			}
			if got := d.Messages[0].Channel; got != tt.channel {
				t.Errorf("Extract() channel: got %q, want %q", got, tt.channel)
			}
		})
	}
}
