package extract

import (
	"net/http"
	"regexp"
)

// zulip: the REST API (https://zulip.com/api). Messages go out by POST
// /api/v1/messages (and /json/messages from the web app), form-encoded;
// edits by PATCH …/messages/{id}. Errors are
// {"result":"error","msg":…,"code":…}.
var zulip = &Service{
	Name:  "zulip",
	Hosts: []string{"*.zulipchat.com", "zulipchat.com", "chat.zulip.org"},
	Path:  regexp.MustCompile(`^/(api/v1|json)/(messages|users/me|register|events)(/|$)`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"result": "error", "msg": blockReason(reason, incident), "code": "POLICY_VIOLATION", "incident_id": incident}
	},
}
