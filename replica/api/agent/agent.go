package agent

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/replica/api/identity"
)

// DefaultIngressExpiry is how far ahead of now requests expire unless
// Config.IngressExpiry says otherwise; the replica accepts up to 5 min 30 s.
const DefaultIngressExpiry = 4 * time.Minute

// MaxSkew is how far a certificate's /time or a query signature's
// timestamp may be from the agent's clock (PROTOCOL.md §4.6).
const MaxSkew = 5 * time.Minute

// Config configures an Agent. It is read once by New.
type Config struct {
	// URL is the replica or boundary node, e.g. "http://127.0.0.1:4943".
	URL string
	// Identity signs requests; nil means the anonymous identity.
	Identity identity.Identity
	// RootKey is the DER root key (133 bytes) that certificates must be
	// signed under. Required unless FetchRootKey is set.
	RootKey []byte
	// FetchRootKey takes the root key from /api/v2/status on first use
	// when RootKey is empty. Only for local development networks: the
	// key is not authenticated.
	FetchRootKey bool
	// HTTPClient sends the requests; nil means a client with a 2-minute
	// timeout.
	HTTPClient *http.Client
	// IngressExpiry is the lifetime of each request; zero means
	// DefaultIngressExpiry.
	IngressExpiry time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand supplies request nonces; nil means crypto/rand.
	Rand io.Reader
	// SkipQuerySignatures turns off the verification of query answers'
	// node signatures (on by default, as in every DFINITY agent).
	SkipQuerySignatures bool
}

// Agent talks to one Internet Computer network. It is safe for concurrent
// use.
type Agent struct {
	base   string
	id     identity.Identity
	client *http.Client
	expiry time.Duration
	now    func() time.Time
	rand   io.Reader
	verify bool
	fetch  bool

	mu       sync.Mutex
	verifier *certify.Verifier // nil until the root key is known
	subnets  subnetCache
}

// New returns an Agent for cfg. It does no I/O: a root key to fetch is
// fetched by the first request that needs it.
func New(cfg Config) (*Agent, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("agent: URL %q is not an http(s) URL", cfg.URL)
	}
	a := &Agent{
		base:   strings.TrimRight(cfg.URL, "/"),
		id:     cfg.Identity,
		client: cfg.HTTPClient,
		expiry: cfg.IngressExpiry,
		now:    cfg.Now,
		rand:   cfg.Rand,
		verify: !cfg.SkipQuerySignatures,
		fetch:  cfg.FetchRootKey,
	}
	if a.id == nil {
		a.id = identity.Anonymous()
	}
	if a.client == nil {
		a.client = &http.Client{Timeout: 2 * time.Minute}
	}
	if a.expiry <= 0 {
		a.expiry = DefaultIngressExpiry
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.rand == nil {
		a.rand = rand.Reader
	}
	if len(cfg.RootKey) > 0 {
		root, err := certify.ParseRootKey(cfg.RootKey)
		if err != nil {
			return nil, fmt.Errorf("agent: root key: %w", err)
		}
		a.verifier = certify.NewVerifier(root, 0)
	} else if !cfg.FetchRootKey {
		return nil, fmt.Errorf("%w: set Config.RootKey, or FetchRootKey for a local network", ErrNoRootKey)
	}
	return a, nil
}

// Identity returns the identity that signs the agent's requests.
func (a *Agent) Identity() identity.Identity { return a.id }

// RootKey returns the root key, fetching it from /api/v2/status first if
// the agent was configured with FetchRootKey.
func (a *Agent) RootKey(ctx context.Context) (*certify.RootKey, error) {
	v, err := a.certVerifier(ctx)
	if err != nil {
		return nil, err
	}
	return v.Root(), nil
}

// certVerifier returns the certificate verifier, fetching the root key if
// needed. Concurrent first uses may fetch twice; the first result wins.
func (a *Agent) certVerifier(ctx context.Context) (*certify.Verifier, error) {
	a.mu.Lock()
	v := a.verifier
	a.mu.Unlock()
	if v != nil {
		return v, nil
	}
	if !a.fetch {
		return nil, ErrNoRootKey
	}
	st, err := a.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: fetching it from the status endpoint: %w", ErrNoRootKey, err)
	}
	if len(st.RootKey) == 0 {
		return nil, fmt.Errorf("%w: the status endpoint sent none", ErrNoRootKey)
	}
	root, err := certify.ParseRootKey(st.RootKey)
	if err != nil {
		return nil, fmt.Errorf("%w: the status endpoint sent a bad one: %w", ErrNoRootKey, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.verifier == nil {
		a.verifier = certify.NewVerifier(root, 0)
	}
	return a.verifier, nil
}

// maxBody bounds what the agent reads of a response: install_code replies
// are small, but read_state certificates of large subnets are not.
const maxBody = 64 << 20

// do sends one request and returns the status and body. A transport error
// names the URL.
func (a *Agent) do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return 0, nil, fmt.Errorf("agent: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/cbor")
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("agent: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return 0, nil, fmt.Errorf("agent: %s %s: reading the response: %w", method, path, err)
	}
	if len(b) > maxBody {
		return 0, nil, fmt.Errorf("agent: %s %s: response larger than %d bytes", method, path, maxBody)
	}
	return resp.StatusCode, b, nil
}

// httpError turns a refusal into an *HTTPError.
func (a *Agent) httpError(path string, status int, body []byte) error {
	const maxText = 4 << 10
	if len(body) > maxText {
		body = body[:maxText]
	}
	return &HTTPError{Status: status, Body: strings.TrimSpace(string(body)), URL: a.base + path}
}

// isHTTPStatus reports whether err is an *HTTPError of the given status.
func isHTTPStatus(err error, status int) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == status
}
