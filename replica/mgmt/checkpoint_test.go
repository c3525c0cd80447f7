package mgmt

import (
	"bytes"
	"errors"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// populated returns a table with an installed counter at 3, an empty
// stopped canister with chunks, and a deleted id.
func populated(t testing.TB) (*Table, principal.Principal) {
	t.Helper()
	eng := newEngine(t)
	tbl := newTable(t, eng)
	counter := create(t, tbl)
	install(t, tbl, counter, "variant { install }", "counter")
	for range 3 {
		update(t, tbl, counter, "inc", []byte("DIDL\x00\x00"))
	}
	empty := create(t, tbl)
	call(t, tbl, user, "upload_chunk", encodeChunk(t, empty, []byte("chunk")))
	call(t, tbl, user, "stop_canister", idArg(t, "stop_canister", empty))
	gone := create(t, tbl)
	call(t, tbl, user, "stop_canister", idArg(t, "stop_canister", gone))
	call(t, tbl, user, "delete_canister", idArg(t, "delete_canister", gone))
	return tbl, counter
}

func TestCheckpointRestore(t *testing.T) {
	tbl, counter := populated(t)
	var buf bytes.Buffer
	if err := tbl.Checkpoint(&buf); err != nil {
		t.Fatal(err)
	}
	restored, err := Restore(ctx, tbl.eng, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(restored.Close)
	h1, err1 := tbl.Hash()
	h2, err2 := restored.Hash()
	if err1 != nil || err2 != nil || h1 != h2 {
		t.Fatalf("hashes differ: %x %x %v %v", h1, h2, err1, err2)
	}
	var again bytes.Buffer
	if err := restored.Checkpoint(&again); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatalf("checkpoint of the restored table differs (%v)", err)
	}
	if got := decodeOne(t, query(t, restored, counter, "get"), "(nat)").Big().Int64(); got != 3 {
		t.Fatalf("restored counter = %d", got)
	}
	// The restored table goes on the same way: the deleted id stays used.
	if a, b := create(t, tbl), create(t, restored); a != b || a != principal.CanisterID(3) {
		t.Fatalf("next ids %s %s", a, b)
	}
	update(t, restored, counter, "inc", []byte("DIDL\x00\x00"))
	if h3, _ := restored.Hash(); h3 == h2 {
		t.Fatal("hash did not change")
	}
}

func TestRestoreRejects(t *testing.T) {
	tbl, _ := populated(t)
	var buf bytes.Buffer
	if err := tbl.Checkpoint(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for name, in := range map[string][]byte{
		"empty":     nil,
		"truncated": b[:len(b)/2],
		"trailing":  append(bytes.Clone(b), 0),
		"flipped":   func() []byte { c := bytes.Clone(b); c[len(c)/2] ^= 1; return c }(),
		"version":   func() []byte { c := bytes.Clone(b); c[len(checkpointMagic)+7] = 9; return c }(),
	} {
		if _, err := Restore(ctx, tbl.eng, bytes.NewReader(in)); !errors.Is(err, ErrCheckpoint) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
