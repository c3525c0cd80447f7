//go:build !wasip1

package httpcert

import (
	"bytes"
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/certify/leb128"
)

// Options tune verification. The zero value is ready to use.
type Options struct {
	// MaxDecodedBody bounds a v1 body after gzip or deflate decoding;
	// zero means DefaultMaxDecodedBody.
	MaxDecodedBody int
	// CacheSize is the number of certificate signatures a Verifier
	// remembers (certify.NewVerifier); zero means certify's default.
	CacheSize int
}

// Result describes a response that passed verification.
type Result struct {
	// Version is the verification version used: 1 or 2.
	Version int
	// Certified is false when a v2 response opted out of certification
	// (no_certification): nothing below is certified and the gateway
	// decides what to pass on.
	Certified bool
	// StatusCertified reports whether StatusCode is certified (v2 only).
	StatusCertified bool
	StatusCode      uint16
	// Headers are the certified headers, names lower-cased, followed by
	// IC-Certificate (v2); v1 certifies no header.
	Headers []HeaderField
	// Body is the certified body, as sent (not content-decoded).
	Body []byte
}

// Verifier verifies responses against one root key and caches the
// certificate signatures it has checked. It is safe for concurrent use.
type Verifier struct {
	certs *certify.Verifier
	opts  Options
}

// NewVerifier parses the DER root key once and returns a Verifier.
func NewVerifier(rootKeyDER []byte, opts Options) (*Verifier, error) {
	root, err := certify.ParseRootKey(rootKeyDER)
	if err != nil {
		return nil, err
	}
	return &Verifier{certs: certify.NewVerifier(root, opts.CacheSize), opts: opts}, nil
}

// Verify is VerifyRequestResponse with the Verifier's root key and cache.
func (v *Verifier) Verify(req Request, resp Response, canisterID []byte, now time.Time, maxSkew time.Duration, minVersion int) (Result, error) {
	p := pair{req: req, resp: resp, canisterID: canisterID, now: now, maxSkew: maxSkew, minVersion: minVersion, opts: v.opts,
		verify: func(c *certify.Certificate, o certify.Options) error { _, err := v.certs.Verify(c, o); return err }}
	return p.run()
}

// VerifyRequestResponse verifies that resp is the certified answer of the
// canister canisterID to req, the way dfinity/response-verification's
// verifyRequestResponsePair does (see the package doc): the certificate in
// the IC-Certificate header must be signed under rootKeyDER (through a
// delegation covering canisterID, if any) with a /time within maxSkew of
// now, and certify the response in version 1 or 2. A response whose
// version is below minVersion fails (PROTOCOL.md §8.9: a gateway that
// asked for v2 passes 2 to refuse v1 answers, or 1 to accept them).
//
// Every error is or wraps a Reason naming the failed check.
func VerifyRequestResponse(req Request, resp Response, canisterID []byte, now time.Time, maxSkew time.Duration, rootKeyDER []byte, minVersion int, opts Options) (Result, error) {
	p := pair{req: req, resp: resp, canisterID: canisterID, now: now, maxSkew: maxSkew, minVersion: minVersion, opts: opts,
		verify: func(c *certify.Certificate, o certify.Options) error {
			root, err := certify.ParseRootKey(rootKeyDER)
			if err != nil {
				return err
			}
			_, err = certify.Verify(c, root, o)
			return err
		}}
	return p.run()
}

// pair is one verification in progress.
type pair struct {
	req        Request
	resp       Response
	canisterID []byte
	now        time.Time
	maxSkew    time.Duration
	minVersion int
	opts       Options
	verify     func(*certify.Certificate, certify.Options) error

	header CertificateHeader
	cert   *certify.Certificate
	tree   hashtree.Tree
}

func (p *pair) run() (Result, error) {
	value, ok := header(p.resp.Headers, CertificateHeaderName)
	if !ok {
		return Result{}, fail(ErrHeaderMissingCertification, "no "+CertificateHeaderName+" header", nil)
	}
	var err error
	if p.header, err = ParseCertificateHeader(value); err != nil {
		return Result{}, err
	}
	if p.cert, err = certify.Parse(p.header.Certificate); err != nil {
		return Result{}, fail(ErrMalformedCBOR, "certificate", err)
	}
	if p.tree, err = hashtree.Parse(p.header.Tree); err != nil {
		return Result{}, fail(ErrMalformedCBOR, "tree", err)
	}
	switch v := p.header.Version; {
	case v < p.minVersion:
		return Result{}, fail(ErrRequestedVerificationVersionMismatch,
			"response version "+strconv.Itoa(v)+", minimum "+strconv.Itoa(p.minVersion), nil)
	case v == 1:
		return p.v1()
	case v == 2:
		return p.v2()
	default:
		return Result{}, fail(ErrUnsupportedVerificationVersion, "version "+strconv.Itoa(v), nil)
	}
}

// verifyCertificate checks the certificate and that the tree is the
// canister's certified data (common_validation.rs validate_tree).
func (p *pair) verifyCertificate() error {
	if p.now.IsZero() {
		return fail(ErrCertificateVerificationFailed, "no current time given", nil)
	}
	if p.maxSkew <= 0 {
		return fail(ErrCertificateVerificationFailed, "no time window given", nil)
	}
	// certify checks signature, delegation and canister ranges; the time
	// window is checked here, at millisecond precision (checkTime).
	if err := p.verify(p.cert, certify.Options{CanisterID: p.canisterID}); err != nil {
		return fail(ErrCertificateVerificationFailed, "", err)
	}
	if err := checkTime(p.cert.Tree, p.now, p.maxSkew); err != nil {
		return err
	}
	data, res := p.cert.Tree.Lookup([]byte("canister"), p.canisterID, []byte("certified_data"))
	if res != hashtree.Found {
		return fail(ErrCertificateMissingCertifiedData, "canister "+hexShort(p.canisterID)+": "+res.String(), nil)
	}
	if d := p.tree.Digest(); !bytes.Equal(data, d[:]) {
		return fail(ErrInvalidTreeRootHash, "", nil)
	}
	return nil
}

// checkTime requires the certificate's /time to lie within maxSkew of now,
// either way, bounds included. The certificate time is first truncated to
// whole milliseconds, as the service worker (and its test vectors) compare
// times in milliseconds; the reference library compares nanoseconds. The
// difference only admits certificates up to 1 ms further in the future.
func checkTime(tree hashtree.Tree, now time.Time, maxSkew time.Duration) error {
	v, res := tree.Lookup([]byte("time"))
	if res != hashtree.Found {
		return fail(ErrCertificateVerificationFailed, "/time is "+res.String(), certify.ErrTime)
	}
	t, n, err := leb128.Unsigned(v)
	if err != nil || n != len(v) || t > math.MaxInt64 {
		return fail(ErrCertificateVerificationFailed, "/time is not a nat", certify.ErrTime)
	}
	t -= t % uint64(time.Millisecond)
	ns := now.UnixNano()
	if ns < 0 {
		return fail(ErrCertificateVerificationFailed, "current time before 1970", certify.ErrTime)
	}
	if diff := int64(t) - ns; diff > int64(maxSkew) || -diff > int64(maxSkew) {
		return fail(ErrCertificateVerificationFailed,
			"certificate time "+strconv.FormatUint(t, 10)+" ns is more than "+maxSkew.String()+" from now ("+strconv.FormatInt(ns, 10)+" ns)",
			certify.ErrTime)
	}
	return nil
}

func hexShort(b []byte) string {
	if len(b) > 32 {
		b = b[:32]
	}
	return hex.EncodeToString(b)
}
