package cbor

// AppendHead appends an item header of the given major type and argument in
// its shortest form.
func AppendHead(b []byte, major int, arg uint64) []byte {
	m := byte(major << 5)
	switch {
	case arg < 24:
		return append(b, m|byte(arg))
	case arg <= 0xff:
		return append(b, m|24, byte(arg))
	case arg <= 0xffff:
		return append(b, m|25, byte(arg>>8), byte(arg))
	case arg <= 0xffffffff:
		return append(b, m|26, byte(arg>>24), byte(arg>>16), byte(arg>>8), byte(arg))
	default:
		return append(b, m|27, byte(arg>>56), byte(arg>>48), byte(arg>>40), byte(arg>>32),
			byte(arg>>24), byte(arg>>16), byte(arg>>8), byte(arg))
	}
}

// AppendUint appends an unsigned integer.
func AppendUint(b []byte, v uint64) []byte { return AppendHead(b, MajorUint, v) }

// AppendBytes appends a byte string.
func AppendBytes(b, v []byte) []byte { return append(AppendHead(b, MajorBytes, uint64(len(v))), v...) }

// AppendText appends a text string. The caller guarantees valid UTF-8.
func AppendText(b []byte, s string) []byte {
	return append(AppendHead(b, MajorText, uint64(len(s))), s...)
}

// AppendArray appends the header of an array of n items.
func AppendArray(b []byte, n int) []byte { return AppendHead(b, MajorArray, uint64(n)) }

// AppendMap appends the header of a map of n pairs.
func AppendMap(b []byte, n int) []byte { return AppendHead(b, MajorMap, uint64(n)) }

// AppendTag appends a tag number.
func AppendTag(b []byte, tag uint64) []byte { return AppendHead(b, MajorTag, tag) }

// AppendSelfDescribe appends the self-describing tag 55799 (d9 d9 f7).
func AppendSelfDescribe(b []byte) []byte { return append(b, 0xd9, 0xd9, 0xf7) }

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xf5)
	}
	return append(b, 0xf4)
}

// AppendNull appends null.
func AppendNull(b []byte) []byte { return append(b, 0xf6) }
