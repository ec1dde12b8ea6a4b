package extract

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReplaceKeepsTheRestByteForByte(t *testing.T) {
	tests := []struct {
		name, ctype, body, path, repl, want string
	}{
		{"json", "application/json", `{ "channel" : "C1",  "text":"card 4012 8888 8888 1881" , "n":[1, 2] }`,
			"/text", "card ************1881", `{ "channel" : "C1",  "text":"card ************1881" , "n":[1, 2] }`},
		{"json escapes", "application/json", `{"text":"line\none \u00e9 \"q\""}`,
			"/text", "x\"<y>", `{"text":"x\"<y>"}`},
		{"form", "application/x-www-form-urlencoded", "token=xoxc-1&text=card+4012%208888&channel=C1",
			"text", "card ****8888", "token=xoxc-1&text=card+%2A%2A%2A%2A8888&channel=C1"},
		{"json in form", "application/x-www-form-urlencoded", `channel=C1&blocks=%5B%7B%22text%22%3A%22hi+there%22%7D%5D`,
			"blocks/0/text", "ho", `channel=C1&blocks=%5B%7B%22text%22%3A%22ho%22%7D%5D`},
		{"multipart", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nsecret here\r\n--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA\r\n--XX--\r\n",
			"content", "****** here", "--XX\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n****** here\r\n--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA\r\n--XX--\r\n"},
		{"text", "text/plain", "hello 4012", "", "hello ****", "hello ****"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Generic(&Input{ContentType: tt.ctype, Body: []byte(tt.body)})
			if err != nil {
				t.Fatalf("Generic(): %v", err)
			}
			var found *Part
			for _, p := range d.Messages[0].Parts {
				if p.Path == tt.path {
					found = p
				}
			}
			if found == nil {
				t.Fatalf("Generic(): no part %q in %v", tt.path, paths(d))
			}
			if string(d.Bytes()) != tt.body {
				t.Errorf("Bytes() unchanged: got %q, want the original", d.Bytes())
			}
			d.Replace(found, tt.repl)
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("Bytes(): got %q, want %q", got, tt.want)
			}
		})
	}
}

func paths(d *Doc) []string {
	var out []string
	for _, m := range d.Messages {
		for _, p := range m.Parts {
			out = append(out, p.Path+"="+p.Text)
		}
	}
	return out
}

func TestRemoveElements(t *testing.T) {
	body := `{"ok":true,"messages":[ {"text":"a"}, {"text":"b"},{"text":"c"} ],"has_more":false}`
	for _, tt := range []struct {
		remove []int
		want   []string
	}{
		{[]int{0}, []string{"b", "c"}},
		{[]int{1}, []string{"a", "c"}},
		{[]int{2}, []string{"a", "b"}},
		{[]int{0, 2}, []string{"b"}},
		{[]int{0, 1, 2}, nil},
	} {
		d, err := slackHistory(&Input{Direction: Inbound, ContentType: "application/json", Body: []byte(body)}, nil)
		if err != nil || len(d.Messages) != 3 {
			t.Fatalf("slackHistory(): %v, %d messages", err, len(d.Messages))
		}
		for _, i := range tt.remove {
			if !d.Remove(d.Messages[i]) {
				t.Fatalf("Remove(%d): false", i)
			}
		}
		var got struct {
			OK       bool `json:"ok"`
			Messages []struct {
				Text string `json:"text"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(d.Bytes(), &got); err != nil {
			t.Fatalf("Bytes() %q: %v", d.Bytes(), err)
		}
		var texts []string
		for _, m := range got.Messages {
			texts = append(texts, m.Text)
		}
		if strings.Join(texts, ",") != strings.Join(tt.want, ",") || !got.OK {
			t.Errorf("remove %v: got %v, want %v", tt.remove, texts, tt.want)
		}
	}
}

func TestRemoveObjectMember(t *testing.T) {
	root, err := parseJSON(nil, `{"order":["a","b"],"posts":{"a":{"message":"x"}, "b" : {"message":"y"}}}`)
	if err != nil {
		t.Fatal(err)
	}
	d := &Doc{root: root}
	if !d.Remove(&Message{elem: root.get("posts", "a")}) || !d.Remove(&Message{elem: root.get("order").elems()[0]}) {
		t.Fatal("Remove(): false")
	}
	if got, want := string(d.Bytes()), `{"order":["b"],"posts":{"b":{"message":"y"}}}`; got != want {
		t.Errorf("Bytes(): got %s, want %s", got, want)
	}
}

func TestWhitespaceAroundJSONKept(t *testing.T) {
	body := "\r\n  {\"text\":\"a\", \"list\":[{\"t\":\"x\"},{\"t\":\"y\"}]}\n"
	d, err := Generic(&Input{ContentType: "application/json", Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	d.Replace(d.Messages[0].Parts[0], "b")
	if got, want := string(d.Bytes()), strings.Replace(body, `"a"`, `"b"`, 1); got != want {
		t.Errorf("Bytes(): got %q, want %q", got, want)
	}
	list := "\n[ {\"t\":\"x\"}, {\"t\":\"y\"} ]\n"
	root, err := parseJSON(nil, list)
	if err != nil {
		t.Fatal(err)
	}
	ld := &Doc{root: root}
	ld.Remove(&Message{elem: root.elems()[0]})
	if got, want := string(ld.Bytes()), "\n[{\"t\":\"y\"}]\n"; got != want {
		t.Errorf("Bytes() after Remove: got %q, want %q", got, want)
	}
}

// TestDuplicateNames: an object that names a member twice is read with
// both copies as parts (a server may take either), each rewritten in its
// own place; child gives the last, as most servers read it.
func TestDuplicateNames(t *testing.T) {
	body := `{"channel":"C1","text":"card 4111 1111 1111 1111","channel":"C2","text":"hello"}`
	d, err := Generic(&Input{ContentType: "application/json", Body: []byte(body)})
	if err != nil {
		t.Fatalf("Generic(): %v", err)
	}
	got := paths(d)
	want := []string{"/channel=C1", "/text=card 4111 1111 1111 1111", "/channel=C2", "/text=hello"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("parts %q, want %q", got, want)
	}
	if c := d.root.child("channel").str(); c != "C2" {
		t.Errorf("child(channel) = %q, want the last, C2", c)
	}
	d.Replace(d.Messages[0].Parts[1], "card ****")
	if got, want := string(d.Bytes()), `{"channel":"C1","text":"card ****","channel":"C2","text":"hello"}`; got != want {
		t.Errorf("Bytes() = %q, want %q", got, want)
	}
}
