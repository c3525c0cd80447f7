package upload

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/threshold-ic/threshold/assets/wire"
)

// Canister is the asset canister as Sync reaches it: Candid arguments in,
// Candid reply out. The command wires it to the agent (replica/api/agent:
// Agent.Query and Agent.Call on one canister id); an error is the call's
// failure (a reject, an HTTP or network error).
type Canister interface {
	// Query makes a query call.
	Query(ctx context.Context, method string, arg []byte) ([]byte, error)
	// Call makes an update call and waits for its reply.
	Call(ctx context.Context, method string, arg []byte) ([]byte, error)
}

// client makes typed calls on a Canister, retrying transient failures and
// counting calls and argument bytes.
type client struct {
	c         Canister
	retries   int
	delay     time.Duration
	retryable func(error) bool

	calls    atomic.Int64 // every attempt, queries and updates
	argBytes atomic.Int64 // the encoded arguments of every attempt
}

// invoke encodes a, calls m (as a query or an update, as the interface
// declares it) with retries, and decodes the reply.
func invoke[A, R any](ctx context.Context, cl *client, m wire.Method[A, R], a A) (R, error) {
	var zero R
	arg, err := m.EncodeArgs(a)
	if err != nil {
		return zero, fmt.Errorf("upload: %w", err)
	}
	reply, err := cl.send(ctx, m.Name, m.Query(), arg)
	if err != nil {
		return zero, err
	}
	r, err := m.DecodeResult(reply)
	if err != nil {
		return zero, fmt.Errorf("upload: %s: %w", m.Name, err)
	}
	return r, nil
}

// send makes one call, retrying transient errors after delay, 2·delay,
// 4·delay ... (at most cl.retries times).
func (cl *client) send(ctx context.Context, method string, query bool, arg []byte) ([]byte, error) {
	delay := cl.delay
	for attempt := 0; ; attempt++ {
		cl.calls.Add(1)
		cl.argBytes.Add(int64(len(arg)))
		var reply []byte
		var err error
		if query {
			reply, err = cl.c.Query(ctx, method, arg)
		} else {
			reply, err = cl.c.Call(ctx, method, arg)
		}
		if err == nil {
			return reply, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("upload: %s: %w", method, context.Cause(ctx))
		}
		if attempt >= cl.retries || !cl.retryable(err) {
			return nil, &CallError{Method: method, Attempts: attempt + 1, Err: err}
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("upload: %s: %w", method, context.Cause(ctx))
		case <-t.C:
		}
		delay *= 2
	}
}

// CallError is a call to the canister that failed, after Attempts tries.
type CallError struct {
	Method   string
	Attempts int
	Err      error
}

func (e *CallError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("upload: %s failed after %d attempts: %v", e.Method, e.Attempts, e.Err)
	}
	return fmt.Sprintf("upload: %s: %v", e.Method, e.Err)
}

func (e *CallError) Unwrap() error { return e.Err }
