package extract

import "testing"

const (
	mxRoom   = "!636q39766251:example.com"
	mxRoomPC = "%21636q39766251%3Aexample.com" // as a raw path carries it
	mxSync   = "!726s6s6q:example.com"
)

func TestMatrixRoutes(t *testing.T) {
	put := func(path string) Input {
		return Input{Method: "PUT", Path: path, ContentType: "application/json", Direction: Outbound}
	}
	get := func(path, query string) Input {
		return Input{Method: "GET", Path: path, Query: query, ContentType: "application/json", Direction: Inbound}
	}
	text := []chatMessage{{channel: mxRoom, parts: []string{"/body=My IBAN is DE89 3704 0044 0532 0130 00",
		"/formatted_body=My IBAN is <b>DE89 3704 0044 0532 0130 00</b>"}}}
	topic := []chatMessage{{channel: mxRoom, parts: []string{"/m.topic/m.text/0/body=Escalations: call <em>+1 415 555 0100</em>",
		"/m.topic/m.text/1/body=Escalations: call +1 415 555 0100", "/topic=Escalations: call +1 415 555 0100"}}}
	sync := []chatMessage{
		{channel: mxSync, user: "@alice:example.org", removable: true,
			parts: []string{"/content/displayname=Alice Margatroid", "/content/reason=Looking for support"}},
		{channel: mxSync, user: "@example:example.org", removable: true,
			parts: []string{"/content/body=The root password is hunter2", "/content/formatted_body=The root password is <code>hunter2</code>"}},
		{channel: mxSync, user: "@bob:example.com", removable: true, encrypted: true},
		{channel: mxRoom, user: "@notices:example.org", removable: true,
			parts: []string{"/content/body=This is an example notice", "/content/formatted_body=This is an <strong>example</strong> notice"}},
		{channel: "!3bMQpzlPLrKsfGJU:example.com", user: "@example:example.org", removable: true,
			parts: []string{"/content/body=Leaving: the door code is 4711"}},
	}
	messages := []chatMessage{
		{channel: mxRoom, user: "@example:example.org", removable: true,
			parts: []string{"/content/body=Customer SSN is 078-05-1120", "/content/formatted_body=Customer SSN is <b>078-05-1120</b>"}},
		{channel: mxRoom, user: "@example:example.org", removable: true, parts: []string{"/content/name=The room name"}},
		{channel: mxRoom, user: "@example:example.org", removable: true, parts: []string{"/content/body=Gangnam Style"}},
	}
	chatRun(t, "matrix", []chatRoute{
		{name: "send message v3 encoded room", in: put("/_matrix/client/v3/rooms/" + mxRoomPC + "/send/m.room.message/35"),
			fixture: "send_text.json", want: text, remove: -1,
			replace: &chatEdit{0, "/body", "My IBAN is ****", "/body"}},
		{name: "send message r0 html", in: put("/_matrix/client/r0/rooms/" + mxRoom + "/send/m.room.message/m1700000000.1"),
			fixture: "send_text.json", want: text, remove: -1,
			replace: &chatEdit{0, "/formatted_body", "My IBAN is <b>****</b>", "/formatted_body"}},
		{name: "send encrypted", in: put("/_matrix/client/v3/rooms/" + mxRoom + "/send/m.room.encrypted/36"),
			fixture: "send_encrypted.json", remove: -1, want: []chatMessage{{channel: mxRoom, encrypted: true}}},
		{name: "state topic", in: put("/_matrix/client/v3/rooms/" + mxRoomPC + "/state/m.room.topic/"),
			fixture: "state_topic.json", want: topic, remove: -1,
			replace: &chatEdit{0, "/topic", "Escalations: call [phone]", "/topic"}},
		{name: "state topic no state key", in: put("/_matrix/client/r0/rooms/" + mxRoom + "/state/m.room.topic"),
			fixture: "state_topic.json", want: topic, remove: -1,
			replace: &chatEdit{0, "/m.topic/m.text/0/body", "Escalations: call <em>[phone]</em>", "/m.topic/m.text/0/body"}},
		{name: "state name", in: put("/_matrix/client/v3/rooms/" + mxRoom + "/state/m.room.name/"),
			fixture: "state_name.json", remove: -1,
			want:    []chatMessage{{channel: mxRoom, parts: []string{"/name=Project Nightingale (acquisition)"}}},
			replace: &chatEdit{0, "/name", "Project ****", "/name"}},
		{name: "sync", in: get("/_matrix/client/v3/sync", "since=s72594_4483_1934&timeout=30000"), fixture: "sync.json",
			want: sync, remove: 1,
			replace: &chatEdit{1, "/content/body", "The root password is ****",
				"/rooms/join/" + mxSync + "/timeline/events/1/content/body"}},
		{name: "sync remove encrypted", in: get("/_matrix/client/r0/sync", ""), fixture: "sync.json", want: sync, remove: 2},
		{name: "sync remove a room's only event", in: get("/_matrix/client/v3/sync", ""), fixture: "sync.json", want: sync, remove: 3,
			replace: &chatEdit{3, "/content/formatted_body", "This is a notice",
				"/rooms/join/" + mxRoom + "/timeline/events/0/content/formatted_body"}},
		{name: "sync left room", in: get("/_matrix/client/v3/sync", ""), fixture: "sync.json", want: sync, remove: 4,
			replace: &chatEdit{4, "/content/body", "Leaving: the door code is ****",
				"/rooms/leave/!3bMQpzlPLrKsfGJU:example.com/timeline/events/0/content/body"}},
		{name: "room messages", in: get("/_matrix/client/v3/rooms/"+mxRoomPC+"/messages", "dir=b&limit=10"), fixture: "messages.json",
			want: messages, remove: 0,
			replace: &chatEdit{0, "/content/body", "Customer SSN is ***-**-****", "/chunk/0/content/body"}},
		{name: "room messages remove last", in: get("/_matrix/client/r0/rooms/"+mxRoom+"/messages", ""), fixture: "messages.json",
			want: messages, remove: 2},
	})
}

