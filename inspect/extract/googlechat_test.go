package extract

import (
	"bytes"
	"testing"
)

const (
	gcSpace = "spaces/AAAAq1w2e3r"
	gcHuman = "users/117994873354375860089"
	gcBot   = "users/113977916201552346146"
)

func TestGoogleChatRoutes(t *testing.T) {
	jsonIn := func(method, path, query string) Input {
		return Input{Method: method, Path: path, Query: query, ContentType: "application/json; charset=UTF-8", Direction: Outbound}
	}
	listIn := func(query string) Input {
		return Input{Method: "GET", Path: "/v1/" + gcSpace + "/messages", Query: query, ContentType: "application/json; charset=UTF-8", Direction: Inbound}
	}
	const card = "/cardsV2/0/card"
	const widgets = card + "/sections/0/widgets"
	created := []rtMsg{{channel: gcSpace, parts: []string{
		"/text=Attention <users/all>: the rollback password is Winter2024! until 11:59 am",
		card + "/header/title=Sasha", card + "/header/subtitle=Software Engineer",
		card + "/header/imageUrl=https://developers.google.com/workspace/chat/images/quickstart-app-avatar.png",
		card + "/header/imageType=CIRCLE", card + "/header/imageAltText=Avatar for Sasha",
		card + "/sections/0/header=Contact Info",
		widgets + "/0/decoratedText/startIcon/knownIcon=EMAIL", widgets + "/0/decoratedText/text=sasha@example.com",
		widgets + "/1/decoratedText/startIcon/knownIcon=PHONE", widgets + "/1/decoratedText/text=+1 (555) 555-1234",
		widgets + "/2/buttonList/buttons/0/text=Share", widgets + "/2/buttonList/buttons/0/onClick/openLink/url=https://example.com/share"}}}
	list := []rtMsg{
		{channel: gcSpace, user: gcHuman, removable: true, parts: []string{"/text=my card is 4111 1111 1111 1111",
			"/formattedText=my card is 4111 1111 1111 1111", "/argumentText=my card is 4111 1111 1111 1111"}},
		{channel: gcSpace, user: gcBot, removable: true, parts: []string{card + "/header/title=Welcome!"}},
		{channel: gcSpace, user: gcHuman, removable: true, parts: []string{"/text=see the attached plan",
			"/attachment/0/contentName=plan.pdf", "/attachment/0/contentType=application/pdf", "/attachment/0/source=UPLOADED_CONTENT"}},
	}
	listAbsent := []string{"Cjv6lJ9WK3E", "AAAAq1w2e3r", "CgwI0tfYqgYQyJDq8AI", "ClxzcGFj", "card-1", "2023-11-14", "HUMAN"}
	webIn := func(path string) Input {
		return Input{Method: "POST", Path: path, Query: "c=42", ContentType: "application/json+protobuf", Direction: Outbound}
	}
	rtRun(t, "googlechat", []rtCase{
		{name: "create message", in: jsonIn("POST", "/v1/"+gcSpace+"/messages", "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"),
			fixture: "create_message.json", remove: -1, want: created, absent: []string{"incident-4711", "unique-card-id"},
			edit: &rtEdit{msg: 0, path: "/text", text: "Attention <users/all>: the rollback password is [secret] until 11:59 am", at: "/text",
				from: "is Winter2024! until", to: "is [secret] until"}},
		{name: "create message card widget", in: jsonIn("POST", "/v1/"+gcSpace+"/messages", ""),
			fixture: "create_message.json", remove: -1, want: created,
			edit: &rtEdit{msg: 0, path: widgets + "/0/decoratedText/text", text: "<b>[email]</b>", at: widgets + "/0/decoratedText/text",
				from: `"sasha@example.com"`, to: `"<b>[email]</b>"`}},
		{name: "incoming webhook", in: jsonIn("POST", "/v1/"+gcSpace+"/messages", "key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token=qHX1dXk3RZ8Zn0t1v3P0mQ%3D"),
			fixture: "webhook.json", remove: -1,
			want: []rtMsg{{channel: gcSpace, parts: []string{"/text=Deploy failed on prod: AWS key AKIAIOSFODNN7EXAMPLE leaked in the log"}}},
			edit: &rtEdit{msg: 0, path: "/text", text: "Deploy failed on prod: AWS key AKIA**************** leaked in the log", at: "/text",
				from: "AKIAIOSFODNN7EXAMPLE", to: "AKIA****************"}},
		{name: "update message patch", in: jsonIn("PATCH", "/v1/"+gcSpace+"/messages/Cjv6lJ9WK3E.Cjv6lJ9WK3E", "updateMask=text"),
			fixture: "update_message.json", remove: -1, absent: []string{"Cjv6lJ9WK3E"},
			want: []rtMsg{{channel: gcSpace, parts: []string{"/text=Updated: call Sasha on +1 (555) 555-1234"}}},
			edit: &rtEdit{msg: 0, path: "/text", text: "Updated: call Sasha on [phone]", at: "/text",
				from: "+1 (555) 555-1234", to: "[phone]"}},
		{name: "update message put", in: jsonIn("PUT", "/v1/"+gcSpace+"/messages/Cjv6lJ9WK3E.Cjv6lJ9WK3E", ""),
			fixture: "update_message.json", remove: -1,
			want: []rtMsg{{channel: gcSpace, parts: []string{"/text=Updated: call Sasha on +1 (555) 555-1234"}}}},
		{name: "list remove first", in: listIn("pageSize=3"), fixture: "list_messages.json", want: list, remove: 0, list: "/messages",
			absent: listAbsent,
			edit: &rtEdit{msg: 0, path: "/text", text: "my card is ****", at: "/messages/0/text",
				from: `"text": "my card is 4111 1111 1111 1111"`, to: `"text": "my card is ****"`}},
		{name: "list remove middle", in: listIn(""), fixture: "list_messages.json", want: list, remove: 1, list: "/messages"},
		{name: "list remove last", in: listIn(""), fixture: "list_messages.json", want: list, remove: 2, list: "/messages",
			edit: &rtEdit{msg: 2, path: "/attachment/0/contentName", text: "file.pdf", at: "/messages/2/attachment/0/contentName",
				from: `"plan.pdf"`, to: `"file.pdf"`}},
		{name: "list behind the XSSI guard", in: listIn(""), fixture: "list_messages_xssi.json", want: list, remove: 1, list: "/messages",
			absent: listAbsent,
			edit: &rtEdit{msg: 0, path: "/argumentText", text: "my card is ****", at: "/messages/0/argumentText",
				from: `"argumentText":"my card is 4111 1111 1111 1111"`, to: `"argumentText":"my card is ****"`}},
		{name: "web create_topic", in: webIn("/u/0/api/create_topic"), fixture: "web_create_topic.json", remove: -1,
			want:   []rtMsg{{channel: gcSpace, parts: []string{"/1=Customer SSN is 078-05-1120, do not share"}}},
			absent: []string{"hangups%", "Xk2aPq9LmN4", "3285112357917262352", "AAAAq1w2e3r", "en"},
			edit: &rtEdit{msg: 0, path: "/1", text: "Customer SSN is ***-**-****, do not share", at: "/1",
				from: "078-05-1120", to: "***-**-****"}},
		{name: "web create_message", in: webIn("/u/1/api/create_message"), fixture: "web_create_message.json", remove: -1,
			want:   []rtMsg{{channel: gcSpace, parts: []string{"/1=replying: the vault token is s.Ab12Cd34Ef56Gh78"}}},
			absent: []string{"hangups%", "Rm3bT7yUo1Q", "Cjv6lJ9WK3E", "3285112357917262352"},
			edit: &rtEdit{msg: 0, path: "/1", text: "replying: the vault token is \"s.****\"", at: "/1",
				from: `token is s.Ab12Cd34Ef56Gh78"`, to: `token is \"s.****\""`}},
		{name: "web edit_message in a dm", in: webIn("/api/edit_message"), fixture: "web_edit_message.json", remove: -1,
			want:   []rtMsg{{channel: "dm/Mq8v0PXrn2o", parts: []string{"/1=edited: call me on +1 415 555 0100"}}},
			absent: []string{"Cjv6lJ9WK3E", "3285112357917262352"},
			edit: &rtEdit{msg: 0, path: "/1", text: "edited: call me on [phone]", at: "/1",
				from: "+1 415 555 0100", to: "[phone]"}},
		{name: "web batchexecute", fixture: "batchexecute.form", remove: -1,
			in: Input{Method: "POST", Path: "/u/0/_/DynamiteWebUi/data/batchexecute", Query: "rpcids=RTBQkb&source-path=%2Fu%2F0%2Fmole%2Fworld&hl=en&_reqid=221950&rt=c",
				ContentType: "application/x-www-form-urlencoded;charset=UTF-8", Direction: Outbound},
			want: []rtMsg{{parts: []string{"f.req/0/0/1/1=sending the contract to bob@example.com",
				"f.req/0/0/1/4/0/0=AAAAq1w2e3r"}}},
			absent: []string{"AJpMioz2bqE3ooRYQ8tE7CQyCM0g", "RTBQkb", "generic"},
			edit: &rtEdit{msg: 0, path: "f.req/0/0/1/1", text: "sending the contract to [email]", at: "/f.req/0/0/1/1",
				from: "bob%40example.com", to: "%5Bemail%5D"}},
	})
}

