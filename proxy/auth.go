package proxy

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// authorize runs on every explicit-proxy request: proxy authentication
// when configured (407 with a Basic challenge, never logging the header),
// then the client's group. A verified Proxy-Authorization is remembered
// per connection as a hash, so keep-alive requests do not pay bcrypt again.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, st *reqState) bool {
	pol := s.policy()
	hdr := r.Header.Get("Proxy-Authorization")
	user, ok := st.info.cachedUser(hdr, pol)
	if !ok {
		user, ok = pol.authenticate(hdr)
		if ok && hdr != "" {
			st.info.rememberUser(hdr, user, pol)
		}
	}
	st.host = normalizeHost(hostOnly(r.Host))
	if !ok {
		st.incident = newID()
		s.met.block("auth")
		extra := http.Header{"Proxy-Authenticate": {`Basic realm="chatdlp"`}}
		writeRefusal(w, r, http.StatusProxyAuthRequired, "proxy authentication required", st.incident, extra)
		return false
	}
	st.user, st.group = user, pol.group(st.info.clientIP, user)
	return true
}

// cachedUser returns the user of a header verified on this connection
// under the same policy (a reload, e.g. a new htpasswd, verifies again).
func (ci *connInfo) cachedUser(hdr string, pol *policy) (string, bool) {
	if hdr == "" {
		return "", false
	}
	sum := sha256.Sum256([]byte(hdr))
	ci.mu.Lock()
	defer ci.mu.Unlock()
	if ci.authHdr != "" && ci.authPol == pol && subtle.ConstantTimeCompare([]byte(ci.authHdr), sum[:]) == 1 {
		return ci.authUser, true
	}
	return "", false
}

func (ci *connInfo) rememberUser(hdr, user string, pol *policy) {
	sum := sha256.Sum256([]byte(hdr))
	ci.mu.Lock()
	defer ci.mu.Unlock()
	ci.authHdr, ci.authUser, ci.authPol = string(sum[:]), user, pol
}
