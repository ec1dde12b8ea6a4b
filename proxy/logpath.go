package proxy

import "strings"

// logPath is the request path as it may be logged: some chat APIs carry a
// credential in the path itself (a Telegram bot token, the secret part of
// a Slack or Discord webhook URL), and the log must never hold one. The
// query is never logged at all.
func logPath(path string) string {
	first, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	switch {
	case strings.HasPrefix(first, "bot") && strings.Contains(first, ":"):
		// /bot<id>:<token>/<method>
		if rest == "" && !strings.HasSuffix(path, "/") {
			return "/bot[redacted]"
		}
		return "/bot[redacted]/" + rest
	case strings.HasPrefix(path, "/services/"):
		// Slack incoming webhook: /services/T…/B…/<secret>
		return keepSegments(path, 3)
	case strings.HasPrefix(path, "/api/webhooks/"):
		// Discord webhook: /api/webhooks/<id>/<token>
		return keepSegments(path, 3)
	case first == "api" && strings.HasPrefix(rest, "v") && strings.Contains(rest, "/webhooks/"):
		// Discord, versioned: /api/v10/webhooks/<id>/<token>
		return keepSegments(path, 4)
	case first == "hooks":
		// Mattermost /hooks/<key>, Rocket.Chat /hooks/<id>/<token>
		return keepSegments(path, 1)
	case strings.Contains(path, "/IncomingWebhook/"):
		// Teams (Office 365 connector): …/IncomingWebhook/<secret>/<guid>
		i := strings.Index(path, "/IncomingWebhook/")
		return path[:i] + "/IncomingWebhook/[redacted]"
	case strings.HasPrefix(path, "/workflows/"):
		// Slack workflow webhook: /workflows/T…/A…/<id>/<secret>
		return keepSegments(path, 2)
	}
	return path
}

// keepSegments keeps the first n segments of path and redacts the rest.
func keepSegments(path string, n int) string {
	segs := strings.SplitN(path, "/", n+2) // "" + n segments + rest
	if len(segs) <= n+1 {
		return path
	}
	return strings.Join(segs[:n+1], "/") + "/[redacted]"
}
