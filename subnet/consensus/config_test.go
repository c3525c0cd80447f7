package consensus

import (
	"errors"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/threshold"
)

func TestConfigValidation(t *testing.T) {
	sub := newTestSubnet(t, 4, 9)
	wrongDealing, wrongShares, err := threshold.Deal(seededReader(99), 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(*Config){
		"no keys":               func(c *Config) { c.PublicKeys = nil },
		"index out of range":    func(c *Config) { c.Index = 4 },
		"no secret key":         func(c *Config) { c.SecretKey = nil },
		"secret key of another": func(c *Config) { c.SecretKey = sub.secrets[1] },
		"nil public key":        func(c *Config) { c.PublicKeys = append(sub.pubs[:3:3], nil) },
		"no beacon dealing":     func(c *Config) { c.Beacon = nil },
		"beacon threshold n−f":  func(c *Config) { c.Beacon, c.BeaconShare = wrongDealing, wrongShares[0] },
		"beacon share of another node": func(c *Config) {
			c.BeaconShare = sub.shares[1]
		},
		"beacon share not of the dealing": func(c *Config) {
			c.BeaconShare.Key = sub.secrets[0]
		},
		"empty genesis beacon":  func(c *Config) { c.GenesisBeacon = nil },
		"genesis before epoch":  func(c *Config) { c.GenesisTime = time.Unix(-1, 0) },
		"negative delay":        func(c *Config) { c.Timing.RankDelay = -time.Second },
		"payload limit too big": func(c *Config) { c.MaxPayloadBytes = MaxPayloadSize + 1 },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := sub.config(0)
			mutate(&cfg)
			if _, err := New(cfg); !errors.Is(err, ErrConfig) {
				t.Fatalf("New = %v, want ErrConfig", err)
			}
		})
	}
	if _, err := New(sub.config(3)); err != nil {
		t.Fatalf("valid config: %v", err)
	}
}

// Ready returns the same items until Advance; items produced in between
// wait for the next Ready.
func TestReadyAdvance(t *testing.T) {
	sub := newTestSubnet(t, 4, 10)
	nd := sub.node(t, 0)
	if nd.HasReady() {
		t.Fatal("ready before the first Tick")
	}
	nd.Tick(genesisTime.Add(time.Second)) // enters round 1: a beacon share
	rd := nd.Ready()
	if len(rd.Send) == 0 || len(rd.Persist) == 0 {
		t.Fatalf("round 1 sent nothing: %+v", rd)
	}
	if again := nd.Ready(); len(again.Send) != len(rd.Send) {
		t.Fatal("Ready changed without Advance")
	}
	nd.Advance()
	if nd.HasReady() {
		t.Fatal("Advance left items behind")
	}
}
