package keys

// blsPrefix is the DER of SubjectPublicKeyInfo{BLS12-381 G2 signature
// scheme OID 1.3.6.1.4.1.44668.5.3.1.2.1, curve OID
// 1.3.6.1.4.1.44668.5.3.2.1} up to the 96-byte compressed G2 point.
var blsPrefix = []byte{
	0x30, 0x81, 0x82, 0x30, 0x1d, 0x06, 0x0d, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05,
	0x03, 0x01, 0x02, 0x01, 0x06, 0x0c, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03,
	0x02, 0x01, 0x03, 0x61, 0x00,
}

// BLS key sizes: the raw compressed G2 point and its DER form.
const (
	BLSKeyLength    = 96
	BLSDERLength    = 133
	blsPrefixLength = 37
)

// ParseBLSDER returns the 96-byte compressed G2 point of a DER BLS12-381
// public key (the IC root key or a subnet key). Like the JS and Rust
// agents' extract_der it checks only the length and the exact prefix;
// certify/bls decodes and validates the point.
func ParseBLSDER(der []byte) ([]byte, error) {
	if len(der) != BLSDERLength {
		return nil, malformed(SchemeBLS12381G2, "%d bytes, want %d", len(der), BLSDERLength)
	}
	if string(der[:blsPrefixLength]) != string(blsPrefix) {
		return nil, malformed(SchemeBLS12381G2, "DER prefix mismatch")
	}
	return der[blsPrefixLength:], nil
}

// EncodeBLSDER returns the DER form of a 96-byte compressed G2 point.
func EncodeBLSDER(raw []byte) ([]byte, error) {
	if len(raw) != BLSKeyLength {
		return nil, malformed(SchemeBLS12381G2, "raw key of %d bytes, want %d", len(raw), BLSKeyLength)
	}
	return append(append(make([]byte, 0, BLSDERLength), blsPrefix...), raw...), nil
}
