package extract

import (
	"net/http"
	"regexp"
)

// googlechat: the Chat REST API (chat.googleapis.com/v1/spaces/{space}/
// messages, also incoming webhooks) and the web client's PBLite arrays.
// Errors are {"error":{"code":403,"message":…,"status":"PERMISSION_DENIED"}}.
var googlechat = &Service{
	Name:  "googlechat",
	Hosts: []string{"chat.google.com", "chat.googleapis.com", "dynamite-preprod.sandbox.googleapis.com"},
	Path:  regexp.MustCompile(`^/v1/spaces(/|$)`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"error": map[string]any{
			"code": 403, "message": blockReason(reason, incident), "status": "PERMISSION_DENIED"}, "incident_id": incident}
	},
}
