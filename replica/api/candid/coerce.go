package candid

import (
	"math"
	"math/big"
	"strconv"
)

// Coerce gives v the type t, with the coercion rules of the specification
// applied to values: untyped numbers take the numeric type, nat widens to
// int, record fields the type lacks are dropped and null-typed fields it has
// are added, a value that fits the content of an opt type is wrapped and one
// that does not becomes null, vec nat8 becomes a blob.
func Coerce(v Value, t *Type) (Value, error) {
	c, _, err := coerce(v, t, 0)
	return c, err
}

// coerceArgs coerces an argument sequence like a tuple: missing trailing
// arguments of null-like type read as null. Extra values are an error.
func coerceArgs(vs []Value, ts []*Type) ([]Value, error) {
	if len(vs) > len(ts) {
		return nil, typef("%d values for %d types", len(vs), len(ts))
	}
	out := make([]Value, len(ts))
	for i, t := range ts {
		if i >= len(vs) {
			v, ok := missing(t)
			if !ok {
				return nil, typef("argument %d of type %s is missing", i, short(t))
			}
			out[i] = v
			continue
		}
		c, _, err := coerce(vs[i], t, 0)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// coerce returns v at type t and whether it differs from v, so that values
// that already have the type are returned without copying.
func coerce(v Value, t *Type, depth int) (Value, bool, error) {
	t = t.res()
	if depth > maxDepth {
		return Value{}, false, limitf("value nested deeper than %d", maxDepth)
	}
	fail := func() (Value, bool, error) {
		return Value{}, false, typef("cannot coerce %s value to %s", v.kind, short(t))
	}
	switch t.kind {
	case KindReserved:
		return reservedValue, v.kind != KindReserved, nil
	case KindOpt:
		switch v.kind {
		case KindNull, KindReserved:
			return noneValue, true, nil
		case KindOpt:
			if len(v.elems) == 0 {
				return v, false, nil
			}
			c, ch, err := coerce(v.elems[0], t.elem, depth+1)
			if err != nil {
				if isTypeErr(err) {
					return noneValue, true, nil
				}
				return Value{}, false, err
			}
			if !ch {
				return v, false, nil
			}
			return OptValue(c), true, nil
		}
		c, _, err := coerce(v, t.elem, depth+1)
		if err != nil {
			if isTypeErr(err) {
				return noneValue, true, nil
			}
			return Value{}, false, err
		}
		return OptValue(c), true, nil
	case KindNat, KindInt, KindNat8, KindNat16, KindNat32, KindNat64, KindInt8, KindInt16, KindInt32,
		KindInt64, KindFloat32, KindFloat64:
		if v.kind == t.kind {
			return v, false, nil
		}
		if v.kind == KindNat && t.kind == KindInt {
			return Value{kind: KindInt, big: v.big}, true, nil
		}
		if v.kind != KindNumber {
			return fail()
		}
		c, ok := numberAs(v, t.kind)
		if !ok {
			return fail()
		}
		return c, true, nil
	case KindPrincipal:
		if v.kind == KindService {
			return Value{kind: KindPrincipal, b: v.b}, true, nil
		}
	case KindVec:
		return coerceVec(v, t, depth)
	case KindRecord:
		return coerceRecord(v, t, depth)
	case KindVariant:
		if v.kind != KindVariant || len(v.fields) != 1 {
			return fail()
		}
		i := t.field(v.fields[0].ID)
		if i < 0 {
			return fail()
		}
		c, ch, err := coerce(v.fields[0].Value, t.fields[i].Type, depth+1)
		if err != nil {
			return Value{}, false, err
		}
		if !ch && v.fields[0].Name == t.fields[i].Name {
			return v, false, nil
		}
		return VariantValue(FieldValue{ID: v.fields[0].ID, Name: t.fields[i].Name, Value: c}), true, nil
	case KindEmpty, KindInvalid, KindFuture:
		return fail()
	}
	if v.kind != t.kind { // null, bool, text, principal, service, func
		return fail()
	}
	return v, false, nil
}

func coerceVec(v Value, t *Type, depth int) (Value, bool, error) {
	if v.kind != KindVec {
		return Value{}, false, typef("cannot coerce %s value to %s", v.kind, short(t))
	}
	ek := t.elem.res().kind
	if v.isBlob() {
		if ek == KindNat8 {
			return v, false, nil
		}
		v = Value{kind: KindVec, elems: v.Elems()}
	}
	if ek == KindNat8 { // keep vec nat8 as a blob
		b := make([]byte, len(v.elems))
		for i, e := range v.elems {
			c, _, err := coerce(e, Nat8, depth+1)
			if err != nil {
				return Value{}, false, err
			}
			b[i] = byte(c.n)
		}
		return BlobValue(b), true, nil
	}
	var out []Value
	for i, e := range v.elems {
		c, ch, err := coerce(e, t.elem, depth+1)
		if err != nil {
			return Value{}, false, err
		}
		if ch && out == nil {
			out = append(make([]Value, 0, len(v.elems)), v.elems[:i]...)
		}
		if out != nil {
			out = append(out, c)
		}
	}
	if out == nil {
		return v, false, nil
	}
	return Value{kind: KindVec, elems: out}, true, nil
}

func coerceRecord(v Value, t *Type, depth int) (Value, bool, error) {
	if v.kind != KindRecord {
		return Value{}, false, typef("cannot coerce %s value to %s", v.kind, short(t))
	}
	changed := len(v.fields) != len(t.fields)
	out := make([]FieldValue, len(t.fields))
	for i, f := range t.fields {
		j := fieldIndex(v.fields, f.ID)
		if j < 0 {
			m, ok := missing(f.Type)
			if !ok {
				return Value{}, false, typef("record field %s of type %s is missing", fieldLabel(f.ID, f.Name), short(f.Type))
			}
			out[i], changed = FieldValue{ID: f.ID, Name: f.Name, Value: m}, true
			continue
		}
		c, ch, err := coerce(v.fields[j].Value, f.Type, depth+1)
		if err != nil {
			return Value{}, false, err
		}
		changed = changed || ch || j != i || v.fields[j].Name != f.Name
		out[i] = FieldValue{ID: f.ID, Name: f.Name, Value: c}
	}
	if !changed {
		return v, false, nil
	}
	return Value{kind: KindRecord, fields: out}, true, nil
}

func fieldIndex(fs []FieldValue, id uint32) int {
	lo, hi := 0, len(fs)
	for lo < hi {
		m := (lo + hi) / 2
		if fs[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(fs) && fs[lo].ID == id {
		return lo
	}
	return -1
}

var (
	minInt64 = big.NewInt(math.MinInt64)
	maxInt64 = big.NewInt(math.MaxInt64)
)

// numberAs converts an untyped number literal to kind k, if it fits.
func numberAs(v Value, k Kind) (Value, bool) {
	if k == KindFloat32 || k == KindFloat64 {
		var f float64
		if v.n == 1 {
			var err error
			bits := 64
			if k == KindFloat32 {
				bits = 32
			}
			if f, err = strconv.ParseFloat(v.s, bits); err != nil && f == 0 {
				return Value{}, false
			}
		} else {
			f, _ = new(big.Float).SetInt(v.big).Float64()
		}
		if k == KindFloat32 {
			return Float32Value(float32(f)), true
		}
		return Float64Value(f), true
	}
	if v.n == 1 || v.big == nil { // a float literal is not an integer
		return Value{}, false
	}
	x := v.big
	switch k {
	case KindNat:
		if x.Sign() < 0 {
			return Value{}, false
		}
		return Value{kind: KindNat, big: x}, true
	case KindInt:
		return Value{kind: KindInt, big: x}, true
	case KindNat8, KindNat16, KindNat32, KindNat64:
		if x.Sign() < 0 || !x.IsUint64() || !fitsFixed(k, x.Uint64()) {
			return Value{}, false
		}
		return Value{kind: k, n: x.Uint64()}, true
	}
	if x.Cmp(minInt64) < 0 || x.Cmp(maxInt64) > 0 || !fitsFixed(k, uint64(x.Int64())) {
		return Value{}, false
	}
	return Value{kind: k, n: uint64(x.Int64())}, true
}
