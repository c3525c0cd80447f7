package store

import (
	"fmt"

	"github.com/threshold-ic/threshold/assets/wire"
)

// Env is what the canister's System API gives one message.
type Env interface {
	Caller() []byte             // msg_caller
	Time() uint64               // block time, ns
	CanisterID() []byte         // canister_self
	IsController(p []byte) bool // ic0.is_controller
	DataCertificate() []byte    // ic0.data_certificate_copy in queries; nil in updates
	SetCertifiedData(d []byte)  // ic0.certified_data_set (32 bytes)
}

// Store is the asset canister's state and logic. It is not safe for
// concurrent use: a canister runs one message at a time.
type Store struct {
	st   *state
	cert certification
}

// New returns an empty store; Init or Restore sets it up.
func New() *Store {
	s := &Store{st: newState()}
	s.cert.update(s.st.assets)
	return s
}

// Init is canister_init: the installing caller gets Commit and the
// argument's set_permissions, if any, replaces the permission lists (as
// DFINITY's init does). An Upgrade argument is refused.
func (s *Store) Init(env Env, arg []byte) error {
	args, err := wire.DecodeCanisterArgs(arg)
	if err != nil {
		return err
	}
	if args != nil && args.Upgrade != nil {
		return fmt.Errorf("%w: cannot initialize the canister with an Upgrade argument; give an Init argument", ErrInvalidArgument)
	}
	t := begin(newState())
	t.grant(env.Caller(), wire.PermissionCommit)
	if args != nil && args.Init != nil && args.Init.SetPermissions != nil {
		t.setPermissions(args.Init.SetPermissions)
	}
	s.st = &t.state
	s.cert = certification{}
	s.cert.update(s.st.assets)
	s.publish(env)
	return nil
}

// publish sets the certified data to the tree's root hash.
func (s *Store) publish(env Env) {
	h := s.cert.rootHash()
	env.SetCertifiedData(h[:])
}

// Query runs a query method. Nothing it does changes the store.
func (s *Store) Query(env Env, method string, arg []byte) ([]byte, error) {
	m, ok := methods[method]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownMethod, method)
	}
	if m.query == nil {
		return nil, fmt.Errorf("%w: %q is an update method, not a query", ErrUnknownMethod, method)
	}
	return m.query(s, env, arg)
}

// Update runs an update method (or a query method called as an update).
// It is atomic: on error the store is exactly as before. After a change
// it sets the certified data.
func (s *Store) Update(env Env, method string, arg []byte) ([]byte, error) {
	m, ok := methods[method]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownMethod, method)
	}
	if m.update == nil {
		return m.query(s, env, arg)
	}
	t := begin(s.st)
	out, err := m.update(t, env, arg)
	if err != nil {
		return nil, err
	}
	s.st = &t.state
	if t.assetsChanged {
		s.cert.update(s.st.assets)
	}
	s.publish(env)
	return out, nil
}

// Inspect is canister_inspect_message: it refuses, before the message is
// accepted, an update that would fail for lack of permission (or whose
// argument does not decode). Queries and unknown methods are left to
// their own checks.
func (s *Store) Inspect(env Env, method string, arg []byte) error {
	m, ok := methods[method]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownMethod, method)
	}
	if m.inspect == nil {
		return nil
	}
	return m.inspect(s.st, env, arg)
}
