package wire

import (
	_ "embed"
	"slices"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// DID is the interface as a Candid service description, the text of
// assets.did: the wasm's "icp:public candid:service" metadata.
//
//go:embed assets.did
var DID string

// Method describes one method of the interface: its Candid name, whether
// it is a query, and the codecs of its arguments A and results R. The zero
// Method has no codecs; use the exported variables.
type Method[A, R any] struct {
	Name    string
	query   bool
	args    seq[A]
	results seq[R]
}

func newQuery[A, R any](name string, args seq[A], results seq[R]) Method[A, R] {
	return Method[A, R]{Name: name, query: true, args: args, results: results}
}

func newUpdate[A, R any](name string, args seq[A], results seq[R]) Method[A, R] {
	return Method[A, R]{Name: name, args: args, results: results}
}

var errNoCodec = valuef("the zero Method has no codecs")

// EncodeArgs encodes the arguments of a call (client side).
func (m Method[A, R]) EncodeArgs(a A) ([]byte, error) {
	if m.args.enc == nil {
		return nil, methodErr("encoding", m.Name, "arguments", errNoCodec)
	}
	b, err := m.args.encode(&a)
	if err != nil {
		return nil, methodErr("encoding", m.Name, "arguments", err)
	}
	return b, nil
}

// DecodeArgs decodes the arguments of a call (canister side). The bytes
// are untrusted: Candid's subtyping rules apply (fields an older client
// omits read as null), and any failure is an *Error.
func (m Method[A, R]) DecodeArgs(b []byte) (A, error) {
	if m.args.dec == nil {
		var zero A
		return zero, methodErr("decoding", m.Name, "arguments", errNoCodec)
	}
	a, err := m.args.decode(b)
	if err != nil {
		return a, methodErr("decoding", m.Name, "arguments", err)
	}
	return a, nil
}

// EncodeResult encodes the reply (canister side).
func (m Method[A, R]) EncodeResult(r R) ([]byte, error) {
	if m.results.enc == nil {
		return nil, methodErr("encoding", m.Name, "results", errNoCodec)
	}
	b, err := m.results.encode(&r)
	if err != nil {
		return nil, methodErr("encoding", m.Name, "results", err)
	}
	return b, nil
}

// DecodeResult decodes a reply (client side); like DecodeArgs, it trusts
// nothing in the bytes.
func (m Method[A, R]) DecodeResult(b []byte) (R, error) {
	if m.results.dec == nil {
		var zero R
		return zero, methodErr("decoding", m.Name, "results", errNoCodec)
	}
	r, err := m.results.decode(b)
	if err != nil {
		return r, methodErr("decoding", m.Name, "results", err)
	}
	return r, nil
}

// Query reports whether the method is a query (else an update), as
// assets.did declares it.
func (m Method[A, R]) Query() bool { return m.query }

// described is what the package knows of every method, whatever its Go
// types.
type described interface {
	name() string
	isQuery() bool
	argTypes() []*candid.Type
	resultTypes() []*candid.Type
}

func (m Method[A, R]) name() string                { return m.Name }
func (m Method[A, R]) isQuery() bool               { return m.query }
func (m Method[A, R]) argTypes() []*candid.Type    { return m.args.types }
func (m Method[A, R]) resultTypes() []*candid.Type { return m.results.types }

// queries maps every method's name to whether it is a query.
var queries = func() map[string]bool {
	q := make(map[string]bool, len(all))
	for _, m := range all {
		q[m.name()] = m.isQuery()
	}
	return q
}()

// Methods returns the names of all methods of the interface, sorted.
func Methods() []string {
	names := make([]string, 0, len(all))
	for _, m := range all {
		names = append(names, m.name())
	}
	slices.Sort(names)
	return names
}

// IsQuery reports whether name is a query method of the interface; it is
// false for update methods and for names the interface does not have.
func IsQuery(name string) bool { return queries[name] }

// installArg is the codec of the install argument (service : (opt
// AssetCanisterArgs) -> …).
var installArg = one(canisterArgs)

// DecodeCanisterArgs decodes the install or upgrade argument. No argument
// at all (no bytes, or a message of no values) and null are nil.
func DecodeCanisterArgs(b []byte) (*CanisterArgs, error) {
	if len(b) == 0 {
		return nil, nil
	}
	a, err := installArg.decode(b)
	if err != nil {
		return nil, methodErr("decoding", "install", "arguments", err)
	}
	return a, nil
}

// EncodeCanisterArgs encodes the install or upgrade argument; nil is
// encoded as null.
func EncodeCanisterArgs(a *CanisterArgs) ([]byte, error) {
	b, err := installArg.encode(&a)
	if err != nil {
		return nil, methodErr("encoding", "install", "arguments", err)
	}
	return b, nil
}
