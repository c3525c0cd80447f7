//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package upload

import (
	"io"

	"golang.org/x/sys/unix"
)

// isTerminal reports whether w is a file descriptor open on a terminal:
// one whose terminal attributes can be read.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), ioctlReadTermios)
	return err == nil
}
