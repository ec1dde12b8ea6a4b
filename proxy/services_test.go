package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/config"
)

// chatAPI is one service's API as its clients use it: where a message is
// posted and edited, where messages are delivered, and the error shape.
// Bodies are templates: $TEXT is the message text, encoded for the body.
type chatAPI struct {
	service          string
	ctype            string // of posts and edits
	postMethod, post string // path
	postBody         string
	editMethod, edit string
	editBody         string
	list             string // GET path of a response delivering messages
	listBody         string // $TEXT is the second message; the first says "hello"
	shape            func(map[string]any) bool
}

// chatAPIs are the fakes of every service, shaped after each API's
// documentation (the extractors' fixtures in inspect/extract/testdata).
var chatAPIs = []chatAPI{
	{service: "slack", ctype: "application/json",
		postMethod: "POST", post: "/api/chat.postMessage", postBody: `{"channel":"C024BE91L","text":$TEXT}`,
		editMethod: "POST", edit: "/api/chat.update", editBody: `{"channel":"C024BE91L","ts":"1401383885.000061","text":$TEXT}`,
		list:     "/api/conversations.history?channel=C024BE91L",
		listBody: `{"ok":true,"messages":[{"type":"message","user":"U1","text":"hello","ts":"1.1"},{"type":"message","user":"U2","text":$TEXT,"ts":"1.2"}],"has_more":false}`,
		shape:    func(m map[string]any) bool { return m["ok"] == false && m["error"] != nil }},
	{service: "discord", ctype: "application/json",
		postMethod: "POST", post: "/api/v10/channels/1100000000000000000/messages", postBody: `{"content":$TEXT,"tts":false,"nonce":"1"}`,
		editMethod: "PATCH", edit: "/api/v10/channels/1100000000000000000/messages/1200000000000000000", editBody: `{"content":$TEXT}`,
		list:     "/api/v10/channels/1100000000000000000/messages?limit=50",
		listBody: `[{"id":"1","type":0,"content":"hello","author":{"id":"9","username":"a"}},{"id":"2","type":0,"content":$TEXT,"author":{"id":"8","username":"b"}}]`,
		shape:    func(m map[string]any) bool { return m["message"] != nil && m["code"] != nil }},
	{service: "teams", ctype: "application/json",
		postMethod: "POST", post: "/v1/users/ME/conversations/19:abc@thread.v2/messages",
		postBody:   `{"content":$HTML,"messagetype":"RichText/Html","contenttype":"text","clientmessageid":"123","imdisplayname":"Alice"}`,
		editMethod: "PUT", edit: "/v1/users/ME/conversations/19:abc@thread.v2/messages/1600000000000",
		editBody: `{"content":$HTML,"messagetype":"RichText/Html","contenttype":"text"}`,
		list:     "/v1/users/ME/conversations/19:abc@thread.v2/messages?pageSize=20",
		listBody: `{"messages":[{"id":"1","content":"hello","from":"8:orgid:a","messagetype":"Text"},{"id":"2","content":$TEXT,"from":"8:orgid:b","messagetype":"Text"}]}`,
		shape:    func(m map[string]any) bool { return m["errorCode"] != nil && m["message"] != nil }},
	{service: "googlechat", ctype: "application/json",
		postMethod: "POST", post: "/v1/spaces/AAAAxyz/messages", postBody: `{"text":$TEXT}`,
		editMethod: "PATCH", edit: "/v1/spaces/AAAAxyz/messages/BBBB.BBBB?updateMask=text", editBody: `{"text":$TEXT}`,
		list:     "/v1/spaces/AAAAxyz/messages?pageSize=10",
		listBody: `{"messages":[{"name":"spaces/AAAAxyz/messages/1","sender":{"name":"users/1"},"text":"hello"},{"name":"spaces/AAAAxyz/messages/2","sender":{"name":"users/2"},"text":$TEXT}]}`,
		shape: func(m map[string]any) bool {
			e, _ := m["error"].(map[string]any)
			return e != nil && e["status"] == "PERMISSION_DENIED" && e["code"] == float64(403)
		}},
	{service: "mattermost", ctype: "application/json",
		postMethod: "POST", post: "/api/v4/posts", postBody: `{"channel_id":"4xp9fdt77pncbef59f4k1qe83o","message":$TEXT}`,
		editMethod: "PUT", edit: "/api/v4/posts/8ehkuwq6xbf8xm7ww3hkkyay8r/patch", editBody: `{"message":$TEXT}`,
		list:     "/api/v4/channels/4xp9fdt77pncbef59f4k1qe83o/posts",
		listBody: `{"order":["p1","p2"],"posts":{"p1":{"id":"p1","channel_id":"c","user_id":"u1","message":"hello"},"p2":{"id":"p2","channel_id":"c","user_id":"u2","message":$TEXT}}}`,
		shape: func(m map[string]any) bool {
			return m["status_code"] == float64(403) && m["message"] != nil && m["id"] != nil
		}},
	{service: "matrix", ctype: "application/json",
		postMethod: "PUT", post: "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/txn1", postBody: `{"msgtype":"m.text","body":$TEXT}`,
		editMethod: "PUT", edit: "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/txn2",
		editBody: `{"msgtype":"m.text","body":"* edit","m.new_content":{"msgtype":"m.text","body":$TEXT},"m.relates_to":{"rel_type":"m.replace","event_id":"$ev1"}}`,
		list:     "/_matrix/client/v3/sync?timeout=30000",
		listBody: `{"next_batch":"s1","rooms":{"join":{"!room:example.org":{"timeline":{"events":[{"type":"m.room.message","sender":"@a:example.org","event_id":"$1","content":{"msgtype":"m.text","body":"hello"}},{"type":"m.room.message","sender":"@b:example.org","event_id":"$2","content":{"msgtype":"m.text","body":$TEXT}}]}}}}}`,
		shape:    func(m map[string]any) bool { return m["errcode"] == "M_FORBIDDEN" && m["error"] != nil }},
	{service: "rocketchat", ctype: "application/json",
		postMethod: "POST", post: "/api/v1/chat.postMessage", postBody: `{"channel":"#general","text":$TEXT}`,
		editMethod: "POST", edit: "/api/v1/chat.update", editBody: `{"roomId":"GENERAL","msgId":"m1","text":$TEXT}`,
		list:     "/api/v1/channels.history?roomId=GENERAL",
		listBody: `{"messages":[{"_id":"1","rid":"GENERAL","msg":"hello","u":{"_id":"u1","username":"a"}},{"_id":"2","rid":"GENERAL","msg":$TEXT,"u":{"_id":"u2","username":"b"}}],"success":true}`,
		shape:    func(m map[string]any) bool { return m["success"] == false && m["error"] != nil }},
	{service: "zulip", ctype: "application/x-www-form-urlencoded",
		postMethod: "POST", post: "/api/v1/messages", postBody: `type=stream&to=general&topic=lunch&content=$TEXT`,
		editMethod: "PATCH", edit: "/api/v1/messages/42", editBody: `content=$TEXT`,
		list:     "/api/v1/messages?anchor=newest&num_before=2&num_after=0",
		listBody: `{"result":"success","msg":"","messages":[{"id":1,"content":"<p>hello</p>","sender_email":"a@example.com","display_recipient":"general"},{"id":2,"content":$TEXT,"sender_email":"b@example.com","display_recipient":"general"}]}`,
		shape:    func(m map[string]any) bool { return m["result"] == "error" && m["msg"] != nil && m["code"] != nil }},
}

