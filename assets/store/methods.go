package store

import (
	"bytes"
	"fmt"

	"github.com/threshold-ic/threshold/assets/wire"
)

// method is one method of the interface: a query, or an update with the
// permission check that Inspect runs too.
type method struct {
	query   func(s *Store, env Env, arg []byte) ([]byte, error)
	update  func(t *txn, env Env, arg []byte) ([]byte, error)
	inspect func(st *state, env Env, arg []byte) error
}

// guard checks that the caller may call an update with argument a.
type guard[A any] func(st *state, env Env, a *A) error

func queryMethod[A, R any](m wire.Method[A, R], f func(s *Store, env Env, a *A) (R, error)) method {
	return method{query: func(s *Store, env Env, arg []byte) ([]byte, error) {
		a, err := m.DecodeArgs(arg)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidArgument, err)
		}
		r, err := f(s, env, &a)
		if err != nil {
			return nil, err
		}
		return m.EncodeResult(r)
	}}
}

func updateMethod[A, R any](m wire.Method[A, R], g guard[A], f func(t *txn, env Env, a *A) (R, error)) method {
	decode := func(arg []byte) (A, error) {
		a, err := m.DecodeArgs(arg)
		if err != nil {
			return a, fmt.Errorf("%w: %w", ErrInvalidArgument, err)
		}
		return a, nil
	}
	return method{
		update: func(t *txn, env Env, arg []byte) ([]byte, error) {
			a, err := decode(arg)
			if err != nil {
				return nil, err
			}
			if err := g(&t.state, env, &a); err != nil {
				return nil, err
			}
			r, err := f(t, env, &a)
			if err != nil {
				return nil, err
			}
			return m.EncodeResult(r)
		},
		inspect: func(st *state, env Env, arg []byte) error {
			a, err := decode(arg)
			if err != nil {
				return err
			}
			return g(st, env, &a)
		},
	}
}

// Guards.

func open[A any](*state, Env, *A) error { return nil }

func needs[A any](perm wire.Permission) guard[A] {
	return func(st *state, env Env, _ *A) error { return st.can(env, perm) }
}

func controller[A any](_ *state, env Env, _ *A) error { return requireController(env) }

// The three kinds of update results without a value.
type none = struct{}

