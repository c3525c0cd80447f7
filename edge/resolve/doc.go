// Package resolve maps the host name (and, where allowed, the ?canisterId=
// query parameter) of an HTTP request to the canister that serves it, the
// first step of the edge's request path (DESIGN.md, "One request, end to
// end", step 3; PROTOCOL.md §8.2).
//
// The rules, in order, for a host normalised by NormalizeHost (port, letter
// case and one trailing dot removed; anything but LDH labels refused):
//
//	<apex>                    ?canisterId=<id>             verified   Query
//	raw.<apex>                ?canisterId=<id>             unverified Raw
//	<alias>.<apex>            the alias's canister         verified   Alias
//	<id>.<apex>               <id>                         verified   Apex
//	<name>--<id>.<apex>       <id> (text after the last --) verified  Apex
//	<id>.raw.<apex>           <id>, also <alias>.raw.<apex> unverified Raw
//	<custom domain>           the table's canister         verified   Custom
//	anything else             ErrUnknownDomain
//
// A request on <apex> or raw.<apex> without ?canisterId= may take the one
// of its Referer when the Referer is on the same host (RefererQuery), so
// that a page served at <apex>/?canisterId=<id> can load /app.js.
//
// Raw names exist only for apexes that enable them; ?canisterId= only when
// the Config allows it, and only on the apex names themselves: a canister
// host never serves another canister's pages. A label directly under an
// apex that is neither an alias nor a canister id is ErrMalformedID, which
// names the label; deeper names under an apex are unknown.
//
// A Resolver is immutable except for its custom-domain table, which
// SetCustomDomains replaces atomically (the table is read without locks).
// Names answers the TLS layer's on-demand question: may this host get a
// certificate? Only names that Resolve can map are allowed, so a client
// cannot make the edge issue certificates for arbitrary names.
package resolve
