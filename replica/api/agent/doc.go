// Package agent is a Go client of the Internet Computer's HTTP interface
// (PROTOCOL.md §1, §4, §5; interface spec https-interface.md): it signs
// requests with an identity, sends calls, queries and read_state requests
// to a replica or boundary node, and verifies what comes back before
// returning it.
//
// # One call
//
//	sign envelope -> POST /api/v4/canister/<ecid>/call
//	  200 replied:                   verify certificate -> /request_status/<rid>
//	  200 non_replicated_rejection:  *RejectError
//	  202:                           poll /api/v3/canister/<ecid>/read_state
//	  404:                           POST /api/v2/canister/<ecid>/call, then poll
//	  other 4xx/5xx:                 *HTTPError
//
// Polling backs off from 100 ms to 1 s and stops at a terminal status
// (replied, rejected, done) or when the request's ingress expiry has passed.
//
// # Verification
//
// Every certificate (sync-call answers and read_state) is checked with
// certify against the root key: BLS signature, delegation, the effective
// canister id in the delegated subnet's ranges, and /time within five
// minutes of the agent's clock.
//
// Query answers are signed by a node of the subnet. Unless
// Config.SkipQuerySignatures is set, the agent reads /subnet through
// read_state once per subnet (cached for five minutes), takes the subnet id
// from the certificate's delegation or, without one, as the self-authenticating
// id of the root key (PROTOCOL.md §3.3), checks that the canister lies in the
// subnet's ranges, and verifies each Ed25519 node signature over
// "\x0Bic-response" · hash_of_map(response) and the signature's timestamp.
//
// # Management canister
//
// CreateCanister, InstallCode, CanisterStatus, UpdateSettings,
// StartCanister, StopCanister and DeleteCanister call aaaaa-aa with the
// argument and result types of ic.did (a verbatim copy of
// replica/mgmt/ic.did, interface spec 0.66.0). Modules larger than
// MaxDirectInstall are uploaded in chunks and installed with
// install_chunked_code.
//
// An Agent is safe for concurrent use and starts no goroutines; every
// method honours its context.
package agent
