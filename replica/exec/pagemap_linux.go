package exec

import (
	"bytes"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Bits of a /proc/self/pagemap entry (Documentation/admin-guide/mm/pagemap.rst).
const (
	pmPresent = 1 << 63
	pmFile    = 1 << 61
)

var pagemap struct {
	once sync.Once
	fd   int
}

func pagemapFD() int {
	pagemap.once.Do(func() {
		fd, err := unix.Open("/proc/self/pagemap", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			fd = -1
		}
		pagemap.fd = fd
	})
	return pagemap.fd
}

// dirtyPages reports, for each page of the first size bytes (a multiple of
// the page size), whether this view holds a private copy of it. In a
// private file mapping a written page is anonymous memory while a page
// only read is the file's own page, which pagemap tells apart. Without
// pagemap the view is compared with the region page by page.
func (v *view) dirtyPages(size int) ([]bool, error) {
	n := size / pageSize
	fd := pagemapFD()
	if fd < 0 {
		return v.comparePages(n)
	}
	if cap(v.scratch) < n {
		v.scratch = make([]uint64, n)
	}
	entries := v.scratch[:n]
	buf := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(entries))), n*8)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(v.mem)))
	off := int64(base/uintptr(pageSize)) * 8
	for got := 0; got < len(buf); {
		k, err := unix.Pread(fd, buf[got:], off+int64(got))
		if err != nil || k == 0 {
			return v.comparePages(n)
		}
		got += k
	}
	dirty := make([]bool, n)
	for i, e := range entries {
		dirty[i] = e&pmPresent != 0 && e&pmFile == 0
	}
	return dirty, nil
}

func (v *view) comparePages(n int) ([]bool, error) {
	dirty := make([]bool, n)
	page := make([]byte, pageSize)
	for i := range dirty {
		off := i * pageSize
		if err := v.reg.readAt(page, off); err != nil {
			return nil, err
		}
		dirty[i] = !bytes.Equal(page, v.mem[off:off+pageSize])
	}
	return dirty, nil
}
