package extract

import (
	"net/http"
	"regexp"
)

// teams: Microsoft Teams' chat service (chatsvc). The web and desktop
// clients post to …/v1/users/ME/conversations/{id}/messages with JSON
// whose `content` is HTML (messagetype RichText/Html) or text, and edit
// with PUT …/messages/{msgid}. Errors are {"errorCode":…,"message":…}.
var teams = &Service{
	Name: "teams",
	Hosts: []string{"teams.microsoft.com", "*.teams.microsoft.com", "teams.live.com",
		"*.teams.live.com", "*.teams.cloud.microsoft", "*.ng.msg.teams.microsoft.com",
		"api.spaces.skype.com"},
	Path: regexp.MustCompile(`^/v1/users/ME/(conversations|endpoints)(/|$)`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"errorCode": "PolicyViolation", "message": blockReason(reason, incident), "incident_id": incident}
	},
}
