package wire

import (
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// The converters of primitive types.

var text = conv[string]{
	typ: candid.Text,
	enc: func(s *string) (candid.Value, error) { return candid.TextValue(*s), nil },
	dec: func(v candid.Value, s *string) error {
		if v.Kind() != candid.KindText {
			return valuef("a %s is not a text", v.Kind())
		}
		*s = v.Text()
		return nil
	},
}

var boolean = conv[bool]{
	typ: candid.Bool,
	enc: func(b *bool) (candid.Value, error) { return candid.BoolValue(*b), nil },
	dec: func(v candid.Value, b *bool) error {
		if v.Kind() != candid.KindBool {
			return valuef("a %s is not a bool", v.Kind())
		}
		*b = v.Bool()
		return nil
	},
}

// blob is vec nat8. A decoded blob is never nil, so that opt blob can use
// nil for null.
var blob = conv[[]byte]{
	typ: candid.Blob,
	enc: func(b *[]byte) (candid.Value, error) { return candid.BlobValue(*b), nil },
	dec: func(v candid.Value, b *[]byte) error {
		bs := v.Bytes()
		if bs == nil {
			if v.Kind() != candid.KindVec || v.Len() != 0 {
				return valuef("a %s is not a blob", v.Kind())
			}
			bs = []byte{}
		}
		*b = bs
		return nil
	},
}

// optBlob is opt blob as a slice: nil is null, anything else (even empty)
// is a value.
var optBlob = conv[[]byte]{
	typ: candid.Opt(blob.typ),
	enc: func(b *[]byte) (candid.Value, error) {
		if *b == nil {
			return candid.NoneValue(), nil
		}
		return candid.OptValue(candid.BlobValue(*b)), nil
	},
	dec: func(v candid.Value, b *[]byte) error {
		inner, ok := v.Opt()
		if !ok {
			*b = nil
			return nil
		}
		return blob.dec(inner, b)
	},
}

// nat is a Candid nat that must fit 64 bits (ids, lengths, indexes).
var nat = conv[uint64]{
	typ: candid.Nat,
	enc: func(n *uint64) (candid.Value, error) {
		return candid.NatValue(new(big.Int).SetUint64(*n)), nil
	},
	dec: func(v candid.Value, n *uint64) error {
		x := v.Big()
		if x == nil || v.Kind() != candid.KindNat {
			return valuef("a %s is not a nat", v.Kind())
		}
		if !x.IsUint64() {
			return rangef("nat %s does not fit 64 bits", x)
		}
		*n = x.Uint64()
		return nil
	},
}

// timestamp is the Candid int Time: nanoseconds since the epoch.
var timestamp = conv[int64]{
	typ: candid.Int,
	enc: func(n *int64) (candid.Value, error) { return candid.IntValue(big.NewInt(*n)), nil },
	dec: func(v candid.Value, n *int64) error {
		x := v.Big()
		if x == nil || v.Kind() != candid.KindInt {
			return valuef("a %s is not an int", v.Kind())
		}
		if !x.IsInt64() {
			return rangef("int %s does not fit 64 bits", x)
		}
		*n = x.Int64()
		return nil
	},
}

var nat16 = conv[uint16]{
	typ: candid.Nat16,
	enc: func(n *uint16) (candid.Value, error) {
		return candid.FixedNatValue(candid.KindNat16, uint64(*n)), nil
	},
	dec: func(v candid.Value, n *uint16) error {
		if v.Kind() != candid.KindNat16 {
			return valuef("a %s is not a nat16", v.Kind())
		}
		*n = uint16(v.Uint64())
		return nil
	},
}

var nat64 = conv[uint64]{
	typ: candid.Nat64,
	enc: func(n *uint64) (candid.Value, error) { return candid.FixedNatValue(candid.KindNat64, *n), nil },
	dec: func(v candid.Value, n *uint64) error {
		if v.Kind() != candid.KindNat64 {
			return valuef("a %s is not a nat64", v.Kind())
		}
		*n = v.Uint64()
		return nil
	},
}

// principalID is a principal as its raw bytes, at most 29 of them (IC
// interface specification, "Principals").
var principalID = conv[[]byte]{
	typ: candid.Principal,
	enc: func(p *[]byte) (candid.Value, error) {
		if len(*p) > principal.MaxLength {
			return candid.Value{}, valuef("principal of %d bytes is longer than %d", len(*p), principal.MaxLength)
		}
		return candid.PrincipalValue(*p), nil
	},
	dec: func(v candid.Value, p *[]byte) error {
		b := v.Bytes()
		if v.Kind() != candid.KindPrincipal {
			return valuef("a %s is not a principal", v.Kind())
		}
		if len(b) > principal.MaxLength {
			return valuef("principal of %d bytes is longer than %d", len(b), principal.MaxLength)
		}
		if b == nil {
			b = []byte{}
		}
		*p = b
		return nil
	},
}
