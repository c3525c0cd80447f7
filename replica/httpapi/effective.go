package httpapi

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Management canister methods with special effective-id rules
// (abstract-behavior.md is_effective_canister_id; PROTOCOL.md §1.7).
const (
	methodCreateCanister            = "create_canister"
	methodProvisionalCreateCanister = "provisional_create_canister_with_cycles"
	methodListCanisters             = "list_canisters"
	methodInstallChunkedCode        = "install_chunked_code"
)

// checkEffectiveCanister applies is_effective_canister_id to a call or a
// query sent to /api/v*/canister/<ecid>/…:
//
//   - a canister other than aaaaa-aa must be ecid itself;
//   - create_canister, provisional_create_canister_with_cycles and
//     list_canisters accept any ecid;
//   - install_chunked_code names ecid in its target_canister field;
//   - any other management method names it in its canister_id field.
//
// The mismatch text is the replica's (call.rs, query.rs), status 400.
func checkEffectiveCanister(c *envelope.Content, ecid principal.Principal) *apiError {
	if !c.CanisterID.IsManagement() {
		if c.CanisterID != ecid {
			return errorf(http.StatusBadRequest,
				"Specified CanisterId %s does not match effective canister id in URL %s", c.CanisterID, ecid)
		}
		return nil
	}
	field := "canister_id"
	switch c.MethodName {
	case methodCreateCanister, methodProvisionalCreateCanister, methodListCanisters:
		return nil
	case methodInstallChunkedCode:
		field = "target_canister"
	}
	target, err := managementTarget(c.Arg, field)
	if err != nil {
		return errorf(http.StatusBadRequest,
			"Could not find the effective canister id of management method %s: %v", c.MethodName, err)
	}
	if target != ecid {
		return errorf(http.StatusBadRequest,
			"Specified CanisterId %s (field %s of the argument of %s) does not match effective canister id in URL %s",
			target, field, c.MethodName, ecid)
	}
	return nil
}

// checkEffectiveSubnet applies the rules of the subnet forms: a subnet call
// may only create a canister and a subnet query may only list canisters,
// both on aaaaa-aa (https-interface.md, interface spec 0.60).
func checkEffectiveSubnet(c *envelope.Content) *apiError {
	allowed := c.CanisterID.IsManagement()
	switch c.Type {
	case envelope.Call:
		allowed = allowed && (c.MethodName == methodCreateCanister || c.MethodName == methodProvisionalCreateCanister)
	case envelope.Query:
		allowed = allowed && c.MethodName == methodListCanisters
	}
	if !allowed {
		return errorf(http.StatusBadRequest,
			"Method %s of canister %s cannot be called through a subnet endpoint.", c.MethodName, c.CanisterID)
	}
	return nil
}

// Errors of managementTarget.
var (
	errNoRecord = errors.New("the first argument is not a record")
	errNoField  = errors.New("no such field")
)

// managementTarget decodes a management canister argument and returns the
// principal in its field named field.
func managementTarget(arg []byte, field string) (principal.Principal, error) {
	_, vals, err := candid.DecodeAny(arg)
	if err != nil {
		return principal.Principal{}, err
	}
	if len(vals) == 0 || vals[0].Kind() != candid.KindRecord {
		return principal.Principal{}, errNoRecord
	}
	v, ok := vals[0].Field(field)
	if !ok {
		return principal.Principal{}, fmt.Errorf("%w %s", errNoField, field)
	}
	if v.Kind() != candid.KindPrincipal {
		return principal.Principal{}, fmt.Errorf("field %s is a %s, not a principal", field, v.Kind())
	}
	return principal.FromBytes(v.Bytes())
}
