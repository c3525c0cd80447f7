package gateway

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/threshold-ic/threshold/certify/httpcert"
	"github.com/threshold-ic/threshold/edge/resolve"
	"github.com/threshold-ic/threshold/replica/api/agent"
)

// Defaults of the limits and timeouts.
const (
	DefaultMaxRequestBody  = 10 << 20
	DefaultMaxResponseBody = 64 << 20
	DefaultMaxStreamChunks = 10_000
	DefaultMaxStreamTime   = 60 * time.Second
	DefaultUpstreamTimeout = 30 * time.Second
	DefaultMaxSkew         = 5 * time.Minute
)

// Options configure the gateway. Either Agent and Verifier are given, or
// RootKey and URL (with an optional Transport, such as edge/routing's) to
// build them.
type Options struct {
	// Resolver maps hosts to canisters. Required.
	Resolver *resolve.Resolver

	// Agent sends the canister calls; it should be anonymous. Nil builds
	// one from URL, Transport and RootKey.
	Agent *agent.Agent
	// URL is the replica or the routed IC API base URL for a built agent.
	URL string
	// Transport carries the built agent's requests; nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// RootKey is the DER root key; required unless Agent and Verifier
	// are both given.
	RootKey []byte
	// Verifier checks answers; nil builds one from RootKey.
	Verifier *httpcert.Verifier

	// MaxRequestBody bounds a request body (413 beyond it).
	MaxRequestBody int64
	// MaxResponseBody bounds an answer's body, streamed chunks included.
	MaxResponseBody int64
	// MaxStreamChunks bounds the streaming callbacks of one answer.
	MaxStreamChunks int
	// MaxStreamTime bounds the time spent following callbacks.
	MaxStreamTime time.Duration
	// UpstreamTimeout bounds the whole upstream phase of a request:
	// query, update and streaming (504 beyond it).
	UpstreamTimeout time.Duration
	// MaxSkew is how far a certificate's /time may be from now.
	MaxSkew time.Duration

	// Logger receives one event per failed request; nil discards.
	Logger *slog.Logger
	// Metrics observes every request; nil observes nothing.
	Metrics Metrics
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// ErrOptions is wrapped by every error of New.
var ErrOptions = errors.New("gateway: invalid options")

func (o *Options) setDefaults() error {
	if o.Resolver == nil {
		return fmt.Errorf("%w: Resolver is required", ErrOptions)
	}
	def := func(p *int64, v int64) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&o.MaxRequestBody, DefaultMaxRequestBody)
	def(&o.MaxResponseBody, DefaultMaxResponseBody)
	if o.MaxStreamChunks <= 0 {
		o.MaxStreamChunks = DefaultMaxStreamChunks
	}
	for _, d := range []struct {
		p *time.Duration
		v time.Duration
	}{{&o.MaxStreamTime, DefaultMaxStreamTime}, {&o.UpstreamTimeout, DefaultUpstreamTimeout}, {&o.MaxSkew, DefaultMaxSkew}} {
		if *d.p <= 0 {
			*d.p = d.v
		}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = nopMetrics{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if (o.Agent == nil || o.Verifier == nil) && len(o.RootKey) == 0 {
		return fmt.Errorf("%w: RootKey is required to build the agent or the verifier", ErrOptions)
	}
	var err error
	if o.Verifier == nil {
		if o.Verifier, err = httpcert.NewVerifier(o.RootKey, httpcert.Options{MaxDecodedBody: int(o.MaxResponseBody)}); err != nil {
			return fmt.Errorf("%w: RootKey: %v", ErrOptions, err)
		}
	}
	if o.Agent == nil {
		if u, err := url.Parse(o.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: URL %q is not an http(s) URL", ErrOptions, o.URL)
		}
		tr := o.Transport
		if tr == nil {
			tr = http.DefaultTransport
		}
		o.Agent, err = agent.New(agent.Config{URL: o.URL, RootKey: o.RootKey, Now: o.Now,
			HTTPClient: &http.Client{Transport: tr}})
		if err != nil {
			return fmt.Errorf("%w: agent: %v", ErrOptions, err)
		}
	}
	return nil
}
