package wire

import (
	"sort"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// conv converts between Go values of type T and Candid values of typ.
//
// dec receives a value that candid.Decode has already coerced to typ, so
// the shape is right; it still checks what it relies on (an index, a
// variant case), because a decoder of untrusted bytes must never panic,
// and it refuses numbers that do not fit T.
type conv[T any] struct {
	typ *candid.Type
	enc func(*T) (candid.Value, error)
	dec func(candid.Value, *T) error
}

// field is one field of a record whose Go form is the struct S.
type field[S any] struct {
	name string
	typ  *candid.Type
	enc  func(*S) (candid.Value, error)
	dec  func(candid.Value, *S) error
}

// fieldOf binds the record field name to the struct field at returns.
func fieldOf[S, T any](name string, c conv[T], at func(*S) *T) field[S] {
	return field[S]{
		name: name,
		typ:  c.typ,
		enc:  func(s *S) (candid.Value, error) { return c.enc(at(s)) },
		dec:  func(v candid.Value, s *S) error { return c.dec(v, at(s)) },
	}
}

// record converts a Candid record to the struct S, one field at a time.
func record[S any](fields ...field[S]) conv[S] {
	fs := append([]field[S](nil), fields...)
	sort.Slice(fs, func(i, j int) bool { return candid.Hash(fs[i].name) < candid.Hash(fs[j].name) })
	ids := make([]uint32, len(fs))
	cfs := make([]candid.Field, len(fs))
	for i, f := range fs {
		ids[i] = candid.Hash(f.name)
		cfs[i] = candid.NamedField(f.name, f.typ)
	}
	return conv[S]{
		typ: candid.Record(cfs...),
		enc: func(s *S) (candid.Value, error) {
			vs := make([]candid.FieldValue, len(fs))
			for i, f := range fs {
				v, err := f.enc(s)
				if err != nil {
					return candid.Value{}, within(f.name, err)
				}
				vs[i] = candid.FieldValue{ID: ids[i], Name: f.name, Value: v}
			}
			return candid.RecordValue(vs...), nil
		},
		dec: func(v candid.Value, s *S) error {
			vs := v.Fields()
			if v.Kind() != candid.KindRecord || len(vs) != len(fs) {
				return valuef("a %s with %d fields is not a record of %d", v.Kind(), len(vs), len(fs))
			}
			for i, f := range fs {
				if vs[i].ID != ids[i] {
					return valuef("record field %d is not %s", vs[i].ID, f.name)
				}
				if err := f.dec(vs[i].Value, s); err != nil {
					return within(f.name, err)
				}
			}
			return nil
		},
	}
}

// wrap converts a record with a single field to the field's Go value:
// record { batch_id : nat } is a uint64.
func wrap[T any](name string, c conv[T]) conv[T] {
	return record(fieldOf(name, c, func(t *T) *T { return t }))
}

// alt is one case of a variant whose Go form is the struct S of pointers.
type alt[S any] struct {
	name string
	typ  *candid.Type
	set  func(*S) bool
	enc  func(*S) (candid.Value, error)
	dec  func(candid.Value, *S) error
}

// altOf binds the variant case name to the pointer field at returns: the
// case is chosen when the pointer is not nil.
func altOf[S, T any](name string, c conv[T], at func(*S) **T) alt[S] {
	return alt[S]{
		name: name,
		typ:  c.typ,
		set:  func(s *S) bool { return *at(s) != nil },
		enc:  func(s *S) (candid.Value, error) { return c.enc(*at(s)) },
		dec: func(v candid.Value, s *S) error {
			t := new(T)
			*at(s) = t
			return c.dec(v, t)
		},
	}
}

// variant converts a Candid variant to the struct S with one pointer per
// case, exactly one of them set.
func variant[S any](alts ...alt[S]) conv[S] {
	cfs := make([]candid.Field, len(alts))
	ids := make([]uint32, len(alts))
	for i, a := range alts {
		cfs[i] = candid.NamedField(a.name, a.typ)
		ids[i] = cfs[i].ID
	}
	return conv[S]{
		typ: candid.Variant(cfs...),
		enc: func(s *S) (candid.Value, error) {
			chosen := -1
			for i, a := range alts {
				if !a.set(s) {
					continue
				}
				if chosen >= 0 {
					return candid.Value{}, valuef("both %s and %s are set", alts[chosen].name, a.name)
				}
				chosen = i
			}
			if chosen < 0 {
				return candid.Value{}, valuef("no case of the variant is set")
			}
			a := alts[chosen]
			v, err := a.enc(s)
			if err != nil {
				return candid.Value{}, within(a.name, err)
			}
			return candid.VariantValue(candid.NamedValue(a.name, v)), nil
		},
		dec: func(v candid.Value, s *S) error {
			fv := v.Fields()
			if v.Kind() != candid.KindVariant || len(fv) != 1 {
				return valuef("a %s is not a variant", v.Kind())
			}
			for i, a := range alts {
				if ids[i] == fv[0].ID {
					return within(a.name, a.dec(fv[0].Value, s))
				}
			}
			return valuef("variant case %d is unknown", fv[0].ID)
		},
	}
}

// opt converts opt t to a pointer: nil is null.
func opt[T any](c conv[T]) conv[*T] {
	return conv[*T]{
		typ: candid.Opt(c.typ),
		enc: func(p **T) (candid.Value, error) {
			if *p == nil {
				return candid.NoneValue(), nil
			}
			v, err := c.enc(*p)
			return candid.OptValue(v), err
		},
		dec: func(v candid.Value, p **T) error {
			inner, ok := v.Opt()
			if !ok {
				*p = nil
				return nil
			}
			*p = new(T)
			return c.dec(inner, *p)
		},
	}
}

// optOpt is a field of type opt opt t, held in two struct fields: set
// false is null (leave as it is), set true with nil is opt null (clear),
// set true with a value is opt opt v (replace).
func optOpt[S, T any](name string, c conv[T], set func(*S) *bool, at func(*S) **T) field[S] {
	inner := opt(c)
	return field[S]{
		name: name,
		typ:  candid.Opt(inner.typ),
		enc: func(s *S) (candid.Value, error) {
			if !*set(s) {
				return candid.NoneValue(), nil
			}
			v, err := inner.enc(at(s))
			return candid.OptValue(v), err
		},
		dec: func(v candid.Value, s *S) error {
			v, ok := v.Opt()
			*set(s) = ok
			if !ok {
				*at(s) = nil
				return nil
			}
			return inner.dec(v, at(s))
		},
	}
}

// vec converts vec t to a slice. A decoded vec is never a nil slice.
func vec[T any](c conv[T]) conv[[]T] {
	return conv[[]T]{
		typ: candid.Vec(c.typ),
		enc: func(s *[]T) (candid.Value, error) {
			vs := make([]candid.Value, len(*s))
			for i := range *s {
				v, err := c.enc(&(*s)[i])
				if err != nil {
					return candid.Value{}, withinIndex(i, err)
				}
				vs[i] = v
			}
			return candid.VecValue(vs...), nil
		},
		dec: func(v candid.Value, s *[]T) error {
			es := v.Elems()
			out := make([]T, len(es))
			for i, e := range es {
				if err := c.dec(e, &out[i]); err != nil {
					return withinIndex(i, err)
				}
			}
			*s = out
			return nil
		},
	}
}

// seq converts an argument or result sequence: none, or one value.
type seq[T any] struct {
	types []*candid.Type
	enc   func(*T) ([]candid.Value, error)
	dec   func([]candid.Value, *T) error
	// fast, if set, encodes the message by hand (see http_fast.go);
	// false sends the value the generic way.
	fast func(*T) ([]byte, bool)
}

// none is the empty sequence ().
var none = seq[struct{}]{
	enc: func(*struct{}) ([]candid.Value, error) { return nil, nil },
	dec: func([]candid.Value, *struct{}) error { return nil },
}

// one is the sequence of a single value.
func one[T any](c conv[T]) seq[T] {
	return seq[T]{
		types: []*candid.Type{c.typ},
		enc: func(t *T) ([]candid.Value, error) {
			v, err := c.enc(t)
			if err != nil {
				return nil, err
			}
			return []candid.Value{v}, nil
		},
		dec: func(vs []candid.Value, t *T) error {
			if len(vs) != 1 {
				return valuef("%d values, want 1", len(vs))
			}
			return c.dec(vs[0], t)
		},
	}
}

// withFast returns s with a hand-written encoder.
func withFast[T any](s seq[T], fast func(*T) ([]byte, bool)) seq[T] {
	s.fast = fast
	return s
}

func (s seq[T]) encode(t *T) ([]byte, error) {
	if s.fast != nil {
		if b, ok := s.fast(t); ok {
			return b, nil
		}
	}
	vs, err := s.enc(t)
	if err != nil {
		return nil, err
	}
	return candid.Encode(s.types, vs)
}

func (s seq[T]) decode(b []byte) (T, error) {
	var t T
	vs, err := candid.Decode(b, s.types)
	if err == nil {
		err = s.dec(vs, &t)
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return t, nil
}
