package extract

import "testing"

const (
	rcRoom  = "ByehQjC44FwMeiLbX"
	rcGray  = "y65tAmHs93aDChMWu"
	rcAlice = "Hz9aB8cD7eF6gH5iJ"
	rcE2E   = "Lm2KpQ8rT4vW6yZ9a"
)

func TestRocketChatRoutes(t *testing.T) {
	jsonIn := func(path string) Input {
		return Input{Method: "POST", Path: path, ContentType: "application/json", Direction: Outbound}
	}
	listIn := func(path, query string) Input {
		return Input{Method: "GET", Path: path, Query: query, ContentType: "application/json", Direction: Inbound}
	}
	posted := []rtMsg{{channel: "Xnb2kLD2Pnhdwe3RH", parts: []string{"/alias=Gruggy", "/avatar=http://res.guggy.com/logo_128.png",
		"/emoji=:smirk:", "/text=Sample message: the staging password is Sup3r-Secret!",
		"/attachments/0/author_name=Bradley Hilton", "/attachments/0/color=#ff0000", "/attachments/0/fields/0/title=Test",
		"/attachments/0/fields/0/value=Customer IBAN DE89 3704 0044 0532 0130 00", "/attachments/0/text=Yay for gruggy!",
		"/attachments/0/title=Attachment Example", "/attachments/0/title_link=https://youtube.com"}}}
	card := rtMsg{channel: rcRoom, user: rcGray, removable: true, parts: []string{
		"/msg=my card is 4111 1111 1111 1111", "/md/0/value/0/value=my card is 4111 1111 1111 1111"}}
	history := []rtMsg{card,
		{channel: rcRoom, user: rcAlice, removable: true, encrypted: true},
		{channel: rcRoom, user: rcGray, removable: true, parts: []string{
			"/msg=see the attached report", "/md/0/value/0/value=see the attached report", "/attachments/0/title=report.pdf",
			"/attachments/0/title_link=/file-upload/6KA7K9SRdqp6yqC7q/report.pdf", "/attachments/0/description=Q3 numbers",
			"/file/name=report.pdf"}},
	}
	synced := []rtMsg{card, {channel: rcRoom, user: rcAlice, removable: true, parts: []string{
		"/msg=password reset code 834201", "/md/0/value/0/value=password reset code 834201"}}}
	historyAbsent := []string{"AkzpHAvZpdnuchw2a", rcGray, "graywolf336", "2016-12", "PARAGRAPH", "PLAIN_TEXT", "c2VjcmV0", "6KA7K9SRdqp6yqC7q\""}
	rtRun(t, "rocketchat", []rtCase{
		{name: "postMessage", in: jsonIn("/api/v1/chat.postMessage"), fixture: "post_message.json", remove: -1, want: posted,
			absent: []string{"#general", "Xnb2kLD2Pnhdwe3RH", "2016-12-09"},
			edit: &rtEdit{msg: 0, path: "/text", text: "Sample message: the staging password is [secret]", at: "/text",
				from: "Sup3r-Secret!", to: "[secret]"}},
		{name: "postMessage attachment field", in: jsonIn("/api/v1/chat.postMessage"), fixture: "post_message.json", remove: -1, want: posted,
			edit: &rtEdit{msg: 0, path: "/attachments/0/fields/0/value", text: "Customer IBAN [iban]", at: "/attachments/0/fields/0/value",
				from: "DE89 3704 0044 0532 0130 00", to: "[iban]"}},
		{name: "sendMessage", in: jsonIn("/api/v1/chat.sendMessage"), fixture: "send_message.json", remove: -1,
			want:   []rtMsg{{channel: "GENERAL", parts: []string{"/message/msg=Hello from the API, my SSN is 078-05-1120"}}},
			absent: []string{"Sx8Yz3fGk2pQ7nRbT", "jC9chsFddTvsbFQG7"},
			edit: &rtEdit{msg: 0, path: "/message/msg", text: "Hello from the API, my SSN is ***-**-****", at: "/message/msg",
				from: "078-05-1120", to: "***-**-****"}},
		{name: "update", in: jsonIn("/api/v1/chat.update"), fixture: "update.json", remove: -1,
			want:   []rtMsg{{channel: "GENERAL", parts: []string{"/text=Edited: card 4111 1111 1111 1111"}}},
			absent: []string{"jC9chsFddTvsbFQG7"},
			edit: &rtEdit{msg: 0, path: "/text", text: "Edited: card ****", at: "/text",
				from: "4111 1111 1111 1111", to: "****"}},
		{name: "update encrypted", in: jsonIn("/api/v1/chat.update"), fixture: "update_e2e.json", remove: -1,
			want: []rtMsg{{channel: rcE2E, encrypted: true}}},
		{name: "method.call sendMessage", in: jsonIn("/api/v1/method.call/sendMessage"), fixture: "method_call.json", remove: -1,
			want:   []rtMsg{{channel: "GENERAL", parts: []string{"/message/params/0/msg=wire the money to IBAN DE89 3704 0044 0532 0130 00 today"}}},
			absent: []string{"Sx8Yz3fGk2pQ7nRbU", "sendMessage", "method"},
			edit: &rtEdit{msg: 0, path: "/message/params/0/msg", text: `wire the money to "[iban]" today`, at: "/message/params/0/msg",
				from: `to IBAN DE89 3704 0044 0532 0130 00 today`, to: `to \\\"[iban]\\\" today`}},
		{name: "method.callAnon updateMessage", in: jsonIn("/api/v1/method.callAnon/updateMessage"), fixture: "method_call.json", remove: -1,
			want: []rtMsg{{channel: "GENERAL", parts: []string{"/message/params/0/msg=wire the money to IBAN DE89 3704 0044 0532 0130 00 today"}}}},
		{name: "method.call encrypted", in: jsonIn("/api/v1/method.call/sendMessage"), fixture: "method_call_e2e.json", remove: -1,
			want:   []rtMsg{{channel: rcE2E, encrypted: true}},
			absent: []string{"Zm9vYmFy", "rc.v1.aes-sha2", "pending"}},
		{name: "rooms.upload", fixture: "rooms_upload.multipart", remove: -1,
			in: Input{Method: "POST", Path: "/api/v1/rooms.upload/GENERAL", ContentType: "multipart/form-data; boundary=----WebKitFormBoundaryq3Rt5Yh7Uj9Ik1Ol",
				Direction: Outbound},
			want: []rtMsg{{channel: "GENERAL", files: []string{"salaries.csv"}, parts: []string{"msg=Q3 salaries, do not forward", "description=HR export"}}},
			edit: &rtEdit{msg: 0, path: "msg", text: "[withheld]", at: "/msg", from: "Q3 salaries, do not forward", to: "[withheld]"}},
		{name: "rooms.media", fixture: "rooms_upload.multipart", remove: -1,
			in: Input{Method: "POST", Path: "/api/v1/rooms.media/GENERAL", ContentType: "multipart/form-data; boundary=----WebKitFormBoundaryq3Rt5Yh7Uj9Ik1Ol",
				Direction: Outbound},
			want: []rtMsg{{channel: "GENERAL", files: []string{"salaries.csv"}, parts: []string{"msg=Q3 salaries, do not forward", "description=HR export"}}}},
		{name: "rooms.mediaConfirm", in: jsonIn("/api/v1/rooms.mediaConfirm/GENERAL/6KA7K9SRdqp6yqC7q"), fixture: "media_confirm.json", remove: -1,
			want:   []rtMsg{{channel: "GENERAL", parts: []string{"/msg=contract attached, code 4711", "/description=signed contract"}}},
			absent: []string{"jC9chsFddTvsbFQG7"},
			edit:   &rtEdit{msg: 0, path: "/description", text: "contract", at: "/description", from: `"signed contract"`, to: `"contract"`}},
		{name: "channels.history remove first", in: listIn("/api/v1/channels.history", "roomId="+rcRoom+"&count=3"), fixture: "history.json",
			want: history, remove: 0, list: "/messages", absent: historyAbsent,
			edit: &rtEdit{msg: 0, path: "/md/0/value/0/value", text: "my card is ****", at: "/messages/0/md/0/value/0/value",
				from: `"value":"my card is 4111 1111 1111 1111"`, to: `"value":"my card is ****"`}},
		{name: "groups.history remove encrypted", in: listIn("/api/v1/groups.history", "roomId="+rcRoom), fixture: "history.json",
			want: history, remove: 1, list: "/messages"},
		{name: "im.history remove last", in: listIn("/api/v1/im.history", ""), fixture: "history.json",
			want: history, remove: 2, list: "/messages",
			edit: &rtEdit{msg: 2, path: "/attachments/0/description", text: "[removed]", at: "/messages/2/attachments/0/description",
				from: `"Q3 numbers"`, to: `"[removed]"`}},
		{name: "dm.history", in: listIn("/api/v1/dm.history", ""), fixture: "history.json", want: history, remove: -1},
		{name: "chat.getThreadMessages", in: listIn("/api/v1/chat.getThreadMessages", "tmid=AkzpHAvZpdnuchw2a"), fixture: "history.json",
			want: history, remove: 0, list: "/messages"},
		{name: "chat.syncMessages", in: listIn("/api/v1/chat.syncMessages", "roomId="+rcRoom+"&lastUpdate=2016-12-01T00:00:00.000Z"),
			fixture: "sync_messages.json", want: synced, remove: 1, list: "/result/updated",
			absent: []string{"Mk3Qe7Rz2Lp9Xa1Bc", "alice"},
			edit: &rtEdit{msg: 1, path: "/msg", text: "password reset code ******", at: "/result/updated/1/msg",
				from: `"msg":"password reset code 834201"`, to: `"msg":"password reset code ******"`}},
		{name: "chat.syncMessages remove first", in: listIn("/api/v1/chat.syncMessages", ""),
			fixture: "sync_messages.json", want: synced, remove: 0, list: "/result/updated"},
	})
}

