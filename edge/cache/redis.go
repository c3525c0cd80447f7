package cache

import (
	"crypto/sha256"
	"encoding/base64"
	"github.com/threshold-ic/threshold/edge/internal/redisfail"
	"time"
)

// redisTier is the shared store. Keys are hashed (SHA-256: a collision
// would serve one site's page for another's), values are appendEntry's
// encoding, and Redis expires them at their stale deadline.
type redisTier struct {
	health *redisfail.Health
	prefix string
}

func (t *redisTier) key(key string) string {
	sum := sha256.Sum256([]byte(key))
	return t.prefix + base64.RawURLEncoding.EncodeToString(sum[:])
}

// get returns the entry, nil on a miss, or nil after marking Redis down.
func (t *redisTier) get(key string, now time.Time) *entry {
	if !t.health.Up() {
		return nil
	}
	ctx, cancel := t.health.Ctx()
	defer cancel()
	b, err := t.health.Client().Get(ctx, t.key(key)).Bytes()
	if err != nil {
		t.health.Failed(err)
		return nil
	}
	e, err := parseEntry(b)
	if err != nil || now.After(e.stale) {
		return nil
	}
	return e
}

func (t *redisTier) set(key string, e *entry, now time.Time) {
	if !t.health.Up() {
		return
	}
	ttl := e.stale.Sub(now)
	if ttl < time.Millisecond {
		return
	}
	ctx, cancel := t.health.Ctx()
	defer cancel()
	t.health.Failed(t.health.Client().Set(ctx, t.key(key), appendEntry(nil, e), ttl).Err())
}
