package envelope

import (
	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Permissions values of a delegation (interface spec 0.64).
const (
	PermissionsAll     = "all"     // the default: any request
	PermissionsQueries = "queries" // queries and read_state only
)

// Delegation lets PubKey sign on behalf of the previous key in the chain
// until Expiration, for the canisters in Targets.
type Delegation struct {
	PubKey     []byte // DER public key of the delegate
	Expiration uint64 // nanoseconds since the Unix epoch
	// Targets restricts the canisters the chain may call. nil means no
	// restriction; a non-nil empty list allows no canister.
	Targets []principal.Principal
	// Permissions is "" (absent), PermissionsAll or PermissionsQueries.
	// Any other value makes the delegation invalid.
	Permissions string
}

// SignedDelegation is a Delegation signed by the previous key in the
// chain over "\x1Aic-request-auth-delegation" · Delegation.Hash().
type SignedDelegation struct {
	Delegation Delegation
	Signature  []byte
}

// Hash returns hash_of_map of the delegation, the value that is signed.
func (d *Delegation) Hash() [32]byte {
	var buf [4]rih.Field
	f := append(buf[:0],
		rih.Field{Key: "pubkey", Value: rih.Blob(d.PubKey)},
		rih.Field{Key: "expiration", Value: rih.Nat(d.Expiration)},
	)
	if d.Targets != nil {
		hs := make([]rih.Hash, len(d.Targets))
		for i, t := range d.Targets {
			hs[i] = rih.Blob(t.AppendBytes(make([]byte, 0, principal.MaxLength)))
		}
		f = append(f, rih.Field{Key: "targets", Value: rih.Array(hs...)})
	}
	if d.Permissions != "" {
		f = append(f, rih.Field{Key: "permissions", Value: rih.Text(d.Permissions)})
	}
	return rih.Map(f)
}

// SignedBytes returns the bytes the delegating key signs.
func (d *Delegation) SignedBytes() []byte {
	h := d.Hash()
	return append([]byte(rih.SepDelegation), h[:]...)
}

// Append appends the signed delegation as a CBOR map.
func (sd *SignedDelegation) Append(b []byte) []byte {
	d := &sd.Delegation
	b = cbor.AppendMap(b, 2)
	n := 2
	if d.Targets != nil {
		n++
	}
	if d.Permissions != "" {
		n++
	}
	b = cbor.AppendMap(cbor.AppendText(b, "delegation"), n)
	b = cbor.AppendBytes(cbor.AppendText(b, "pubkey"), d.PubKey)
	b = cbor.AppendUint(cbor.AppendText(b, "expiration"), d.Expiration)
	if d.Targets != nil {
		b = cbor.AppendArray(cbor.AppendText(b, "targets"), len(d.Targets))
		for _, t := range d.Targets {
			b = t.AppendBytes(cbor.AppendHead(b, cbor.MajorBytes, uint64(t.Len())))
		}
	}
	if d.Permissions != "" {
		b = cbor.AppendText(cbor.AppendText(b, "permissions"), d.Permissions)
	}
	return cbor.AppendBytes(cbor.AppendText(b, "signature"), sd.Signature)
}

// parseSignedDelegation reads {delegation: {...}, signature: bytes}.
// Unknown keys in the outer map are ignored (no hash covers them); unknown
// keys in the delegation map are refused (they would change its hash).
func parseSignedDelegation(r *cbor.Reader) (SignedDelegation, error) {
	var sd SignedDelegation
	seen := 0
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "delegation":
			seen |= 1
			sd.Delegation, err = parseDelegation(r)
		case "signature":
			seen |= 2
			sd.Signature, err = readBlob(r)
		default:
			err = r.Skip()
		}
		return err
	})
	if err != nil {
		return SignedDelegation{}, err
	}
	if seen != 3 {
		return SignedDelegation{}, malformed("signed delegation needs delegation and signature")
	}
	return sd, nil
}

func parseDelegation(r *cbor.Reader) (Delegation, error) {
	var d Delegation
	seen := 0
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "pubkey":
			seen |= 1
			d.PubKey, err = readBlob(r)
		case "expiration":
			seen |= 2
			d.Expiration, err = r.Uint()
		case "targets":
			d.Targets, err = readTargets(r)
		case "permissions":
			var s string
			if s, err = r.Text(); err == nil {
				if s == "" {
					return malformed("empty permissions")
				}
				d.Permissions = s
			}
		default:
			return malformed("%s %q in delegation", errUnknownField, key)
		}
		return err
	})
	if err != nil {
		return Delegation{}, err
	}
	if seen != 3 {
		return Delegation{}, malformed("delegation needs pubkey and expiration")
	}
	return d, nil
}

func readTargets(r *cbor.Reader) ([]principal.Principal, error) {
	n, err := r.ArrayLen()
	if err != nil {
		return nil, err
	}
	if n > MaxTargets {
		return nil, malformed("%d delegation targets exceed %d", n, MaxTargets)
	}
	ts := make([]principal.Principal, n)
	for i := range ts {
		if ts[i], err = readPrincipal(r); err != nil {
			return nil, err
		}
	}
	return ts, nil
}
