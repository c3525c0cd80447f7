package gateway

import (
	"net/http"
	"strconv"
	"strings"
)

// Internal headers of the edge (the gateway/cache contract).
const (
	HeaderCanister        = "X-Edge-Canister"
	HeaderCacheable       = "X-Edge-Cacheable"
	HeaderUpstreamFailure = "X-Edge-Upstream-Failure"
)

// writeAnswer serves the canister's (verified or raw) answer.
func writeAnswer(w http.ResponseWriter, r *http.Request, v *verified, cacheable bool) {
	h := w.Header()
	drop := map[string]bool{}
	for _, hv := range v.headers {
		if strings.EqualFold(hv[0], "Connection") {
			for _, tok := range strings.Split(hv[1], ",") {
				drop[http.CanonicalHeaderKey(strings.TrimSpace(tok))] = true
			}
		}
	}
	for _, hv := range v.headers {
		name := http.CanonicalHeaderKey(hv[0])
		if hopByHop[name] || drop[name] || name == "Content-Length" || strings.HasPrefix(name, "X-Edge-") ||
			!validHeader(name, hv[1]) {
			continue
		}
		h.Add(name, hv[1])
	}
	if cacheable {
		h.Set(HeaderCacheable, "1")
	}
	status := int(v.status)
	if status < 100 || status > 999 {
		status = http.StatusBadGateway
	}
	bodyAllowed := status != http.StatusNoContent && status != http.StatusNotModified && status >= 200
	if bodyAllowed {
		h.Set("Content-Length", strconv.Itoa(len(v.body)))
	}
	w.WriteHeader(status)
	if bodyAllowed && r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

// validHeader reports whether a canister's header can be sent: a token
// name and a value without control characters other than tab, which
// net/http would otherwise refuse to write or a client misread.
func validHeader(name, value string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
