//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package upload

import "io"

// isTerminal is false where we cannot tell: progress is then one line per
// phase.
func isTerminal(io.Writer) bool { return false }