// TestRocketChatSyncAsMessages: a sync answer given as {"messages":[…]}
// is read as well.
func TestRocketChatSyncAsMessages(t *testing.T) {
	d, err := Extract(&Input{Service: "rocketchat", Method: "GET", Path: "/api/v1/chat.syncMessages", Direction: Inbound,
		ContentType: "application/json", Body: []byte(`{"messages":[{"_id":"a","rid":"R1","msg":"hi 4111","u":{"username":"bob"}}],"success":true}`)})
	if err != nil || len(d.Messages) != 1 {
		t.Fatalf("Extract(): got %v, %v, want one message", d, err)
	}
	if got, want := rtDescribe(d), rtExpect([]rtMsg{{channel: "R1", user: "bob", removable: true, parts: []string{"/msg=hi 4111"}}}); got[0] != want[0] {
		t.Errorf("Extract(): got %v, want %v", got, want)
	}
}

func TestRocketChatNotRead(t *testing.T) {
	rtCheckNotRead(t, "rocketchat",
		[2]string{"GET", "/api/v1/chat.getMessage"},
		[2]string{"GET", "/api/v1/channels.list"},
		[2]string{"POST", "/api/v1/channels.history"})
}

func TestRocketChatBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "rocketchat", "/success", "/error")
	rtCheckByPath(t, "rocketchat", "/api/v1/chat.postMessage", "/api/v1/chat.sendMessage", "/api/v1/chat.update",
		"/api/v1/method.call/sendMessage", "/api/v1/method.callAnon/sendMessage", "/api/v1/rooms.upload/GENERAL",
		"/api/v1/rooms.media/GENERAL", "/api/v1/rooms.mediaConfirm/GENERAL/6KA7K9SRdqp6yqC7q", "/api/v1/channels.history",
		"/api/v1/groups.history", "/api/v1/im.history", "/api/v1/dm.history", "/api/v1/chat.syncMessages")
}