// TestGoogleChatKeepsTheGuard: a removed message leaves the XSSI guard
// and the whitespace around the JSON as they were.
func TestGoogleChatKeepsTheGuard(t *testing.T) {
	in := &Input{Service: "googlechat", Method: "GET", Path: "/v1/" + gcSpace + "/messages", ContentType: "application/json",
		Direction: Inbound, Body: rtFixture(t, "googlechat", "list_messages_xssi.json")}
	d, err := Extract(in)
	if err != nil || len(d.Messages) != 3 {
		t.Fatalf("Extract(): got %v, %v, want 3 messages", d, err)
	}
	d.Remove(d.Messages[2])
	out := d.Bytes()
	if !bytes.HasPrefix(out, []byte(")]}'\n{\"messages\":[")) || !bytes.HasSuffix(out, []byte("}],\"nextPageToken\":\"CgwI0tfYqgYQyJDq8AI\"}\n")) {
		t.Errorf("Bytes(): got %q, want the guard, the first two messages and the final newline", out)
	}
}

// TestGoogleChatKeepsWhitespace: whitespace around a list's JSON stays,
// with or without a change.
func TestGoogleChatKeepsWhitespace(t *testing.T) {
	body := "\n {\"messages\":[{\"text\":\"a\"},{\"text\":\"b\"}]}\n"
	d, err := Extract(&Input{Service: "googlechat", Method: "GET", Path: "/v1/" + gcSpace + "/messages", ContentType: "application/json",
		Direction: Inbound, Body: []byte(body)})
	if err != nil || len(d.Messages) != 2 {
		t.Fatalf("Extract(): got %v, %v, want 2 messages", d, err)
	}
	if got := string(d.Bytes()); got != body {
		t.Errorf("Bytes(): got %q, want %q", got, body)
	}
	d.Remove(d.Messages[0])
	if got, want := string(d.Bytes()), "\n {\"messages\":[{\"text\":\"b\"}]}\n"; got != want {
		t.Errorf("Bytes() after Remove(0): got %q, want %q", got, want)
	}
}

