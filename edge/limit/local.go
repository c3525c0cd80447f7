package limit

import (
	"hash/maphash"
	"sync"
	"time"
)

const localShards = 32

// local holds one TAT per key in memory, in shards to spread the locks.
// A shard over its share of maxKeys drops the keys whose bucket is full
// again (TAT in the past) and, if that is not enough, forgets the rest:
// forgetting a key only ever errs on the side of letting requests in.
type local struct {
	g        gcra
	seed     maphash.Seed
	perShard int
	shards   [localShards]struct {
		sync.Mutex
		tat map[string]int64
	}
}

func newLocal(g gcra, maxKeys int) *local {
	l := &local{g: g, seed: maphash.MakeSeed(), perShard: max(maxKeys/localShards, 1)}
	for i := range l.shards {
		l.shards[i].tat = make(map[string]int64)
	}
	return l
}

func (l *local) allow(key string, now time.Time) (bool, time.Duration) {
	s := &l.shards[maphash.String(l.seed, key)%localShards]
	n := now.UnixNano()
	s.Lock()
	defer s.Unlock()
	next, ok, wait := l.g.step(s.tat[key], n)
	if ok {
		if _, known := s.tat[key]; !known && len(s.tat) >= l.perShard {
			for k, t := range s.tat {
				if t <= n {
					delete(s.tat, k)
				}
			}
			if len(s.tat) >= l.perShard {
				clear(s.tat)
			}
		}
		s.tat[key] = next
	}
	return ok, wait
}
