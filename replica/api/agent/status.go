package agent

import (
	"context"
	"fmt"
	"net/http"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// Status is the answer of GET /api/v2/status (PROTOCOL.md §1.6).
type Status struct {
	RootKey         []byte // DER root key; present on development networks
	ImplVersion     string
	ImplHash        string
	HealthStatus    string // "healthy" when the replica serves requests
	CertifiedHeight uint64
}

// Status reads the replica's status endpoint. It needs no root key.
func (a *Agent) Status(ctx context.Context) (*Status, error) {
	const path = "/api/v2/status"
	code, body, err := a.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, a.httpError(path, code, body)
	}
	st, err := parseStatus(body)
	if err != nil {
		return nil, malformed("status", err)
	}
	return st, nil
}

// parseStatus decodes the status map, ignoring fields it does not know.
func parseStatus(b []byte) (*Status, error) {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var st Status
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "root_key":
			var k []byte
			if k, err = r.Bytes(); err == nil {
				st.RootKey = append([]byte(nil), k...)
			}
		case "impl_version":
			st.ImplVersion, err = r.Text()
		case "impl_hash":
			st.ImplHash, err = r.Text()
		case "replica_health_status":
			st.HealthStatus, err = r.Text()
		case "certified_height":
			st.CertifiedHeight, err = r.Uint()
		default:
			err = r.Skip()
		}
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return &st, nil
}
