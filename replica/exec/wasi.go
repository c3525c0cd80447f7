package exec

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/tetratelabs/wazero/api"
)

// WASI errno values used below (wasi_snapshot_preview1, "errno").
const (
	wasiSuccess = 0
	wasiBadf    = 8
	wasiInval   = 28
)

// wasiFiletypeCharacterDevice is the filetype of the standard streams.
const wasiFiletypeCharacterDevice = 2

// stdio reports whether fd is one of the standard streams, the only file
// descriptors a canister has.
func stdio(fd uint64) bool { return uint32(fd) <= 2 }

func wasi(name string, params, results []api.ValueType, fn func(*call, []uint64)) hostFunc {
	return hostFunc{module: "wasi_snapshot_preview1", name: name, params: params, results: results, allowed: ctxAny, fn: fn}
}

// wasiFuncs answer the WASI imports of Go (wasip1) canisters
// deterministically: no arguments or environment, block time for every
// clock, randomness from the message's seed, stdout and stderr to the
// canister log, and exit as a trap. The only file descriptors are the
// standard streams (character devices; stdin is empty); there are no
// preopened directories, so the Go runtime finds no file system.
var wasiFuncs = []hostFunc{
	wasi("args_sizes_get", types(i32, i32), types(i32), wasiZeroSizes("args_sizes_get")),
	wasi("environ_sizes_get", types(i32, i32), types(i32), wasiZeroSizes("environ_sizes_get")),
	wasi("args_get", types(i32, i32), types(i32), func(c *call, s []uint64) { s[0] = wasiSuccess }),
	wasi("environ_get", types(i32, i32), types(i32), func(c *call, s []uint64) { s[0] = wasiSuccess }),
	wasi("sched_yield", nil, types(i32), func(c *call, s []uint64) { s[0] = wasiSuccess }),
	wasi("clock_time_get", types(i32, i64, i32), types(i32), func(c *call, s []uint64) {
		c.write("clock_time_get", u32(s[2]), binary.LittleEndian.AppendUint64(nil, c.msg.Time))
		s[0] = wasiSuccess
	}),
	wasi("random_get", types(i32, i32), types(i32), func(c *call, s []uint64) {
		buf := c.read("random_get", u32(s[0]), u32(s[1]))
		c.random(buf)
		s[0] = wasiSuccess
	}),
	wasi("fd_write", types(i32, i32, i32, i32), types(i32), func(c *call, s []uint64) {
		fd, iovs, n, nwritten := uint32(s[0]), u32(s[1]), u32(s[2]), u32(s[3])
		if fd != 1 && fd != 2 {
			s[0] = wasiBadf
			return
		}
		var out []byte
		vecs := c.read("fd_write", iovs, n*8)
		for i := uint64(0); i < n; i++ {
			ptr := binary.LittleEndian.Uint32(vecs[i*8:])
			size := binary.LittleEndian.Uint32(vecs[i*8+4:])
			out = append(out, c.read("fd_write", uint64(ptr), uint64(size))...)
		}
		c.logs = append(c.logs, Log{Time: c.msg.Time, Message: out})
		c.write("fd_write", nwritten, binary.LittleEndian.AppendUint32(nil, uint32(len(out))))
		s[0] = wasiSuccess
	}),
	wasi("fd_read", types(i32, i32, i32, i32), types(i32), func(c *call, s []uint64) {
		if uint32(s[0]) != 0 {
			s[0] = wasiBadf
			return
		}
		c.write("fd_read", u32(s[3]), make([]byte, 4)) // end of stdin
		s[0] = wasiSuccess
	}),
	wasi("fd_close", types(i32), types(i32), func(c *call, s []uint64) {
		s[0] = wasiErrnoUnlessStdio(s[0])
	}),
	wasi("fd_fdstat_get", types(i32, i32), types(i32), func(c *call, s []uint64) {
		if !stdio(s[0]) {
			s[0] = wasiBadf
			return
		}
		// fdstat: filetype u8, pad, flags u16, pad, rights_base u64,
		// rights_inheriting u64 (24 bytes); rights: fd_read or fd_write.
		st := make([]byte, 24)
		st[0] = wasiFiletypeCharacterDevice
		rights := uint64(1 << 6) // fd_write
		if uint32(s[0]) == 0 {
			rights = 1 << 1 // fd_read
		}
		binary.LittleEndian.PutUint64(st[8:], rights)
		c.write("fd_fdstat_get", u32(s[1]), st)
		s[0] = wasiSuccess
	}),
	wasi("fd_fdstat_set_flags", types(i32, i32), types(i32), func(c *call, s []uint64) {
		s[0] = wasiErrnoUnlessStdio(s[0])
	}),
	// No preopened directories: the runtime's scan for them ends at once.
	wasi("fd_prestat_get", types(i32, i32), types(i32), func(c *call, s []uint64) { s[0] = wasiBadf }),
	wasi("fd_prestat_dir_name", types(i32, i32, i32), types(i32), func(c *call, s []uint64) { s[0] = wasiBadf }),
	wasi("proc_exit", types(i32), nil, func(c *call, s []uint64) {
		c.trapf(CanisterTrapped, "Canister trapped: proc_exit(%d)", uint32(s[0]))
	}),
	wasi("poll_oneoff", types(i32, i32, i32, i32), types(i32), func(c *call, s []uint64) {
		// Every subscription completes at once: clocks have no time to
		// pass within a message.
		in, out, n, nevents := u32(s[0]), u32(s[1]), u32(s[2]), u32(s[3])
		if n == 0 {
			s[0] = wasiInval
			return
		}
		subs := append([]byte(nil), c.read("poll_oneoff", in, n*48)...)
		events := make([]byte, n*32)
		for i := uint64(0); i < n; i++ {
			copy(events[i*32:i*32+8], subs[i*48:i*48+8]) // userdata
			events[i*32+10] = subs[i*48+8]               // event type = subscription tag
		}
		c.write("poll_oneoff", out, events)
		c.write("poll_oneoff", nevents, binary.LittleEndian.AppendUint32(nil, uint32(n)))
		s[0] = wasiSuccess
	}),
}

// wasiErrnoUnlessStdio is success for the standard streams (the call has
// nothing to do) and EBADF for any other descriptor.
func wasiErrnoUnlessStdio(fd uint64) uint64 {
	if stdio(fd) {
		return wasiSuccess
	}
	return wasiBadf
}

func wasiZeroSizes(name string) func(*call, []uint64) {
	return func(c *call, s []uint64) {
		c.write(name, u32(s[0]), make([]byte, 4))
		c.write(name, u32(s[1]), make([]byte, 4))
		s[0] = wasiSuccess
	}
}

// random fills b from SHA-256(seed ‖ block counter), continuing the
// stream across calls within one message.
func (c *call) random(b []byte) {
	for len(b) > 0 {
		if len(c.randBuf) == 0 {
			var in [40]byte
			copy(in[:], c.msg.Seed[:])
			binary.LittleEndian.PutUint64(in[32:], c.randBlock)
			c.randBlock++
			sum := sha256.Sum256(in[:])
			c.randBuf = sum[:]
		}
		n := copy(b, c.randBuf)
		b, c.randBuf = b[n:], c.randBuf[n:]
	}
}
