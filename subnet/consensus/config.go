package consensus

import (
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/certify/threshold"
)

// Config is what a node needs to take part in consensus. It is validated
// once by New and not changed afterwards.
//
// The subnet has n = len(PublicKeys) nodes, identified by their index
// 0..n−1; f = ⌊(n−1)/3⌋ of them may crash or lie.
type Config struct {
	// Index is this node's position in PublicKeys.
	Index int

	// PublicKeys are the nodes' individual BLS keys, by index. They sign
	// proposals and the notarization and finalization shares, which
	// aggregate into multi-signatures under the sum of the signers' keys.
	// Each key must have been registered with a proof of possession (the
	// registry's job, as on the IC); otherwise a rogue key could cancel
	// honest ones in the sum.
	PublicKeys []*bls.PublicKey

	// SecretKey is this node's individual key; its public key must be
	// PublicKeys[Index].
	SecretKey *bls.SecretKey

	// Beacon is the public dealing of the subnet's random-beacon key, an
	// (f+1)-of-n threshold key over the same n nodes.
	Beacon *threshold.Dealing

	// BeaconShare is this node's share of the beacon key (Index+1 is its
	// share index).
	BeaconShare threshold.SecretShare

	// GenesisBeacon is the random beacon of height 0: any non-empty value
	// all nodes agree on, at most 1 KiB (a genesis or catch-up package
	// supplies it). It ranks the block makers of height 1.
	GenesisBeacon []byte

	// GenesisTime is the time of the genesis block; block times never go
	// below it. It must not be before the Unix epoch.
	GenesisTime time.Time

	// Timing sets the round delays; zero fields take their defaults.
	Timing Timing

	// Payload returns the payload of a block this node makes at height.
	// It runs inside Tick or Step, on the caller's goroutine, and must not
	// call back into the Node. Nil proposes empty payloads.
	Payload func(height uint64) []byte

	// ValidatePayload checks the payload of another node's block; an error
	// rejects the block. Nil accepts any payload within MaxPayloadBytes.
	ValidatePayload func(height uint64, payload []byte) error

	// MaxPayloadBytes bounds block payloads; 0 means MaxPayloadSize, which
	// is also the upper limit.
	MaxPayloadBytes int
}

// maxGenesisBeacon bounds Config.GenesisBeacon.
const maxGenesisBeacon = 1024

// validate checks c and fills in defaults. It returns the validated copy.
func (c Config) validate() (Config, error) {
	n := len(c.PublicKeys)
	bad := func(format string, args ...any) (Config, error) {
		return Config{}, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	switch {
	case n == 0 || n > threshold.MaxNodes:
		return bad("%d nodes, want 1..%d", n, threshold.MaxNodes)
	case c.Index < 0 || c.Index >= n:
		return bad("index %d of %d nodes", c.Index, n)
	case c.SecretKey == nil:
		return bad("no secret key")
	case len(c.GenesisBeacon) == 0 || len(c.GenesisBeacon) > maxGenesisBeacon:
		return bad("genesis beacon of %d bytes, want 1..%d", len(c.GenesisBeacon), maxGenesisBeacon)
	case c.GenesisTime.UnixNano() < 0:
		return bad("genesis time %v before the Unix epoch", c.GenesisTime)
	case c.MaxPayloadBytes < 0 || c.MaxPayloadBytes > MaxPayloadSize:
		return bad("MaxPayloadBytes %d, want 0..%d", c.MaxPayloadBytes, MaxPayloadSize)
	}
	for i, pk := range c.PublicKeys {
		if pk == nil {
			return bad("public key %d missing", i)
		}
	}
	if !c.SecretKey.PublicKey().Equal(c.PublicKeys[c.Index]) {
		return bad("secret key does not match public key %d", c.Index)
	}
	f := faults(n)
	switch {
	case c.Beacon == nil:
		return bad("no beacon dealing")
	case c.Beacon.Nodes() != n || c.Beacon.Threshold() != f+1:
		return bad("beacon key is %d-of-%d, want %d-of-%d", c.Beacon.Threshold(), c.Beacon.Nodes(), f+1, n)
	case c.BeaconShare.Index != c.Index+1 || c.BeaconShare.Key == nil:
		return bad("beacon share has index %d, want %d", c.BeaconShare.Index, c.Index+1)
	}
	if err := c.Beacon.VerifyShare(c.BeaconShare); err != nil {
		return bad("beacon share: %v", err)
	}
	if c.MaxPayloadBytes == 0 {
		c.MaxPayloadBytes = MaxPayloadSize
	}
	var err error
	if c.Timing, err = c.Timing.withDefaults(); err != nil {
		return Config{}, err
	}
	c.PublicKeys = append([]*bls.PublicKey(nil), c.PublicKeys...)
	c.GenesisBeacon = append([]byte(nil), c.GenesisBeacon...)
	c.GenesisTime = nanosTime(timeNanos(c.GenesisTime))
	return c, nil
}

// faults is f = ⌊(n−1)/3⌋, the number of faulty nodes n tolerates (the
// IC's get_faults_tolerated).
func faults(n int) int { return (max(n, 1) - 1) / 3 }
