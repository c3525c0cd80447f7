package wasmbin

func (m *Module) imports(r *reader) error {
	n, err := r.vecLen(4)
	if err != nil {
		return err
	}
	for range n {
		var im Import
		if im.Module, err = r.name(); err != nil {
			return err
		}
		if im.Name, err = r.name(); err != nil {
			return err
		}
		if im.Kind, err = r.byte(); err != nil {
			return err
		}
		switch im.Kind {
		case KindFunc:
			if im.Type, err = r.u32(); err != nil {
				return err
			}
			m.ImportedFuncs++
		case KindTable:
			if _, err := r.byte(); err != nil {
				return err
			}
			if _, err := r.limits(); err != nil {
				return err
			}
		case KindMemory:
			mem, err := r.limits()
			if err != nil {
				return err
			}
			im.Memory = &mem
		case KindGlobal:
			if _, err := r.globalType(); err != nil {
				return err
			}
			m.ImportedGlobals++
		case KindTag:
			if _, err := r.byte(); err != nil {
				return err
			}
			if im.Type, err = r.u32(); err != nil {
				return err
			}
		default:
			return r.errf("import kind %d", im.Kind)
		}
		m.Imports = append(m.Imports, im)
	}
	return nil
}

func (r *reader) globalType() (Global, error) {
	t, err := r.byte()
	if err != nil {
		return Global{}, err
	}
	mut, err := r.byte()
	if err != nil {
		return Global{}, err
	}
	if mut > 1 {
		return Global{}, r.errf("global mutability %d", mut)
	}
	return Global{Type: t, Mutable: mut == 1}, nil
}

func (m *Module) globals(r *reader) error {
	n, err := r.vecLen(3)
	if err != nil {
		return err
	}
	for range n {
		g, err := r.globalType()
		if err != nil {
			return err
		}
		if err := r.skipConstExpr(); err != nil {
			return err
		}
		m.Globals = append(m.Globals, g)
	}
	return nil
}

// skipConstExpr skips a constant expression up to and including its end
// opcode. It knows the constant instructions of wasm 2.0 and the
// extended-const proposal.
func (r *reader) skipConstExpr() error {
	for {
		op, err := r.byte()
		if err != nil {
			return err
		}
		switch op {
		case 0x0b: // end
			return nil
		case 0x41: // i32.const
			err = r.sleb(32)
		case 0x42: // i64.const
			err = r.sleb(64)
		case 0x43: // f32.const
			_, err = r.bytes(4)
		case 0x44: // f64.const
			_, err = r.bytes(8)
		case 0x23, 0xd2: // global.get, ref.func
			_, err = r.u32()
		case 0xd0: // ref.null
			_, err = r.byte()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended const arithmetic
		case 0xfd: // v128.const
			var sub uint32
			if sub, err = r.u32(); err == nil {
				if sub != 12 {
					return r.errf("opcode 0xfd %d in constant expression", sub)
				}
				_, err = r.bytes(16)
			}
		default:
			return r.errf("opcode 0x%02x in constant expression", op)
		}
		if err != nil {
			return err
		}
	}
}

func (m *Module) exports(r *reader) error {
	n, err := r.vecLen(3)
	if err != nil {
		return err
	}
	m.Exports = make([]Export, 0, n)
	for range n {
		var e Export
		if e.Name, err = r.name(); err != nil {
			return err
		}
		if e.Kind, err = r.byte(); err != nil {
			return err
		}
		if e.Index, err = r.u32(); err != nil {
			return err
		}
		m.Exports = append(m.Exports, e)
	}
	return nil
}
