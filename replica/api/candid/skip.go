package candid

import "unicode/utf8"

// skip reads and validates a value of wire type w without building it.
// It is charged like decoding, so a value that is cheap on the wire but
// expensive to walk (a vec of millions of nulls) runs out of budget.
func (r *reader) skip(w *Type) error {
	if err := r.enter(); err != nil {
		return err
	}
	defer r.leave()
	switch w.kind {
	case KindNull, KindReserved:
		return nil
	case KindBool:
		return r.boolByte()
	case KindNat, KindInt:
		_, err := r.lebBytes()
		return err
	case KindNat8, KindNat16, KindNat32, KindNat64, KindInt8, KindInt16, KindInt32, KindInt64,
		KindFloat32, KindFloat64:
		_, err := r.take(uint64(w.kind.fixedSize()))
		return err
	case KindText:
		_, err := r.text()
		return err
	case KindPrincipal, KindService:
		_, err := r.ref()
		return err
	case KindFunc:
		if _, err := r.funcRef(); err != nil {
			return err
		}
		_, err := r.text()
		return err
	case KindOpt:
		c, err := r.byte()
		if err != nil {
			return err
		}
		switch c {
		case 0:
			return nil
		case 1:
			return r.skip(w.elem)
		}
		return invalidf("opt tag %d is not 0 or 1", c)
	case KindVec:
		n, err := r.uleb()
		if err != nil {
			return err
		}
		if sz := w.elem.kind.fixedSize(); sz > 0 {
			if n > uint64(r.remaining()/sz) {
				return invalidf("vec of %d elements longer than the message", n)
			}
			_, err := r.take(n * uint64(sz))
			return err
		}
		for ; n > 0; n-- {
			if err := r.skip(w.elem); err != nil {
				return err
			}
		}
		return nil
	case KindRecord:
		for _, f := range w.fields {
			if err := r.skip(f.Type); err != nil {
				return err
			}
		}
		return nil
	case KindVariant:
		i, err := r.variantIndex(w)
		if err != nil {
			return err
		}
		return r.skip(w.fields[i].Type)
	case KindFuture:
		m, err := r.uleb()
		if err != nil {
			return err
		}
		if _, err := r.uleb(); err != nil {
			return err
		}
		_, err = r.take(m)
		return err
	case KindEmpty:
		return invalidf("a value of type empty cannot exist")
	}
	return invalidf("cannot decode a value of kind %s", w.kind)
}

func (r *reader) boolByte() error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c > 1 {
		return invalidf("bool byte %d is not 0 or 1", c)
	}
	return nil
}

// text reads a length-prefixed UTF-8 string, without copying.
func (r *reader) text() ([]byte, error) {
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	s, err := r.take(n)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(s) {
		return nil, invalidf("text is not valid UTF-8")
	}
	return s, nil
}

// ref reads a principal or service reference: 01 leb(len) bytes. Opaque
// references (tag 00) have no meaning on the Internet Computer.
func (r *reader) ref() ([]byte, error) {
	c, err := r.byte()
	if err != nil {
		return nil, err
	}
	if c != 1 {
		return nil, invalidf("reference tag %d is not 1 (a transparent id)", c)
	}
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	return r.take(n)
}

// funcRef reads the tag and principal of a func reference.
func (r *reader) funcRef() ([]byte, error) {
	c, err := r.byte()
	if err != nil {
		return nil, err
	}
	if c != 1 {
		return nil, invalidf("func reference tag %d is not 1", c)
	}
	return r.ref()
}

func (r *reader) variantIndex(w *Type) (int, error) {
	i, err := r.uleb()
	if err != nil {
		return 0, err
	}
	if i >= uint64(len(w.fields)) {
		return 0, invalidf("variant index %d out of range (%d alternatives)", i, len(w.fields))
	}
	return int(i), nil
}
