package candid

import (
	"fmt"
	"sort"
)

// Type is a Candid type. Build types with the primitive variables and the
// constructors below; a Type is immutable once built, except that a Named
// type is defined once with Define. A nil *Type is treated as an invalid type.
type Type struct {
	kind    Kind
	elem    *Type    // opt, vec
	fields  []Field  // record, variant: sorted by ID, unique
	args    []*Type  // func
	results []*Type  // func
	mode    FuncMode // func
	methods []Method // service: sorted by name, unique
	name    string   // named
	def     *Type    // named: its definition, nil until Define
	opcode  int64    // future
}

// Field is a record field or variant alternative of a type.
type Field struct {
	ID   uint32 // Hash(Name) for named fields
	Name string // "" when the field is known only by number
	Type *Type
}

// Method is a method of a service type; Type is a func type.
type Method struct {
	Name string
	Type *Type
}

// FuncMode is the set of annotations of a func type.
type FuncMode uint8

// Function annotations.
const (
	Query          FuncMode = 1 << iota // "query", wire value 1
	Oneway                              // "oneway", wire value 2
	CompositeQuery                      // "composite_query", wire value 3
)

var primTypes = func() (ts [KindPrincipal + 1]*Type) {
	for k := KindNull; k <= KindPrincipal; k++ {
		ts[k] = &Type{kind: k}
	}
	return ts
}()

var invalidType = &Type{kind: KindInvalid}

// The primitive types, and blob (vec nat8).
var (
	Null      = primTypes[KindNull]
	Bool      = primTypes[KindBool]
	Nat       = primTypes[KindNat]
	Int       = primTypes[KindInt]
	Nat8      = primTypes[KindNat8]
	Nat16     = primTypes[KindNat16]
	Nat32     = primTypes[KindNat32]
	Nat64     = primTypes[KindNat64]
	Int8      = primTypes[KindInt8]
	Int16     = primTypes[KindInt16]
	Int32     = primTypes[KindInt32]
	Int64     = primTypes[KindInt64]
	Float32   = primTypes[KindFloat32]
	Float64   = primTypes[KindFloat64]
	Text      = primTypes[KindText]
	Reserved  = primTypes[KindReserved]
	Empty     = primTypes[KindEmpty]
	Principal = primTypes[KindPrincipal]
	Blob      = Vec(primTypes[KindNat8])
)

// Opt returns the type opt t.
func Opt(t *Type) *Type { return &Type{kind: KindOpt, elem: t} }

// Vec returns the type vec t.
func Vec(t *Type) *Type { return &Type{kind: KindVec, elem: t} }

// NamedField returns a field whose id is the hash of name.
func NamedField(name string, t *Type) Field { return Field{ID: Hash(name), Name: name, Type: t} }

// Record returns a record type. Fields may be given in any order; two
// fields with the same id are a programming error and panic.
func Record(fields ...Field) *Type { return mustComposite(KindRecord, fields) }

// Variant returns a variant type; duplicate ids panic as for Record.
func Variant(fields ...Field) *Type { return mustComposite(KindVariant, fields) }

// Tuple returns the record type with fields 0, 1, … of the given types.
func Tuple(ts ...*Type) *Type {
	fs := make([]Field, len(ts))
	for i, t := range ts {
		fs[i] = Field{ID: uint32(i), Type: t}
	}
	return &Type{kind: KindRecord, fields: fs}
}

func mustComposite(k Kind, fields []Field) *Type {
	t, err := newComposite(k, fields)
	if err != nil {
		panic(err)
	}
	return t
}

