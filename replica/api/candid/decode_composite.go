package candid

// opt decodes a value of wire type w at the opt type e (spec § Coercion,
// Options): null and reserved give null; an opt value whose content does not
// coerce gives null; any other value that coerces to the content type is
// wrapped, else gives null. A failed attempt is rewound and the value is
// skipped, so malformed content is still an error.
func (d *decoder) opt(w, e *Type) (Value, error) {
	switch w.kind {
	case KindNull:
		return noneValue, nil
	case KindReserved:
		return noneValue, nil
	case KindOpt:
		c, err := d.byte()
		if err != nil {
			return Value{}, err
		}
		switch c {
		case 0:
			return noneValue, nil
		case 1:
			return d.attempt(w.elem, e.elem)
		}
		return Value{}, invalidf("opt tag %d is not 0 or 1", c)
	}
	return d.attempt(w, e.elem)
}

// attempt decodes w at e, turning a coercion failure into null.
func (d *decoder) attempt(w, e *Type) (Value, error) {
	save := d.pos
	v, err := d.value(w, e)
	if err == nil {
		return Value{kind: KindOpt, elems: []Value{v}}, nil
	}
	if !isTypeErr(err) {
		return Value{}, err
	}
	d.pos = save
	return noneValue, d.skip(w)
}

func (d *decoder) vec(w, e *Type) (Value, error) {
	n, err := d.uleb()
	if err != nil {
		return Value{}, err
	}
	ee := e.elem.res()
	if w.elem.kind == KindNat8 && ee.kind == KindNat8 {
		b, err := d.take(n)
		return Value{kind: KindVec, n: 1, b: clone(b)}, err
	}
	// Non-empty elements take at least a byte; zero-sized ones are paid for
	// by the cost budget. Either way the allocation is bounded.
	c := n
	if r := uint64(d.remaining()); c > r {
		c = r
	}
	elems := make([]Value, 0, c)
	for ; n > 0; n-- {
		v, err := d.value(w.elem, ee)
		if err != nil {
			return Value{}, err
		}
		elems = append(elems, v)
	}
	return Value{kind: KindVec, elems: elems}, nil
}

// record decodes the wire fields in id order: fields the expected type has
// are coerced, the others skipped; expected fields missing on the wire must
// be of null, opt or reserved type and read as null.
func (d *decoder) record(w, e *Type) (Value, error) {
	out := make([]FieldValue, len(e.fields))
	j := 0
	fill := func(upto uint32, inclusive bool) error {
		for ; j < len(e.fields) && (e.fields[j].ID < upto || inclusive); j++ {
			v, ok := missing(e.fields[j].Type)
			if !ok {
				return typef("record field %s of type %s is missing", fieldLabel(e.fields[j].ID, e.fields[j].Name), short(e.fields[j].Type))
			}
			out[j] = FieldValue{ID: e.fields[j].ID, Name: e.fields[j].Name, Value: v}
		}
		return nil
	}
	for _, wf := range w.fields {
		if err := fill(wf.ID, false); err != nil {
			return Value{}, err
		}
		if j < len(e.fields) && e.fields[j].ID == wf.ID {
			v, err := d.value(wf.Type, e.fields[j].Type)
			if err != nil {
				return Value{}, err
			}
			out[j] = FieldValue{ID: wf.ID, Name: e.fields[j].Name, Value: v}
			j++
			continue
		}
		if err := d.skip(wf.Type); err != nil {
			return Value{}, err
		}
	}
	if err := fill(0, true); err != nil {
		return Value{}, err
	}
	return Value{kind: KindRecord, fields: out}, nil
}

// variant decodes an alternative, which the expected type must have.
func (d *decoder) variant(w, e *Type) (Value, error) {
	i, err := d.variantIndex(w)
	if err != nil {
		return Value{}, err
	}
	wf := w.fields[i]
	j := e.field(wf.ID)
	if j < 0 {
		return Value{}, typef("variant alternative %d is not in %s", wf.ID, short(e))
	}
	v, err := d.value(wf.Type, e.fields[j].Type)
	if err != nil {
		return Value{}, err
	}
	return Value{kind: KindVariant, fields: []FieldValue{{ID: wf.ID, Name: e.fields[j].Name, Value: v}}}, nil
}
