package hashtree

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

type vectorLookup struct {
	PathHex  []string        `json:"path_hex"`
	Result   string          `json:"result"`
	ValueHex *string         `json:"value_hex"`
	Subtree  json.RawMessage `json:"subtree"`
}

type vectorTree struct {
	Name        string          `json:"name"`
	TreeCBORHex string          `json:"tree_cbor_hex"`
	Tree        json.RawMessage `json:"tree"`
	RootHashHex string          `json:"root_hash_hex"`
	PrunedFor   [][]string      `json:"pruned_for_paths_utf8"`
	Lookups     []vectorLookup  `json:"lookups"`
	Subtrees    []vectorLookup  `json:"subtree_lookups"`
	Cases       []struct {
		Tree json.RawMessage `json:"tree"`
		vectorLookup
	} `json:"cases"`
}

// fromJSON converts the vector form ["fork", l, r], ["labeled", hex, t],
// ["leaf", hex], ["pruned", hex], ["empty"] into a Tree.
func fromJSON(t *testing.T, raw json.RawMessage) Tree {
	t.Helper()
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) == 0 {
		t.Fatalf("bad tree %s", raw)
	}
	var kind string
	json.Unmarshal(parts[0], &kind)
	str := func(i int) []byte {
		var s string
		json.Unmarshal(parts[i], &s)
		return vectors.Hex(t, s)
	}
	switch kind {
	case "empty":
		return Empty()
	case "fork":
		return NewFork(fromJSON(t, parts[1]), fromJSON(t, parts[2]))
	case "labeled":
		return NewLabeled(str(1), fromJSON(t, parts[2]))
	case "leaf":
		return NewLeaf(str(1))
	case "pruned":
		return NewPruned(Hash(str(1)))
	}
	t.Fatalf("unknown node %q", kind)
	return Tree{}
}

func resultOf(t *testing.T, s string) Result {
	for _, r := range []Result{Found, Absent, Unknown, Error} {
		if r.String() == s {
			return r
		}
	}
	t.Fatalf("unknown result %q", s)
	return 0
}

func hexPath(t *testing.T, p []string) [][]byte {
	out := make([][]byte, len(p))
	for i, s := range p {
		out[i] = vectors.Hex(t, s)
	}
	return out
}

func checkLookup(t *testing.T, tree Tree, l vectorLookup) {
	t.Helper()
	path := hexPath(t, l.PathHex)
	v, r := tree.Lookup(path...)
	if want := resultOf(t, l.Result); r != want {
		t.Errorf("Lookup(%q) = %v, want %v", path, r, want)
	}
	if l.ValueHex != nil && !bytes.Equal(v, vectors.Hex(t, *l.ValueHex)) {
		t.Errorf("Lookup(%q) value = %x, want %s", path, v, *l.ValueHex)
	}
}

// TestVectors checks every tree of hash_tree.json: CBOR decoding and
// re-encoding, reconstruct, lookup_path and lookup_subtree matrices and the
// edge cases (certification.md § Lookup).
func TestVectors(t *testing.T) {
	var file struct{ Trees []vectorTree }
	vectors.Load(t, "hash_tree.json", &file)
	for _, v := range file.Trees {
		t.Run(v.Name, func(t *testing.T) {
			var tree Tree
			if v.Tree != nil {
				tree = fromJSON(t, v.Tree)
			}
			if v.TreeCBORHex != "" {
				enc := vectors.Hex(t, v.TreeCBORHex)
				parsed, err := Parse(enc)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if !parsed.Equal(tree) {
					t.Errorf("Parse = %v, want %v", parsed, tree)
				}
				if got := Append(nil, tree); !bytes.Equal(got, enc) {
					t.Errorf("Append = %x, want %x", got, enc)
				}
			}
			if v.RootHashHex != "" {
				if d := tree.Digest(); hex.EncodeToString(d[:]) != v.RootHashHex {
					t.Errorf("Digest = %x, want %s", d, v.RootHashHex)
				}
			}
			for _, l := range v.Lookups {
				checkLookup(t, tree, l)
			}
			for _, l := range v.Subtrees {
				path := hexPath(t, l.PathHex)
				sub, r := tree.LookupSubtree(path...)
				if want := resultOf(t, l.Result); r != want {
					t.Errorf("LookupSubtree(%q) = %v, want %v", path, r, want)
				}
				if l.Subtree != nil && !sub.Equal(fromJSON(t, l.Subtree)) {
					t.Errorf("LookupSubtree(%q) = %v", path, sub)
				}
			}
			for _, c := range v.Cases {
				checkLookup(t, fromJSON(t, c.Tree), c.vectorLookup)
			}
		})
	}
}

// TestSpecWitness rebuilds the spec example with a Builder and checks that
// its witness for /a/y, /ax and /d gives the lookups of the spec's pruned
// tree and keeps the root hash.
func TestSpecWitness(t *testing.T) {
	var file struct{ Trees []vectorTree }
	vectors.Load(t, "hash_tree.json", &file)
	var b Builder
	must(t, b.Insert(p("a", "x"), []byte("hello")))
	must(t, b.Insert(p("a", "y"), []byte("world")))
	must(t, b.Insert(p("b"), []byte("good")))
	must(t, b.InsertEmpty(p("c")))
	must(t, b.Insert(p("d"), []byte("morning")))
	full := b.Build()
	w := full.Witness(p("a", "y"), p("ax"), p("d"))
	if w.Digest() != full.Digest() || full.Digest() != full.Tree().Digest() {
		t.Fatalf("digests differ: witness %x, full %x", w.Digest(), full.Digest())
	}
	for _, v := range file.Trees {
		if v.Name != "spec_example_pruned_tree" {
			continue
		}
		for _, l := range v.Lookups {
			checkLookup(t, w, l)
		}
	}
}

func p(labels ...string) [][]byte {
	out := make([][]byte, len(labels))
	for i, l := range labels {
		out[i] = []byte(l)
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
