package candid

// datatype parses a <datatype>.
func (p *parser) datatype() (*Type, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if p.tok.kind != tID {
		return nil, p.errf("expected a type, found %s", p.describe())
	}
	kw := p.tok.s
	if err := p.advance(); err != nil {
		return nil, err
	}
	switch kw {
	case "opt", "vec":
		t, err := p.datatype()
		if err != nil {
			return nil, err
		}
		if kw == "opt" {
			return Opt(t), nil
		}
		return Vec(t), nil
	case "blob":
		return Vec(Nat8), nil
	case "record":
		return p.fieldTypes(KindRecord)
	case "variant":
		return p.fieldTypes(KindVariant)
	case "func":
		return p.funcType()
	case "service":
		return p.actorType()
	}
	if k, ok := primByName[kw]; ok {
		return primTypes[k], nil
	}
	return p.named(kw)
}

// named resolves a type name. In a .did file a name may be used before its
// definition.
func (p *parser) named(name string) (*Type, error) {
	if t, ok := p.env[name]; ok {
		return t, nil
	}
	if !p.open || keywords[name] {
		return nil, p.errf("unknown type %q", name)
	}
	t := Named(name)
	p.env[name] = t
	p.pending = append(p.pending, t)
	return t, nil
}

func (p *parser) fieldTypes(k Kind) (*Type, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var fs []Field
	next := uint64(0)
	err := p.sepBy(";", "}", func() error {
		labeled, err := p.labelAhead(":")
		if err != nil {
			return err
		}
		var f Field
		switch {
		case labeled:
			if f.ID, f.Name, err = p.label(); err != nil {
				return err
			}
			if err := p.advance(); err != nil { // ":"
				return err
			}
			if f.Type, err = p.datatype(); err != nil {
				return err
			}
		case k == KindVariant:
			if f.ID, f.Name, err = p.label(); err != nil {
				return err
			}
			f.Type = Null
		default:
			if next > 0xffffffff {
				return p.errf("tuple field id overflows")
			}
			f.ID = uint32(next)
			if f.Type, err = p.datatype(); err != nil {
				return err
			}
		}
		next = uint64(f.ID) + 1
		fs = append(fs, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := newComposite(k, fs)
	if err != nil {
		return nil, p.errf("%s", err.(*Error).Msg)
	}
	return t, nil
}

// funcType parses <tuptype> -> <tuptype> <funcann>*.
func (p *parser) funcType() (*Type, error) {
	args, err := p.tupleType()
	if err != nil {
		return nil, err
	}
	if err := p.expect("->"); err != nil {
		return nil, err
	}
	res, err := p.tupleType()
	if err != nil {
		return nil, err
	}
	t := &Type{kind: KindFunc, args: args, results: res}
	for p.tok.kind == tID {
		switch p.tok.s {
		case "query":
			t.mode |= Query
		case "oneway":
			t.mode |= Oneway
		case "composite_query":
			t.mode |= CompositeQuery
		default:
			return t, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// tupleType parses ( <argtype>,* ); argument names are dropped.
func (p *parser) tupleType() ([]*Type, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	ts := []*Type{}
	err := p.sepBy(",", ")", func() error {
		named, err := p.labelAhead(":")
		if err != nil {
			return err
		}
		if named && p.tok.kind != tNum {
			if err := p.advance(); err != nil {
				return err
			}
			if err := p.advance(); err != nil {
				return err
			}
		}
		t, err := p.datatype()
		ts = append(ts, t)
		return err
	})
	return ts, err
}

// actorType parses { <methtype>;* } or, in a service position, a name.
func (p *parser) actorType() (*Type, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var ms []Method
	err := p.sepBy(";", "}", func() error {
		name, err := p.name()
		if err != nil {
			return err
		}
		if err := p.expect(":"); err != nil {
			return err
		}
		var t *Type
		if p.is("(") {
			t, err = p.funcType()
		} else if p.tok.kind == tID {
			name := p.tok.s
			if err := p.advance(); err != nil {
				return err
			}
			t, err = p.named(name)
		} else {
			err = p.errf("expected a function type, found %s", p.describe())
		}
		ms = append(ms, Method{Name: name, Type: t})
		return err
	})
	if err != nil {
		return nil, err
	}
	t, err := newService(ms)
	if err != nil {
		return nil, p.errf("%s", err.(*Error).Msg)
	}
	return t, nil
}

// ParseTypes parses an argument type sequence such as "(text, opt nat)"
// made of built-in types only.
func ParseTypes(s string) ([]*Type, error) {
	return parseTypesIn(s, map[string]*Type{})
}

func parseTypesIn(s string, env map[string]*Type) ([]*Type, error) {
	p, err := newParser(s, env)
	if err != nil {
		return nil, err
	}
	ts, err := p.tupleType()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errf("unexpected %s after the types", p.describe())
	}
	return ts, nil
}
