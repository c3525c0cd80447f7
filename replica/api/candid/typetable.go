package candid

// tableBuilder lays out the type table of a message being encoded.
// Composite types are entered after their components (post-order) and
// deduplicated by their encoding; the head of a cycle gets its index first
// so that the components can refer back to it.
type tableBuilder struct {
	entries [][]byte
	index   map[*Type]int64
	dedup   map[string]int64
	heads   map[*Type]bool
	state   map[*Type]uint8 // findHeads: 1 visiting, 2 done
}

func newTableBuilder() *tableBuilder {
	return &tableBuilder{index: map[*Type]int64{}, dedup: map[string]int64{},
		heads: map[*Type]bool{}, state: map[*Type]uint8{}}
}

// children lists the component types of t.
func children(t *Type) []*Type {
	switch t.kind {
	case KindOpt, KindVec:
		return []*Type{t.elem}
	case KindRecord, KindVariant:
		cs := make([]*Type, len(t.fields))
		for i, f := range t.fields {
			cs[i] = f.Type
		}
		return cs
	case KindFunc:
		return append(append([]*Type(nil), t.args...), t.results...)
	case KindService:
		cs := make([]*Type, len(t.methods))
		for i, m := range t.methods {
			cs[i] = m.Type
		}
		return cs
	}
	return nil
}

// findHeads marks the composite types that are reached again while their
// components are being visited: the heads of cycles.
func (tb *tableBuilder) findHeads(t *Type) {
	t = t.res()
	switch tb.state[t] {
	case 1:
		tb.heads[t] = true
		return
	case 2:
		return
	}
	tb.state[t] = 1
	for _, c := range children(t) {
		tb.findHeads(c)
	}
	tb.state[t] = 2
}

// ref returns I(t): the opcode of a primitive or the table index of t.
func (tb *tableBuilder) ref(t *Type) (int64, error) {
	t = t.res()
	if t.kind.primitive() {
		return t.kind.opcode(), nil
	}
	if i, ok := tb.index[t]; ok {
		return i, nil
	}
	switch t.kind {
	case KindOpt, KindVec, KindRecord, KindVariant, KindFunc, KindService:
	default:
		return 0, typef("cannot encode type %s", short(t))
	}
	if tb.heads[t] {
		i := int64(len(tb.entries))
		tb.entries = append(tb.entries, nil)
		tb.index[t] = i
		e, err := tb.entry(t)
		tb.entries[i] = e
		return i, err
	}
	e, err := tb.entry(t)
	if err != nil {
		return 0, err
	}
	if i, ok := tb.dedup[string(e)]; ok {
		tb.index[t] = i
		return i, nil
	}
	i := int64(len(tb.entries))
	tb.entries = append(tb.entries, e)
	tb.index[t], tb.dedup[string(e)] = i, i
	return i, nil
}

// entry returns T(t) for a composite type.
func (tb *tableBuilder) entry(t *Type) ([]byte, error) {
	var b []byte
	refs := func(ts []*Type) error {
		b = appendUleb(b, uint64(len(ts)))
		for _, c := range ts {
			r, err := tb.ref(c)
			if err != nil {
				return err
			}
			b = appendSleb(b, r)
		}
		return nil
	}
	switch t.kind {
	case KindOpt, KindVec:
		r, err := tb.ref(t.elem)
		if err != nil {
			return nil, err
		}
		op := int64(opOpt)
		if t.kind == KindVec {
			op = opVec
		}
		return appendSleb(appendSleb(b, op), r), nil
	case KindRecord, KindVariant:
		op := int64(opRecord)
		if t.kind == KindVariant {
			op = opVariant
		}
		b = appendUleb(appendSleb(b, op), uint64(len(t.fields)))
		for _, f := range t.fields {
			r, err := tb.ref(f.Type)
			if err != nil {
				return nil, err
			}
			b = appendSleb(appendUleb(b, uint64(f.ID)), r)
		}
		return b, nil
	case KindFunc:
		b = appendSleb(b, opFunc)
		if err := refs(t.args); err != nil {
			return nil, err
		}
		if err := refs(t.results); err != nil {
			return nil, err
		}
		var anns []byte
		for i, m := range []FuncMode{Query, Oneway, CompositeQuery} {
			if t.mode&m != 0 {
				anns = append(anns, byte(i+1))
			}
		}
		b = appendUleb(b, uint64(len(anns)))
		return append(b, anns...), nil
	}
	// service
	b = appendUleb(appendSleb(b, opService), uint64(len(t.methods)))
	for _, m := range t.methods {
		if m.Type.res().kind != KindFunc {
			return nil, typef("method %q is not a func type", m.Name)
		}
		r, err := tb.ref(m.Type)
		if err != nil {
			return nil, err
		}
		b = appendUleb(b, uint64(len(m.Name)))
		b = appendSleb(append(b, m.Name...), r)
	}
	return b, nil
}
