package extract

import (
	"net/http"
	"regexp"
)

// mattermost: the API v4 (https://api.mattermost.com). Posts go out by
// POST /api/v4/posts, edits by PUT /api/v4/posts/{id} and PATCH
// /api/v4/posts/{id}/patch. Errors are {"id":…,"message":…,"status_code":403}.
var mattermost = &Service{
	Name:  "mattermost",
	Hosts: []string{"*.cloud.mattermost.com", "community.mattermost.com"},
	Path:  regexp.MustCompile(`^/api/v4/(posts|channels|users|files|teams|websocket)(/|$)`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"id": "chatdlp.policy_violation", "message": blockReason(reason, incident),
			"status_code": 403, "request_id": incident, "incident_id": incident}
	},
}
