// Package edge is Threshold's HTTP gateway: it maps a host name to a
// canister, routes the request to a healthy replica of the canister's
// subnet, verifies the answer against the subnet's threshold signature, and
// serves it over HTTP/1.1, HTTP/2 and HTTP/3 with caching and rate limits.
//
// It is built in the edge issue on top of certify and replica/api; see
// DESIGN.md, "One request, end to end".
package edge
