package upload

import (
	"context"
	"errors"

	"github.com/threshold-ic/threshold/replica/api/agent"
)

// Which failures are retried. A call that failed in transit (a network
// error, an overloaded or restarting replica, an expired ingress message)
// may succeed when sent again, and every call of a sync may be repeated
// safely: a repeated create_chunks only leaves unused chunks that the
// canister drops with the batch, a repeated create_batch an empty batch
// that expires. A failure that the same request would meet again is not
// retried: the canister's reject of the arguments, a reply that does not
// verify or decode, a cancelled context.

// Permanent marks an error as not worth retrying, for Canister
// implementations that know; DefaultRetryable honours it.
func Permanent(err error) error { return &permanentError{err} }

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// rejectSysTransient is the reject code SYS_TRANSIENT (interface spec,
// "Reject codes"): the only reject a retry can cure.
const rejectSysTransient = 2

// DefaultRetryable is the retry policy when Options.Retryable is nil.
// Not retried: context cancellation and deadlines, errors wrapped with
// Permanent, rejects other than SYS_TRANSIENT (agent.RejectError), HTTP
// refusals other than 429 and 5xx (agent.HTTPError), and replies that are
// malformed or fail verification. Everything else is.
func DefaultRetryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var p *permanentError
	if errors.As(err, &p) {
		return false
	}
	var rej *agent.RejectError
	if errors.As(err, &rej) {
		return rej.Code == rejectSysTransient
	}
	var h *agent.HTTPError
	if errors.As(err, &h) {
		return h.Status == 429 || h.Status >= 500
	}
	for _, permanent := range []error{agent.ErrMalformed, agent.ErrCertificate, agent.ErrQuerySignature,
		agent.ErrNotInSubnet, agent.ErrNoRootKey} {
		if errors.Is(err, permanent) {
			return false
		}
	}
	return true
}
