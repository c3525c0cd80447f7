package exec

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// view is one instance's private mapping of a region. Reads see the
// committed bytes; the first write to a page copies it (copy-on-write), so
// the region itself never changes under an instance. Dropping the copied
// pages (revert) makes the view equal to the region again, in time
// proportional to the pages written.
type view struct {
	reg     *region
	mem     []byte // the whole reservation
	scratch []uint64
}

func newView(reg *region) (*view, error) {
	mem, err := unix.Mmap(reg.fd, 0, reg.reserve, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_NORESERVE)
	if err != nil {
		return nil, fmt.Errorf("exec: mmap %d bytes: %w", reg.reserve, err)
	}
	return &view{reg: reg, mem: mem}, nil
}

func (v *view) unmap() {
	if v != nil && v.mem != nil {
		unix.Munmap(v.mem)
		v.mem = nil
	}
}

// runs calls fn for each maximal run [off, off+n) of pages written since
// the view was last reverted or committed, within the first size bytes.
func (v *view) runs(size int, fn func(off, n int) error) error {
	size = min(roundUp(size), len(v.mem))
	pages, err := v.dirtyPages(size)
	if err != nil {
		return err
	}
	start := -1
	for i, d := range pages {
		switch {
		case d && start < 0:
			start = i
		case !d && start >= 0:
			if err := fn(start*pageSize, (i-start)*pageSize); err != nil {
				return err
			}
			start = -1
		}
	}
	if start >= 0 {
		return fn(start*pageSize, (len(pages)-start)*pageSize)
	}
	return nil
}

// revert drops every private page within the first size bytes, so the
// view shows the committed region again. Dropping pages costs a TLB
// shootdown on every CPU the process ran on, so it is kept for when the
// region changed under the view (see restore).
func (v *view) revert(size int) error {
	// One madvise over the span of private pages: each call interrupts
	// every CPU, while dropping a clean page between them costs only a
	// later minor fault.
	lo, hi := -1, 0
	err := v.runs(size, func(off, n int) error {
		if lo < 0 {
			lo = off
		}
		hi = off + n
		return nil
	})
	if err != nil || lo < 0 {
		return err
	}
	return v.drop(lo, hi-lo)
}

// restore copies the committed bytes back over every private page within
// the first size bytes and returns how many pages it copied. The pages
// stay private (the view keeps its copies, now equal to the region), so
// restore is right only while the region does not change; it avoids the
// TLB shootdown of revert and is what a query pays.
func (v *view) restore(size int) (int, error) {
	pages := 0
	err := v.runs(size, func(off, n int) error {
		pages += n / pageSize
		return v.reg.readAt(v.mem[off:off+n], off)
	})
	return pages, err
}

// commit writes the private pages within the first size bytes into the
// region; the private copies then equal it. It returns how many pages it
// wrote. The caller must hold the canister's commit lock: other views of
// the region see the new bytes at once in pages they have not copied, and
// must revert the pages they have copied (instance.sync).
func (v *view) commit(size int) (int, error) {
	pages := 0
	err := v.runs(size, func(off, n int) error {
		pages += n / pageSize
		return v.reg.writeAt(v.mem[off:off+n], off)
	})
	return pages, err
}

func (v *view) drop(off, n int) error {
	if err := unix.Madvise(v.mem[off:off+n], unix.MADV_DONTNEED); err != nil {
		return fmt.Errorf("exec: madvise: %w", err)
	}
	return nil
}

// dropAll drops every private page within the first size bytes without
// looking for them first.
func (v *view) dropAll(size int) error {
	size = min(roundUp(size), len(v.mem))
	if size == 0 {
		return nil
	}
	return v.drop(0, size)
}

func roundUp(n int) int { return (n + pageSize - 1) / pageSize * pageSize }
