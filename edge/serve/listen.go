package serve

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// listeners are the server's bound sockets.
type listeners struct {
	tcp     net.Listener   // HTTPS over TCP
	udp     net.PacketConn // HTTP/3; nil when QUIC is disabled
	plain   net.Listener   // HTTP; may be nil
	metrics net.Listener   // may be nil
}

// sharedPortTries bounds the search for a port free on both TCP and UDP
// when the HTTPS address asks for port 0.
const sharedPortTries = 32

// bind opens every listener; on error none stays open.
func bind(o *Options) (lns listeners, err error) {
	defer func() {
		if err != nil {
			lns.close()
		}
	}()
	if lns.tcp, lns.udp, err = bindShared(o.HTTPSAddr, !o.QUIC.Disable); err != nil {
		return lns, err
	}
	if o.HTTPAddr != "" {
		if lns.plain, err = net.Listen("tcp", o.HTTPAddr); err != nil {
			return lns, fmt.Errorf("serve: HTTP listener: %w", err)
		}
	}
	if o.MetricsAddr != "" {
		if lns.metrics, err = net.Listen("tcp", o.MetricsAddr); err != nil {
			return lns, fmt.Errorf("serve: metrics listener: %w", err)
		}
	}
	return lns, nil
}

// bindShared binds TCP and, with quic, UDP on the same port number. With
// port 0 it retries until the kernel's TCP pick is also free on UDP.
func bindShared(addr string, quic bool) (net.Listener, net.PacketConn, error) {
	host, port, _ := net.SplitHostPort(addr) // validated by Options
	for range sharedPortTries {
		tcp, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, nil, fmt.Errorf("serve: HTTPS listener (TCP): %w", err)
		}
		if !quic {
			return tcp, nil, nil
		}
		p := tcp.Addr().(*net.TCPAddr).Port
		udp, err := net.ListenPacket("udp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err == nil {
			return tcp, udp, nil
		}
		tcp.Close()
		if port != "0" || !errors.Is(err, syscall.EADDRINUSE) {
			return nil, nil, fmt.Errorf("serve: HTTP/3 listener (UDP): %w", err)
		}
	}
	return nil, nil, fmt.Errorf("serve: no port free on both TCP and UDP for %s after %d tries", addr, sharedPortTries)
}

func (l listeners) tlsListener(cfg *tls.Config) net.Listener {
	return tls.NewListener(l.tcp, cfg)
}

func (l listeners) addrs() Addrs {
	a := Addrs{HTTPS: l.tcp.Addr().String()}
	if l.udp != nil {
		a.HTTP3 = l.udp.LocalAddr().String()
	}
	if l.plain != nil {
		a.HTTP = l.plain.Addr().String()
	}
	if l.metrics != nil {
		a.Metrics = l.metrics.Addr().String()
	}
	return a
}

// close closes whatever is open; http.Server.Close closes the listeners
// it serves, so this is for failed starts and the UDP socket.
func (l listeners) close() {
	for _, c := range []interface{ Close() error }{l.tcp, l.plain, l.metrics} {
		if c != nil {
			c.Close()
		}
	}
	if l.udp != nil {
		l.udp.Close()
	}
}
