// Package rih computes the Internet Computer's representation-independent
// hash (hash_of_map) of structured values, which gives request ids, the
// hashes that delegations and query responses are signed over, and the
// request and response hashes of HTTP certification (PROTOCOL.md §2;
// interface spec, https-interface.md § Representation-independent hashing).
//
//	hash(blob)  = SHA-256(blob)
//	hash(text)  = SHA-256(UTF-8 bytes)
//	hash(nat)   = SHA-256(unsigned LEB128)
//	hash(int)   = SHA-256(signed LEB128)
//	hash(array) = SHA-256(hash(e1) · hash(e2) · …)
//	hash(map)   = SHA-256(concat(sort(SHA-256(key) · hash(value))))
//
// It also names the domain separators that every signed payload starts
// with.
package rih

import (
	"bytes"
	"crypto/sha256"
	"math/big"
	"slices"

	"github.com/threshold-ic/threshold/certify/leb128"
)

// Hash is a SHA-256 digest.
type Hash = [32]byte

// Domain separators: a length byte followed by the name, so that no
// separator is a prefix of another (interface spec § Domain separation).
const (
	SepRequest    = "\x0aic-request"
	SepDelegation = "\x1aic-request-auth-delegation"
	SepStateRoot  = "\x0dic-state-root"
	SepResponse   = "\x0bic-response"
	SepSenderInfo = "\x0eic-sender-info"
)

// Blob hashes a byte string.
func Blob(b []byte) Hash { return sha256.Sum256(b) }

// Text hashes a text value.
func Text(s string) Hash { return sha256.Sum256([]byte(s)) }

// Nat hashes a natural number.
func Nat(v uint64) Hash {
	var buf [10]byte
	return sha256.Sum256(leb128.AppendUnsigned(buf[:0], v))
}

// NatBig hashes a natural number of any size. It reports false for a
// negative value.
func NatBig(v *big.Int) (Hash, bool) {
	if v.Sign() < 0 {
		return Hash{}, false
	}
	var b []byte
	x := new(big.Int).Set(v)
	mask := big.NewInt(0x7f)
	for {
		c := byte(new(big.Int).And(x, mask).Uint64())
		x.Rsh(x, 7)
		if x.Sign() == 0 {
			b = append(b, c)
			break
		}
		b = append(b, c|0x80)
	}
	return sha256.Sum256(b), true
}

// Int hashes a signed integer.
func Int(v int64) Hash {
	var buf [10]byte
	return sha256.Sum256(leb128.AppendSigned(buf[:0], v))
}

// Array hashes an array given the hashes of its elements.
func Array(items ...Hash) Hash {
	h := sha256.New()
	for i := range items {
		h.Write(items[i][:])
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

// Field is one key/value pair of a map, with the value already hashed.
type Field struct {
	Key   string
	Value Hash
}

// Map computes hash_of_map over fields. Keys may repeat (HTTP header lists
// do); pairs are sorted by key hash and then by value hash, as the
// reference implementation does. fields is not modified.
func Map(fields []Field) Hash {
	var small [12][64]byte
	pairs := small[:0]
	if len(fields) > len(small) {
		pairs = make([][64]byte, 0, len(fields))
	}
	for _, f := range fields {
		var p [64]byte
		kh := KeyHash(f.Key)
		copy(p[:32], kh[:])
		copy(p[32:], f.Value[:])
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b [64]byte) int { return bytes.Compare(a[:], b[:]) })
	h := sha256.New()
	for i := range pairs {
		h.Write(pairs[i][:])
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

// knownKeys caches the hashes of the field names that requests,
// delegations and responses use, so that request ids need no hashing of
// constant keys.
var knownKeys = func() map[string]Hash {
	m := make(map[string]Hash)
	for _, k := range []string{
		"request_type", "sender", "ingress_expiry", "nonce", "canister_id", "method_name", "arg",
		"paths", "sender_info", "info", "signer", "sig", "pubkey", "expiration", "targets",
		"permissions", "status", "reply", "reject_code", "reject_message", "error_code",
		"timestamp", "request_id", ":ic-cert-method", ":ic-cert-query", ":ic-cert-status",
	} {
		m[k] = sha256.Sum256([]byte(k))
	}
	return m
}()

// KeyHash returns SHA-256 of a map key, from a cache for the IC's own
// field names.
func KeyHash(k string) Hash {
	if h, ok := knownKeys[k]; ok {
		return h
	}
	return sha256.Sum256([]byte(k))
}
