package candid

// Kind is the constructor of a Type or Value.
type Kind uint8

// The kinds. KindNumber only occurs in values: an untyped number literal
// parsed from text, which takes a numeric kind when coerced to a type.
// KindFuture is a type from a newer Candid version seen on the wire; its
// values can only be skipped.
const (
	KindInvalid Kind = iota
	KindNull
	KindBool
	KindNat
	KindInt
	KindNat8
	KindNat16
	KindNat32
	KindNat64
	KindInt8
	KindInt16
	KindInt32
	KindInt64
	KindFloat32
	KindFloat64
	KindText
	KindReserved
	KindEmpty
	KindPrincipal
	KindOpt
	KindVec
	KindRecord
	KindVariant
	KindFunc
	KindService
	KindFuture
	KindNumber
	kindNamed // a reference to a named definition; never returned by Kind()
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindNull: "null", KindBool: "bool", KindNat: "nat", KindInt: "int",
	KindNat8: "nat8", KindNat16: "nat16", KindNat32: "nat32", KindNat64: "nat64",
	KindInt8: "int8", KindInt16: "int16", KindInt32: "int32", KindInt64: "int64",
	KindFloat32: "float32", KindFloat64: "float64", KindText: "text", KindReserved: "reserved",
	KindEmpty: "empty", KindPrincipal: "principal", KindOpt: "opt", KindVec: "vec",
	KindRecord: "record", KindVariant: "variant", KindFunc: "func", KindService: "service",
	KindFuture: "future", KindNumber: "number", kindNamed: "named",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Wire opcodes (spec § Binary Format, Types).
const (
	opOpt     = -18
	opVec     = -19
	opRecord  = -20
	opVariant = -21
	opFunc    = -22
	opService = -23
	opPrinc   = -24
)

// primitive reports whether k is a primitive type (one encoded by opcode).
func (k Kind) primitive() bool { return k >= KindNull && k <= KindPrincipal }

// opcode returns the wire opcode of a primitive kind.
func (k Kind) opcode() int64 {
	if k == KindPrincipal {
		return opPrinc
	}
	return -int64(k)
}

// primKind maps a negative wire opcode to a primitive kind, or KindInvalid.
func primKind(op int64) Kind {
	switch {
	case op == opPrinc:
		return KindPrincipal
	case op <= -1 && op >= -17:
		return Kind(-op)
	}
	return KindInvalid
}

// fixedSize is the wire size of a fixed-width primitive, or 0.
func (k Kind) fixedSize() int {
	switch k {
	case KindNat8, KindInt8:
		return 1
	case KindNat16, KindInt16:
		return 2
	case KindNat32, KindInt32, KindFloat32:
		return 4
	case KindNat64, KindInt64, KindFloat64:
		return 8
	}
	return 0
}

// Keywords of the text syntax for primitive types.
var primByName = map[string]Kind{
	"null": KindNull, "bool": KindBool, "nat": KindNat, "int": KindInt,
	"nat8": KindNat8, "nat16": KindNat16, "nat32": KindNat32, "nat64": KindNat64,
	"int8": KindInt8, "int16": KindInt16, "int32": KindInt32, "int64": KindInt64,
	"float32": KindFloat32, "float64": KindFloat64, "text": KindText,
	"reserved": KindReserved, "empty": KindEmpty, "principal": KindPrincipal,
}
