package exec

import (
	"context"
	"testing"
)

// A module without a memory is valid (interface spec § Canister module
// format: at most one memory); installing and calling it must work.
func TestModuleWithoutMemory(t *testing.T) {
	wasm := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
		0x03, 0x02, 0x01, 0x00, // one function of type 0
		0x07, 0x11, 0x01, 0x0d, 'c', 'a', 'n', 'i', 's', 't', 'e', 'r', '_', 'i', 'n', 'i', 't', 0x00, 0x00,
		0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // empty body
	}
	ctx := context.Background()
	e, err := NewEngine(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	cn := e.NewCanister([]byte{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, Settings{})
	defer cn.Close()
	res, err := cn.Install(ctx, Install, wasm, Message{Caller: []byte{4}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reject != nil {
		t.Fatalf("install rejected: %v", res.Reject)
	}
	if _, err := cn.StateHash(); err != nil {
		t.Fatal(err)
	}
	if _, err := cn.Snapshot(); err != nil {
		t.Fatal(err)
	}
}
