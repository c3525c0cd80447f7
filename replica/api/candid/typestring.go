package candid

import (
	"strconv"
	"strings"
)

// String returns t in Candid type syntax. Named types print as their name;
// a cycle without a name (from a message's type table) prints as "μ". Very
// large types (a table can share components exponentially) are cut short
// with "…".
func (t *Type) String() string { return typeString(t, 1<<16) }

// typeString prints at most budget type nodes.
func typeString(t *Type, budget int) string {
	p := typePrinter{budget: budget}
	p.typ(t, true)
	return p.b.String()
}

// short prints a type for an error message.
func short(t *Type) string { return typeString(t, 24) }

type typePrinter struct {
	b      strings.Builder
	stack  map[*Type]bool
	budget int
}

// typ prints t. top is true for the outermost type, the only one whose
// name is looked through (so that definitions can be printed).
func (p *typePrinter) typ(t *Type, top bool) {
	if t != nil && t.kind == kindNamed && !top {
		p.b.WriteString(t.name)
		return
	}
	t = t.res()
	if p.budget--; p.budget < 0 {
		if p.budget == -1 {
			p.b.WriteString("…")
		}
		return
	}
	if p.stack[t] {
		p.b.WriteString("μ")
		return
	}
	switch t.kind {
	case KindOpt, KindVec, KindRecord, KindVariant, KindFunc, KindService:
		if p.stack == nil {
			p.stack = map[*Type]bool{}
		}
		p.stack[t] = true
		defer delete(p.stack, t)
	}
	switch t.kind {
	case KindOpt:
		p.b.WriteString("opt ")
		p.typ(t.elem, false)
	case KindVec:
		if t.elem.res().kind == KindNat8 && t.elem.kind != kindNamed {
			p.b.WriteString("blob")
			return
		}
		p.b.WriteString("vec ")
		p.typ(t.elem, false)
	case KindRecord, KindVariant:
		p.fields(t)
	case KindFunc:
		p.b.WriteString("func ")
		p.funcType(t)
	case KindService:
		p.b.WriteString("service {")
		for i, m := range t.methods {
			if i > 0 {
				p.b.WriteString(";")
			}
			p.b.WriteString(" " + quoteName(m.Name) + " : ")
			if m.Type != nil && m.Type.kind == kindNamed {
				p.b.WriteString(m.Type.name)
			} else {
				p.funcType(m.Type.res())
			}
		}
		p.b.WriteString(" }")
	case KindFuture:
		p.b.WriteString("future")
	default:
		p.b.WriteString(t.kind.String())
	}
}

func (p *typePrinter) fields(t *Type) {
	p.b.WriteString(t.kind.String())
	if len(t.fields) == 0 {
		p.b.WriteString(" {}")
		return
	}
	p.b.WriteString(" {")
	tuple := t.kind == KindRecord && isTuple(t.fields)
	for i, f := range t.fields {
		if i > 0 {
			p.b.WriteString(";")
		}
		p.b.WriteString(" ")
		if !tuple {
			p.b.WriteString(fieldLabel(f.ID, f.Name))
			if t.kind == KindVariant && f.Type.res().kind == KindNull && f.Type.kind != kindNamed {
				continue
			}
			p.b.WriteString(" : ")
		}
		p.typ(f.Type, false)
	}
	p.b.WriteString(" }")
}

func (p *typePrinter) funcType(t *Type) {
	p.tuple(t.args)
	p.b.WriteString(" -> ")
	p.tuple(t.results)
	if t.mode != 0 {
		p.b.WriteString(" " + t.mode.String())
	}
}

func (p *typePrinter) tuple(ts []*Type) {
	p.b.WriteString("(")
	for i, t := range ts {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.typ(t, false)
	}
	p.b.WriteString(")")
}

func isTuple(fs []Field) bool {
	for i, f := range fs {
		if f.ID != uint32(i) || f.Name != "" {
			return false
		}
	}
	return true
}

// fieldLabel prints a field as its name when it has one, else its number.
func fieldLabel(id uint32, name string) string {
	if name != "" && Hash(name) == id {
		return quoteName(name)
	}
	return strconv.FormatUint(uint64(id), 10)
}

// quoteName prints a name bare when it is an identifier and not a keyword,
// else as a text literal.
func quoteName(s string) string {
	if isIdent(s) && !keywords[s] {
		return s
	}
	return quoteText(s)
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

var keywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"opt", "vec", "record", "variant", "func", "service", "blob",
		"type", "import", "query", "oneway", "composite_query", "true", "false", "principal"} {
		m[k] = true
	}
	for k := range primByName {
		m[k] = true
	}
	return m
}()
