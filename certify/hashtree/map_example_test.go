package hashtree_test

import (
	"fmt"

	"github.com/threshold-ic/threshold/certify/hashtree"
)

func l(s string) []byte { return []byte(s) }

// A replica keeps its state tree as nested Maps: each round updates a few
// entries in O(log n) and certifies the new root digest, while the
// previous state stays readable for queries still in flight.
func ExampleMap() {
	var status hashtree.Builder
	status.Insert([][]byte{l("status")}, l("replied"))

	var reqs hashtree.Map
	reqs = reqs.SetFull(l("rid-1"), status.Build())
	state := hashtree.Map{}.
		Set(l("time"), hashtree.NewLeaf([]byte{0x01})).
		SetMap(l("request_status"), reqs)

	// The next round: one more request, through the nested map.
	reqs, _ = state.GetMap(l("request_status"))
	next := state.SetMap(l("request_status"), reqs.SetFull(l("rid-2"), status.Build()))

	// A read_state witness: one status and one absent request.
	w := next.Witness(
		[][]byte{l("request_status"), l("rid-2"), l("status")},
		[][]byte{l("request_status"), l("rid-3"), l("status")},
	)
	fmt.Println(w.Digest() == next.Digest(), next.Digest() != state.Digest())
	v, r := w.Lookup(l("request_status"), l("rid-2"), l("status"))
	fmt.Println(r, string(v))
	_, r = w.Lookup(l("request_status"), l("rid-3"), l("status"))
	fmt.Println(r)
	_, r = state.Tree().Lookup(l("request_status"), l("rid-2"), l("status"))
	fmt.Println("old state:", r)
	// Output:
	// true true
	// Found replied
	// Absent
	// old state: Absent
}
