package limit

import (
	"testing"
	"time"
)

func TestGCRABurstThenRate(t *testing.T) {
	g := newGCRA(10, 5) // 10/s, burst 5
	now := int64(1e12)
	var tat int64
	for i := range 5 {
		var ok bool
		tat, ok, _ = g.step(tat, now)
		if !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	_, ok, wait := g.step(tat, now)
	if ok || wait != 100*time.Millisecond {
		t.Fatalf("sixth request: ok %v wait %v, want refused for 100ms", ok, wait)
	}
	tat2, ok, _ := g.step(tat, now+int64(100*time.Millisecond))
	if !ok {
		t.Fatal("one interval later one request must pass")
	}
	if _, ok, _ := g.step(tat2, now+int64(100*time.Millisecond)); ok {
		t.Fatal("but only one")
	}
	if _, ok, _ := g.step(tat, now+int64(10*time.Second)); !ok {
		t.Fatal("an idle key is a full bucket")
	}
}

func TestGCRABurstOne(t *testing.T) {
	g := newGCRA(1, 1)
	tat, ok, _ := g.step(0, 0)
	if !ok {
		t.Fatal("first refused")
	}
	if _, ok, wait := g.step(tat, int64(500*time.Millisecond)); ok || wait != 500*time.Millisecond {
		t.Fatalf("second after 0.5s: ok %v wait %v", ok, wait)
	}
}
