//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package upload

import "golang.org/x/sys/unix"

const ioctlReadTermios = unix.TIOCGETA