func TestGoogleChatWebNotPBLite(t *testing.T) {
	in := &Input{Service: "googlechat", Method: "POST", Path: "/u/0/api/create_topic", ContentType: "text/plain",
		Direction: Outbound, Body: []byte("hello 4111 1111 1111 1111")}
	d, err := Extract(in)
	if err != nil || len(d.Messages) != 1 || len(d.Messages[0].Parts) != 1 || d.Messages[0].Parts[0].Text != "hello 4111 1111 1111 1111" {
		t.Errorf("Extract(): got %v, %v, want the body as one text", d, err)
	}
}

func TestGoogleChatNotRead(t *testing.T) {
	rtCheckNotRead(t, "googlechat",
		[2]string{"GET", "/v1/" + gcSpace + "/messages/Cjv6lJ9WK3E.Cjv6lJ9WK3E"},
		[2]string{"GET", "/v1/spaces"},
		[2]string{"POST", "/v1/" + gcSpace + "/messages"},
		[2]string{"POST", "/u/0/api/list_topics"})
}

func TestGoogleChatBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "googlechat", "/error/code", "/error/message", "/error/status")
	rtCheckByPath(t, "googlechat", "/v1/"+gcSpace+"/messages", "/v1/"+gcSpace+"/messages/Cjv6lJ9WK3E.Cjv6lJ9WK3E", "/v1/spaces")
}
