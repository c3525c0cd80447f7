package hashtree

import (
	"errors"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

const specTreeHex = "8301830183024161830183018302417882034568656c6c6f810083024179820345776f726c6483024162820344676f6f648301830241638100830241648203476d6f726e696e67"

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, hex string }{
		{"empty input", ""},
		{"not an array", "00"},
		{"empty array", "80"},
		{"unknown kind", "8105"},
		{"kind not a uint", "8120"},
		{"empty with extra element", "820000"},
		{"fork with one child", "82018100"},
		{"labeled label not bytes", "8302618181 00"},
		{"labeled text label", "830261618100"},
		{"leaf without value", "8103"},
		{"leaf text value", "82036161"},
		{"pruned short hash", "820441aa"},
		{"pruned long hash", "8204" + "5821" + strings.Repeat("00", 33)},
		{"indefinite array", "9f00ff"},
		{"trailing bytes", "810000"},
		{"truncated fork", "830181008100"[:8]},
		{"huge length", "8203" + "5bffffffffffffffff"},
		{"tag inside", "8301d9d9f781008100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(vectors.Hex(t, strings.ReplaceAll(tt.hex, " ", "")))
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestParseSelfDescribe(t *testing.T) {
	tr, err := Parse(vectors.Hex(t, "d9d9f7"+specTreeHex))
	if err != nil {
		t.Fatal(err)
	}
	if v, r := tr.Lookup([]byte("b")); r != Found || string(v) != "good" {
		t.Fatalf("Lookup(b) = %v %q", r, v)
	}
}

// TestParseTruncations: every proper prefix of a valid tree is rejected.
func TestParseTruncations(t *testing.T) {
	b := vectors.Hex(t, specTreeHex)
	for i := range len(b) {
		if _, err := Parse(b[:i]); err == nil {
			t.Errorf("prefix of %d bytes accepted", i)
		}
	}
}

func TestParseDepthLimit(t *testing.T) {
	var b []byte
	for range MaxDepth + 1 {
		b = append(b, 0x83, 0x02, 0x40)
	}
	b = append(b, 0x81, 0x00)
	if _, err := Parse(b); !errors.Is(err, ErrMalformed) {
		t.Fatalf("depth %d: %v, want ErrMalformed", MaxDepth+1, err)
	}
	if _, err := Parse(b[3:]); err != nil {
		t.Fatalf("depth %d: %v", MaxDepth, err)
	}
}

func TestWellFormed(t *testing.T) {
	l := func(s string, t Tree) Tree { return NewLabeled([]byte(s), t) }
	leaf := NewLeaf([]byte("v"))
	tests := []struct {
		name string
		tree Tree
		ok   bool
	}{
		{"sorted", NewFork(l("a", leaf), l("b", leaf)), true},
		{"pruned between", NewFork(l("a", leaf), NewFork(NewPruned(Hash{}), l("b", leaf))), true},
		{"unsorted", NewFork(l("b", leaf), l("a", leaf)), false},
		{"duplicate", NewFork(l("a", leaf), l("a", leaf)), false},
		{"leaf and label", NewFork(leaf, l("a", leaf)), false},
		{"two leaves", NewFork(leaf, leaf), false},
		{"nested unsorted", l("x", NewFork(l("b", leaf), l("a", leaf))), false},
		{"leaf and pruned", NewFork(leaf, NewPruned(Hash{})), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.tree.WellFormed()
			if (err == nil) != tt.ok {
				t.Fatalf("WellFormed() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
