//go:build wasip1

package main

import "unsafe"

// The System API imports this canister uses (interface spec, "Overview of
// imports"), in their wasm32 forms: I is i32, pointers are i32 offsets.

//go:wasmimport ic0 msg_arg_data_size
func msgArgDataSize() uint32

//go:wasmimport ic0 msg_arg_data_copy
func msgArgDataCopy(dst unsafe.Pointer, offset, size uint32)

//go:wasmimport ic0 msg_caller_size
func msgCallerSize() uint32

//go:wasmimport ic0 msg_caller_copy
func msgCallerCopy(dst unsafe.Pointer, offset, size uint32)

//go:wasmimport ic0 msg_method_name_size
func msgMethodNameSize() uint32

//go:wasmimport ic0 msg_method_name_copy
func msgMethodNameCopy(dst unsafe.Pointer, offset, size uint32)

//go:wasmimport ic0 msg_reply_data_append
func msgReplyDataAppend(src unsafe.Pointer, size uint32)

//go:wasmimport ic0 msg_reply
func msgReply()

//go:wasmimport ic0 msg_reject
func msgReject(src unsafe.Pointer, size uint32)

//go:wasmimport ic0 accept_message
func acceptMessage()

//go:wasmimport ic0 trap
func trap(src unsafe.Pointer, size uint32)

//go:wasmimport ic0 time
func icTime() uint64

//go:wasmimport ic0 canister_self_size
func canisterSelfSize() uint32

//go:wasmimport ic0 canister_self_copy
func canisterSelfCopy(dst unsafe.Pointer, offset, size uint32)

//go:wasmimport ic0 is_controller
func isController(src unsafe.Pointer, size uint32) uint32

//go:wasmimport ic0 certified_data_set
func certifiedDataSet(src unsafe.Pointer, size uint32)

//go:wasmimport ic0 data_certificate_present
func dataCertificatePresent() uint32

//go:wasmimport ic0 data_certificate_size
func dataCertificateSize() uint32

//go:wasmimport ic0 data_certificate_copy
func dataCertificateCopy(dst unsafe.Pointer, offset, size uint32)

//go:wasmimport ic0 stable64_size
func stable64Size() uint64

//go:wasmimport ic0 stable64_grow
func stable64Grow(pages uint64) int64

// The stable64 functions take 64-bit addresses even in wasm32; see addr.

//go:wasmimport ic0 stable64_write
func stable64Write(offset, src, size uint64)

//go:wasmimport ic0 stable64_read
func stable64Read(dst, offset, size uint64)

// ptr is the address of b's first byte, or nil for an empty slice (the
// size passed with it is then 0 and the System API reads nothing).
func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// addr is ptr as the i64 address the stable64 functions take.
func addr(b []byte) uint64 { return uint64(uintptr(ptr(b))) }

// copied reads size bytes with one of the *_copy functions.
func copied(size uint32, copyFn func(unsafe.Pointer, uint32, uint32)) []byte {
	b := make([]byte, size)
	if size > 0 {
		copyFn(ptr(b), 0, size)
	}
	return b
}

func argData() []byte { return copied(msgArgDataSize(), msgArgDataCopy) }
func caller() []byte  { return copied(msgCallerSize(), msgCallerCopy) }

func reply(b []byte) {
	if len(b) > 0 {
		msgReplyDataAppend(ptr(b), uint32(len(b)))
	}
	msgReply()
}

func reject(msg string) {
	b := []byte(msg)
	msgReject(ptr(b), uint32(len(b)))
}

func trapf(msg string) {
	b := []byte(msg)
	trap(ptr(b), uint32(len(b)))
}
