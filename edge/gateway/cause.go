package gateway

import (
	"fmt"
	"net/http"
)

// Cause is why the gateway answered with an error instead of the canister's
// page: one value that decides the status, the page, the log event and the
// metric label. Causes are created by the constructors below from a fixed
// table (causeTable); Detail says what happened in this request.
type Cause struct {
	// Code is a stable identifier, used as the metric label and in the
	// JSON body, e.g. "verification_failed".
	Code string
	// Status is the HTTP status code.
	Status int
	// Title is a short human heading.
	Title string
	// Detail explains this occurrence (never the canister's body).
	Detail string
	// UpstreamFailure marks failures of the replicas (unreachable,
	// overloaded, timed out): X-Edge-Upstream-Failure is set, so that a
	// cache may serve a stale verified answer instead.
	UpstreamFailure bool
	// Err is the underlying error, for the log.
	Err error
}

func (c *Cause) Error() string {
	s := "gateway: " + c.Code + ": " + c.Detail
	if c.Err != nil {
		s += ": " + c.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (c *Cause) Unwrap() error { return c.Err }

// The cause codes.
const (
	CodeBadHost             = "bad_host"
	CodeUnknownDomain       = "unknown_domain"
	CodeRawDisabled         = "raw_disabled"
	CodeNoCanister          = "no_canister"
	CodeMalformedCanisterID = "malformed_canister_id"
	CodeMethodNotAllowed    = "method_not_allowed"
	CodeBadRequest          = "bad_request"
	CodeRequestTooLarge     = "request_too_large"
	CodeCanisterNotFound    = "canister_not_found"
	CodeCanisterStopped     = "canister_stopped"
	CodeCanisterEmpty       = "canister_empty"
	CodeCanisterReject      = "canister_reject"
	CodeBadResponse         = "bad_response"
	CodeResponseTooLarge    = "response_too_large"
	CodeUpstreamUnavailable = "upstream_unavailable"
	CodeUpstreamTimeout     = "upstream_timeout"
	CodeVerificationFailed  = "verification_failed"
	CodeClientClosed        = "client_closed"
)

// StatusClientClosed is the status logged for a client that went away
// before its answer was ready (nginx's 499); nothing is sent.
const StatusClientClosed = 499

type causeKind struct {
	status   int
	title    string
	upstream bool
}

// causeTable is the error-cause table of the edge.
var causeTable = map[string]causeKind{
	CodeBadHost:             {http.StatusBadRequest, "Malformed host name", false},
	CodeUnknownDomain:       {http.StatusNotFound, "Unknown domain", false},
	CodeRawDisabled:         {http.StatusNotFound, "Raw domains are switched off", false},
	CodeNoCanister:          {http.StatusNotFound, "No canister named", false},
	CodeMalformedCanisterID: {http.StatusBadRequest, "Malformed canister id", false},
	CodeMethodNotAllowed:    {http.StatusMethodNotAllowed, "Method not allowed", false},
	CodeBadRequest:          {http.StatusBadRequest, "Bad request", false},
	CodeRequestTooLarge:     {http.StatusRequestEntityTooLarge, "Request body too large", false},
	CodeCanisterNotFound:    {http.StatusNotFound, "Canister not found", false},
	CodeCanisterStopped:     {http.StatusServiceUnavailable, "Canister stopped", false},
	CodeCanisterEmpty:       {http.StatusServiceUnavailable, "Canister has no code", false},
	CodeCanisterReject:      {http.StatusBadGateway, "The canister refused the request", false},
	CodeBadResponse:         {http.StatusBadGateway, "Malformed answer from the canister", false},
	CodeResponseTooLarge:    {http.StatusBadGateway, "Answer too large", false},
	CodeUpstreamUnavailable: {http.StatusServiceUnavailable, "The Internet Computer is unavailable", true},
	CodeUpstreamTimeout:     {http.StatusGatewayTimeout, "The Internet Computer did not answer in time", true},
	CodeVerificationFailed:  {http.StatusServiceUnavailable, "Response verification failed", false},
	CodeClientClosed:        {StatusClientClosed, "Client closed the request", false},
}

// newCause makes the cause of the given code.
func newCause(code string, err error, format string, args ...any) *Cause {
	k, ok := causeTable[code]
	if !ok {
		panic("gateway: unknown cause code " + code)
	}
	return &Cause{Code: code, Status: k.status, Title: k.title, Detail: fmt.Sprintf(format, args...),
		UpstreamFailure: k.upstream, Err: err}
}
