package limit

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestConcurrencyQueuesThenSheds(t *testing.T) {
	c, err := NewConcurrency(ConcurrencyOptions{Max: 2, MaxQueue: 1, QueueTimeout: time.Hour, RetryAfter: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	var wg sync.WaitGroup
	codes := make(chan int, 10)
	serve := func() {
		wg.Go(func() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			codes <- w.Code
		})
	}
	serve()
	serve()
	<-entered
	<-entered
	serve() // queues
	eventually(t, "one request queued", func() bool { return c.queued.Load() == 1 })
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "3" {
		t.Fatalf("queue full: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	release <- struct{}{}
	<-entered // the queued one got the freed slot
	close(release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Fatalf("admitted request answered %d", code)
		}
	}
}

func TestConcurrencyQueueTimeout(t *testing.T) {
	c, err := NewConcurrency(ConcurrencyOptions{Max: 1, QueueTimeout: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	entered := make(chan struct{})
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	done := make(chan struct{})
	go func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)); close(done) }()
	<-entered
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("after the queue timeout: %d", w.Code)
	}
	close(release)
	<-done
}
