package exec

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Candid payloads, written by hand.
var (
	candidEmpty = []byte("DIDL\x00\x00") // ()
)

// candidNat is the reply of a single nat: DIDL, no type table, one
// argument of type nat (0x7d), then the value as LEB128.
func candidNat(n uint64) []byte {
	b := []byte("DIDL\x00\x01\x7d")
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// candidText is a single text argument: type text (0x71), LEB length, bytes.
func candidText(s string) []byte {
	b := []byte("DIDL\x00\x01\x71")
	b = append(b, byte(len(s))) // tests use short strings
	return append(b, s...)
}

var (
	testCanisterID = []byte{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}
	testController = []byte{0x04}
)

func readCanister(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "canisters", name+".wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newTestEngine(t testing.TB, cfg Config) *Engine {
	t.Helper()
	e, err := NewEngine(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

// installed returns a canister with the named test module installed.
func installed(t testing.TB, e *Engine, name string) *Canister {
	t.Helper()
	cn := e.NewCanister(testCanisterID, Settings{Controllers: [][]byte{testController}})
	t.Cleanup(cn.Close)
	r, err := cn.Install(context.Background(), Install, readCanister(t, name), Message{Arg: candidEmpty, Caller: testController, Time: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Reject != nil {
		t.Fatalf("install %s: %v", name, r.Reject)
	}
	return cn
}

func mustUpdate(t testing.TB, cn *Canister, method string, arg []byte) *Result {
	t.Helper()
	r, err := cn.Update(context.Background(), Message{Method: method, Arg: arg, Caller: testController, Time: 2})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustQuery(t testing.TB, cn *Canister, method string, arg []byte) *Result {
	t.Helper()
	r, err := cn.Query(context.Background(), Message{Method: method, Arg: arg, Caller: testController, Time: 3})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
