package node

import (
	"context"
	"crypto/sha256"
	"sync"

	"github.com/threshold-ic/threshold/replica/api/envelope"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/exec"
	"github.com/threshold-ic/threshold/replica/mgmt"
)

// executor is the replicated state machine of a subnet: batches in, state
// out. Everything it does depends only on the batches, so two nodes that
// execute the same batches reach the same state and the same root hash.
// The loop goroutine owns it; mu (shared with the Node) guards what HTTP
// handlers read.
type executor struct {
	cfg   *Config
	mu    *sync.RWMutex
	table *mgmt.Table
	hist  *history

	height   uint64
	time     uint64
	lastHash [32]byte // hash of the last executed batch, chaining blocks

	canisters            hashtree.Map // /canister
	subnetTree, rangesTr *hashtree.Full
	dirty                map[principal.Principal]bool
}

func newExecutor(ctx context.Context, cfg *Config, mu *sync.RWMutex) (*executor, error) {
	subnet, ranges, err := topologyTrees(&cfg.Topology)
	if err != nil {
		return nil, err
	}
	own := cfg.Topology.Own()
	table, err := mgmt.NewTable(cfg.Engine, mgmtRanges(own.Ranges), mgmt.Config{
		SubnetID: own.ID, RootKey: cfg.Topology.RootKey,
	})
	if err != nil {
		return nil, err
	}
	return &executor{cfg: cfg, mu: mu, table: table, hist: newHistory(),
		subnetTree: subnet, rangesTr: ranges, dirty: make(map[principal.Principal]bool)}, nil
}

// execute applies one finalized batch and returns the ids of the messages
// it carried (executed or not), so that the pool can drop them.
func (x *executor) execute(ctx context.Context, b batch) []envelope.RequestID {
	msgs, err := parsePayload(b.payload)
	if err != nil {
		// A block with a malformed payload cannot be notarized by honest
		// nodes; treat it as empty rather than stop the subnet.
		x.cfg.Logger.Error("skipping malformed payload", "height", b.height, "err", err)
		msgs = nil
	}
	x.mu.Lock()
	x.time = max(x.time, b.time)
	x.mu.Unlock()
	for i := range msgs {
		m := &msgs[i]
		if m.Expiry < x.time {
			continue // expired while waiting: never executed
		}
		x.mu.RLock()
		_, seen := x.hist.byID[m.ID]
		x.mu.RUnlock()
		if seen {
			continue // replay of an executed request
		}
		o := x.run(ctx, m, b)
		x.mu.Lock()
		x.hist.record(m, o, x.time)
		x.mu.Unlock()
	}
	x.mu.Lock()
	x.hist.purge(x.time)
	x.refreshCanisters()
	x.mu.Unlock()
	h := sha256.New()
	h.Write(x.lastHash[:])
	h.Write(b.payload)
	h.Sum(x.lastHash[:0])
	x.height = b.height
	ids := make([]envelope.RequestID, len(msgs))
	for i := range msgs {
		ids[i] = msgs[i].ID
	}
	return ids
}

// run executes one ingress message and returns its outcome.
func (x *executor) run(ctx context.Context, m *message, b batch) outcome {
	seed := sha256.Sum256(append(b.randomness[:], m.ID[:]...))
	if m.Canister == principal.Management {
		reply, rej := x.callManagement(ctx, m, seed)
		if rej != nil {
			return outcome{reject: &rejection{int(rej.Code), rej.Message, rej.ErrorCode.String()}}
		}
		return outcome{reply: reply}
	}
	res, rej := x.executeUpdate(ctx, m, seed)
	if rej != nil {
		return outcome{reject: &rejection{int(rej.Code), rej.Message, rej.ErrorCode.String()}}
	}
	if res.StateChanged {
		x.dirty[m.Canister] = true
	}
	switch res.Outcome {
	case exec.Replied:
		return outcome{reply: res.Reply}
	case exec.Rejected:
		return outcome{reject: canisterReject(m.Canister, res.Reject)}
	default: // Pending: calls to other canisters are not routed yet.
		return outcome{reject: &rejection{int(exec.CanisterError), "Canister " + m.Canister.String() +
			" did not reply to the call: inter-canister calls are not supported yet", exec.CanisterDidNotReply.String()}}
	}
}

// canisterReject turns an execution reject into the ingress rejection
// that the replica reports, prefixed as the DFINITY replica does.
func canisterReject(id principal.Principal, r *exec.Reject) *rejection {
	msg := r.Message
	if r.Code != exec.CanisterReject {
		msg = "Error from Canister " + id.String() + ": " + msg
	}
	return &rejection{int(r.Code), msg, r.ErrorCode.String()}
}

// refreshCanisters rebuilds /canister/<cid> for the canisters that
// changed. Called with mu held.
func (x *executor) refreshCanisters() {
	ids := make([]principal.Principal, 0, len(x.dirty))
	for id := range x.dirty {
		ids = append(ids, id)
	}
	clear(x.dirty)
	for _, id := range ids {
		info, ok := x.info(id)
		if !ok {
			x.canisters = x.canisters.Delete(id.Bytes())
			continue
		}
		f, err := canisterTree(info)
		if err != nil {
			panic(err) // fixed, distinct labels
		}
		x.canisters = x.canisters.SetFull(id.Bytes(), f)
	}
}

// root is the state tree of the current state.
func (x *executor) root() hashtree.Map {
	var m hashtree.Map
	m = m.SetMap(labelCanister, x.canisters)
	m = m.SetFull(labelCanisterRanges, x.rangesTr)
	m = m.SetMap(labelRequestStatus, x.hist.tree)
	m = m.SetFull(labelSubnet, x.subnetTree)
	return m.Set(labelTime, timeLeaf(x.time))
}

func mgmtRanges(rs []Range) []mgmt.Range {
	out := make([]mgmt.Range, len(rs))
	for i, r := range rs {
		out[i] = mgmt.Range{Low: r.Low, High: r.High}
	}
	return out
}
