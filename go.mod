module github.com/threshold-ic/threshold

go 1.26

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1 // indirect
	github.com/supranational/blst v0.3.17 // indirect
)
