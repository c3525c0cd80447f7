package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// verifyQuery checks a query answer's node signatures (PROTOCOL.md §5):
// at least one, no more than the subnet has nodes, each by a node of the
// subnet hosting ecid, valid over "\x0Bic-response" · hash_of_map(M), and
// not older than MaxSkew. A node missing from cached keys triggers one
// fresh read of /subnet, for nodes that joined since.
func (a *Agent) verifyQuery(ctx context.Context, ecid principal.Principal, req *signed, q *queryResponse) error {
	if len(q.signatures) == 0 {
		return fmt.Errorf("%w: the answer carries no signature", ErrQuerySignature)
	}
	subnet, err := a.subnetFor(ctx, ecid)
	if err != nil {
		return err
	}
	if !subnet.hasAll(q.signatures) {
		if subnet, err = a.fetchSubnet(ctx, ecid); err != nil {
			return err
		}
	}
	if len(q.signatures) > len(subnet.nodes) {
		return fmt.Errorf("%w: %d signatures from a subnet of %d nodes", ErrQuerySignature, len(q.signatures), len(subnet.nodes))
	}
	now := a.now()
	for i, s := range q.signatures {
		nid, err := principal.FromBytes(s.identity)
		if err != nil {
			return fmt.Errorf("%w: signature %d: bad node id: %w", ErrQuerySignature, i, err)
		}
		pk, ok := subnet.nodes[nid]
		if !ok {
			return fmt.Errorf("%w: node %s is not a node of subnet %s", ErrQuerySignature, nid, subnet.id)
		}
		ts := time.Unix(0, int64(min(s.timestamp, 1<<63-1)))
		if now.Sub(ts) > MaxSkew {
			return fmt.Errorf("%w: signature of node %s is stale (%s, now %s)", ErrQuerySignature, nid,
				ts.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		h := queryResponseHash(req.id, q, s.timestamp)
		if err := pk.Verify(append([]byte(rih.SepResponse), h[:]...), s.signature); err != nil {
			return fmt.Errorf("%w: node %s: %w", ErrQuerySignature, nid, err)
		}
	}
	return nil
}

// hasAll reports whether every signing node is known.
func (s *subnetInfo) hasAll(sigs []nodeSignature) bool {
	for _, sig := range sigs {
		nid, err := principal.FromBytes(sig.identity)
		if err != nil {
			return true // reported by the caller
		}
		if _, ok := s.nodes[nid]; !ok {
			return false
		}
	}
	return true
}

// queryResponseHash is hash_of_map of the signed fields: status, reply
// {arg} or reject_code, reject_message and error_code if sent, timestamp
// and request_id.
func queryResponseHash(rid envelope.RequestID, q *queryResponse, ts uint64) rih.Hash {
	fields := make([]rih.Field, 0, 6)
	fields = append(fields, rih.Field{Key: "status", Value: rih.Text(q.status)})
	if q.status == StatusReplied {
		fields = append(fields, rih.Field{Key: "reply", Value: rih.Map([]rih.Field{{Key: "arg", Value: rih.Blob(q.reply)}})})
	} else {
		fields = append(fields,
			rih.Field{Key: "reject_code", Value: rih.Nat(q.reject.Code)},
			rih.Field{Key: "reject_message", Value: rih.Text(q.reject.Message)})
		if q.hasErrCode {
			fields = append(fields, rih.Field{Key: "error_code", Value: rih.Text(q.reject.ErrorCode)})
		}
	}
	fields = append(fields,
		rih.Field{Key: "timestamp", Value: rih.Nat(ts)},
		rih.Field{Key: "request_id", Value: rih.Blob(rid[:])})
	return rih.Map(fields)
}
