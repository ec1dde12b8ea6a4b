package extract

import (
	"net/http"
	"regexp"
)

// rocketchat: the REST API (https://developer.rocket.chat). Messages go
// out by POST /api/v1/chat.postMessage, chat.sendMessage, chat.update and
// method.call/sendMessage (DDP over REST). Errors are
// {"success":false,"error":…}.
var rocketchat = &Service{
	Name:  "rocketchat",
	Hosts: []string{"*.rocket.chat", "open.rocket.chat"},
	Path:  regexp.MustCompile(`^/api/v1/(chat|rooms|channels|groups|im|method\.call)[./]`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"success": false, "error": blockReason(reason, incident), "incident_id": incident}
	},
}
