package serve

import (
	"context"
	"sync"
	"time"

	"github.com/quic-go/quic-go"
)

// h3Watchdog closes an HTTP/3 connection that makes no progress: quic-go
// reads a request's headers with no deadline, so a client that trickles a
// HEADERS frame (a slowloris over QUIC) would otherwise hold its streams
// for as long as it keeps the connection alive. The rule, per connection:
// a first request must reach the handler within ReadHeader of the
// handshake, and while no request is in flight another must arrive within
// Idle, or the connection is closed (H3_NO_ERROR; clients reconnect). TCP
// gets the same bounds from net/http's ReadHeaderTimeout and IdleTimeout.
type h3Watchdog struct {
	mu       sync.Mutex
	conn     *quic.Conn
	inflight int
	idle     time.Duration
	timer    *time.Timer
	closed   bool
	onClose  func()
}

type watchdogKey struct{}

func newH3Watchdog(conn *quic.Conn, first, idle time.Duration, onClose func()) *h3Watchdog {
	w := &h3Watchdog{conn: conn, idle: idle, onClose: onClose}
	w.timer = time.AfterFunc(first, w.fire)
	go func() {
		<-conn.Context().Done()
		w.timer.Stop()
	}()
	return w
}

func (w *h3Watchdog) fire() {
	w.mu.Lock()
	if w.inflight > 0 || w.closed {
		w.mu.Unlock()
		return
	}
	w.closed = true
	w.mu.Unlock()
	if w.onClose != nil {
		w.onClose()
	}
	w.conn.CloseWithError(quic.ApplicationErrorCode(h3NoError), "no request in time")
}

// begin records a request that reached the handler; end its completion.
func (w *h3Watchdog) begin() {
	w.mu.Lock()
	w.inflight++
	w.timer.Stop()
	w.mu.Unlock()
}

func (w *h3Watchdog) end() {
	w.mu.Lock()
	w.inflight--
	if w.inflight == 0 && !w.closed {
		w.timer.Reset(w.idle)
	}
	w.mu.Unlock()
}

// watchdogFrom returns the watchdog of a request's connection, if any.
func watchdogFrom(ctx context.Context) *h3Watchdog {
	w, _ := ctx.Value(watchdogKey{}).(*h3Watchdog)
	return w
}