func newComposite(k Kind, fields []Field) (*Type, error) {
	fs := append([]Field(nil), fields...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	for i := 1; i < len(fs); i++ {
		if fs[i].ID == fs[i-1].ID {
			return nil, syntaxf("duplicate field id %d in %s", fs[i].ID, k)
		}
	}
	return &Type{kind: k, fields: fs}, nil
}

// Func returns a function type.
func Func(args, results []*Type, mode FuncMode) *Type {
	return &Type{kind: KindFunc, args: append([]*Type(nil), args...),
		results: append([]*Type(nil), results...), mode: mode}
}

// Service returns a service type. Duplicate method names panic.
func Service(methods ...Method) *Type {
	t, err := newService(methods)
	if err != nil {
		panic(err)
	}
	return t
}

func newService(methods []Method) (*Type, error) {
	ms := append([]Method(nil), methods...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	for i := 1; i < len(ms); i++ {
		if ms[i].Name == ms[i-1].Name {
			return nil, syntaxf("duplicate method %q", ms[i].Name)
		}
	}
	return &Type{kind: KindService, methods: ms}, nil
}

// Named returns a named type whose definition is given later with Define;
// it is how recursive types are built:
//
//	list := candid.Named("List")
//	list.Define(candid.Opt(candid.Record(candid.NamedField("head", candid.Int), candid.NamedField("tail", list))))
func Named(name string) *Type { return &Type{kind: kindNamed, name: name} }

// Define sets the definition of a Named type. It fails if t is not an
// undefined named type or if the definition would be t itself.
func (t *Type) Define(def *Type) error {
	if t == nil || t.kind != kindNamed || t.def != nil {
		return syntaxf("Define on a type that is not an undefined named type")
	}
	for d, i := def, 0; d != nil && d.kind == kindNamed; d, i = d.def, i+1 {
		if d == t || i > 1<<16 {
			return syntaxf("type %s is defined as itself", t.name)
		}
	}
	t.def = def
	return nil
}

// res follows named references to the defining type. Undefined names and
// nil resolve to the invalid type.
func (t *Type) res() *Type {
	for t != nil && t.kind == kindNamed {
		t = t.def
	}
	if t == nil {
		return invalidType
	}
	return t
}

// Kind returns the kind of t, looking through named types.
func (t *Type) Kind() Kind { return t.res().kind }

// Name returns the name of a named type, or "".
func (t *Type) Name() string {
	if t == nil || t.kind != kindNamed {
		return ""
	}
	return t.name
}

// Elem returns the element type of an opt or vec type.
func (t *Type) Elem() *Type { return t.res().elem }

// Fields returns the fields of a record or variant type, sorted by id.
// The caller must not modify the slice.
func (t *Type) Fields() []Field { return t.res().fields }

// Args returns the argument types of a func type.
func (t *Type) Args() []*Type { return t.res().args }

// Results returns the result types of a func type.
func (t *Type) Results() []*Type { return t.res().results }

// Mode returns the annotations of a func type.
func (t *Type) Mode() FuncMode { return t.res().mode }

// Methods returns the methods of a service type, sorted by name.
func (t *Type) Methods() []Method { return t.res().methods }

// Method returns the func type of the named method of a service type.
func (t *Type) Method(name string) (*Type, bool) {
	ms := t.res().methods
	i := sort.Search(len(ms), func(i int) bool { return ms[i].Name >= name })
	if i < len(ms) && ms[i].Name == name {
		return ms[i].Type, true
	}
	return nil, false
}

// field returns the index of the field with the given id, or -1.
func (t *Type) field(id uint32) int {
	fs := t.fields
	i := sort.Search(len(fs), func(i int) bool { return fs[i].ID >= id })
	if i < len(fs) && fs[i].ID == id {
		return i
	}
	return -1
}

// nullable reports null <: t: t is null, an opt or reserved.
func nullable(t *Type) bool {
	switch t.res().kind {
	case KindNull, KindOpt, KindReserved:
		return true
	}
	return false
}

// Hash returns the field id of a field name: (Σ b·223^(k−i)) mod 2^32 over
// the UTF-8 bytes of name.
func Hash(name string) uint32 {
	var h uint32
	for i := 0; i < len(name); i++ {
		h = h*223 + uint32(name[i])
	}
	return h
}

func (m FuncMode) String() string {
	s := ""
	for _, a := range [...]struct {
		m FuncMode
		s string
	}{{Query, "query"}, {Oneway, "oneway"}, {CompositeQuery, "composite_query"}} {
		if m&a.m != 0 {
			if s != "" {
				s += " "
			}
			s += a.s
		}
	}
	return s
}

var _ fmt.Stringer = (*Type)(nil)
