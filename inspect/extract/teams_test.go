package extract

import "testing"

const (
	tmConv  = "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"
	tmAlice = "8:orgid:5f1b7c5e-2d3a-4b1e-9c7d-0a1b2c3d4e5f"
	tmBob   = "8:orgid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	tmFile  = "https://contoso-my.sharepoint.com/personal/alice_contoso_com/Documents/Microsoft%20Teams%20Chat%20Files/Q3%20payroll.xlsx"
	tmSite  = "https://contoso-my.sharepoint.com/personal/alice_contoso_com/"
)

func TestTeamsRoutes(t *testing.T) {
	jsonIn := func(method, path string) Input {
		return Input{Method: method, Path: path, ContentType: "application/json", Direction: Outbound}
	}
	sent := []rtMsg{{channel: tmConv, parts: []string{
		"/content=<p>The customer&#39;s card is 4111 1111 1111 1111, payroll attached</p>",
		"/properties/files/0/fileName=Q3 payroll.xlsx", "/properties/files/0/fileType=xlsx",
		"/properties/files/0/title=Q3 payroll.xlsx", "/properties/files/0/objectUrl=" + tmFile,
		"/properties/files/0/baseUrl=" + tmSite, "/properties/files/0/fileInfo/fileUrl=" + tmFile,
		"/properties/files/0/fileInfo/siteUrl=" + tmSite,
		"/properties/files/0/fileInfo/serverRelativeUrl=/personal/alice_contoso_com/Documents/Microsoft Teams Chat Files/Q3 payroll.xlsx"}}}
	history := []rtMsg{
		{channel: tmConv, user: tmBob, removable: true, parts: []string{
			"/content=<p>IBAN for the refund: DE89 3704 0044 0532 0130 00</p>", "/properties/subject=Refund"}},
		{channel: tmConv, user: tmAlice, removable: true, parts: []string{"/content=lunch at 12?"}},
		{channel: tmConv, user: "Carol Diaz", removable: true, parts: []string{"/content=<p>Welcome to the team</p>"}},
	}
	historyIn := func(path string) Input {
		return Input{Method: "GET", Path: path, Query: "view=msnp24Equivalent&pageSize=30", ContentType: "application/json", Direction: Inbound}
	}
	rtRun(t, "teams", []rtCase{
		{name: "send on teams.microsoft.com", in: jsonIn("POST", "/api/chatsvc/emea/v1/users/ME/conversations/"+tmConv+"/messages"),
			fixture: "send_message.json", remove: -1, want: sent,
			absent: []string{"5413986812311187845", "Alice Martin", "5b6d2f1e", "schema.skype.com", "RichText"},
			edit: &rtEdit{msg: 0, path: "/content", text: "<p>The customer&#39;s card is ****, payroll attached</p>", at: "/content",
				from: "is 4111 1111 1111 1111, payroll", to: "is ****, payroll"}},
		{name: "send file name in properties", in: jsonIn("POST", "/v1/users/ME/conversations/"+tmConv+"/messages"),
			fixture: "send_message.json", remove: -1, want: sent,
			edit: &rtEdit{msg: 0, path: "/properties/files/0/fileName", text: `"report".xlsx`, at: "/properties/files/0/fileName",
				from: `\"fileName\":\"Q3 payroll.xlsx\"`, to: `\"fileName\":\"\\\"report\\\".xlsx\"`}},
		{name: "reply in a channel thread", in: jsonIn("POST", "/api/chatsvc/amer/v1/users/ME/conversations/"+tmConv+";messageid=1700000000000/messages"),
			fixture: "send_message.json", remove: -1, want: sent},
		{name: "send on teams.live.com", in: jsonIn("POST", "/api/chatsvc/consumer/v1/users/ME/conversations/"+tmConv+"/messages"),
			fixture: "send_message.json", remove: -1, want: sent},
		{name: "edit", in: jsonIn("PUT", "/v1/users/ME/conversations/"+tmConv+"/messages/1700000100000"), fixture: "edit_message.json",
			remove: -1, absent: []string{"1700000123456", "Alice"},
			want: []rtMsg{{channel: tmConv, parts: []string{"/content=Call me at +1 415 555 0100 instead"}}},
			edit: &rtEdit{msg: 0, path: "/content", text: "Call me at [phone] instead", at: "/content",
				from: "+1 415 555 0100", to: "[phone]"}},
		{name: "history remove first", in: historyIn("/api/chatsvc/emea/v1/users/ME/conversations/" + tmConv + "/messages"),
			fixture: "messages.json", want: history, remove: 0, list: "/messages",
			absent: []string{"1700000200000", "8127364512398470012", "syncState", "72f988bf", "Bob Chen", "ng.msg.teams", "2023-11-14"},
			edit: &rtEdit{msg: 0, path: "/content", text: "<p>IBAN for the refund: [iban]</p>", at: "/messages/0/content",
				from: "DE89 3704 0044 0532 0130 00", to: "[iban]"}},
		{name: "history remove middle", in: historyIn("/v1/users/ME/conversations/" + tmConv + "/messages"),
			fixture: "messages.json", want: history, remove: 1, list: "/messages"},
		{name: "history remove last", in: historyIn("/v1/users/ME/conversations/" + tmConv + "/messages"),
			fixture: "messages.json", want: history, remove: 2, list: "/messages"},
	})
}

func TestTeamsConversation(t *testing.T) {
	for _, tt := range []struct{ seg, want string }{
		{tmConv, tmConv},
		{tmConv + ";messageid=1700000000000", tmConv},
		{"19%3A2da4c29f6d7041eca70b638b43d45437%40thread.v2", tmConv},
		{"48:notes", "48:notes"},
	} {
		if got := teamsConversation(tt.seg); got != tt.want {
			t.Errorf("teamsConversation(%q): got %q, want %q", tt.seg, got, tt.want)
		}
	}
}

func TestTeamsNotRead(t *testing.T) {
	rtCheckNotRead(t, "teams",
		[2]string{"GET", "/v1/users/ME/conversations/" + tmConv + "/messages/1700000100000"},
		[2]string{"GET", "/v1/users/ME/conversations"},
		[2]string{"POST", "/api/chatsvc/emea/v1/users/ME/conversations/" + tmConv + "/messages"})
}

func TestTeamsBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "teams", "/errorCode", "/message")
	rtCheckByPath(t, "teams", "/v1/users/ME/conversations/"+tmConv+"/messages",
		"/v1/users/ME/conversations/"+tmConv+"/messages/1700000100000",
		"/api/chatsvc/emea/v1/users/ME/conversations/"+tmConv+"/messages",
		"/api/chatsvc/consumer/v1/users/ME/conversations/"+tmConv+"/messages",
		"/v1/users/ME/endpoints/SELF/subscriptions", "/api/chatsvc/emea/v1/users/ME/properties")
}
