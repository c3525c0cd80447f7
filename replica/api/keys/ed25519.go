package keys

import (
	"crypto/ed25519"
	"math/big"
)

// ed25519Prefix is the DER of SubjectPublicKeyInfo{id-Ed25519} up to the
// 32 key bytes (RFC 8410).
var ed25519Prefix = []byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}

// Ed25519DERLength is the length of a DER Ed25519 public key.
const Ed25519DERLength = 44

type ed25519Key struct {
	der []byte
	pub ed25519.PublicKey
}

var _ PublicKey = (*ed25519Key)(nil)

func (k *ed25519Key) Scheme() Scheme { return SchemeEd25519 }
func (k *ed25519Key) DER() []byte    { return k.der }

func (k *ed25519Key) Verify(msg, sig []byte) error {
	if len(sig) != ed25519.SignatureSize {
		return badSignature(SchemeEd25519, "signature is not 64 bytes")
	}
	if !ed25519.Verify(k.pub, msg, sig) {
		return badSignature(SchemeEd25519, "verification failed")
	}
	return nil
}

func parseEd25519(der []byte) (PublicKey, error) {
	if len(der) != Ed25519DERLength {
		return nil, malformed(SchemeEd25519, "%d bytes, want %d", len(der), Ed25519DERLength)
	}
	raw := der[len(ed25519Prefix):]
	if !onEdwardsCurve(raw) {
		return nil, malformed(SchemeEd25519, "not a point on the curve")
	}
	return &ed25519Key{der: der, pub: ed25519.PublicKey(raw)}, nil
}

// NewEd25519 returns the key for a raw 32-byte Ed25519 public key, with
// its DER encoding.
func NewEd25519(raw []byte) (PublicKey, error) {
	if len(raw) != ed25519.PublicKeySize {
		return nil, malformed(SchemeEd25519, "raw key of %d bytes", len(raw))
	}
	der := append(append(make([]byte, 0, Ed25519DERLength), ed25519Prefix...), raw...)
	return parseEd25519(der)
}

// Curve constants of edwards25519: p = 2^255 - 19, d = -121665/121666.
var (
	edP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	edD = func() *big.Int {
		d := new(big.Int).ModInverse(big.NewInt(121666), edP)
		d.Mul(d, big.NewInt(-121665))
		return d.Mod(d, edP)
	}()
)

// onEdwardsCurve reports whether the 32-byte encoding decompresses to a
// point (RFC 8032 §5.1.3): y < p and x² = (y²-1)/(d·y²+1) has a root,
// with x = 0 only for sign bit 0. This refuses keys no signature could
// verify under at parse time, as the DFINITY replica does.
func onEdwardsCurve(enc []byte) bool {
	var be [32]byte
	for i := range 32 {
		be[31-i] = enc[i]
	}
	sign := be[0] >> 7
	be[0] &= 0x7f
	y := new(big.Int).SetBytes(be[:])
	if y.Cmp(edP) >= 0 {
		return false
	}
	y2 := new(big.Int).Mul(y, y)
	y2.Mod(y2, edP)
	u := new(big.Int).Sub(y2, big.NewInt(1))
	u.Mod(u, edP)
	if u.Sign() == 0 {
		return sign == 0
	}
	v := new(big.Int).Mul(edD, y2)
	v.Add(v, big.NewInt(1))
	// u/v is a square iff u·v is (v ≠ 0 because d is not a square), which
	// spares a modular inversion.
	u.Mul(u, v)
	u.Mod(u, edP)
	return big.Jacobi(u, edP) == 1
}

// EncodeEd25519DER wraps a raw 32-byte Ed25519 public key in its DER form
// (RFC 8410), the form node keys take in the state tree.
func EncodeEd25519DER(raw []byte) []byte {
	return append(append(make([]byte, 0, len(ed25519Prefix)+len(raw)), ed25519Prefix...), raw...)
}
