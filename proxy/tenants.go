package proxy

import (
	"net/http"
	"strings"

	"github.com/chatdlp/chatdlp/config"
)

// tenantHeaders are the tenant-restriction headers added to each request
// of a service (services.tenants): Slack's allowed workspaces, and
// Microsoft's tenant restrictions on its sign-in hosts. A client-sent
// header of the same name is replaced, never passed through.
type tenantHeaders map[string]http.Header

func newTenantHeaders(t config.Tenants) tenantHeaders {
	th := tenantHeaders{}
	if s := t.Slack; len(s.Workspaces) > 0 {
		th["slack"] = http.Header{
			"X-Slack-Allowed-Workspaces":           {strings.Join(s.Workspaces, ",")},
			"X-Slack-Allowed-Workspaces-Requester": {s.Requester},
		}
	}
	if m := t.Microsoft; len(m.Tenants) > 0 {
		th["microsoft-login"] = http.Header{
			"Restrict-Access-To-Tenants": {strings.Join(m.Tenants, ",")},
			"Restrict-Access-Context":    {m.Context},
		}
	}
	return th
}

// apply sets the service's headers on h.
func (th tenantHeaders) apply(service string, h http.Header) {
	for k, v := range th[service] {
		h[k] = v
	}
}
