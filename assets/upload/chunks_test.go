package upload

import (
	"slices"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

func contentOp(key string, n int) Operation {
	return Operation{
		BatchOperation: wire.BatchOperation{SetAssetContent: &wire.SetAssetContentArguments{Key: key, ContentEncoding: "identity"}},
		Content:        make([]byte, n),
	}
}

func TestCut(t *testing.T) {
	ops := []Operation{
		contentOp("/big", 2*MaxChunkSize+5),
		{BatchOperation: wire.BatchOperation{DeleteAsset: &wire.DeleteAssetArguments{Key: "/x"}}},
		contentOp("/empty", 0),
		contentOp("/exact", MaxChunkSize),
	}
	pieces, counts := cut(ops, MaxChunkSize), chunkCounts(ops, MaxChunkSize)
	if !slices.Equal(counts, []int{3, 0, 1, 1}) {
		t.Fatalf("counts %v, want [3 0 1 1]", counts)
	}
	type got struct{ op, seq, n int }
	var gs []got
	for _, p := range pieces {
		gs = append(gs, got{p.op, p.seq, len(p.data)})
	}
	want := []got{{0, 0, MaxChunkSize}, {0, 1, MaxChunkSize}, {0, 2, 5}, {2, 0, 0}, {3, 0, MaxChunkSize}}
	if !slices.Equal(gs, want) {
		t.Errorf("pieces %v, want %v", gs, want)
	}
}

func sizes(call []piece) []int {
	var out []int
	for _, p := range call {
		out = append(out, len(p.data))
	}
	return out
}

func TestPack(t *testing.T) {
	mk := func(ns ...int) []piece {
		var ps []piece
		for i, n := range ns {
			ps = append(ps, piece{op: i, data: make([]byte, n)})
		}
		return ps
	}
	for _, tc := range []struct {
		name      string
		pieces    []piece
		size, max int
		want      [][]int
	}{
		{"first fit decreasing", mk(4, 6, 4, 6, 4, 6), 10, 100, [][]int{{6, 4}, {6, 4}, {6, 4}}},
		{"small ones fill gaps", mk(1, 9, 2, 8, 5), 10, 100, [][]int{{9, 1}, {8, 2}, {5}}},
		{"full pieces alone", mk(10, 10, 0), 10, 100, [][]int{{10, 0}, {10}}},
		{"piece count bound", mk(1, 1, 1, 1, 1), 100, 2, [][]int{{1, 1}, {1, 1}, {1}}},
		{"none", nil, 10, 10, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := pack(tc.pieces, tc.size, tc.max)
			var got [][]int
			seen := map[int]int{}
			for _, c := range calls {
				got = append(got, sizes(c))
				total := 0
				for _, p := range c {
					seen[p.op]++
					total += len(p.data)
				}
				if total > tc.size || len(c) > tc.max {
					t.Errorf("call of %d bytes in %d pieces, limits %d, %d", total, len(c), tc.size, tc.max)
				}
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("calls %v, want %v", got, tc.want)
			}
			for i := range tc.pieces {
				if seen[i] != 1 {
					t.Errorf("piece %d packed %d times", i, seen[i])
				}
			}
		})
	}
}
