package consensus

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// sampleMessages returns one well-formed message of each type.
func sampleMessages(t testing.TB) []Message {
	sub := newTestSubnet(t, 4, 8)
	bl := Block{Parent: Hash{1, 2, 3}, Height: 7, Rank: 1, Proposer: 2,
		Time: time.Unix(1_700_000_000, 123).UTC(), Payload: []byte("ingress")}
	hash := bl.Hash()
	sig := sub.vote(domainNotarization, 1, 7, hash)
	return []Message{
		&BeaconShare{Height: 7, Signer: 3, Signature: sig},
		&Beacon{Height: 7, Signature: sig},
		signProposal(sub.secrets[2], bl),
		signProposal(sub.secrets[2], Block{Height: 1, Time: time.Unix(0, 0).UTC()}),
		&NotarizationShare{Height: 7, Block: hash, Signer: 1, Signature: sig},
		&Notarization{Height: 7, Block: hash, Signers: []int{0, 1, 3}, Signature: sig},
		&FinalizationShare{Height: 7, Block: hash, Signer: 0, Signature: sig},
		&Finalization{Height: 7, Block: hash, Signers: []int{1, 2, 3}, Signature: sig},
	}
}

func TestMessageRoundTrip(t *testing.T) {
	for _, m := range sampleMessages(t) {
		t.Run(m.Type().String(), func(t *testing.T) {
			b := Encode(m)
			got, err := ParseMessage(b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(Encode(got), b) {
				t.Fatalf("re-encoding differs")
			}
			if p, ok := m.(*Proposal); ok && p.Block.Hash() != got.(*Proposal).Block.Hash() {
				t.Fatal("block hash changed")
			}
		})
	}
}

// Every truncation and every extension of a valid encoding is rejected.
func TestParseRejectsTruncationAndTrailingBytes(t *testing.T) {
	for _, m := range sampleMessages(t) {
		b := Encode(m)
		for i := range b {
			if _, err := ParseMessage(b[:i]); !errors.Is(err, ErrMalformed) {
				t.Fatalf("%v truncated to %d bytes: %v", m.Type(), i, err)
			}
		}
		if _, err := ParseMessage(append(b, 0)); !errors.Is(err, ErrMalformed) {
			t.Fatalf("%v with a trailing byte: %v", m.Type(), err)
		}
	}
}

func TestParseRejectsNonCanonical(t *testing.T) {
	msgs := sampleMessages(t)
	notar := Encode(msgs[5])
	tests := map[string][]byte{
		"unknown type":   {0x7f},
		"height zero":    append([]byte{byte(TypeBeacon)}, make([]byte, 8+48)...),
		"zero signature": append(append([]byte{byte(TypeBeacon)}, 0, 0, 0, 0, 0, 0, 0, 1), make([]byte, 48)...),
		// signers 0,1,3 → 0,3,1: not ascending
		"unsorted signers": func() []byte {
			b := bytes.Clone(notar)
			off := 1 + 8 + 32 + 2
			b[off+3], b[off+5] = 3, 1
			return b
		}(),
		"no signers": func() []byte {
			b := append([]byte(nil), notar[:1+8+32]...)
			b = append(b, 0, 0)
			return append(b, notar[len(notar)-48:]...)
		}(),
		"huge payload length": func() []byte {
			b := Encode(msgs[2])
			off := 1 + 32 + 8 + 2 + 2 + 8
			b[off] = 0xff
			return b
		}(),
		"time beyond int64": func() []byte {
			b := Encode(msgs[2])
			b[1+32+8+2+2] = 0x80
			return b
		}(),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			if m, err := ParseMessage(b); !errors.Is(err, ErrMalformed) {
				t.Fatalf("ParseMessage = %v, %v; want ErrMalformed", m, err)
			}
		})
	}
}

func FuzzParseMessage(f *testing.F) {
	for _, m := range sampleMessages(f) {
		f.Add(Encode(m))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMessage(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if !bytes.Equal(Encode(m), b) {
			t.Fatalf("accepted a non-canonical encoding")
		}
	})
}

// FuzzStep feeds arbitrary bytes that parse to a node in round 1: Step
// must return an error or absorb them, never panic.
func FuzzStep(f *testing.F) {
	for _, m := range sampleMessages(f) {
		f.Add(Encode(m))
	}
	sub := newTestSubnet(f, 4, 16)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMessage(b)
		if err != nil {
			return
		}
		nd := sub.node(t, 0)
		nd.Tick(genesisTime.Add(time.Second))
		_ = nd.Step(m)
		nd.Tick(genesisTime.Add(time.Minute))
	})
}
