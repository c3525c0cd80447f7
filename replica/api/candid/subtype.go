package candid

// subtype decides w <: e (spec § Upgrading and Subtyping, Rules). Recursive
// types are handled coinductively: a pair under examination is assumed to
// hold; results are memoised per message.
func (d *decoder) subtype(w, e *Type, depth int) (bool, error) {
	w, e = w.res(), e.res()
	if w == e {
		return true, nil
	}
	if depth > maxDepth {
		return false, limitf("subtype check nested deeper than %d", maxDepth)
	}
	if err := d.charge(1); err != nil {
		return false, err
	}
	key := [2]*Type{w, e}
	if v, ok := d.memo[key]; ok {
		return v, nil
	}
	if d.memo == nil {
		d.memo = map[[2]*Type]bool{}
	}
	d.memo[key] = true
	ok, err := d.subtype1(w, e, depth+1)
	if err != nil || !ok {
		d.memo[key] = false
	}
	return ok, err
}

func (d *decoder) subtype1(w, e *Type, depth int) (bool, error) {
	switch {
	case e.kind == KindReserved, w.kind == KindEmpty:
		return true, nil
	case e.kind == KindOpt:
		// Every type is a subtype of an opt: directly, or through the
		// rules that make a mismatching value read as null.
		return true, nil
	case w.kind == KindFuture:
		return false, nil
	}
	switch e.kind {
	case KindVec:
		if w.kind != KindVec {
			return false, nil
		}
		return d.subtype(w.elem, e.elem, depth)
	case KindRecord:
		if w.kind != KindRecord {
			return false, nil
		}
		for _, ef := range e.fields {
			i := w.field(ef.ID)
			if i < 0 {
				if !nullable(ef.Type) {
					return false, nil
				}
				continue
			}
			if ok, err := d.subtype(w.fields[i].Type, ef.Type, depth); !ok || err != nil {
				return false, err
			}
		}
		return true, nil
	case KindVariant:
		if w.kind != KindVariant {
			return false, nil
		}
		for _, wf := range w.fields {
			i := e.field(wf.ID)
			if i < 0 {
				return false, nil
			}
			if ok, err := d.subtype(wf.Type, e.fields[i].Type, depth); !ok || err != nil {
				return false, err
			}
		}
		return true, nil
	case KindFunc:
		if w.kind != KindFunc || w.mode != e.mode {
			return false, nil
		}
		if ok, err := d.tupleSubtype(e.args, w.args, depth); !ok || err != nil {
			return false, err
		}
		return d.tupleSubtype(w.results, e.results, depth)
	case KindService:
		if w.kind != KindService {
			return false, nil
		}
		for _, em := range e.methods {
			wm, ok := w.Method(em.Name)
			if !ok {
				return false, nil
			}
			if ok, err := d.subtype(wm, em.Type, depth); !ok || err != nil {
				return false, err
			}
		}
		return true, nil
	case KindPrincipal:
		return w.kind == KindPrincipal || w.kind == KindService, nil
	case KindInt:
		return w.kind == KindInt || w.kind == KindNat, nil
	case KindInvalid, KindEmpty, KindFuture:
		return false, nil
	}
	return w.kind == e.kind, nil
}

// tupleSubtype decides (as) <: (bs) for argument sequences: like records
// with fields 0, 1, …, so bs may have extra trailing null-like entries.
func (d *decoder) tupleSubtype(as, bs []*Type, depth int) (bool, error) {
	for i, b := range bs {
		if i >= len(as) {
			if !nullable(b) {
				return false, nil
			}
			continue
		}
		if ok, err := d.subtype(as[i], b, depth); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}
