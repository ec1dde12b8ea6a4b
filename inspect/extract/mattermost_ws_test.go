package extract

import "testing"

func TestMattermostSocket(t *testing.T) {
	ws := func(dir Direction) Input {
		return Input{Service: "mattermost", Path: "/api/v4/websocket", Query: "connection_id=&sequence_number=0", Direction: dir}
	}
	const (
		channel = "1waumyyd6jyczrxntuiopybygy"
		alice   = "cmr7sncacib4xfhd6yo3n4tf5e"
		bob     = "911gzgbxy3fwfbdf9eg6z8xgnw"
	)
	posted := []rtMsg{{channel: channel, user: alice, parts: []string{
		"/data/post/message=Deploy key AKIAIOSFODNN7EXAMPLE, rotate after the demo",
		"/data/post/props/attachments/0/fallback=CI report", "/data/post/props/attachments/0/title=Build #42",
		"/data/post/props/attachments/0/text=Tests failed: card 4111 1111 1111 1111"}}}
	wsRun(t, "mattermost", ExtractSocket, []wsCase{
		{name: "posted", in: ws(Inbound), fixture: "ws_posted.json", want: posted,
			absent: []string{"ap8doms33tn1pj3ihjk3gmf4jy", alice, bob, "Town Square", "town-square", "@alice", "f3bkyd7p7jbpmct9xvnmbt6s3e", "posted"},
			edit: &wsEdit{msg: 0, path: "/data/post/message", text: `Deploy key "[key]", rotate after the demo`,
				from: `Deploy key AKIAIOSFODNN7EXAMPLE, rotate`, to: `Deploy key \\\"[key]\\\", rotate`}},
		{name: "posted attachment", in: ws(Inbound), fixture: "ws_posted.json", want: posted,
			edit: &wsEdit{msg: 0, path: "/data/post/props/attachments/0/text", text: "Tests failed: card ****",
				from: `card 4111 1111 1111 1111`, to: `card ****`}},
		{name: "post edited", in: ws(Inbound), fixture: "ws_post_edited.json",
			want: []rtMsg{{channel: channel, user: alice, parts: []string{"/data/post/message=Edited: my SSN is 078-05-1120"}}},
			edit: &wsEdit{msg: 0, path: "/data/post/message", text: "Edited: my SSN is ***-**-****",
				from: `078-05-1120`, to: `***-**-****`}},
		{name: "draft created", in: ws(Inbound), fixture: "ws_draft_created.json",
			want: []rtMsg{{channel: channel, user: alice, parts: []string{"/data/draft/message=draft: password hunter2"}}},
			edit: &wsEdit{msg: 0, path: "/data/draft/message", text: "draft", from: `draft: password hunter2`, to: `draft`}},
		{name: "authentication challenge: the token is no part", in: ws(Outbound), fixture: "ws_auth_challenge.json",
			want: []rtMsg{{}}, absent: []string{"4cacdozwn3fndnzobbpha3nnhy", "authentication_challenge"}},
		{name: "user typing", in: ws(Outbound), fixture: "ws_user_typing.json", want: []rtMsg{{channel: channel}}},
		{name: "typing", in: ws(Inbound), fixture: "ws_typing.json", want: []rtMsg{{channel: channel, user: bob}}},
		{name: "hello", in: ws(Inbound), fixture: "ws_hello.json", want: []rtMsg{{}}, absent: []string{"c1b6k8z9", "9.11.0"}},
		{name: "response", in: ws(Inbound), fixture: "ws_response.json", want: []rtMsg{{}}},
		{name: "a subpath install", in: Input{Service: "mattermost", Path: "/chat/api/v4/websocket", Direction: Outbound},
			fixture: "ws_auth_challenge.json", want: []rtMsg{{}}, absent: []string{"4cacdozwn3fndnzobbpha3nnhy"}},
	})
}
