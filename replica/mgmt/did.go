package mgmt

import (
	_ "embed"
	"fmt"
	"math/big"
	"sync"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// icDid is the management canister's interface, verbatim from interface
// spec 0.66.0.
//
//go:embed ic.did
var icDid string

// parsedDid parses ic.did once. It is a broken invariant (a bad embedded
// file) if it fails, so the test suite checks it; at run time a failure
// turns every call into a reject rather than a panic.
var parsedDid = sync.OnceValues(func() (*candid.Did, error) { return candid.ParseDid(icDid) })

// Interface returns the parsed ic.did, for tools and tests that encode
// arguments and decode replies with the exact types.
func Interface() (*candid.Did, error) { return parsedDid() }

// signature returns the argument and result types of a method of ic.did.
func signature(method string) (args, results []*candid.Type, err error) {
	did, err := parsedDid()
	if err != nil {
		return nil, nil, err
	}
	f, ok := did.Method(method)
	if !ok {
		return nil, nil, fmt.Errorf("mgmt: ic.did has no method %q", method)
	}
	return f.Args(), f.Results(), nil
}

// decodeArg decodes the single record argument of a method.
func decodeArg(method string, arg []byte) (candid.Value, *Reject) {
	args, _, err := signature(method)
	if err != nil {
		return candid.Value{}, reject(CanisterContractViolation, "%v", err)
	}
	vs, err := candid.Decode(arg, args)
	if err != nil {
		return candid.Value{}, errPayload(err)
	}
	if len(vs) == 0 {
		return candid.RecordValue(), nil
	}
	return vs[0], nil
}

// encodeResult encodes a method's results with the types of ic.did.
func encodeResult(method string, vs ...candid.Value) ([]byte, *Reject) {
	_, results, err := signature(method)
	if err == nil {
		var b []byte
		if b, err = candid.Encode(results, vs); err == nil {
			return b, nil
		}
	}
	return nil, reject(CanisterContractViolation, "mgmt: encoding the reply of %s: %v", method, err)
}

// field returns a record field (the zero Value if absent).
func field(v candid.Value, name string) candid.Value {
	f, _ := v.Field(name)
	return f
}

// optField returns the content of an opt field and whether it is set.
func optField(v candid.Value, name string) (candid.Value, bool) {
	f, ok := v.Field(name)
	if !ok {
		return candid.Value{}, false
	}
	return f.Opt()
}

// principalOf reads a principal value.
func principalOf(v candid.Value) (principal.Principal, *Reject) {
	p, err := principal.FromBytes(v.Bytes())
	if err != nil {
		return principal.Principal{}, errPayload(err)
	}
	return p, nil
}

// canisterIDField reads the principal field name of a record argument.
func canisterIDField(v candid.Value, name string) (principal.Principal, *Reject) {
	return principalOf(field(v, name))
}

// natValue returns a nat as a big integer (0 for a missing value).
func natValue(v candid.Value) *big.Int {
	if b := v.Big(); b != nil {
		return b
	}
	return new(big.Int)
}

// natOf returns a nat value for a uint64.
func natOf(x uint64) candid.Value { return candid.NatValue(new(big.Int).SetUint64(x)) }

// variantName returns the alternative of a variant value.
func variantName(v candid.Value) (string, candid.Value) {
	fs := v.Fields()
	if len(fs) != 1 {
		return "", candid.Value{}
	}
	return fs[0].Name, fs[0].Value
}

// unit is an empty reply, "()".
func unit(method string) ([]byte, *Reject) { return encodeResult(method) }
