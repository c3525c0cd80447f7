package keys

import (
	"crypto/sha256"
	"sync"
)

// Cache remembers parsed public keys and signatures that verified, so that
// a replica checks each (key, message, signature) triple with curve
// arithmetic once. Agents resend the same envelope (a query polled within
// its expiry, a call retried) and reuse a key for every request of a
// session. Only successes are remembered: a bad signature costs a
// verification every time, as it must. The zero value is not usable; make
// one with NewCache. It is safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	keys     map[string]PublicKey
	keyOrder []string
	sigs     map[[32]byte]struct{}
	sigOrder [][32]byte
	maxKeys  int
	maxSigs  int
	nextKey  int
	nextSig  int
}

// NewCache returns a cache of up to maxKeys parsed keys and maxSigs
// verified signatures; the oldest entry goes first.
func NewCache(maxKeys, maxSigs int) *Cache {
	return &Cache{keys: make(map[string]PublicKey, maxKeys), sigs: make(map[[32]byte]struct{}, maxSigs),
		maxKeys: max(maxKeys, 1), maxSigs: max(maxSigs, 1)}
}

// ParseDER is ParseDER with the cache.
func (c *Cache) ParseDER(der []byte) (PublicKey, error) {
	if c == nil {
		return ParseDER(der)
	}
	c.mu.Lock()
	k, ok := c.keys[string(der)]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	k, err := ParseDER(der)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := string(der)
	if _, ok := c.keys[s]; !ok {
		if len(c.keyOrder) < c.maxKeys {
			c.keyOrder = append(c.keyOrder, s)
		} else {
			delete(c.keys, c.keyOrder[c.nextKey])
			c.keyOrder[c.nextKey] = s
			c.nextKey = (c.nextKey + 1) % c.maxKeys
		}
		c.keys[s] = k
	}
	return k, nil
}

// Verify is k.Verify with the cache.
func (c *Cache) Verify(k PublicKey, msg, sig []byte) error {
	if c == nil {
		return k.Verify(msg, sig)
	}
	h := sha256.New()
	der := k.DER()
	var n [4]byte
	for _, part := range [][]byte{der, msg, sig} {
		n[0], n[1], n[2], n[3] = byte(len(part)>>24), byte(len(part)>>16), byte(len(part)>>8), byte(len(part))
		h.Write(n[:])
		h.Write(part)
	}
	var key [32]byte
	h.Sum(key[:0])
	c.mu.Lock()
	_, ok := c.sigs[key]
	c.mu.Unlock()
	if ok {
		return nil
	}
	if err := k.Verify(msg, sig); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.sigs[key]; !ok {
		if len(c.sigOrder) < c.maxSigs {
			c.sigOrder = append(c.sigOrder, key)
		} else {
			delete(c.sigs, c.sigOrder[c.nextSig])
			c.sigOrder[c.nextSig] = key
			c.nextSig = (c.nextSig + 1) % c.maxSigs
		}
		c.sigs[key] = struct{}{}
	}
	return nil
}