var methods = map[string]method{
	// Queries: open to anyone.
	wire.APIVersionMethod.Name: queryMethod(wire.APIVersionMethod, func(*Store, Env, *struct{}) (uint16, error) {
		return apiVersion, nil
	}),
	wire.GetMethod.Name:      queryMethod(wire.GetMethod, (*Store).get),
	wire.GetChunkMethod.Name: queryMethod(wire.GetChunkMethod, (*Store).getChunk),
	wire.ListMethod.Name: queryMethod(wire.ListMethod, func(s *Store, _ Env, _ *struct{}) ([]wire.AssetDetails, error) {
		return s.list(), nil
	}),
	wire.CertifiedTreeMethod.Name: queryMethod(wire.CertifiedTreeMethod, (*Store).certifiedTree),
	wire.HTTPRequestMethod.Name: queryMethod(wire.HTTPRequestMethod, func(s *Store, env Env, r *wire.HTTPRequest) (wire.HTTPResponse, error) {
		return s.httpRequest(env, r)
	}),
	wire.HTTPRequestStreamingCallbackMethod.Name: queryMethod(wire.HTTPRequestStreamingCallbackMethod,
		func(s *Store, _ Env, tok *wire.StreamingCallbackToken) (*wire.StreamingCallbackHTTPResponse, error) {
			return s.streamingCallback(tok)
		}),
	wire.GetAssetPropertiesMethod.Name: queryMethod(wire.GetAssetPropertiesMethod, (*Store).assetProperties),

	// Batches: Prepare creates and proposes, Commit commits.
	wire.CreateBatchMethod.Name: updateMethod(wire.CreateBatchMethod, needs[struct{}](wire.PermissionPrepare),
		func(t *txn, env Env, _ *struct{}) (uint64, error) { return t.createBatch(env.Time()) }),
	wire.CreateChunkMethod.Name: updateMethod(wire.CreateChunkMethod, needs[wire.CreateChunkArguments](wire.PermissionPrepare),
		func(t *txn, env Env, a *wire.CreateChunkArguments) (uint64, error) {
			ids, err := t.createChunks(a.BatchID, [][]byte{a.Content}, env.Time())
			if err != nil {
				return 0, err
			}
			return ids[0], nil
		}),
	wire.CreateChunksMethod.Name: updateMethod(wire.CreateChunksMethod, needs[wire.CreateChunksArguments](wire.PermissionPrepare),
		func(t *txn, env Env, a *wire.CreateChunksArguments) ([]uint64, error) {
			return t.createChunks(a.BatchID, a.Content, env.Time())
		}),
	wire.CommitBatchMethod.Name: updateMethod(wire.CommitBatchMethod, needs[wire.CommitBatchArguments](wire.PermissionCommit),
		func(t *txn, env Env, a *wire.CommitBatchArguments) (none, error) {
			return none{}, t.commitBatch(a, env.Time())
		}),
	wire.ProposeCommitBatchMethod.Name: updateMethod(wire.ProposeCommitBatchMethod, needs[wire.CommitBatchArguments](wire.PermissionPrepare),
		func(t *txn, _ Env, a *wire.CommitBatchArguments) (none, error) {
			return none{}, t.proposeCommitBatch(a)
		}),
	wire.CommitProposedBatchMethod.Name: updateMethod(wire.CommitProposedBatchMethod, needs[wire.CommitProposedBatchArguments](wire.PermissionCommit),
		func(t *txn, env Env, a *wire.CommitProposedBatchArguments) (none, error) {
			return none{}, t.commitProposedBatch(a, env.Time())
		}),
	wire.ComputeEvidenceMethod.Name: updateMethod(wire.ComputeEvidenceMethod, needs[wire.ComputeEvidenceArguments](wire.PermissionPrepare),
		func(t *txn, _ Env, a *wire.ComputeEvidenceArguments) ([]byte, error) { return t.computeEvidence(a) }),
	wire.DeleteBatchMethod.Name: updateMethod(wire.DeleteBatchMethod, needs[wire.DeleteBatchArguments](wire.PermissionPrepare),
		func(t *txn, _ Env, a *wire.DeleteBatchArguments) (none, error) {
			t.deleteBatch(a.BatchID)
			return none{}, nil
		}),

	// Content: Commit.
	wire.CreateAssetMethod.Name: updateMethod(wire.CreateAssetMethod, needs[wire.CreateAssetArguments](wire.PermissionCommit),
		func(t *txn, _ Env, a *wire.CreateAssetArguments) (none, error) { return none{}, t.createAsset(a) }),
	wire.SetAssetContentMethod.Name: updateMethod(wire.SetAssetContentMethod, needs[wire.SetAssetContentArguments](wire.PermissionCommit),
		func(t *txn, env Env, a *wire.SetAssetContentArguments) (none, error) {
			return none{}, t.setAssetContent(a, env.Time())
		}),
	wire.UnsetAssetContentMethod.Name: updateMethod(wire.UnsetAssetContentMethod, needs[wire.UnsetAssetContentArguments](wire.PermissionCommit),
		func(t *txn, _ Env, a *wire.UnsetAssetContentArguments) (none, error) {
			return none{}, t.unsetAssetContent(a)
		}),
	wire.DeleteAssetMethod.Name: updateMethod(wire.DeleteAssetMethod, needs[wire.DeleteAssetArguments](wire.PermissionCommit),
		func(t *txn, _ Env, a *wire.DeleteAssetArguments) (none, error) {
			t.deleteAsset(a.Key)
			return none{}, nil
		}),
	wire.ClearMethod.Name: updateMethod(wire.ClearMethod, needs[struct{}](wire.PermissionCommit),
		func(t *txn, _ Env, _ *struct{}) (none, error) {
			t.clearAssets()
			for id := range t.batches {
				t.deleteBatch(id)
			}
			for id := range t.chunks {
				t.deleteChunk(id)
			}
			return none{}, nil
		}),
	wire.StoreMethod.Name: updateMethod(wire.StoreMethod, needs[wire.StoreArguments](wire.PermissionCommit),
		func(t *txn, env Env, a *wire.StoreArguments) (none, error) { return none{}, t.store(a, env.Time()) }),
	wire.SetAssetPropertiesMethod.Name: updateMethod(wire.SetAssetPropertiesMethod, needs[wire.SetAssetPropertiesArguments](wire.PermissionCommit),
		func(t *txn, _ Env, a *wire.SetAssetPropertiesArguments) (none, error) {
			return none{}, t.setAssetProperties(a)
		}),

	// Permissions.
	wire.AuthorizeMethod.Name: updateMethod(wire.AuthorizeMethod, needs[[]byte](wire.PermissionManagePermissions),
		func(t *txn, _ Env, p *[]byte) (none, error) { t.grant(*p, wire.PermissionCommit); return none{}, nil }),
	wire.DeauthorizeMethod.Name: updateMethod(wire.DeauthorizeMethod, deauthorizeGuard,
		func(t *txn, _ Env, p *[]byte) (none, error) { t.revoke(*p, wire.PermissionCommit); return none{}, nil }),
	wire.ListAuthorizedMethod.Name: updateMethod(wire.ListAuthorizedMethod, open[struct{}],
		func(t *txn, _ Env, _ *struct{}) ([][]byte, error) { return t.permitted(wire.PermissionCommit), nil }),
	wire.GrantPermissionMethod.Name: updateMethod(wire.GrantPermissionMethod, needs[wire.GrantPermission](wire.PermissionManagePermissions),
		func(t *txn, _ Env, a *wire.GrantPermission) (none, error) {
			t.grant(a.ToPrincipal, a.Permission)
			return none{}, nil
		}),
	wire.RevokePermissionMethod.Name: updateMethod(wire.RevokePermissionMethod, revokeGuard,
		func(t *txn, _ Env, a *wire.RevokePermission) (none, error) {
			t.revoke(a.OfPrincipal, a.Permission)
			return none{}, nil
		}),
	wire.ListPermittedMethod.Name: updateMethod(wire.ListPermittedMethod, open[wire.ListPermitted],
		func(t *txn, _ Env, a *wire.ListPermitted) ([][]byte, error) { return t.permitted(a.Permission), nil }),
	wire.TakeOwnershipMethod.Name: updateMethod(wire.TakeOwnershipMethod, controller[struct{}],
		func(t *txn, env Env, _ *struct{}) (none, error) {
			t.setPermissions(&wire.SetPermissions{Commit: [][]byte{env.Caller()}})
			return none{}, nil
		}),

	// Configuration.
	wire.GetConfigurationMethod.Name: updateMethod(wire.GetConfigurationMethod, needs[struct{}](wire.PermissionPrepare),
		func(t *txn, _ Env, _ *struct{}) (wire.ConfigurationResponse, error) {
			c := t.config
			return wire.ConfigurationResponse{MaxBatches: clonePtr(c.maxBatches), MaxChunks: clonePtr(c.maxChunks), MaxBytes: clonePtr(c.maxBytes)}, nil
		}),
	wire.ConfigureMethod.Name: updateMethod(wire.ConfigureMethod, needs[wire.ConfigureArguments](wire.PermissionCommit),
		func(t *txn, _ Env, a *wire.ConfigureArguments) (none, error) { t.configure(a); return none{}, nil }),

	// Validation for SNS proposals: they change nothing.
	wire.ValidateGrantPermissionMethod.Name: updateMethod(wire.ValidateGrantPermissionMethod, open[wire.GrantPermission],
		func(_ *txn, _ Env, a *wire.GrantPermission) (wire.ValidationResult, error) {
			return ok(fmt.Sprintf("grant %s permission to principal %s", permName(a.Permission), principalText(a.ToPrincipal))), nil
		}),
	wire.ValidateRevokePermissionMethod.Name: updateMethod(wire.ValidateRevokePermissionMethod, open[wire.RevokePermission],
		func(_ *txn, _ Env, a *wire.RevokePermission) (wire.ValidationResult, error) {
			return ok(fmt.Sprintf("revoke %s permission from principal %s", permName(a.Permission), principalText(a.OfPrincipal))), nil
		}),
	wire.ValidateTakeOwnershipMethod.Name: updateMethod(wire.ValidateTakeOwnershipMethod, open[struct{}],
		func(*txn, Env, *struct{}) (wire.ValidationResult, error) {
			return ok("revoke all permissions, then give the caller Commit permission"), nil
		}),
	wire.ValidateCommitProposedBatchMethod.Name: updateMethod(wire.ValidateCommitProposedBatchMethod, open[wire.CommitProposedBatchArguments],
		func(t *txn, _ Env, a *wire.CommitProposedBatchArguments) (wire.ValidationResult, error) {
			return validateCommitProposed(&t.state, a), nil
		}),
	wire.ValidateConfigureMethod.Name: updateMethod(wire.ValidateConfigureMethod, open[wire.ConfigureArguments],
		func(_ *txn, _ Env, a *wire.ConfigureArguments) (wire.ValidationResult, error) {
			return ok("configure: " + describeConfigure(a)), nil
		}),
}