// fill puts text into a template, encoded for the body's type.
func (a chatAPI) fill(tmpl, ctype, text string) string {
	if strings.HasPrefix(ctype, "application/x-www-form-urlencoded") {
		return strings.ReplaceAll(tmpl, "$TEXT", url.QueryEscape(text))
	}
	q, _ := json.Marshal(text)
	h, _ := json.Marshal("<p>" + text + "</p>")
	return strings.NewReplacer("$TEXT", string(q), "$HTML", string(h)).Replace(tmpl)
}

// chatFake answers a service's API from its templates.
type chatFake struct {
	fakeChat
	api      chatAPI
	listText string
	lengths  []bool // Content-Length matched the body, per request
}

func (f *chatFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/json")
		out := []byte(f.api.fill(f.api.listBody, "application/json", f.listText))
		if f.encode != "" {
			w.Header().Set("Content-Encoding", f.encode)
			out = compress(nil, f.encode, out)
		}
		_, _ = w.Write(out)
		return
	}
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.got = append(f.got, received{r.URL.Path, r.Header.Get("Content-Encoding"), r.Header.Get("Content-Type"), b})
	f.lengths = append(f.lengths, r.ContentLength == int64(len(b)))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}

// TestServicesInFlight drives every service's API through the proxy with
// a real client: each must block a card in its own error shape, pass a
// clean message byte for byte, redact in place, inspect edits and remove
// an offending delivered message.
func TestServicesInFlight(t *testing.T) {
	e := inspectEnv(t, func(c *config.Config) { c.Files.MaxScanBytes = 64 << 10 })
	for _, api := range chatAPIs {
		t.Run(api.service, func(t *testing.T) {
			fake := &chatFake{api: api}
			host := api.service + ".test"
			up := tlsUpstream(t, e.up.valid(t, host), fake)
			base := "https://" + hostPort(host, up)
			send := func(method, path, tmpl, text, enc string) (reply, []byte, received, bool) {
				t.Helper()
				body := []byte(api.fill(tmpl, api.ctype, text))
				if enc != "" {
					body = compress(t, enc, body)
				}
				req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
				req.Header.Set("Content-Type", api.ctype)
				if enc != "" {
					req.Header.Set("Content-Encoding", enc)
				}
				_, before := fake.last()
				resp, err := e.client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				rb, _ := io.ReadAll(resp.Body)
				got, after := fake.last()
				return reply{resp.StatusCode, resp.Header}, rb, got, after > before
			}
			blocked := func(name, method, path, tmpl, text, enc string) {
				t.Run(name, func(t *testing.T) {
					resp, rb, got, delivered := send(method, path, tmpl, text, enc)
					var shape map[string]any
					_ = json.Unmarshal(rb, &shape)
					inc := resp.Header.Get(incidentHeader)
					if resp.StatusCode != http.StatusForbidden || inc == "" || !api.shape(shape) || !bytes.Contains(rb, []byte(inc)) {
						t.Errorf("got %d %s (incident %q), want 403 in %s's error shape naming the incident", resp.StatusCode, rb, inc, api.service)
					}
					if delivered {
						t.Errorf("the service got %q", got.body)
					}
				})
			}
			passes := func(name, method, path, tmpl, text string) {
				t.Run(name, func(t *testing.T) {
					resp, _, got, delivered := send(method, path, tmpl, text, "")
					if want := api.fill(tmpl, api.ctype, text); resp.StatusCode != http.StatusOK || !delivered || string(got.body) != want {
						t.Errorf("got %d, service got %q, want 200 and %q byte for byte", resp.StatusCode, got.body, want)
					}
				})
			}
			passes("clean message arrives byte for byte", api.postMethod, api.post, api.postBody, "lunch at noon? <b>yes</b> & café")
			passes("a number that is not Luhn-valid passes", api.postMethod, api.post, api.postBody, "order "+nonLuhnCard)
			blocked("a card is blocked", api.postMethod, api.post, api.postBody, "my card "+luhnCard, "")
			blocked("an edit is inspected", api.editMethod, api.edit, api.editBody, "fixed: "+luhnCard, "")
			for _, enc := range []string{"gzip", "br", "zstd"} {
				blocked("a "+enc+" body is inspected", api.postMethod, api.post, api.postBody, "card "+luhnCard, enc)
			}
			blocked("a body over max_scan_bytes is blocked", api.postMethod, api.post, api.postBody, strings.Repeat("long text ", 7000), "")
			t.Run("a corrupt gzip body fails closed", func(t *testing.T) {
				req, _ := http.NewRequest(api.postMethod, base+api.post, strings.NewReader("\x1f\x8b\x08\x00not gzip"))
				req.Header.Set("Content-Type", api.ctype)
				req.Header.Set("Content-Encoding", "gzip")
				_, before := fake.last()
				resp, err := e.client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if _, after := fake.last(); resp.StatusCode != http.StatusForbidden || after != before {
					t.Errorf("got %d, delivered %v, want 403 and not delivered", resp.StatusCode, after != before)
				}
			})
			t.Run("redaction is in place with a correct length", func(t *testing.T) {
				resp, _, got, delivered := send(api.postMethod, api.post, api.postBody, "I am EMP-123456, hi", "gzip")
				fake.mu.Lock()
				lengthOK := fake.lengths[len(fake.lengths)-1]
				fake.mu.Unlock()
				if resp.StatusCode != http.StatusOK || !delivered || !lengthOK {
					t.Fatalf("got %d, delivered %v, Content-Length right %v", resp.StatusCode, delivered, lengthOK)
				}
				masked := api.fill(api.postBody, api.ctype, "I am ******3456, hi")
				if !sameBody(api.ctype, got.body, []byte(masked)) || got.encoding != "" {
					t.Errorf("service got %q (encoding %q), want %q decoded", got.body, got.encoding, masked)
				}
			})
			t.Run("an offending delivered message is removed", func(t *testing.T) {
				fake.listText = "the Project Zephyr launch date"
				resp, err := e.client().Get(base + api.list)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != http.StatusOK || !json.Valid(b) || !bytes.Contains(b, []byte("hello")) || bytes.Contains(bytes.ToLower(b), []byte("zephyr")) {
					t.Errorf("got %d %s, want the list without the Zephyr message", resp.StatusCode, b)
				}
				fake.listText = "see you I am EMP-654321"
				resp2, err := e.client().Get(base + api.list)
				if err != nil {
					t.Fatal(err)
				}
				defer resp2.Body.Close()
				b2, _ := io.ReadAll(resp2.Body)
				if !json.Valid(b2) || !bytes.Contains(b2, []byte("******4321")) || !bytes.Contains(b2, []byte("hello")) {
					t.Errorf("got %s, want the list with the employee number redacted", b2)
				}
			})
		})
	}
}

// sameBody compares two bodies as their type decodes them.
func sameBody(ctype string, a, b []byte) bool {
	if strings.HasPrefix(ctype, "application/x-www-form-urlencoded") {
		qa, errA := url.ParseQuery(string(a))
		qb, errB := url.ParseQuery(string(b))
		return errA == nil && errB == nil && qa.Encode() == qb.Encode()
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return bytes.Equal(ja, jb)
}
