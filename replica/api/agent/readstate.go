package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Path is a path in the state tree, one label per element.
type Path [][]byte

// NewPath makes a path of text labels.
func NewPath(labels ...string) Path {
	p := make(Path, len(labels))
	for i, l := range labels {
		p[i] = []byte(l)
	}
	return p
}

// ReadState reads paths of the state tree through
// /api/v3/canister/<ecid>/read_state and returns the certificate after
// verifying it: signature, delegation, ecid in the subnet's ranges, /time
// within MaxSkew. Look values up in its Tree.
func (a *Agent) ReadState(ctx context.Context, ecid principal.Principal, paths ...Path) (*certify.Certificate, error) {
	cert, _, err := a.readState(ctx, ecid, paths)
	return cert, err
}

// readState is ReadState that also returns what verification established.
func (a *Agent) readState(ctx context.Context, ecid principal.Principal, paths []Path) (*certify.Certificate, certify.Verified, error) {
	raw := make([][][]byte, len(paths))
	for i, p := range paths {
		raw[i] = p
	}
	req, err := a.signReadState(raw)
	if err != nil {
		return nil, certify.Verified{}, err
	}
	body, err := a.postReadState(ctx, ecid, req.body)
	if err != nil {
		return nil, certify.Verified{}, err
	}
	certBytes, err := parseCertificateField(body)
	if err != nil {
		return nil, certify.Verified{}, malformed("read_state response", err)
	}
	return a.verifyCertificate(ctx, certBytes, ecid)
}

// postReadState sends a read_state body to the v3 endpoint, or to v2 if
// the replica does not know v3.
func (a *Agent) postReadState(ctx context.Context, ecid principal.Principal, body []byte) ([]byte, error) {
	var err error
	for _, v := range []string{"v3", "v2"} {
		path := "/api/" + v + "/canister/" + ecid.String() + "/read_state"
		var code int
		var resp []byte
		code, resp, err = a.do(ctx, http.MethodPost, path, body)
		if err != nil {
			return nil, err
		}
		if code == http.StatusOK {
			return resp, nil
		}
		err = a.httpError(path, code, resp)
		if code != http.StatusNotFound {
			break
		}
	}
	return nil, fmt.Errorf("agent: read_state: %w", err)
}

// verifyCertificate parses and verifies a certificate for ecid.
func (a *Agent) verifyCertificate(ctx context.Context, b []byte, ecid principal.Principal) (*certify.Certificate, certify.Verified, error) {
	v, err := a.certVerifier(ctx)
	if err != nil {
		return nil, certify.Verified{}, err
	}
	cert, err := certify.Parse(b)
	if err != nil {
		return nil, certify.Verified{}, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	info, err := v.Verify(cert, certify.Options{Now: a.now(), MaxSkew: MaxSkew, CanisterID: ecid.Bytes()})
	if err != nil {
		return nil, certify.Verified{}, fmt.Errorf("%w: %w", ErrCertificate, err)
	}
	return cert, info, nil
}

// parseCertificateField reads {certificate: bytes}, ignoring other fields.
func parseCertificateField(b []byte) ([]byte, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var cert []byte
	err := r.Fields(func(key string) error {
		if key != "certificate" {
			return r.Skip()
		}
		var err error
		cert, err = r.Bytes()
		return err
	})
	if err == nil {
		err = r.End()
	}
	if err == nil && cert == nil {
		err = errors.New("no certificate field")
	}
	return cert, err
}
