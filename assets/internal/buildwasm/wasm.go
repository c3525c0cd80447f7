package main

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The WebAssembly binary format (core spec §5): a header, then sections of
// (id byte, u32 LEB128 size, contents). Only the export section (id 7) and
// custom sections (id 0) are read or written here.
const (
	sectionCustom = 0
	sectionExport = 7
)

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

type section struct {
	id   byte
	body []byte
}

func sections(b []byte) ([]section, error) {
	if len(b) < 8 || string(b[:8]) != string(wasmHeader) {
		return nil, errors.New("not a wasm module (version 1)")
	}
	var out []section
	for rest := b[8:]; len(rest) > 0; {
		id := rest[0]
		size, n := binary.Uvarint(rest[1:])
		if n <= 0 || size > uint64(len(rest)-1-n) {
			return nil, fmt.Errorf("section %d: bad size", id)
		}
		body := rest[1+n : 1+n+int(size)]
		out = append(out, section{id, body})
		rest = rest[1+n+int(size):]
	}
	return out, nil
}

func encode(ss []section) []byte {
	out := append([]byte(nil), wasmHeader...)
	for _, s := range ss {
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(s.body)))
		out = append(out, s.body...)
	}
	return out
}

// renameExports rewrites the export section with rename applied to each
// name.
func renameExports(b []byte, rename func(string) string) ([]byte, error) {
	ss, err := sections(b)
	if err != nil {
		return nil, err
	}
	found := false
	for i, s := range ss {
		if s.id != sectionExport {
			continue
		}
		found = true
		body := s.body
		count, n := binary.Uvarint(body)
		if n <= 0 {
			return nil, errors.New("export section: bad count")
		}
		body = body[n:]
		out := binary.AppendUvarint(nil, count)
		for range count {
			nameLen, n := binary.Uvarint(body)
			if n <= 0 || nameLen > uint64(len(body)-n) {
				return nil, errors.New("export section: bad name")
			}
			name := rename(string(body[n : n+int(nameLen)]))
			body = body[n+int(nameLen):]
			if len(body) < 1 {
				return nil, errors.New("export section: truncated")
			}
			_, m := binary.Uvarint(body[1:]) // kind byte, then index
			if m <= 0 {
				return nil, errors.New("export section: bad index")
			}
			out = binary.AppendUvarint(out, uint64(len(name)))
			out = append(out, name...)
			out = append(out, body[:1+m]...)
			body = body[1+m:]
		}
		if len(body) != 0 {
			return nil, errors.New("export section: trailing bytes")
		}
		ss[i].body = out
	}
	if !found {
		return nil, errors.New("no export section")
	}
	return encode(ss), nil
}

// appendCustom appends a custom section.
func appendCustom(b []byte, name string, data []byte) []byte {
	body := binary.AppendUvarint(nil, uint64(len(name)))
	body = append(body, name...)
	body = append(body, data...)
	b = append(b, sectionCustom)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

// buildOf returns the threshold:build metadata of a module, if any.
func buildOf(b []byte) (string, bool) {
	ss, err := sections(b)
	if err != nil {
		return "", false
	}
	for _, s := range ss {
		if s.id != sectionCustom {
			continue
		}
		n, k := binary.Uvarint(s.body)
		if k <= 0 || n > uint64(len(s.body)-k) {
			continue
		}
		if string(s.body[k:k+int(n)]) == "icp:public threshold:build" {
			return string(s.body[k+int(n):]), true
		}
	}
	return "", false
}