// apiVersion is what api_version answers: 2 tells icx-asset and dfx that
// create_chunks exists (ic-certified-assets answers 2 too).
const apiVersion = 2

func ok(msg string) wire.ValidationResult { return wire.ValidationResult{OK: true, Msg: msg} }

// deauthorizeGuard: a principal may always drop its own Commit; others
// need a controller (DFINITY's deauthorize).
func deauthorizeGuard(_ *state, env Env, p *[]byte) error {
	if bytes.Equal(*p, env.Caller()) {
		return nil
	}
	return requireController(env)
}

// revokeGuard: a principal may always drop its own permissions; others
// need ManagePermissions or a controller.
func revokeGuard(st *state, env Env, a *wire.RevokePermission) error {
	if bytes.Equal(a.OfPrincipal, env.Caller()) {
		return nil
	}
	return st.can(env, wire.PermissionManagePermissions)
}

func describeConfigure(a *wire.ConfigureArguments) string {
	f := func(set bool, v *uint64) string {
		switch {
		case !set:
			return "unchanged"
		case v == nil:
			return "none"
		}
		return fmt.Sprint(*v)
	}
	return fmt.Sprintf("max_batches %s, max_chunks %s, max_bytes %s",
		f(a.SetMaxBatches, a.MaxBatches), f(a.SetMaxChunks, a.MaxChunks), f(a.SetMaxBytes, a.MaxBytes))
}
