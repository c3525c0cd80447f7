package limit

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP finds a request's client address and the key it is limited by.
type ClientIP struct {
	// TrustedProxies lists the peers whose X-Forwarded-For is believed
	// (a load balancer in front of the edge). Empty: the header is ignored.
	TrustedProxies []netip.Prefix
	// IPv6Prefix is the IPv6 prefix length one client is assumed to own
	// (default 64: an ISP hands a site a /64 or more).
	IPv6Prefix int
}

// Addr returns the client's address: the TCP/QUIC peer, or, when the peer
// is a trusted proxy, the right-most X-Forwarded-For address that is not
// one. ok is false when RemoteAddr is not an address.
func (c ClientIP) Addr(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	addr = addr.Unmap().WithZone("")
	if !c.trusted(addr) {
		return addr, true
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return addr, true // a garbled hop: stop at the last address we can vouch for
		}
		addr = hop.Unmap().WithZone("")
		if !c.trusted(addr) {
			return addr, true
		}
	}
	return addr, true
}

func (c ClientIP) trusted(a netip.Addr) bool {
	for _, p := range c.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Key returns the limiter key of the request's client: the IPv4 address,
// or the IPv6 prefix.
func (c ClientIP) Key(r *http.Request) (string, bool) {
	a, ok := c.Addr(r)
	if !ok {
		return "", false
	}
	if a.Is6() {
		bits := c.IPv6Prefix
		if bits <= 0 || bits > 128 {
			bits = 64
		}
		p, _ := a.Prefix(bits) // bits is in range
		return p.String(), true
	}
	return a.String(), true
}
