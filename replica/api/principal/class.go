package principal

import (
	"crypto/sha256"
	"encoding/binary"
)

// Class is the kind of a principal, read from its last byte (interface
// spec index.md § Special forms of principals).
type Class uint8

// Classes of principals.
const (
	// ClassManagement is the empty principal, the management canister.
	ClassManagement Class = iota
	// ClassOpaque ids end in 0x01; canister ids are of this class.
	ClassOpaque
	// ClassSelfAuthenticating ids are SHA-224(DER key) · 0x02 (29 bytes).
	ClassSelfAuthenticating
	// ClassDerived ids are SHA-224(|r| · r · nonce) · 0x03 (29 bytes).
	ClassDerived
	// ClassAnonymous is exactly the byte 0x04.
	ClassAnonymous
	// ClassReserved ids end in 0x7f.
	ClassReserved
	// ClassUnassigned is any other byte string, including a 0x02 or 0x03
	// suffix on fewer than 29 bytes and a longer blob ending in 0x04.
	ClassUnassigned
)

var classNames = [...]string{"management", "opaque", "self_authenticating", "derived", "anonymous", "reserved", "unassigned"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// Class reports the class of p.
func (p Principal) Class() Class {
	if p.n == 0 {
		return ClassManagement
	}
	switch last := p.b[p.n-1]; {
	case last == 0x01:
		return ClassOpaque
	case last == 0x02 && p.n == MaxLength:
		return ClassSelfAuthenticating
	case last == 0x03 && p.n == MaxLength:
		return ClassDerived
	case last == 0x04 && p.n == 1:
		return ClassAnonymous
	case last == 0x7f:
		return ClassReserved
	}
	return ClassUnassigned
}

// SelfAuthenticating returns SHA-224(der) · 0x02, the id of the holder of
// the DER-encoded public key der.
func SelfAuthenticating(der []byte) Principal {
	h := sha256.Sum224(der)
	var p Principal
	p.n = MaxLength
	copy(p.b[:], h[:])
	p.b[28] = 0x02
	return p
}

// Derived returns SHA-224(|r| · r · nonce) · 0x03, the id that the
// registering principal r derives with nonce, where |r| is one length byte.
func Derived(registrar Principal, nonce []byte) Principal {
	h := sha256.New224()
	h.Write([]byte{registrar.n})
	h.Write(registrar.b[:registrar.n])
	h.Write(nonce)
	var p Principal
	p.n = MaxLength
	h.Sum(p.b[:0])
	p.b[28] = 0x03
	return p
}

// CanisterID returns the id of canister number index: its 8-byte
// big-endian encoding followed by 0x01 0x01 (10 bytes).
func CanisterID(index uint64) Principal {
	var p Principal
	p.n = 10
	binary.BigEndian.PutUint64(p.b[:8], index)
	p.b[8], p.b[9] = 0x01, 0x01
	return p
}

// CanisterIndex reports the index of a canister id made by CanisterID,
// and false for any other principal.
func (p Principal) CanisterIndex() (uint64, bool) {
	if p.n != 10 || p.b[8] != 0x01 || p.b[9] != 0x01 {
		return 0, false
	}
	return binary.BigEndian.Uint64(p.b[:8]), true
}
