package bls

import (
	"fmt"

	blst "github.com/supranational/blst/bindings/go"
)

// DST is the hash-to-curve domain separation tag of the IC ciphersuite.
const DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"

var dst = []byte(DST)

// blstSuccess is BLST_SUCCESS of blst's BLST_ERROR enumeration.
const blstSuccess = 0

// Verify parses sig and verifies it as pk's signature of msg. It returns nil
// on success, an error wrapping ErrMalformedSignature if sig does not parse,
// and ErrInvalidSignature if it does not verify.
func Verify(pk *PublicKey, msg, sig []byte) error {
	if pk == nil {
		return fmt.Errorf("bls: nil public key")
	}
	s, err := SignatureFromBytes(sig)
	if err != nil {
		return err
	}
	if !pk.Verify(msg, s) {
		return ErrInvalidSignature
	}
	return nil
}

// Verify reports whether sig is pk's signature of msg, that is whether
// e(sig, g2) == e(H(msg), pk). Both points were validated when parsed, so
// this is only the pairing check (one hash to G1, two Miller loops, one
// final exponentiation), done on the calling goroutine.
func (pk *PublicKey) Verify(msg []byte, sig Signature) bool {
	if pk == nil || sig.IsZero() {
		return false
	}
	ctx := blst.PairingCtx(true, dst)
	if blst.PairingAggregatePkInG2(ctx, &pk.p, false, &sig.p, false, msg) != blstSuccess {
		return false
	}
	blst.PairingCommit(ctx)
	return blst.PairingFinalVerify(ctx)
}
