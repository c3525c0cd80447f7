package candid

import (
	"encoding/binary"
	"unicode/utf8"
)

// Encode encodes values as a message of the given argument types. Each
// value is first coerced to its type (see Coerce), so values parsed from
// text with untyped numbers encode directly; missing trailing values of
// null, opt or reserved type are encoded as null.
//
// The type table lists each composite type once: structurally equal types
// share an entry, and recursive types (cycles through Named definitions or
// through a decoded message's table) become table cycles.
func Encode(types []*Type, values []Value) ([]byte, error) {
	vals, err := coerceArgs(values, types)
	if err != nil {
		return nil, err
	}
	tb := newTableBuilder()
	refs := make([]int64, len(types))
	for _, t := range types {
		tb.findHeads(t)
	}
	for i, t := range types {
		if refs[i], err = tb.ref(t); err != nil {
			return nil, err
		}
	}
	b := append([]byte(nil), magic...)
	b = appendUleb(b, uint64(len(tb.entries)))
	for _, e := range tb.entries {
		b = append(b, e...)
	}
	b = appendUleb(b, uint64(len(refs)))
	for _, r := range refs {
		b = appendSleb(b, r)
	}
	for i, t := range types {
		if b, err = appendValue(b, t, vals[i], 0); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendValue writes M(v : t). v has been coerced to t.
func appendValue(b []byte, t *Type, v Value, depth int) ([]byte, error) {
	t = t.res()
	if depth > maxDepth {
		return nil, limitf("value nested deeper than %d", maxDepth)
	}
	mismatch := func() ([]byte, error) { return nil, typef("cannot encode %s value as %s", v.kind, short(t)) }
	if t.kind == KindReserved {
		return b, nil
	}
	if v.kind != t.kind {
		return mismatch()
	}
	switch t.kind {
	case KindNull:
		return b, nil
	case KindBool:
		return append(b, byte(v.n&1)), nil
	case KindNat:
		if v.big == nil || v.big.Sign() < 0 {
			return nil, typef("nat value is negative")
		}
		return appendBigUleb(b, v.big), nil
	case KindInt:
		if v.big == nil {
			return mismatch()
		}
		return appendBigSleb(b, v.big), nil
	case KindNat8, KindNat16, KindNat32, KindNat64, KindInt8, KindInt16, KindInt32, KindInt64,
		KindFloat32, KindFloat64:
		if !fitsFixed(t.kind, v.n) {
			return nil, typef("value %d does not fit %s", v.n, t.kind)
		}
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], v.n)
		return append(b, buf[:t.kind.fixedSize()]...), nil
	case KindText:
		if !utf8.ValidString(v.s) {
			return nil, typef("text is not valid UTF-8")
		}
		b = appendUleb(b, uint64(len(v.s)))
		return append(b, v.s...), nil
	case KindPrincipal, KindService:
		return appendRef(b, v.b), nil
	case KindFunc:
		if !utf8.ValidString(v.s) {
			return nil, typef("method name is not valid UTF-8")
		}
		b = appendRef(append(b, 1), v.b)
		b = appendUleb(b, uint64(len(v.s)))
		return append(b, v.s...), nil
	case KindOpt:
		if len(v.elems) == 0 {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), t.elem, v.elems[0], depth+1)
	case KindVec:
		if v.isBlob() {
			b = appendUleb(b, uint64(len(v.b)))
			return append(b, v.b...), nil
		}
		b = appendUleb(b, uint64(len(v.elems)))
		var err error
		for _, e := range v.elems {
			if b, err = appendValue(b, t.elem, e, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case KindRecord:
		if len(v.fields) != len(t.fields) {
			return mismatch()
		}
		var err error
		for i, f := range t.fields {
			if v.fields[i].ID != f.ID {
				return mismatch()
			}
			if b, err = appendValue(b, f.Type, v.fields[i].Value, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	case KindVariant:
		if len(v.fields) != 1 {
			return mismatch()
		}
		i := t.field(v.fields[0].ID)
		if i < 0 {
			return mismatch()
		}
		return appendValue(appendUleb(b, uint64(i)), t.fields[i].Type, v.fields[0].Value, depth+1)
	}
	return mismatch()
}

func appendRef(b, id []byte) []byte {
	b = append(b, 1)
	b = appendUleb(b, uint64(len(id)))
	return append(b, id...)
}

// fitsFixed reports whether the stored bits n are a valid value of kind k:
// natN zero-extended, intN sign-extended to 64 bits.
func fitsFixed(k Kind, n uint64) bool {
	switch k {
	case KindNat8:
		return n <= 0xff
	case KindNat16:
		return n <= 0xffff
	case KindNat32, KindFloat32:
		return n <= 0xffffffff
	case KindInt8:
		return int64(n) == int64(int8(n))
	case KindInt16:
		return int64(n) == int64(int16(n))
	case KindInt32:
		return int64(n) == int64(int32(n))
	}
	return true
}
