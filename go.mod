module github.com/threshold-ic/threshold

go 1.26

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1
	github.com/supranational/blst v0.3.17
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/sys v0.44.0
)
