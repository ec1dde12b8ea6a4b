package proxy

import (
	"sort"
	"strings"

	"github.com/chatdlp/chatdlp/inspect/extract"
)

// builtinOverrides are the actions the catalogue applies unless
// services.overrides says otherwise (see the note on telegram in inspect/extract/catalogue.go).
var builtinOverrides = map[string]string{
	"telegram": actionBlock,
	"whatsapp": actionBlock,
	"signal":   actionBlock,
}

// Service actions, as written in services.default and services.overrides.
const (
	actionInspect = "inspect"
	actionAllow   = "allow"
	actionBlock   = "block"
)

// serviceCatalogue resolves hosts and paths to service names and actions.
// It is immutable once built; Reload swaps a new one in.
type serviceCatalogue struct {
	hosts   *hostSet // tagged with the service name
	actions map[string]string
	dflt    string
}

// newServiceCatalogue merges the built-in catalogue with services.hosts and
// services.overrides; unknown service names in hosts define new services.
func newServiceCatalogue(dflt string, overrides map[string]string, extra map[string][]string) *serviceCatalogue {
	if dflt == "" {
		dflt = actionInspect
	}
	c := &serviceCatalogue{hosts: newHostSet(nil), actions: map[string]string{}, dflt: dflt}
	all := map[string][]string{}
	for _, svc := range extract.Catalogue() {
		all[svc.Name] = append(all[svc.Name], svc.Hosts...)
	}
	for name, hosts := range extra {
		all[strings.ToLower(name)] = append(all[strings.ToLower(name)], hosts...)
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names) // a pattern listed by two services goes to the first
	for _, name := range names {
		for _, h := range all[name] {
			c.hosts.add(h, name)
		}
	}
	for name, a := range builtinOverrides {
		c.actions[name] = a
	}
	for name, a := range overrides {
		c.actions[strings.ToLower(name)] = a
	}
	return c
}

// byHost returns the service a host belongs to, or "".
func (c *serviceCatalogue) byHost(host string) string {
	name, _ := c.hosts.lookup(host)
	return name
}

// identify returns the service of a request: by host first, then by path.
func (c *serviceCatalogue) identify(host, path string) string {
	if s := c.byHost(host); s != "" {
		return s
	}
	if path == "" {
		return ""
	}
	return extract.ByPath(path)
}

// action returns the configured action for a service ("" = a host in no
// entry, which also takes services.default).
func (c *serviceCatalogue) action(service string) string {
	if a, ok := c.actions[service]; ok && service != "" {
		return a
	}
	return c.dflt
}
