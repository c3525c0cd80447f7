package node

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/threshold-ic/threshold/replica/api/keys"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Node is one replica node. Create it with New, start it with Start, stop
// it with Close.
type Node struct {
	cfg      Config
	log      *slog.Logger
	nodeID   principal.Principal
	subnetID principal.Principal
	pool     *pool

	// Owned by the loop goroutine (and by New before the loop starts).
	exec   executor
	blog   *batchLog
	driver *driver

	// mu guards the parts of the replicated state that HTTP handlers read
	// between batches: the canister table's lookups and the ingress
	// history's owners. The loop holds it while it changes them.
	mu sync.RWMutex

	certified  atomic.Pointer[certifiedState]
	delegation atomic.Pointer[certify.Delegation]

	waitMu  sync.Mutex
	waiters map[envelope.RequestID][]chan struct{}

	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// certifiedState is the latest state whose root the subnet signed: what
// queries, read_state and sync calls answer from. It is immutable.
type certifiedState struct {
	height uint64
	time   uint64
	tree   hashtree.Map
	sig    []byte
	// dataCerts caches the data certificate of each canister that asked
	// for one, at this state (principal.Principal -> []byte).
	dataCerts sync.Map
}

// New creates a node, restoring its state from cfg.Dir: the last
// checkpoint, then every batch logged after it.
func New(ctx context.Context, cfg Config) (*Node, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	own := cfg.Topology.Own()
	pub := cfg.NodeKey.Public().(ed25519.PublicKey)
	n := &Node{
		cfg:      cfg,
		log:      cfg.Logger.With("subnet", own.ID.String()),
		nodeID:   own.Nodes[cfg.Index].ID,
		subnetID: own.ID,
		pool:     newPool(cfg.MaxPoolMessages, cfg.MaxPoolBytes),
		waiters:  make(map[envelope.RequestID][]chan struct{}),
		stop:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	if want := principal.SelfAuthenticating(keys.EncodeEd25519DER(pub)); want != n.nodeID {
		return nil, fmt.Errorf("node: Config.NodeKey does not belong to node %s of the topology", n.nodeID)
	}
	if !bytes.Equal(cfg.Dealing.PublicKey().DER(), own.PublicKey) {
		return nil, fmt.Errorf("node: the subnet key in the topology is not the dealing's group key")
	}
	ex, err := newExecutor(ctx, &n.cfg, &n.mu)
	if err != nil {
		return nil, err
	}
	n.exec = *ex
	if err := n.recover(ctx); err != nil {
		return nil, err
	}
	if n.driver, err = newDriver(&n.cfg, n.exec.height, n.exec.lastHash, n.exec.time); err != nil {
		return nil, err
	}
	return n, nil
}

// recover loads the checkpoint and replays the batch log.
func (n *Node) recover(ctx context.Context) error {
	cp := filepath.Join(n.cfg.Dir, checkpointFile)
	if err := n.exec.loadCheckpoint(ctx, cp); err != nil {
		return err
	}
	blog, batches, err := openBatchLog(filepath.Join(n.cfg.Dir, batchLogFile))
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	n.blog = blog
	replayed := 0
	for _, b := range batches {
		if b.height <= n.exec.height {
			continue // already in the checkpoint
		}
		if b.height != n.exec.height+1 {
			return fmt.Errorf("node: batch log jumps from height %d to %d", n.exec.height, b.height)
		}
		n.exec.execute(ctx, b)
		replayed++
	}
	// A new subnet has no state worth certifying until its first batch
	// gives it a time: a certificate of time 0 would be stale at birth.
	if n.exec.height > 0 {
		if err := n.certify(); err != nil {
			return err
		}
	}
	n.log.Info("state restored", "height", n.exec.height, "replayed_batches", replayed)
	return nil
}
