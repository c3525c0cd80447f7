package node

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/threshold-ic/threshold/subnet/consensus"
)

// driver runs the consensus core for the loop. The core's heights count
// from the state the node (re)started from: on every start the subnet's
// latest state acts as its genesis, the way a catch-up package restarts
// a subnet, so node height = base + consensus height.
type driver struct {
	core    *consensus.Node
	base    uint64
	now     time.Time
	payload func(time.Time) []byte
}

// newDriver starts consensus on top of the state at height, whose last
// batch hash is lastHash and whose time is lastTime (ns).
func newDriver(cfg *Config, height uint64, lastHash [32]byte, lastTime uint64) (*driver, error) {
	d := &driver{base: height}
	genesis := sha256.New()
	genesis.Write([]byte("threshold-genesis-beacon"))
	genesis.Write(cfg.Topology.Self.Bytes())
	genesis.Write(binary.BigEndian.AppendUint64(nil, height))
	genesis.Write(lastHash[:])
	core, err := consensus.New(consensus.Config{
		Index:         cfg.Index,
		PublicKeys:    cfg.ConsensusKeys,
		SecretKey:     cfg.ConsensusKey,
		Beacon:        cfg.BeaconDealing,
		BeaconShare:   cfg.BeaconShare,
		GenesisBeacon: genesis.Sum(nil),
		GenesisTime:   time.Unix(0, int64(lastTime)),
		Timing:        consensus.Timing{NotaryDelay: cfg.BlockInterval},
		Payload: func(uint64) []byte {
			if d.payload == nil {
				return nil
			}
			return d.payload(d.now)
		},
		MaxPayloadBytes: consensus.MaxPayloadSize,
	})
	if err != nil {
		return nil, fmt.Errorf("node: consensus: %w", err)
	}
	d.core = core
	return d, nil
}

// tick advances consensus to now and returns the batches it finalized.
// With one node the core's own artifacts need no network: Send is for
// peers, and there are none. (Several nodes per subnet bring the P2P layer
// that persists Persist and gossips Send.)
func (d *driver) tick(now time.Time, payload func(time.Time) []byte) []batch {
	d.now, d.payload = now, payload
	d.core.Tick(now)
	var out []batch
	for d.core.HasReady() {
		rd := d.core.Ready()
		for _, b := range rd.Finalized {
			out = append(out, batch{
				height: d.base + b.Height, time: uint64(b.Time.UnixNano()),
				randomness: b.Randomness, payload: b.Payload,
			})
		}
		d.core.Advance()
	}
	return out
}
