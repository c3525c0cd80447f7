package candid

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// String returns v in Candid text syntax. Values read back with ParseArgs
// and coerced to the same type are equal to v.
func (v Value) String() string {
	var b strings.Builder
	writeValue(&b, v, 0)
	return b.String()
}

// FormatArgs prints an argument sequence: "(v1, v2)".
func FormatArgs(vs []Value) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(&b, v, 0)
	}
	b.WriteByte(')')
	return b.String()
}

func writeValue(b *strings.Builder, v Value, depth int) {
	if depth > maxDepth {
		b.WriteString("…")
		return
	}
	switch v.kind {
	case KindNull, KindReserved:
		b.WriteString("null")
	case KindBool:
		b.WriteString(strconv.FormatBool(v.n != 0))
	case KindNat, KindInt:
		b.WriteString(v.big.String())
	case KindNumber:
		if v.n == 1 {
			b.WriteString(v.s)
		} else if v.big != nil {
			b.WriteString(v.big.String())
		}
	case KindNat8, KindNat16, KindNat32, KindNat64:
		b.WriteString(strconv.FormatUint(v.n, 10))
	case KindInt8, KindInt16, KindInt32, KindInt64:
		b.WriteString(strconv.FormatInt(int64(v.n), 10))
	case KindFloat32, KindFloat64:
		b.WriteString(formatFloat(v.Float64(), v.kind))
	case KindText:
		b.WriteString(quoteText(v.s))
	case KindPrincipal:
		b.WriteString("principal " + strconv.Quote(principalText(v.b)))
	case KindService:
		b.WriteString("service " + strconv.Quote(principalText(v.b)))
	case KindFunc:
		b.WriteString("func " + strconv.Quote(principalText(v.b)) + "." + quoteName(v.s))
	case KindOpt:
		if len(v.elems) == 0 {
			b.WriteString("null")
			return
		}
		b.WriteString("opt ")
		writeValue(b, v.elems[0], depth+1)
	case KindVec:
		if v.isBlob() {
			b.WriteString("blob " + quoteBlob(v.b))
			return
		}
		if len(v.elems) == 0 {
			b.WriteString("vec {}")
			return
		}
		b.WriteString("vec {")
		for i, e := range v.elems {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteByte(' ')
			writeValue(b, e, depth+1)
		}
		b.WriteString(" }")
	case KindRecord, KindVariant:
		writeFields(b, v, depth)
	case KindFuture:
		b.WriteString("null")
	default:
		b.WriteString("<invalid>")
	}
}

func writeFields(b *strings.Builder, v Value, depth int) {
	b.WriteString(v.kind.String())
	if len(v.fields) == 0 {
		b.WriteString(" {}")
		return
	}
	tuple := v.kind == KindRecord
	for i, f := range v.fields {
		tuple = tuple && f.ID == uint32(i) && f.Name == ""
	}
	b.WriteString(" {")
	for i, f := range v.fields {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteByte(' ')
		if !tuple {
			b.WriteString(fieldLabel(f.ID, f.Name))
			if v.kind == KindVariant && f.Value.kind == KindNull {
				continue
			}
			b.WriteString(" = ")
		}
		writeValue(b, f.Value, depth+1)
	}
	b.WriteString(" }")
}

func formatFloat(f float64, k Kind) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "1e999" // overflows to +inf when parsed
	case math.IsInf(f, -1):
		return "-1e999"
	}
	bits := 64
	if k == KindFloat32 {
		bits = 32
	}
	s := strconv.FormatFloat(f, 'g', -1, bits)
	if !strings.ContainsAny(s, ".e") {
		s += "."
	}
	return s
}

// quoteText prints a text literal; non-ASCII characters are kept as UTF-8.
func quoteText(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\` + hex2(byte(r)))
		case r == utf8.RuneError:
			b.WriteString(`\u{fffd}`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// quoteBlob prints bytes as a text literal, escaping all but printable ASCII.
func quoteBlob(p []byte) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range p {
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'' {
			b.WriteByte(c)
		} else {
			b.WriteString(`\` + hex2(c))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
