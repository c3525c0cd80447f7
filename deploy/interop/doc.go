// Package interop runs the real Internet Computer JavaScript clients
// against Threshold's Go implementation. The Node.js side lives in the
// .mjs scripts beside this file and is installed from the committed lock
// file with `npm ci` (deploy/test does it); the Go tests drive the scripts
// with JSON on stdin and stdout.
//
// What runs here: @icp-sdk/core 6.1.0 and @dfinity/agent 3.4.3 (request
// envelopes and certificate verification), @dfinity/candid via
// @icp-sdk/core (Candid), @dfinity/response-verification 3.0.3 (HTTP
// certification).
package interop
