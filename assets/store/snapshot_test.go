package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

// randomSite uploads random assets: random keys, encodings, chunking and
// properties.
func randomSite(ic *testIC, seed uint64, n int) {
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range n {
		key := fmt.Sprintf("/d%d/f%d.html", r.IntN(4), i)
		if r.IntN(5) == 0 {
			key = fmt.Sprintf("/d%d/index.html", r.IntN(4))
		}
		encs := map[string][]byte{}
		for _, e := range []string{"identity", "gzip", "br", "x-custom"} {
			if len(encs) == 0 || r.IntN(2) == 0 {
				encs[e] = randomBytes(r.Uint64(), r.IntN(3000))
			}
		}
		ic.upload(key, "text/html", encs, 1+r.IntN(1500), func(a *wire.CreateAssetArguments) {
			if r.IntN(2) == 0 {
				a.MaxAge = ptr(r.Uint64())
			}
			if r.IntN(2) == 0 {
				a.Headers = &[]wire.HeaderField{{Name: "x-h", Value: fmt.Sprint(r.IntN(100))}}
			}
			if r.IntN(3) == 0 {
				a.EnableAliasing = ptr(r.IntN(2) == 0)
			}
			if r.IntN(3) == 0 {
				a.AllowRawAccess = ptr(r.IntN(2) == 0)
			}
		})
	}
}

func TestSaveRestore(t *testing.T) {
	ic := newSite(t)
	randomSite(ic, 42, 40)
	mustCall(ic, committer, wire.ConfigureMethod, wire.ConfigureArguments{SetMaxBytes: true, MaxBytes: ptr[uint64](1 << 30)})
	id := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{}) // dropped by the upgrade
	mustCall(ic, committer, wire.CreateChunkMethod, wire.CreateChunkArguments{BatchID: id, Content: []byte("x")})

	var snap bytes.Buffer
	must(t, ic.store.Save(&snap))
	rootBefore := ic.store.cert.rootHash()
	listBefore := mustCall(ic, anonymous, wire.ListMethod, struct{}{})

	s, err := Restore(ic.env(controllerP, false), bytes.NewReader(snap.Bytes()), nil)
	must(t, err)
	ic.store = s
	if s.cert.rootHash() != rootBefore {
		t.Error("root hash changed across the upgrade")
	}
	if !bytes.Equal(ic.certified, rootBefore[:]) {
		t.Error("certified data not set by Restore")
	}
	listAfter := mustCall(ic, anonymous, wire.ListMethod, struct{}{})
	if fmt.Sprint(listAfter) != fmt.Sprint(listBefore) {
		t.Error("list changed across the upgrade")
	}
	if len(s.st.batches) != 0 || len(s.st.chunks) != 0 {
		t.Error("batches survived the upgrade")
	}
	var again bytes.Buffer
	must(t, s.Save(&again))
	if !bytes.Equal(again.Bytes(), snap.Bytes()) {
		t.Error("a restored store saves differently")
	}
	// The ids go on.
	if next := mustCall(ic, committer, wire.CreateBatchMethod, struct{}{}); next != id+1 {
		t.Errorf("batch id %d after %d", next, id)
	}
	// Every answer still verifies.
	for _, d := range listAfter {
		ic.fetch(request{url: d.Key, version: v2})
		ic.fetch(request{url: d.Key})
	}

	// Upgrade arguments: set_permissions; an Init argument is refused.
	up, _ := wire.EncodeCanisterArgs(&wire.CanisterArgs{Upgrade: &wire.UpgradeArgs{SetPermissions: &wire.SetPermissions{Commit: [][]byte{stranger}}}})
	s, err = Restore(ic.env(controllerP, false), bytes.NewReader(snap.Bytes()), up)
	must(t, err)
	if p := s.st.permitted(wire.PermissionCommit); len(p) != 1 || !bytes.Equal(p[0], stranger) {
		t.Errorf("commit after upgrade: %x", p)
	}
	init, _ := wire.EncodeCanisterArgs(&wire.CanisterArgs{Init: &wire.InitArgs{}})
	if _, err := Restore(ic.env(controllerP, false), bytes.NewReader(snap.Bytes()), init); err == nil {
		t.Error("upgrade with an Init argument")
	}
}

func TestRestoreCorrupt(t *testing.T) {
	ic := newSite(t)
	randomSite(ic, 7, 5)
	var snap bytes.Buffer
	must(t, ic.store.Save(&snap))
	b := snap.Bytes()
	for n := 0; n < len(b); n += 1 + n/8 {
		if _, err := Restore(ic.env(controllerP, false), bytes.NewReader(b[:n]), nil); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("truncated to %d of %d bytes: %v", n, len(b), err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		c := bytes.Clone(b)
		c[r.IntN(len(c))] ^= byte(1 + r.IntN(255))
		if _, err := Restore(ic.env(controllerP, false), bytes.NewReader(c), nil); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("corrupt byte: %v", err)
		}
	}
	if _, err := Restore(ic.env(controllerP, false), bytes.NewReader(append(bytes.Clone(b), 0)), nil); !errors.Is(err, ErrSnapshot) {
		t.Fatalf("trailing byte: %v", err)
	}
}

func FuzzRestore(f *testing.F) {
	ic := newSite(f)
	randomSite(ic, 3, 3)
	var snap bytes.Buffer
	must(f, ic.store.Save(&snap))
	f.Add(snap.Bytes())
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		ic.t = t
		s, err := Restore(ic.env(controllerP, false), bytes.NewReader(b), nil)
		if err == nil {
			var out bytes.Buffer
			must(t, s.Save(&out))
		}
	})
}
