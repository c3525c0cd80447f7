package agent

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// InstallMode is the mode of install_code.
type InstallMode string

// Install modes: install into an empty canister, reinstall (wiping its
// state, stable memory included), or upgrade (keeping stable memory).
const (
	ModeInstall   InstallMode = "install"
	ModeReinstall InstallMode = "reinstall"
	ModeUpgrade   InstallMode = "upgrade"
)

// MaxDirectInstall is the largest module sent whole in one install_code
// call; the ingress message limit is 2 MiB, envelope included. Larger
// modules go through the canister's chunk store.
const MaxDirectInstall = 1900 << 10

// ChunkSize is the size of the chunks of a chunked install (the chunk
// store's limit, 1 MiB).
const ChunkSize = 1 << 20

// value is the canister_install_mode variant.
func (m InstallMode) value() (candid.Value, error) {
	switch m {
	case ModeInstall, ModeReinstall:
		return candid.VariantValue(candid.NamedValue(string(m), candid.NullValue())), nil
	case ModeUpgrade:
		return candid.VariantValue(candid.NamedValue("upgrade", candid.NoneValue())), nil
	}
	return candid.Value{}, fmt.Errorf("agent: unknown install mode %q (want install, reinstall or upgrade)", string(m))
}

// InstallCode installs wasm in the canister with the init (or
// post_upgrade) argument arg, in one install_code call or, for modules
// larger than MaxDirectInstall, by upload_chunk and install_chunked_code.
func (a *Agent) InstallCode(ctx context.Context, id principal.Principal, mode InstallMode, wasm, arg []byte) error {
	mv, err := mode.value()
	if err != nil {
		return err
	}
	if len(wasm) > MaxDirectInstall {
		return a.installChunked(ctx, id, mv, wasm, arg)
	}
	_, err = a.callManagement(ctx, "install_code", id, candid.RecordValue(
		candid.NamedValue("mode", mv),
		candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("wasm_module", candid.BlobValue(wasm)),
		candid.NamedValue("arg", candid.BlobValue(nonNil(arg)))))
	return err
}

// installChunked uploads wasm in ChunkSize pieces to the canister's own
// chunk store, installs it from there and clears the store.
func (a *Agent) installChunked(ctx context.Context, id principal.Principal, mode candid.Value, wasm, arg []byte) error {
	var hashes []candid.Value
	for off := 0; off < len(wasm); off += ChunkSize {
		chunk := wasm[off:min(off+ChunkSize, len(wasm))]
		vs, err := a.callManagement(ctx, "upload_chunk", id, candid.RecordValue(
			candid.NamedValue("canister_id", candid.PrincipalValue(id.Bytes())),
			candid.NamedValue("chunk", candid.BlobValue(chunk))))
		if err != nil {
			return fmt.Errorf("agent: uploading chunk %d of %d: %w", off/ChunkSize+1, (len(wasm)+ChunkSize-1)/ChunkSize, err)
		}
		h, ok := vs[0].Field("hash")
		if !ok {
			return malformed("upload_chunk reply", fmt.Errorf("no hash in %s", vs[0]))
		}
		hashes = append(hashes, candid.RecordValue(candid.NamedValue("hash", candid.BlobValue(h.Bytes()))))
	}
	sum := sha256.Sum256(wasm)
	_, err := a.callManagement(ctx, "install_chunked_code", id, candid.RecordValue(
		candid.NamedValue("mode", mode),
		candid.NamedValue("target_canister", candid.PrincipalValue(id.Bytes())),
		candid.NamedValue("chunk_hashes_list", candid.VecValue(hashes...)),
		candid.NamedValue("wasm_module_hash", candid.BlobValue(sum[:])),
		candid.NamedValue("arg", candid.BlobValue(nonNil(arg)))))
	if err != nil {
		return err
	}
	// The module is installed; a chunk store left full only costs memory.
	_, _ = a.callManagement(ctx, "clear_chunk_store", id, canisterArg(id))
	return nil
}
