package candid

import (
	"bytes"
	"math"
	"math/big"
	"sort"
)

// Value is a Candid value. The zero Value is invalid. Values are immutable:
// accessors return the value's own slices, which callers must not modify.
type Value struct {
	kind   Kind
	n      uint64       // bool; natN/intN (two's complement); float bits; vec: 1 if blob; number: 1 if float literal
	s      string       // text; func method; float literal
	b      []byte       // blob; principal, service and func principal bytes
	big    *big.Int     // nat, int, integer literal
	elems  []Value      // vec (unless blob); opt (none: empty)
	fields []FieldValue // record (sorted by ID); variant (one field)
}

// FieldValue is a field of a record value or the alternative of a variant.
type FieldValue struct {
	ID    uint32
	Name  string // may be "" when only the id is known
	Value Value
}

var (
	nullValue     = Value{kind: KindNull}
	reservedValue = Value{kind: KindReserved}
	noneValue     = Value{kind: KindOpt}
)

// NullValue returns null.
func NullValue() Value { return nullValue }

// ReservedValue returns the value of type reserved (printed as null).
func ReservedValue() Value { return reservedValue }

// BoolValue returns a bool.
func BoolValue(b bool) Value {
	if b {
		return Value{kind: KindBool, n: 1}
	}
	return Value{kind: KindBool}
}

// NatValue returns a nat (a copy of x; nil means 0). x must not be
// negative: Encode rejects it.
func NatValue(x *big.Int) Value { return Value{kind: KindNat, big: bigCopy(x)} }

// IntValue returns an int (a copy of x; nil means 0).
func IntValue(x *big.Int) Value { return Value{kind: KindInt, big: bigCopy(x)} }

func bigCopy(x *big.Int) *big.Int {
	if x == nil {
		return new(big.Int)
	}
	return new(big.Int).Set(x)
}

// FixedNatValue returns a value of kind k (KindNat8 … KindNat64). Encode
// rejects x if it does not fit.
func FixedNatValue(k Kind, x uint64) Value { return Value{kind: k, n: x} }

// FixedIntValue returns a value of kind k (KindInt8 … KindInt64).
func FixedIntValue(k Kind, x int64) Value { return Value{kind: k, n: uint64(x)} }

// Float64Value returns a float64.
func Float64Value(f float64) Value { return Value{kind: KindFloat64, n: math.Float64bits(f)} }

// Float32Value returns a float32.
func Float32Value(f float32) Value { return Value{kind: KindFloat32, n: uint64(math.Float32bits(f))} }

// TextValue returns a text; s must be valid UTF-8 (Encode checks).
func TextValue(s string) Value { return Value{kind: KindText, s: s} }

// BlobValue returns a vec nat8 holding b (not copied).
func BlobValue(b []byte) Value {
	if b == nil {
		b = []byte{}
	}
	return Value{kind: KindVec, n: 1, b: b}
}

// PrincipalValue returns a principal with the given raw bytes.
func PrincipalValue(id []byte) Value { return Value{kind: KindPrincipal, b: id} }

// ServiceValue returns a reference to the service with the given principal.
func ServiceValue(id []byte) Value { return Value{kind: KindService, b: id} }

// FuncValue returns a reference to method of the service id.
func FuncValue(id []byte, method string) Value { return Value{kind: KindFunc, b: id, s: method} }

// OptValue returns opt v.
func OptValue(v Value) Value { return Value{kind: KindOpt, elems: []Value{v}} }

// NoneValue returns null as a value of an opt type.
func NoneValue() Value { return noneValue }

// VecValue returns a vec of the given elements.
func VecValue(elems ...Value) Value { return Value{kind: KindVec, elems: elems} }

