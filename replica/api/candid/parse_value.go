package candid

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func validUTF8(s string) bool { return utf8.ValidString(s) }

// ParseArgs parses an argument sequence in Candid text syntax, such as
// `(record { name = "x"; n = 5 : nat }, opt vec { 1; 2 }, variant { ok })`.
// Numbers without a type annotation stay untyped (KindNumber) until Encode
// or Coerce gives them a type. Annotations may use built-in types only.
func ParseArgs(s string) ([]Value, error) {
	p, err := newParser(s, map[string]*Type{})
	if err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var vs []Value
	err = p.sepBy(",", ")", func() error {
		v, err := p.annval()
		vs = append(vs, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errf("unexpected %s after the arguments", p.describe())
	}
	return vs, nil
}

// ParseValue parses a single value in Candid text syntax.
func ParseValue(s string) (Value, error) {
	p, err := newParser(s, map[string]*Type{})
	if err != nil {
		return Value{}, err
	}
	v, err := p.annval()
	if err != nil {
		return Value{}, err
	}
	if p.tok.kind != tEOF {
		return Value{}, p.errf("unexpected %s after the value", p.describe())
	}
	return v, nil
}

// annval parses <val> or <val> : <datatype>.
func (p *parser) annval() (Value, error) {
	v, err := p.val()
	if err != nil || !p.is(":") {
		return v, err
	}
	if err := p.advance(); err != nil {
		return Value{}, err
	}
	t, err := p.datatype()
	if err != nil {
		return Value{}, err
	}
	return Coerce(v, t)
}

func (p *parser) val() (Value, error) {
	if err := p.enter(); err != nil {
		return Value{}, err
	}
	defer p.leave()
	t := p.tok
	switch t.kind {
	case tNum:
		v, err := parseNumber(t.s)
		if err != nil {
			return Value{}, p.errf("%v", err)
		}
		return v, p.advance()
	case tText:
		if !validUTF8(t.s) {
			return Value{}, p.errf("text is not valid UTF-8")
		}
		return TextValue(t.s), p.advance()
	case tPunct:
		if t.s != "(" {
			return Value{}, p.errf("expected a value, found %s", p.describe())
		}
		if err := p.advance(); err != nil {
			return Value{}, err
		}
		v, err := p.annval()
		if err != nil {
			return Value{}, err
		}
		return v, p.expect(")")
	case tID:
	default:
		return Value{}, p.errf("expected a value, found %s", p.describe())
	}
	if err := p.advance(); err != nil {
		return Value{}, err
	}
	switch t.s {
	case "true", "false":
		return BoolValue(t.s == "true"), nil
	case "null":
		return nullValue, nil
	case "nan": // printed for NaN floats
		return Value{kind: KindNumber, n: 1, s: "NaN"}, nil
	case "opt":
		v, err := p.val()
		return OptValue(v), err
	case "vec":
		var es []Value
		if err := p.expect("{"); err != nil {
			return Value{}, err
		}
		err := p.sepBy(";", "}", func() error {
			v, err := p.annval()
			es = append(es, v)
			return err
		})
		return VecValue(es...), err
	case "blob":
		if p.tok.kind != tText {
			return Value{}, p.errf("expected a text after blob")
		}
		return BlobValue([]byte(p.tok.s)), p.advance()
	case "record", "variant":
		return p.fieldValues(t.s == "variant")
	case "principal", "service", "func":
		return p.reference(t.s)
	}
	return Value{}, p.lx.errf(t.pos, "unexpected %q", t.s)
}

func (p *parser) reference(kw string) (Value, error) {
	if p.tok.kind != tText {
		return Value{}, p.errf("expected a principal text after %s", kw)
	}
	id, err := parsePrincipal(p.tok.s)
	if err != nil {
		return Value{}, p.errf("%s", err.(*Error).Msg)
	}
	if err := p.advance(); err != nil {
		return Value{}, err
	}
	switch kw {
	case "principal":
		return PrincipalValue(id), nil
	case "service":
		return ServiceValue(id), nil
	}
	if err := p.expect("."); err != nil {
		return Value{}, err
	}
	m, err := p.name()
	return FuncValue(id, m), err
}

func (p *parser) fieldValues(variant bool) (Value, error) {
	if err := p.expect("{"); err != nil {
		return Value{}, err
	}
	var fs []FieldValue
	next := uint64(0)
	err := p.sepBy(";", "}", func() error {
		labeled, err := p.labelAhead("=")
		if err != nil {
			return err
		}
		var f FieldValue
		switch {
		case labeled:
			if f.ID, f.Name, err = p.label(); err != nil {
				return err
			}
			if err := p.advance(); err != nil { // "="
				return err
			}
			f.Value, err = p.annval()
		case variant:
			f.ID, f.Name, err = p.label()
			f.Value = nullValue
		default:
			if next > 0xffffffff {
				return p.errf("tuple field id overflows")
			}
			f.ID = uint32(next)
			f.Value, err = p.annval()
		}
		next = uint64(f.ID) + 1
		fs = append(fs, f)
		return err
	})
	if err != nil {
		return Value{}, err
	}
	if variant {
		if len(fs) != 1 {
			return Value{}, p.errf("a variant value has exactly one field, not %d", len(fs))
		}
		return VariantValue(fs[0]), nil
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	for i := 1; i < len(fs); i++ {
		if fs[i].ID == fs[i-1].ID {
			return Value{}, p.errf("duplicate record field %s", fieldLabel(fs[i].ID, fs[i].Name))
		}
	}
	return Value{kind: KindRecord, fields: fs}, nil
}

// parseNumber turns a number literal into an untyped number value.
func parseNumber(lit string) (Value, error) {
	s := strings.ReplaceAll(lit, "_", "")
	body := strings.TrimLeft(s, "+-")
	hex := strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X")
	isFloat := strings.Contains(s, ".") || !hex && strings.ContainsAny(s, "eE") || hex && strings.ContainsAny(s, "pP")
	if !isFloat {
		digits, base := body, 10
		if hex {
			digits, base = body[2:], 16
		}
		x, ok := new(big.Int).SetString(digits, base)
		if !ok || digits == "" || digits[0] == '+' || digits[0] == '-' {
			return Value{}, syntaxf("invalid number %q", lit)
		}
		if strings.HasPrefix(s, "-") {
			x.Neg(x)
		}
		return Value{kind: KindNumber, big: x}, nil
	}
	if hex && !strings.ContainsAny(s, "pP") {
		s += "p0"
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil && !strings.Contains(err.Error(), "range") {
		return Value{}, syntaxf("invalid number %q", lit)
	}
	return Value{kind: KindNumber, n: 1, s: s}, nil
}
