package exec

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// pageSize is the granularity of copy-on-write and of dirty tracking.
var pageSize = os.Getpagesize()

// region is one committed memory of a canister (its wasm memory or its
// stable memory): an anonymous memory file (memfd) of reserve bytes, sparse
// beyond what was ever written. Instances never write to it; they map it
// privately (see view) and a commit copies their dirty pages into it.
type region struct {
	fd      int
	reserve int
}

func newRegion(name string, reserve int) (*region, error) {
	fd, err := unix.MemfdCreate("threshold-"+name, unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("exec: memfd_create: %w", err)
	}
	if err := unix.Ftruncate(fd, int64(reserve)); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("exec: ftruncate memfd: %w", err)
	}
	return &region{fd: fd, reserve: reserve}, nil
}

// close releases the file; mappings of it stay valid until unmapped.
func (r *region) close() {
	if r != nil && r.fd >= 0 {
		unix.Close(r.fd)
		r.fd = -1
	}
}

// readAt fills p from offset off.
func (r *region) readAt(p []byte, off int) error {
	for len(p) > 0 {
		n, err := unix.Pread(r.fd, p, int64(off))
		if err != nil {
			return fmt.Errorf("exec: pread memfd: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("exec: pread memfd: short read at %d", off)
		}
		p, off = p[n:], off+n
	}
	return nil
}

// writeAt writes p at offset off.
func (r *region) writeAt(p []byte, off int) error {
	for len(p) > 0 {
		n, err := unix.Pwrite(r.fd, p, int64(off))
		if err != nil {
			return fmt.Errorf("exec: pwrite memfd: %w", err)
		}
		p, off = p[n:], off+n
	}
	return nil
}

// writeSparse writes p at offset 0, skipping all-zero pages so that the
// file stays sparse (the region is zero there already if fresh).
func (r *region) writeSparse(p []byte) error {
	for off := 0; off < len(p); off += pageSize {
		end := min(off+pageSize, len(p))
		if isZero(p[off:end]) {
			continue
		}
		if err := r.writeAt(p[off:end], off); err != nil {
			return err
		}
	}
	return nil
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
