package extract

import "testing"

func TestDiscordGateway(t *testing.T) {
	gw := func(dir Direction) Input {
		return Input{Service: "discord", Path: "/", Query: "v=10&encoding=json", Direction: dir}
	}
	const token = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
	created := []rtMsg{{channel: dcChannel, user: dcMason, parts: []string{
		"/d/embeds/0/type=rich", "/d/embeds/0/title=Incident 4711", "/d/embeds/0/description=Card 4111 1111 1111 1111 was charged twice",
		"/d/content=Supa Hot, my password is hunter2",
		"/d/attachments/0/filename=q3-forecast.png",
		"/d/attachments/0/url=https://cdn.discordapp.com/attachments/290926798999357250/1234567891233211234/q3-forecast.png",
		"/d/attachments/0/content_type=image/png"}}}
	wsRun(t, "discord", ExtractSocket, []wsCase{
		{name: "identify: the token is no part", in: gw(Outbound), fixture: "ws_identify.json",
			want:   []rtMsg{{parts: []string{"/d/presence/activities/0/name=Cards Against Humanity", "/d/presence/status=dnd"}}},
			absent: []string{token, "MTk4", "linux", "disco"}},
		{name: "resume: the token and session are no parts", in: gw(Outbound), fixture: "ws_resume.json",
			want: []rtMsg{{}}, absent: []string{token, "evenmorerandomstring"}},
		{name: "heartbeat", in: gw(Outbound), fixture: "ws_heartbeat.json", want: []rtMsg{{}}},
		{name: "presence custom status", in: gw(Outbound), fixture: "ws_presence.json",
			want: []rtMsg{{parts: []string{"/d/activities/0/name=Custom Status", "/d/activities/0/state=call me on +1 415 555 0100", "/d/status=online"}}},
			edit: &wsEdit{msg: 0, path: "/d/activities/0/state", text: "call me", from: `"call me on +1 415 555 0100"`, to: `"call me"`}},
		{name: "hello", in: gw(Inbound), fixture: "ws_hello.json", want: []rtMsg{{}}, absent: []string{"gateway-prd"}},
		{name: "ready: session, tokens and the account are no parts", in: gw(Inbound), fixture: "ws_ready.json",
			want:   []rtMsg{{}},
			absent: []string{"d7c2b3b6", "MjkwOTI2", "c2Vzc2lvbi1oYXNo", "mason@example.com", "gateway-us-east1"}},
		{name: "message create", in: gw(Inbound), fixture: "ws_message_create.json", want: created,
			absent: []string{"334385199974967042", "334385199974967041", "53908099506183680", "Mason", "2017-07-11", "media.discordapp.net",
				"MESSAGE_CREATE", "a_bab14f"},
			edit: &wsEdit{msg: 0, path: "/d/content", text: "Supa Hot, my password is [redacted]",
				from: `is hunter2"`, to: `is [redacted]"`}},
		{name: "message create embed", in: Input{Service: "discord", Path: "/", Query: "encoding=json&v=9", Direction: Inbound},
			fixture: "ws_message_create.json", want: created,
			edit: &wsEdit{msg: 0, path: "/d/embeds/0/description", text: "Card **** was charged twice",
				from: `"Card 4111 1111 1111 1111 was`, to: `"Card **** was`}},
		{name: "message update", in: gw(Inbound), fixture: "ws_message_update.json",
			want: []rtMsg{{channel: dcChannel, user: dcMason, parts: []string{"/d/content=Edited: IBAN DE89 3704 0044 0532 0130 00"}}},
			edit: &wsEdit{msg: 0, path: "/d/content", text: "Edited: IBAN ****", from: `IBAN DE89 3704 0044 0532 0130 00"`, to: `IBAN ****"`}},
		{name: "typing start", in: gw(Inbound),
			body: `{"t":"TYPING_START","s":5,"op":0,"d":{"user_id":"80351110224678912","timestamp":1700000000,"channel_id":"290926798999357250"}}`,
			want: []rtMsg{{channel: dcChannel, user: dcKyle}}},
		{name: "not json", in: gw(Inbound), body: `x`, want: []rtMsg{{parts: []string{"=x"}}}},
	})
}
