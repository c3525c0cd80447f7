package routing

import (
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// errNoHealthField: a status answer without replica_health_status.
var errNoHealthField = errors.New("no replica_health_status")

// healthStatus reads replica_health_status from an /api/v2/status answer
// (PROTOCOL.md §1.6: a self-describing CBOR map).
func healthStatus(body []byte) (string, error) {
	r := cbor.NewReader(body)
	r.SkipSelfDescribe()
	var status string
	found := false
	err := r.Fields(func(k string) error {
		if k != "replica_health_status" {
			return r.Skip()
		}
		found = true
		var err error
		status, err = r.Text()
		return err
	})
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return "", fmt.Errorf("status body: %w", err)
	}
	if !found {
		return "", errNoHealthField
	}
	return status, nil
}
