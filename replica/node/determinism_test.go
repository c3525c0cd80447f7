package node

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDeterministicReplay is the differential test of DESIGN.md: two nodes
// with separate engines and directories, fed the same finalized batches,
// reach the same state root and the same canister state hash.
func TestDeterministicReplay(t *testing.T) {
	s := newSecrets(t)
	tn := startTestNode(t, s, t.TempDir(), newEngine(t))
	id := tn.install(t, "counter")
	tn.install(t, "stable")
	empty := []byte("DIDL\x00\x00")
	for range 5 {
		tn.call(t, id, id, "inc", empty)
	}
	tn.call(t, id, id, "fail", empty)
	log, err := os.ReadFile(filepath.Join(tn.dir, batchLogFile))
	if err != nil {
		t.Fatal(err)
	}
	tn.close(t)

	var roots [2][32]byte
	var hashes [2][32]byte
	var heights [2]uint64
	for i := range 2 {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, batchLogFile), log, 0o600); err != nil {
			t.Fatal(err)
		}
		n, err := New(t.Context(), s.config(dir, newEngine(t)))
		if err != nil {
			t.Fatal(err)
		}
		roots[i] = n.exec.root().Digest()
		heights[i] = n.exec.height
		if hashes[i], err = n.exec.table.Hash(); err != nil {
			t.Fatal(err)
		}
		n.exec.table.Close()
		n.blog.close()
	}
	if heights[0] == 0 || heights[0] != heights[1] {
		t.Fatalf("heights %v", heights)
	}
	if roots[0] != roots[1] || hashes[0] != hashes[1] {
		t.Fatalf("replicas diverged: roots %x / %x, canister state %x / %x", roots[0], roots[1], hashes[0], hashes[1])
	}
}
