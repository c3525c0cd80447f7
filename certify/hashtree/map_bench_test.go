package hashtree

import (
	"math/rand/v2"
	"sync"
	"testing"
)

const benchEntries = 300_000

// benchMap is a /request_status-like map of 300,000 random request ids,
// each mapped to a status/reply Full, built once for all benchmarks.
var benchMap = sync.OnceValues(func() (Map, [][]byte) {
	rng := rand.New(rand.NewPCG(11, 12))
	var m Map
	ids := make([][]byte, benchEntries)
	for i := range ids {
		ids[i] = randomID(rng)
		m = m.SetFull(ids[i], mval{v: ids[i]}.full())
	}
	return m, ids
})

func randomID(rng *rand.Rand) []byte {
	id := make([]byte, 32)
	for i := range id {
		id[i] = byte(rng.Uint32())
	}
	return id
}

// BenchmarkMapSet measures one update of a 300,000-entry map, including
// rehashing the path: a new entry, a replaced value, and a deletion. Each
// iteration starts from the same snapshot, so the size stays fixed.
func BenchmarkMapSet(b *testing.B) {
	base, ids := benchMap()
	rng := rand.New(rand.NewPCG(13, 14))
	value := mval{v: []byte("new reply")}.full()
	b.Run("insert", func(b *testing.B) {
		fresh := make([][]byte, 1<<12)
		for i := range fresh {
			fresh[i] = randomID(rng)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			base.SetFull(fresh[i%len(fresh)], value)
			i++
		}
	})
	b.Run("replace", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			base.SetFull(ids[i%len(ids)], value)
			i++
		}
	})
	b.Run("delete", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			base.Delete(ids[i%len(ids)])
			i++
		}
	})
}

// BenchmarkMapWitness builds the witness of one request's status and of
// an absent request id in a 300,000-entry map.
func BenchmarkMapWitness(b *testing.B) {
	m, ids := benchMap()
	present := [][]byte{ids[4242], []byte("status")}
	absent := [][]byte{randomID(rand.New(rand.NewPCG(15, 16))), []byte("status")}
	b.ReportAllocs()
	for b.Loop() {
		m.Witness(present, absent)
	}
}

// BenchmarkMapDigest reads the cached digest of a 300,000-entry map.
func BenchmarkMapDigest(b *testing.B) {
	m, _ := benchMap()
	b.ReportAllocs()
	var h Hash
	for b.Loop() {
		h = m.Digest()
	}
	_ = h
}

// BenchmarkMapRebuild is the cost a Map avoids: building the same
// 300,000-entry level with a Builder, as a full rebuild per round would.
func BenchmarkMapRebuild(b *testing.B) {
	_, ids := benchMap()
	b.ReportAllocs()
	for b.Loop() {
		var bd Builder
		for _, id := range ids {
			bd.Insert([][]byte{id, []byte("reply")}, id)
			bd.Insert([][]byte{id, []byte("status")}, []byte("replied"))
		}
		bd.Build()
	}
}
