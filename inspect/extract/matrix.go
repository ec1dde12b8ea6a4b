package extract

import (
	"net/http"
	"regexp"
)

// matrix: the client-server API (https://spec.matrix.org). Messages go
// out by PUT /_matrix/client/{v3,r0}/rooms/{room}/send/{type}/{txn}.
// Errors are {"errcode":"M_FORBIDDEN","error":…}.
var matrix = &Service{
	Name:  "matrix",
	Hosts: []string{"matrix.org", "*.matrix.org", "app.element.io", "*.element.io", "*.modular.im"},
	Path:  regexp.MustCompile(`^/_matrix/(client|media|federation)/`),
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"errcode": "M_FORBIDDEN", "error": blockReason(reason, incident), "incident_id": incident}
	},
}
