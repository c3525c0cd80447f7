package mgmt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

func TestUpdateSettingsControllers(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	id := create(t, tbl)
	call(t, tbl, user, "update_settings", encode(t, "update_settings", fmt.Sprintf(
		`(record { canister_id = principal "%s"; settings = record { controllers = opt vec { principal "%s" }; freezing_threshold = opt 100 } })`, id, other)))
	info, _ := tbl.Get(id)
	if len(info.Controllers) != 1 || info.Controllers[0] != other || info.Settings.FreezingThreshold != 100 {
		t.Fatalf("%+v", info.Settings)
	}
	callErr(t, tbl, user, "stop_canister", idArg(t, "stop_canister", id), CanisterInvalidController)
	call(t, tbl, other, "stop_canister", idArg(t, "stop_canister", id))

	var many []string
	for i := range MaxControllers + 1 {
		many = append(many, `principal "`+principal.CanisterID(uint64(100+i)).String()+`"`)
	}
	rej := callErr(t, tbl, other, "update_settings", encode(t, "update_settings", fmt.Sprintf(
		`(record { canister_id = principal "%s"; settings = record { controllers = opt vec { %s } } })`, id, strings.Join(many, "; "))), InvalidManagementPayload)
	if !strings.Contains(rej.Message, "The number of elements exceeds maximum allowed 10") {
		t.Fatal(rej.Message)
	}
	callErr(t, tbl, other, "update_settings", encode(t, "update_settings", fmt.Sprintf(
		`(record { canister_id = principal "%s"; settings = record { compute_allocation = opt 101 } })`, id)), CanisterContractViolation)
	callErr(t, tbl, other, "update_settings", encode(t, "update_settings", fmt.Sprintf(
		`(record { canister_id = principal "%s"; settings = record { freezing_threshold = opt 18446744073709551616 } })`, id)), CanisterContractViolation)
}

func TestSpecifiedID(t *testing.T) {
	tbl := newTable(t, newEngine(t))
	arg := func(id principal.Principal) []byte {
		return encode(t, "provisional_create_canister_with_cycles", `(record { specified_id = opt principal "`+id.String()+`" })`)
	}
	call(t, tbl, user, "provisional_create_canister_with_cycles", arg(principal.CanisterID(1)))
	callErr(t, tbl, user, "provisional_create_canister_with_cycles", arg(principal.CanisterID(1)), CanisterIDAlreadyExists)
	callErr(t, tbl, user, "provisional_create_canister_with_cycles", arg(principal.CanisterID(0x100000)), CanisterNotHostedBySubnet)
	// Allocation skips the taken id 1.
	if a, b := create(t, tbl), create(t, tbl); a != principal.CanisterID(0) || b != principal.CanisterID(2) {
		t.Fatalf("allocated %s, %s", a, b)
	}
}

func TestEffectiveCanisterID(t *testing.T) {
	id := principal.CanisterID(5)
	cases := []struct {
		method string
		arg    []byte
		want   bool
	}{
		{"install_code", installArg(t, id, "variant { install }", nil), true},
		{"canister_status", idArg(t, "canister_status", id), true},
		{"install_chunked_code", encode(t, "install_chunked_code", `(record { mode = variant { install }; target_canister = principal "`+id.String()+`"; chunk_hashes_list = vec {}; wasm_module_hash = blob ""; arg = blob "" })`), true},
		{"provisional_create_canister_with_cycles", encode(t, "provisional_create_canister_with_cycles", "(record {})"), false},
		{"canister_status", []byte("garbage"), false},
		{"raw_rand", []byte("DIDL\x00\x00"), false},
	}
	for _, c := range cases {
		got, ok := EffectiveCanisterID(c.method, c.arg)
		if ok != c.want || (ok && got != id) {
			t.Errorf("%s: %s %v", c.method, got, ok)
		}
	}
}
