// Package gatewaytest checks the certified HTTP test canister,
// replica/testdata/canisters/certified_http, on a real replica against two
// response verifiers: Threshold's certify/httpcert and DFINITY's
// @dfinity/response-verification (through deploy/interop). Both must accept
// every page the canister serves — exact paths, the 404 fallback under a
// wildcard, and a page streamed through the streaming callback, verified
// over its whole body — and refuse every tampered answer.
//
// The canister is the certified test canister of the edge: the gateway's
// end-to-end tests install it and expect what these tests establish.
//
// The package has no code of its own; its tests start an in-process node of
// an application subnet (certificates delegated by a root key) with
// replica/node and replica/httpapi, and talk to it with replica/api/agent.
package gatewaytest
