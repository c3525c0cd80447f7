package exec

import (
	"bytes"
	"testing"
)

// TestViewCopyOnWrite checks the memory design: writes stay private to a
// view until committed, revert restores the committed bytes, and a commit
// is visible to every other view of the region.
func TestViewCopyOnWrite(t *testing.T) {
	reg, err := newRegion("test", 1<<24)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.close()
	a, err := newView(reg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.unmap()
	b, err := newView(reg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.unmap()

	_ = b.mem[3*pageSize] // a read maps the file page, which is not dirty
	a.mem[0] = 1
	a.mem[5*pageSize+7] = 2
	dirty, err := a.dirtyPages(8 * pageSize)
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{true, false, false, false, false, true, false, false}
	for i := range want {
		if dirty[i] != want[i] {
			t.Fatalf("dirty = %v, want %v", dirty, want)
		}
	}
	if b.mem[0] != 0 {
		t.Fatal("a write leaked into another view before commit")
	}
	if err := a.revert(8 * pageSize); err != nil {
		t.Fatal(err)
	}
	if a.mem[0] != 0 || a.mem[5*pageSize+7] != 0 {
		t.Fatal("revert did not restore committed bytes")
	}
	a.mem[pageSize] = 9
	if n, err := a.commit(8 * pageSize); err != nil || n != 1 {
		t.Fatalf("commit wrote %d pages, %v", n, err)
	}
	if b.mem[pageSize] != 9 || a.mem[pageSize] != 9 {
		t.Fatal("commit not visible")
	}
	a.mem[2*pageSize] = 7
	if n, err := a.restore(8 * pageSize); err != nil || n != 2 {
		t.Fatalf("restore copied %d pages, %v", n, err)
	}
	if a.mem[2*pageSize] != 0 || a.mem[pageSize] != 9 {
		t.Fatal("restore did not copy the committed bytes back")
	}
	if err := a.revert(8 * pageSize); err != nil {
		t.Fatal(err)
	}
	dirty, _ = a.dirtyPages(8 * pageSize)
	if !bytes.Equal(boolBytes(dirty), make([]byte, 8)) {
		t.Fatalf("pages still private after revert: %v", dirty)
	}
}

func boolBytes(b []bool) []byte {
	out := make([]byte, len(b))
	for i, v := range b {
		if v {
			out[i] = 1
		}
	}
	return out
}
