package hashtree

import (
	"bytes"
	"fmt"
	"testing"
)

// nestedState builds a state-tree-like content twice, as nested Maps and
// with a Builder: /time, /subnet/<sid>/public_key (a Full),
// /request_status/<rid>/{status,reply} (Trees and Fulls) and
// /canister/<cid>/{certified_data,module_hash} (nested Maps of leaves).
func nestedState(t *testing.T, n int) (Map, Tree) {
	var b Builder
	var reqs, cans Map
	for i := range n {
		rid, cid := fmt.Appendf(nil, "rid-%04d", i), fmt.Appendf(nil, "cid-%04d", i*7%n)
		var rb Builder
		must(t, rb.Insert(p("status"), []byte("replied")))
		must(t, rb.Insert(p("reply"), rid))
		if i%2 == 0 {
			reqs = reqs.SetFull(rid, rb.Build())
		} else {
			reqs = reqs.Set(rid, rb.Build().Tree())
		}
		can := Map{}.Set([]byte("certified_data"), NewLeaf(cid)).Set([]byte("module_hash"), NewLeaf([]byte("h")))
		cans = cans.SetMap(cid, can)
		for _, in := range [][][]byte{
			{[]byte("request_status"), rid, []byte("status")}, {[]byte("request_status"), rid, []byte("reply")},
			{[]byte("canister"), cid, []byte("certified_data")}, {[]byte("canister"), cid, []byte("module_hash")},
		} {
			must(t, b.Insert(in, in[len(in)-1]))
		}
	}
	var sb Builder
	must(t, sb.Insert(p("s", "public_key"), []byte("pk")))
	must(t, b.Insert(p("subnet", "s", "public_key"), []byte("public_key")))
	must(t, b.Insert(p("time"), []byte("time")))
	state := Map{}.
		Set([]byte("time"), NewLeaf([]byte("time"))).
		SetFull([]byte("subnet"), sb.Build()).
		SetMap([]byte("request_status"), reqs).
		SetMap([]byte("canister"), cans)
	return state, b.Build().Tree()
}

// TestMapNested: a witness over nested Maps, Fulls and Trees answers
// read_state-like paths as the Builder-built tree does (Found or Absent,
// never Unknown), and has the state's digest.
func TestMapNested(t *testing.T) {
	state, ref := nestedState(t, 50)
	// The reference's leaves hold their own label, so compare results only.
	for _, q := range [][][]byte{
		p("time"),
		p("request_status", "rid-0007", "status"),
		p("request_status", "rid-0008", "status"),
		p("request_status", "rid-0008", "zz"),
		p("request_status", "rid-9999", "status"),
		p("request_status", "rid-0010"),
		p("canister", "cid-0014", "certified_data"),
		p("canister", "cid-0014", "controllers"),
		p("canister", "cid-zzzz", "module_hash"),
		p("canister", "cid-0000"),
		p("subnet", "s", "public_key"),
		p("subnet", "t"),
		p("absent"),
	} {
		w := state.Witness(q, p("time"))
		if w.Digest() != state.Digest() {
			t.Fatalf("%q: witness digest differs", q)
		}
		_, rr := ref.Lookup(q...)
		_, wr := w.Lookup(q...)
		if rr != wr {
			t.Errorf("Lookup(%q): reference %v, witness %v", q, rr, wr)
		}
		if _, r := w.LookupSubtree(p("request_status", "rid-0001")...); r == Found && q[0][0] != 'r' {
			t.Errorf("%q: witness reveals rid-0001", q)
		}
	}
}

// TestMapNestedUpdate: updating a nested map through GetMap and SetMap
// changes the new state only.
func TestMapNestedUpdate(t *testing.T) {
	old, _ := nestedState(t, 20)
	reqs, ok := old.GetMap([]byte("request_status"))
	if !ok {
		t.Fatal("no request_status map")
	}
	next := old.SetMap([]byte("request_status"), reqs.Delete([]byte("rid-0003")))
	if old.Digest() == next.Digest() || next.Digest() != next.Tree().Digest() {
		t.Fatal("nested update did not rehash correctly")
	}
	path := p("request_status", "rid-0003", "status")
	if v, r := old.Witness(path).Lookup(path...); r != Found || !bytes.Equal(v, []byte("replied")) {
		t.Fatalf("old state lost its entry: %v %q", r, v)
	}
	if _, r := next.Witness(path).Lookup(path...); r != Absent {
		t.Fatalf("new state: %v, want Absent", r)
	}
	if _, ok := next.GetMap([]byte("time")); ok {
		t.Fatal("GetMap of a plain Tree entry")
	}
}
