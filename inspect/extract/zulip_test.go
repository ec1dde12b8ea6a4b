package extract

import "testing"

func TestZulipRoutes(t *testing.T) {
	form := func(method, path string) Input {
		return Input{Method: method, Path: path, ContentType: "application/x-www-form-urlencoded", Direction: Outbound}
	}
	get := func(path, query string) Input {
		return Input{Method: "GET", Path: path, Query: query, ContentType: "application/json", Direction: Inbound}
	}
	list := []chatMessage{
		{channel: "Denmark", user: "hamlet@zulip.com", removable: true,
			parts: []string{"/content=<p>Something is rotten in the state of Denmark: card 4111 1111 1111 1111</p>", "/subject=Castle"}},
		{user: "iago@zulip.com", removable: true,
			parts: []string{"/content=<p>what are you planning to do this week? My number is +1 415 555 0100</p>"}},
		{channel: "Verona", user: "othello@zulip.com", removable: true,
			parts: []string{`/content=<p>Tracking this in <a href="https://github.com/zulip/zulip/issues/1234">#1234</a></p>`,
				"/subject=issue #1234", "/topic_links/0/text=#1234", "/topic_links/0/url=https://github.com/zulip/zulip/issues/1234"}},
	}
	chatRun(t, "zulip", []chatRoute{
		{name: "send channel message", in: form("POST", "/api/v1/messages"), fixture: "send_stream.form", remove: -1,
			want: []chatMessage{{channel: "Denmark", parts: []string{"topic=Castle",
				"content=I come not, friends, to steal away your hearts. Card: 4111 1111 1111 1111"}}},
			replace: &chatEdit{0, "content", "I come not, friends, to steal away your hearts. Card: ****", "content"}},
		{name: "send channel message topic", in: form("POST", "/api/v1/messages"), fixture: "send_stream.form", remove: -1,
			want: []chatMessage{{channel: "Denmark", parts: []string{"topic=Castle",
				"content=I come not, friends, to steal away your hearts. Card: 4111 1111 1111 1111"}}},
			replace: &chatEdit{0, "topic", "C&stle=?", "topic"}},
		{name: "send direct message", in: form("POST", "/api/v1/messages"), fixture: "send_direct.form", remove: -1,
			want:    []chatMessage{{channel: "[9]", parts: []string{"content=With mirth and laughter let old wrinkles come. SSN 078-05-1120"}}},
			replace: &chatEdit{0, "content", "With mirth and laughter let old wrinkles come. SSN ***-**-****", "content"}},
		{name: "send from web client", in: form("POST", "/json/messages"), fixture: "send_client.form", remove: -1,
			want: []chatMessage{{channel: "Denmark", parts: []string{"subject=Payroll Q3",
				"content=Bob's IBAN is DE89 3704 0044 0532 0130 00"}}},
			replace: &chatEdit{0, "content", "Bob's IBAN is ****", "content"}},
		{name: "edit message", in: form("PATCH", "/api/v1/messages/16"), fixture: "edit.form", remove: -1,
			want:    []chatMessage{{channel: "7", parts: []string{"topic=Castle", "content=New content: password hunter2"}}},
			replace: &chatEdit{0, "content", "New content: password ****", "content"}},
		{name: "edit from web client", in: form("PATCH", "/json/messages/16"), fixture: "edit.form", remove: -1,
			want:    []chatMessage{{channel: "7", parts: []string{"topic=Castle", "content=New content: password hunter2"}}},
			replace: &chatEdit{0, "topic", "Moat", "topic"}},
		{name: "get messages", in: get("/api/v1/messages", "anchor=newest&num_before=100&num_after=0"), fixture: "messages.json",
			want: list, remove: 0,
			replace: &chatEdit{0, "/content", "<p>Something is rotten in the state of Denmark: card ****</p>", "/messages/0/content"}},
		{name: "get messages web remove direct", in: get("/json/messages", "anchor=21&num_before=2&num_after=0"), fixture: "messages.json",
			want: list, remove: 1,
			replace: &chatEdit{2, "/subject", "issue", "/messages/2/subject"}},
		{name: "get messages remove last", in: get("/api/v1/messages", ""), fixture: "messages.json", want: list, remove: 2},
	})
}

func TestZulipSkipsAPIKey(t *testing.T) {
	d, err := Extract(&Input{Service: "zulip", Method: "POST", Path: "/api/v1/messages", ContentType: "application/x-www-form-urlencoded",
		Direction: Outbound, Body: []byte("api_key=a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5&type=stream&to=Denmark&topic=Castle&content=hello")})
	if got, want := chatDescribe(d), chatExpect([]chatMessage{{channel: "Denmark", parts: []string{"topic=Castle", "content=hello"}}}); err != nil ||
		len(got) != 1 || got[0] != want[0] {
		t.Errorf("Extract(): got %v, %v, want %v", got, err, want)
	}
}

func TestZulipBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "zulip", "/result", "/msg", "/code")
	rtCheckByPath(t, "zulip", "/api/v1/messages", "/json/messages", "/api/v1/messages/16", "/json/messages/16")
}
