package mgmt

import (
	"bytes"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestMalformedArguments: every method answers a malformed argument with
// IC0408, never a panic.
func TestMalformedArguments(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	for name, m := range methods {
		if name == "raw_rand" {
			continue // takes no argument: anything after "DIDL" is ignored
		}
		for _, arg := range [][]byte{nil, []byte("DIDL"), []byte("DIDL\x00\x01\x71\x01x"), []byte("garbage")} {
			_, rej := tbl.Call(ctx, Request{Caller: user, FromCanister: m.canisterOnly, Method: name, Arg: arg})
			if rej == nil || rej.ErrorCode != InvalidManagementPayload {
				t.Errorf("%s(%q): %v", name, arg, rej)
			}
		}
	}
}

func FuzzCall(f *testing.F) {
	id := principal.CanisterID(0)
	for name := range methods {
		f.Add(name, idArg(f, "canister_status", id), false)
	}
	f.Add("install_code", installArg(f, id, "variant { install }", []byte("\x00asm\x01\x00\x00\x00")), false)
	f.Add("update_settings", encode(f, "update_settings", `(record { canister_id = principal "`+id.String()+`"; settings = record { controllers = opt vec {} } })`), false)
	f.Add("provisional_create_canister_with_cycles", encode(f, "provisional_create_canister_with_cycles", `(record { amount = opt 5; specified_id = opt principal "`+id.String()+`" })`), true)
	eng := newEngine(f)
	f.Fuzz(func(t *testing.T, method string, arg []byte, fromCanister bool) {
		tbl, err := NewTable(eng, []Range{{Low: principal.CanisterID(0), High: principal.CanisterID(10)}}, Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Close()
		create(t, tbl)
		if _, rej := tbl.Call(ctx, Request{Caller: user, FromCanister: fromCanister, Method: method, Arg: arg}); rej != nil && rej.Code == 0 {
			t.Fatalf("reject without a code: %v", rej)
		}
		EffectiveCanisterID(method, arg)
		tbl.CheckManagementIngress(user, method, arg)
		var buf bytes.Buffer
		if err := tbl.Checkpoint(&buf); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzRestore(f *testing.F) {
	tbl, _ := populated(f)
	var buf bytes.Buffer
	if err := tbl.Checkpoint(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(checkpointMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		restored, err := Restore(ctx, tbl.eng, bytes.NewReader(b))
		if err != nil {
			return
		}
		defer restored.Close()
		var again bytes.Buffer
		if err := restored.Checkpoint(&again); err != nil || !bytes.Equal(again.Bytes(), b) {
			t.Fatalf("accepted input does not round-trip (%v)", err)
		}
	})
}
