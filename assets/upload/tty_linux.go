package upload

import "golang.org/x/sys/unix"

const ioctlReadTermios = unix.TCGETS
