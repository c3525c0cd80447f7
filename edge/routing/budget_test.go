package routing

import (
	"testing"
	"time"
)

// fakeClock is a settable clock for budget and mark-down tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestRetryBudget(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	b := newBudget(0.1, 1, 10*time.Second, clk.now)
	// The floor: 1/s over a 10 s window, with no requests at all.
	for i := range 10 {
		if !b.tryRetry() {
			t.Fatalf("retry %d refused within the floor", i)
		}
	}
	if b.tryRetry() {
		t.Fatal("retry beyond the floor allowed")
	}
	// The ratio: 100 requests buy 10 more retries.
	for range 100 {
		b.request()
	}
	for i := range 10 {
		if !b.tryRetry() {
			t.Fatalf("retry %d refused within the ratio", i)
		}
	}
	if b.tryRetry() {
		t.Fatal("retry beyond the ratio allowed")
	}
	// The window slides: after it, the spent retries are forgotten.
	clk.advance(10 * time.Second)
	if !b.tryRetry() {
		t.Fatal("budget did not refill after the window")
	}
}
