package candid

import (
	"encoding/binary"
	"math/big"
)

// decoder decodes the values of one message at expected types.
type decoder struct {
	reader
	memo map[[2]*Type]bool // subtype results, see subtype.go
}

func newDecoder(b []byte) (*decoder, []*Type, error) {
	d := &decoder{reader: reader{b: b}}
	args, err := d.readHeader()
	if err != nil {
		return nil, nil, err
	}
	return d, args, nil
}

// Decode decodes a message and coerces its arguments to the expected types.
// Extra arguments in the message are validated and ignored; missing trailing
// arguments of null, opt or reserved type read as null. Trailing bytes after
// the values are an error.
func Decode(b []byte, expected []*Type) ([]Value, error) {
	d, wire, err := newDecoder(b)
	if err != nil {
		return nil, err
	}
	vals := make([]Value, len(expected))
	for i, e := range expected {
		if i >= len(wire) {
			v, ok := missing(e)
			if !ok {
				return nil, typef("argument %d of type %s is missing", i, short(e))
			}
			vals[i] = v
			continue
		}
		if vals[i], err = d.value(wire[i], e); err != nil {
			return nil, err
		}
	}
	for i := len(expected); i < len(wire); i++ {
		if err := d.skip(wire[i]); err != nil {
			return nil, err
		}
	}
	if d.pos != len(b) {
		return nil, invalidf("%d trailing bytes after the values", len(b)-d.pos)
	}
	return vals, nil
}

// DecodeAny decodes a message using only its own types, which it returns
// with the values. The types can be used to re-encode the values unchanged.
func DecodeAny(b []byte) ([]*Type, []Value, error) {
	d, wire, err := newDecoder(b)
	if err != nil {
		return nil, nil, err
	}
	vals := make([]Value, len(wire))
	for i, w := range wire {
		if vals[i], err = d.value(w, w); err != nil {
			return nil, nil, err
		}
	}
	if d.pos != len(b) {
		return nil, nil, invalidf("%d trailing bytes after the values", len(b)-d.pos)
	}
	return wire, vals, nil
}

// missing returns the value of an absent field or argument of type e: null
// for null, opt and reserved types; nothing for other types.
func missing(e *Type) (Value, bool) {
	switch e.res().kind {
	case KindNull:
		return nullValue, true
	case KindOpt:
		return noneValue, true
	case KindReserved:
		return reservedValue, true
	}
	return Value{}, false
}

// value decodes a value of wire type w and coerces it to e (spec §
// Coercion). A coercion failure is an ErrType error, which an enclosing opt
// recovers from; anything else is fatal.
func (d *decoder) value(w, e *Type) (Value, error) {
	e = e.res()
	if err := d.enter(); err != nil {
		return Value{}, err
	}
	defer d.leave()
	switch e.kind {
	case KindReserved:
		return reservedValue, d.skip(w)
	case KindOpt:
		return d.opt(w, e)
	case KindFuture:
		return Value{kind: KindFuture}, d.skip(w)
	}
	if w.kind == KindEmpty {
		return Value{}, invalidf("a value of type empty cannot exist")
	}
	if w.kind != e.kind && !(e.kind == KindInt && w.kind == KindNat) &&
		!(e.kind == KindPrincipal && w.kind == KindService) {
		return Value{}, typef("cannot decode %s as %s", short(w), short(e))
	}
	switch e.kind {
	case KindNull:
		return nullValue, nil
	case KindBool:
		c, err := d.byte()
		if err != nil || c > 1 {
			return Value{}, firstErr(err, invalidf("bool byte %d is not 0 or 1", c))
		}
		return Value{kind: KindBool, n: uint64(c)}, nil
	case KindNat:
		x, err := d.bigNat()
		return Value{kind: KindNat, big: x}, err
	case KindInt:
		var x *big.Int
		var err error
		if w.kind == KindNat {
			x, err = d.bigNat()
		} else {
			x, err = d.bigInt()
		}
		return Value{kind: KindInt, big: x}, err
	case KindNat8, KindNat16, KindNat32, KindNat64, KindInt8, KindInt16, KindInt32, KindInt64,
		KindFloat32, KindFloat64:
		return d.fixed(e.kind)
	case KindText:
		s, err := d.text()
		return Value{kind: KindText, s: string(s)}, err
	case KindPrincipal:
		id, err := d.ref()
		return Value{kind: KindPrincipal, b: clone(id)}, err
	case KindVec:
		return d.vec(w, e)
	case KindRecord:
		return d.record(w, e)
	case KindVariant:
		return d.variant(w, e)
	case KindFunc, KindService:
		ok, err := d.subtype(w, e, 0)
		if err != nil {
			return Value{}, err
		}
		if !ok {
			return Value{}, typef("%s is not a subtype of %s", short(w), short(e))
		}
		if e.kind == KindService {
			id, err := d.ref()
			return Value{kind: KindService, b: clone(id)}, err
		}
		id, err := d.funcRef()
		if err != nil {
			return Value{}, err
		}
		m, err := d.text()
		return Value{kind: KindFunc, b: clone(id), s: string(m)}, err
	}
	return Value{}, typef("cannot decode a value at type %s", short(e))
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func clone(b []byte) []byte { return append([]byte{}, b...) }

func (d *decoder) fixed(k Kind) (Value, error) {
	sz := k.fixedSize()
	s, err := d.take(uint64(sz))
	if err != nil {
		return Value{}, err
	}
	var n uint64
	switch sz {
	case 1:
		n = uint64(s[0])
	case 2:
		n = uint64(binary.LittleEndian.Uint16(s))
	case 4:
		n = uint64(binary.LittleEndian.Uint32(s))
	case 8:
		n = binary.LittleEndian.Uint64(s)
	}
	switch k { // sign-extend, so Int64 works and Equal compares canonically
	case KindInt8:
		n = uint64(int64(int8(n)))
	case KindInt16:
		n = uint64(int64(int16(n)))
	case KindInt32:
		n = uint64(int64(int32(n)))
	}
	return Value{kind: k, n: n}, nil
}
