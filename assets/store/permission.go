package store

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// numPermissions is the number of wire.Permission values.
const numPermissions = 3

// permIndex maps a permission to its slot in state.perms. Decoded
// permissions are always one of the three.
func permIndex(p wire.Permission) int {
	switch p {
	case wire.PermissionCommit:
		return 0
	case wire.PermissionPrepare:
		return 1
	default:
		return 2
	}
}

func permName(p wire.Permission) string {
	switch p {
	case wire.PermissionCommit:
		return "Commit"
	case wire.PermissionPrepare:
		return "Prepare"
	case wire.PermissionManagePermissions:
		return "ManagePermissions"
	}
	return fmt.Sprintf("Permission(%d)", p)
}

func isAnonymous(p []byte) bool { return len(p) == 1 && p[0] == 0x04 }

func principalText(p []byte) string {
	q, err := principal.FromBytes(p)
	if err != nil {
		return fmt.Sprintf("%x", p)
	}
	return q.String()
}

// has reports whether p holds perm. Commit includes Prepare (DFINITY's
// can(Prepare)); controllers are checked by the callers.
func (s *state) has(p []byte, perm wire.Permission) bool {
	if s.perms[permIndex(perm)][string(p)] {
		return true
	}
	return perm == wire.PermissionPrepare && s.perms[permIndex(wire.PermissionCommit)][string(p)]
}

// can checks that the caller is a controller or holds perm.
func (s *state) can(env Env, perm wire.Permission) error {
	c := env.Caller()
	if s.has(c, perm) || env.IsController(c) {
		return nil
	}
	return fmt.Errorf("%w: caller %s does not have %s permission and is not a controller",
		ErrPermission, principalText(c), permName(perm))
}

func requireController(env Env) error {
	if c := env.Caller(); !env.IsController(c) {
		return fmt.Errorf("%w: caller %s is not a controller", ErrPermission, principalText(c))
	}
	return nil
}

// grant gives p the permission; the anonymous principal never gets one.
func (t *txn) grant(p []byte, perm wire.Permission) {
	if isAnonymous(p) {
		return
	}
	t.permSet(perm)[string(p)] = true
}

func (t *txn) revoke(p []byte, perm wire.Permission) {
	if t.perms[permIndex(perm)][string(p)] {
		delete(t.permSet(perm), string(p))
	}
}

// setPermissions replaces the three lists, as DFINITY's set_permissions
// does.
func (t *txn) setPermissions(sp *wire.SetPermissions) {
	for _, l := range []struct {
		perm wire.Permission
		ps   [][]byte
	}{{wire.PermissionPrepare, sp.Prepare}, {wire.PermissionCommit, sp.Commit}, {wire.PermissionManagePermissions, sp.ManagePermissions}} {
		set := t.permSet(l.perm)
		clear(set)
		for _, p := range l.ps {
			t.grant(p, l.perm)
		}
	}
}

// permitted lists the holders of perm, sorted by their bytes.
func (s *state) permitted(perm wire.Permission) [][]byte {
	out := make([][]byte, 0, len(s.perms[permIndex(perm)]))
	for p := range s.perms[permIndex(perm)] {
		out = append(out, []byte(p))
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}
