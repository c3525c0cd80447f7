package upload

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/agent"
)

func TestDefaultRetryable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"network", errors.New("connection refused"), true},
		{"cancelled", fmt.Errorf("x: %w", context.Canceled), false},
		{"deadline", context.DeadlineExceeded, false},
		{"permanent", Permanent(errors.New("no")), false},
		{"wrapped permanent", fmt.Errorf("a: %w", Permanent(errors.New("no"))), false},
		{"SYS_TRANSIENT", fmt.Errorf("agent: call: %w", &agent.RejectError{Code: 2, Message: "busy"}), true},
		{"CANISTER_REJECT", &agent.RejectError{Code: 4, Message: "batch not found"}, false},
		{"CANISTER_ERROR", &agent.RejectError{Code: 5}, false},
		{"DESTINATION_INVALID", &agent.RejectError{Code: 3}, false},
		{"HTTP 503", &agent.HTTPError{Status: 503}, true},
		{"HTTP 429", &agent.HTTPError{Status: 429}, true},
		{"HTTP 400", &agent.HTTPError{Status: 400}, false},
		{"HTTP 403", &agent.HTTPError{Status: 403}, false},
		{"certificate", fmt.Errorf("%w: bad signature", agent.ErrCertificate), false},
		{"malformed", agent.ErrMalformed, false},
		{"expired", agent.ErrExpired, true},
	} {
		if got := DefaultRetryable(tc.err); got != tc.want {
			t.Errorf("%s: DefaultRetryable = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestForEach(t *testing.T) {
	var ran atomic.Int64
	if err := forEach(context.Background(), 3, 50, func(context.Context, int) error { ran.Add(1); return nil }); err != nil || ran.Load() != 50 {
		t.Fatalf("forEach: %v after %d runs, want nil after 50", err, ran.Load())
	}
	if err := forEach(context.Background(), 3, 0, func(context.Context, int) error { return errors.New("never") }); err != nil {
		t.Fatalf("forEach of nothing: %v", err)
	}
	boom := errors.New("boom")
	ran.Store(0)
	err := forEach(context.Background(), 1, 50, func(_ context.Context, i int) error {
		ran.Add(1)
		if i == 4 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || ran.Load() != 5 {
		t.Fatalf("forEach: %v after %d runs, want boom after 5", err, ran.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := forEach(ctx, 2, 5, func(context.Context, int) error { t.Error("ran after cancel"); return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("forEach with a cancelled context: %v", err)
	}
}
