package extract

import (
	"net/http"
	"regexp"
)

// discord: the HTTP API (https://discord.com/developers/docs). Messages
// go out by POST /api/v{n}/channels/{id}/messages (JSON, or multipart with
// payload_json and files[n]) and are edited by PATCH …/messages/{id}.
// Errors are {"message":…,"code":…}.
var discord = &Service{
	Name: "discord",
	Hosts: []string{"discord.com", "*.discord.com", "discord.gg", "discordapp.com",
		"*.discordapp.com", "*.discordapp.net", "discord.media", "*.discord.media"},
	Path: regexp.MustCompile(`^/api/(v\d+/)?(channels|guilds|gateway|users/@me)(/|$)`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"message": blockReason(reason, incident), "code": 50013, "incident_id": incident}
	},
}