// TestMatrixCryptoNotText: the key material an encrypting client uploads
// (read generically: no route) gives no texts.
func TestMatrixCryptoNotText(t *testing.T) {
	body := `{"device_keys":{"algorithms":["m.olm.v1.curve25519-aes-sha2","m.megolm.v1.aes-sha2"],"device_id":"JLAFKJWSCS",` +
		`"keys":{"curve25519:JLAFKJWSCS":"3C5BFWi2Y8MaVvjM8M22DBmh24PmgR0nPvJOIArzgyI","ed25519:JLAFKJWSCS":"lEuiRJBit0IG6nUf5pUzWTUEsRVVe/HJkoKuEww9ULI"},` +
		`"signatures":{"@alice:example.com":{"ed25519:JLAFKJWSCS":"dSO80A01XiigH3uBiDVx/EjzaoycHcjq9lfQX0uWsqxl2giMIiSPR8a4d291W1ihKJL/a+myXS367WT6NAIcBA"}},` +
		`"user_id":"@alice:example.com"},"one_time_keys":{"signed_curve25519:AAAAHg":{"key":"zKbLg+NrIjpnagy+pIY6uPL4ZwEG2v+8F9lmgsnlZzs",` +
		`"signatures":{"@alice:example.com":{"ed25519:JLAFKJWSCS":"FLWxXqGbwrb8SM3Y795eB6OA8bwBcoMZFXBqnTn58AYWZSqiD45tlBVcDa2L7RwdKXebW/VzDlnfVJ+9jok1Bw"}}}}}`
	d, err := Extract(&Input{Service: "matrix", Method: "POST", Path: "/_matrix/client/v3/keys/upload", ContentType: "application/json",
		Direction: Outbound, Body: []byte(body)})
	if err != nil || len(d.Messages) != 1 || len(d.Messages[0].Parts) != 0 {
		t.Errorf("Extract(): got %v, %v, want one message without parts", chatDescribe(d), err)
	}
}

func TestMatrixBlockAndPath(t *testing.T) {
	rtCheckBlock(t, "matrix", "/errcode", "/error")
	rtCheckByPath(t, "matrix", "/_matrix/client/v3/sync", "/_matrix/client/r0/rooms/"+mxRoomPC+"/send/m.room.message/35",
		"/_matrix/client/v3/rooms/"+mxRoom+"/state/m.room.topic/", "/_matrix/client/v3/rooms/"+mxRoom+"/messages")
}
