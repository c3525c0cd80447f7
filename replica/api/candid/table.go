package candid

import (
	"bytes"
	"unicode/utf8"
)

var magic = []byte("DIDL")

// readHeader reads the magic number, the type table and the argument types
// of a message (spec § Parameters and Results) and validates the table: only
// composite types in it, field ids strictly increasing and below 2^32,
// method names valid UTF-8 and strictly increasing, methods of func type,
// every reference in range.
func (r *reader) readHeader() ([]*Type, error) {
	if len(r.b) < 4 || !bytes.Equal(r.b[:4], magic) {
		return nil, invalidf("missing magic number DIDL")
	}
	r.pos = 4
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	if n > maxTypes {
		return nil, limitf("type table of %d entries exceeds %d", n, maxTypes)
	}
	if n > uint64(r.remaining()) {
		return nil, invalidf("type table of %d entries longer than the message", n)
	}
	table := make([]Type, n)
	for i := range table {
		if err := r.readTableEntry(table, i); err != nil {
			return nil, err
		}
	}
	for i := range table {
		for _, m := range table[i].methods {
			if m.Type.kind != KindFunc {
				return nil, invalidf("method %q of type %d is not a func type", m.Name, i)
			}
		}
	}
	m, err := r.uleb()
	if err != nil {
		return nil, err
	}
	if m > uint64(r.remaining()) {
		return nil, invalidf("%d argument types but only %d bytes left", m, r.remaining())
	}
	args := make([]*Type, m)
	for i := range args {
		if args[i], err = r.typeRef(table); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// typeRef reads I(t): a primitive opcode or an index into the table.
func (r *reader) typeRef(table []Type) (*Type, error) {
	op, err := r.sleb()
	if err != nil {
		return nil, err
	}
	if op >= 0 {
		if op >= int64(len(table)) {
			return nil, invalidf("type index %d out of range (table has %d)", op, len(table))
		}
		return &table[op], nil
	}
	k := primKind(op)
	if k == KindInvalid {
		return nil, invalidf("opcode %d is not a primitive type", op)
	}
	return primTypes[k], nil
}

// count reads a length that must not exceed the bytes left, since every
// counted item takes at least one byte.
func (r *reader) count() (int, error) {
	n, err := r.uleb()
	if err != nil {
		return 0, err
	}
	if n > uint64(r.remaining()) {
		return 0, invalidf("count %d at byte %d exceeds the %d bytes left", n, r.pos, r.remaining())
	}
	return int(n), nil
}

func (r *reader) readTableEntry(table []Type, i int) error {
	t := &table[i]
	op, err := r.sleb()
	if err != nil {
		return err
	}
	switch op {
	case opOpt, opVec:
		t.kind = KindOpt
		if op == opVec {
			t.kind = KindVec
		}
		t.elem, err = r.typeRef(table)
		return err
	case opRecord, opVariant:
		t.kind = KindRecord
		if op == opVariant {
			t.kind = KindVariant
		}
		return r.readFields(t, table)
	case opFunc:
		t.kind = KindFunc
		if t.args, err = r.typeRefs(table); err != nil {
			return err
		}
		if t.results, err = r.typeRefs(table); err != nil {
			return err
		}
		k, err := r.count()
		if err != nil {
			return err
		}
		for j := 0; j < k; j++ {
			a, _ := r.byte()
			switch a {
			case 1:
				t.mode |= Query
			case 2:
				t.mode |= Oneway
			case 3:
				t.mode |= CompositeQuery
			default:
				return invalidf("unknown function annotation %d", a)
			}
		}
		return nil
	case opService:
		t.kind = KindService
		return r.readMethods(t, table)
	}
	if op < opPrinc {
		t.kind, t.opcode = KindFuture, op
		n, err := r.uleb()
		if err != nil {
			return err
		}
		_, err = r.take(n)
		return err
	}
	return invalidf("type table entry %d has opcode %d, not a composite type", i, op)
}

func (r *reader) typeRefs(table []Type) ([]*Type, error) {
	n, err := r.count()
	if err != nil {
		return nil, err
	}
	ts := make([]*Type, n)
	for i := range ts {
		if ts[i], err = r.typeRef(table); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

func (r *reader) readFields(t *Type, table []Type) error {
	n, err := r.count()
	if err != nil {
		return err
	}
	t.fields = make([]Field, n)
	for j := range t.fields {
		id, err := r.uleb()
		if err != nil {
			return err
		}
		if id > 0xffffffff {
			return invalidf("field id %d does not fit 32 bits", id)
		}
		if j > 0 && uint32(id) <= t.fields[j-1].ID {
			return invalidf("field ids not strictly increasing (%d after %d)", id, t.fields[j-1].ID)
		}
		t.fields[j].ID = uint32(id)
		if t.fields[j].Type, err = r.typeRef(table); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) readMethods(t *Type, table []Type) error {
	n, err := r.count()
	if err != nil {
		return err
	}
	t.methods = make([]Method, n)
	for j := range t.methods {
		l, err := r.uleb()
		if err != nil {
			return err
		}
		name, err := r.take(l)
		if err != nil {
			return err
		}
		if !utf8.Valid(name) {
			return invalidf("method name is not valid UTF-8")
		}
		if j > 0 && string(name) <= t.methods[j-1].Name {
			return invalidf("method names not strictly increasing (%q after %q)", name, t.methods[j-1].Name)
		}
		t.methods[j].Name = string(name)
		if t.methods[j].Type, err = r.typeRef(table); err != nil {
			return err
		}
	}
	return nil
}