// RecordValue returns a record; fields may be in any order.
func RecordValue(fields ...FieldValue) Value {
	fs := append([]FieldValue(nil), fields...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	return Value{kind: KindRecord, fields: fs}
}

// TupleValue returns the record with fields 0, 1, … holding vs.
func TupleValue(vs ...Value) Value {
	fs := make([]FieldValue, len(vs))
	for i, v := range vs {
		fs[i] = FieldValue{ID: uint32(i), Value: v}
	}
	return Value{kind: KindRecord, fields: fs}
}

// VariantValue returns a variant holding f.
func VariantValue(f FieldValue) Value { return Value{kind: KindVariant, fields: []FieldValue{f}} }

// NamedValue returns a field value whose id is the hash of name.
func NamedValue(name string, v Value) FieldValue {
	return FieldValue{ID: Hash(name), Name: name, Value: v}
}

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// Bool returns the value of a bool.
func (v Value) Bool() bool { return v.kind == KindBool && v.n != 0 }

// Big returns a copy of a nat, int or integer literal, or nil.
func (v Value) Big() *big.Int {
	if v.big == nil {
		return nil
	}
	return new(big.Int).Set(v.big)
}

// Uint64 returns a nat8 … nat64 value.
func (v Value) Uint64() uint64 { return v.n }

// Int64 returns an int8 … int64 value.
func (v Value) Int64() int64 { return int64(v.n) }

// Float64 returns a float32 or float64 value.
func (v Value) Float64() float64 {
	if v.kind == KindFloat32 {
		return float64(math.Float32frombits(uint32(v.n)))
	}
	return math.Float64frombits(v.n)
}

// Text returns a text value, or the method name of a func reference.
func (v Value) Text() string { return v.s }

// Bytes returns the bytes of a blob (a vec nat8) or the principal of a
// principal, service or func reference.
func (v Value) Bytes() []byte {
	if v.kind == KindVec && v.n == 1 {
		return v.b
	}
	if v.kind == KindPrincipal || v.kind == KindService || v.kind == KindFunc {
		return v.b
	}
	return nil
}

// Len returns the number of elements of a vec.
func (v Value) Len() int {
	if v.isBlob() {
		return len(v.b)
	}
	return len(v.elems)
}

// Elems returns the elements of a vec; a blob's bytes become nat8 values.
func (v Value) Elems() []Value {
	if v.isBlob() {
		es := make([]Value, len(v.b))
		for i, c := range v.b {
			es[i] = Value{kind: KindNat8, n: uint64(c)}
		}
		return es
	}
	if v.kind != KindVec {
		return nil
	}
	return v.elems
}

// Opt returns the content of an opt value and whether there is one.
func (v Value) Opt() (Value, bool) {
	if v.kind == KindOpt && len(v.elems) == 1 {
		return v.elems[0], true
	}
	return Value{}, false
}

// Fields returns the fields of a record, or the one alternative of a variant.
func (v Value) Fields() []FieldValue { return v.fields }

// Field returns the record field (or variant alternative) called name.
func (v Value) Field(name string) (Value, bool) {
	id := Hash(name)
	i := sort.Search(len(v.fields), func(i int) bool { return v.fields[i].ID >= id })
	if i < len(v.fields) && v.fields[i].ID == id {
		return v.fields[i].Value, true
	}
	return Value{}, false
}

func (v Value) isBlob() bool { return v.kind == KindVec && v.n == 1 }

// Equal reports whether v and w are the same value. Reserved values are all
// equal, field names are ignored (ids decide), NaN equals NaN.
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case KindNat, KindInt:
		return v.big.Cmp(w.big) == 0
	case KindNumber:
		if v.n != w.n || v.s != w.s {
			return false
		}
		return v.big == nil && w.big == nil || v.big != nil && w.big != nil && v.big.Cmp(w.big) == 0
	case KindFloat32, KindFloat64:
		a, b := v.Float64(), w.Float64()
		return a == b || a != a && b != b
	case KindText:
		return v.s == w.s
	case KindPrincipal, KindService:
		return bytes.Equal(v.b, w.b)
	case KindFunc:
		return v.s == w.s && bytes.Equal(v.b, w.b)
	case KindVec:
		if v.isBlob() && w.isBlob() {
			return bytes.Equal(v.b, w.b)
		}
		if v.Len() != w.Len() {
			return false
		}
		ve, we := v.Elems(), w.Elems()
		for i := range ve {
			if !ve[i].Equal(we[i]) {
				return false
			}
		}
		return true
	case KindOpt:
		if len(v.elems) != len(w.elems) {
			return false
		}
		return len(v.elems) == 0 || v.elems[0].Equal(w.elems[0])
	case KindRecord, KindVariant:
		if len(v.fields) != len(w.fields) {
			return false
		}
		for i := range v.fields {
			if v.fields[i].ID != w.fields[i].ID || !v.fields[i].Value.Equal(w.fields[i].Value) {
				return false
			}
		}
		return true
	}
	return v.n == w.n
}
