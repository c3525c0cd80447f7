// Package interop runs the real Internet Computer JavaScript clients
// against Threshold's Go implementation. The Node.js side lives in the
// .mjs scripts beside this file and is installed from the committed lock
// file with `npm ci` (deploy/test does it); the Go tests drive the scripts
// with JSON on stdin and stdout.
//
// What runs here: @icp-sdk/core 6.1.0 and @dfinity/agent 3.4.3 (request
// envelopes and certificate verification), @dfinity/candid via
// @icp-sdk/core (Candid), @dfinity/response-verification 3.0.3 (HTTP
// certification), the edge end to end against `threshold up` (edge_*_test.go:
// curl over HTTP/1.1 and HTTP/2, gtlsclient over HTTP/3, headless Chromium
// through playwright-core over HTTP/2 and forced HTTP/3, both agents with
// the edge as their host, two edge PoPs sharing a real redis-server, rate
// limits, SIGHUP reload under load, stale-if-error). deploy/test installs
// the Debian tools these drive; without them the tests skip locally and
// fail under CI.
package interop
