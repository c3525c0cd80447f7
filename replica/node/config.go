package node

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"time"

	"github.com/threshold-ic/threshold/certify"
	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
	"github.com/threshold-ic/threshold/replica/exec"
)

// Config configures a node. It is validated once by New and not changed
// afterwards.
type Config struct {
	// Dir holds the node's batch log and checkpoints.
	Dir string
	// Topology is the network: root key, own subnet, all subnets.
	Topology Topology
	// NodeKey is the node's Ed25519 key; it signs query responses and its
	// public key appears in the topology.
	NodeKey ed25519.PrivateKey
	// Index is the node's position in its subnet's node list.
	Index int
	// Dealing is the subnet's threshold key (its public commitments); the
	// subnet's public key is the dealing's group key.
	Dealing *threshold.Dealing
	// Share is this node's share of the subnet's threshold key.
	Share threshold.SecretShare
	// ConsensusKey is this node's individual BLS key for consensus
	// (proposals, notarization and finalization shares); ConsensusKeys are
	// every node's public keys, by index.
	ConsensusKey  *bls.SecretKey
	ConsensusKeys []*bls.PublicKey
	// BeaconDealing and BeaconShare are the subnet's random-beacon
	// threshold key ((f+1)-of-n) and this node's share of it.
	BeaconDealing *threshold.Dealing
	BeaconShare   threshold.SecretShare
	// Engine runs canister code.
	Engine *exec.Engine
	// Delegation fetches the root subnet's delegation for this subnet; nil
	// for the root subnet itself, whose certificates carry none.
	Delegation func(ctx context.Context) (*certify.Delegation, error)
	// BlockInterval is the target time between blocks (default 50 ms).
	// An update waits for the next block and then for that block's round,
	// so its latency is about two intervals: 50 ms keeps the median under
	// 150 ms while an idle subnet spends a few percent of a core on
	// certifying 20 states a second.
	BlockInterval time.Duration
	// CheckpointInterval is how often the state is checkpointed (default
	// 10 s); batches after the last checkpoint are replayed on start.
	CheckpointInterval time.Duration
	// MaxPoolMessages and MaxPoolBytes bound the ingress pool (defaults
	// 10,000 messages and 256 MiB of arguments).
	MaxPoolMessages, MaxPoolBytes int
	// MaxBlockMessages and MaxBlockBytes bound one block's payload
	// (defaults 1,000 messages and 3.5 MiB of arguments, which with the
	// messages' other fields stays under consensus.MaxPayloadSize).
	MaxBlockMessages, MaxBlockBytes int
	// Now is the wall clock (default time.Now). Block times come from it.
	Now func() time.Time
	// Logger receives node events (default: discard).
	Logger *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.Dir == "" {
		return errors.New("node: Config.Dir is required")
	}
	if c.Engine == nil {
		return errors.New("node: Config.Engine is required")
	}
	if c.Dealing == nil || c.Share.Key == nil {
		return errors.New("node: Config.Dealing and Config.Share are required")
	}
	if c.ConsensusKey == nil || c.BeaconDealing == nil || c.BeaconShare.Key == nil {
		return errors.New("node: Config.ConsensusKey, BeaconDealing and BeaconShare are required")
	}
	if len(c.NodeKey) != ed25519.PrivateKeySize {
		return errors.New("node: Config.NodeKey must be an Ed25519 private key")
	}
	if err := c.Topology.validate(); err != nil {
		return err
	}
	own := c.Topology.Own()
	if c.Index < 0 || c.Index >= len(own.Nodes) {
		return errors.New("node: Config.Index is not a node of the subnet")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.BlockInterval, 50*time.Millisecond)
	def(&c.CheckpointInterval, 10*time.Second)
	defInt(&c.MaxPoolMessages, 10_000)
	defInt(&c.MaxPoolBytes, 256<<20)
	defInt(&c.MaxBlockMessages, 1_000)
	defInt(&c.MaxBlockBytes, 7<<19)
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}
