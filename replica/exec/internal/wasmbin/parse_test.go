package wasmbin

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func canisterModules(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	paths, _ := filepath.Glob("../../../testdata/canisters/*.wasm")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	if len(out) == 0 {
		t.Fatal("no test canisters")
	}
	return out
}

// TestParseMotoko reads the structure of real Motoko modules (PROTOCOL.md
// §6.1a: 31 globals, a start function, icp: metadata).
func TestParseMotoko(t *testing.T) {
	for name, b := range canisterModules(t) {
		t.Run(name, func(t *testing.T) {
			m, err := Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Memories) != 1 || m.Start == nil || len(m.Globals) == 0 {
				t.Fatalf("memories %d start %v globals %d", len(m.Memories), m.Start, len(m.Globals))
			}
			for _, im := range m.Imports {
				if im.Module != "ic0" {
					t.Fatalf("import from %q", im.Module)
				}
			}
			found := false
			for _, c := range m.Customs {
				found = found || c.Name == "icp:private candid:service"
			}
			if !found {
				t.Fatal("no candid:service metadata")
			}
		})
	}
}

// TestInstrument: the rewrite exports every mutable global, the start
// function and the budget global, drops the start section and keeps the
// module parseable.
func TestInstrument(t *testing.T) {
	for name, b := range canisterModules(t) {
		t.Run(name, func(t *testing.T) {
			m, _ := Parse(b)
			ins, err := Instrument(b, m)
			if err != nil {
				t.Fatal(err)
			}
			m2, err := Parse(ins.Wasm)
			if err != nil {
				t.Fatal(err)
			}
			mutable := 0
			for _, g := range m.Globals {
				if g.Mutable {
					mutable++
				}
			}
			if len(ins.Globals) != mutable || m2.Start != nil || ins.Start == "" {
				t.Fatalf("globals %d/%d start %v %q", len(ins.Globals), mutable, m2.Start, ins.Start)
			}
			if len(m2.Exports) != len(m.Exports)+mutable+2 {
				t.Fatalf("exports %d, want %d", len(m2.Exports), len(m.Exports)+mutable+2)
			}
			if len(m2.Globals) != len(m.Globals)+1 || m2.Globals[len(m.Globals)] != (Global{Type: I64, Mutable: true}) {
				t.Fatalf("globals %v, want the budget global added", m2.Globals)
			}
		})
	}
}

// TestParseTruncated: every truncation of a real module is an error, not
// a panic (except those ending at a section boundary, which are valid).
func TestParseTruncated(t *testing.T) {
	b := canisterModules(t)["counter.wasm"]
	m, _ := Parse(b)
	boundary := map[int]bool{8: true}
	for _, s := range m.Sections {
		boundary[s.End] = true
	}
	for n := 0; n < len(b); n += 1 + n/50 {
		_, err := Parse(b[:n])
		if err == nil && !boundary[n] {
			t.Fatalf("truncation at %d parsed", n)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncation at %d: %v does not wrap ErrMalformed", n, err)
		}
	}
}

func FuzzParseModule(f *testing.F) {
	for _, b := range canisterModules(f) {
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte{0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 4, 1})
	f.Add([]byte{0, 'a', 's', 'm', 1, 0, 0, 0, 6, 6, 1, 0x7f, 1, 0x41, 0, 0x0b})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		ins, err := Instrument(b, m)
		if err != nil {
			return
		}
		if _, err := Parse(ins.Wasm); err != nil {
			t.Fatalf("instrumented module does not parse: %v", err)
		}
	})
}
