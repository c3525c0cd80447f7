package httpcert

import (
	"fmt"
	"strconv"
)

// CELError is a syntax or structure error in an IC-CertificateExpression.
type CELError struct {
	Offset int // byte offset in the expression, or -1
	Msg    string
}

func (e *CELError) Error() string {
	if e.Offset < 0 {
		return "httpcert: CEL: " + e.Msg
	}
	return "httpcert: CEL: at byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// ParseExpression parses an IC-CertificateExpression header value.
//
// The syntax is the grammar of PROTOCOL.md §8.6 with the reference
// implementation's allowances (D5): whitespace may surround every token and
// list strings are separated by commas. The parser is otherwise strict,
// where the reference is lenient: nothing may follow the expression, a
// property may occur once and only where the grammar puts it (in any order),
// Empty{} must be empty, default_certification takes exactly one argument,
// and strings may not contain '\\' or control characters. A string may hold
// any other character, not only the letters, digits and '-' the reference
// accepts.
func ParseExpression(s string) (Expression, error) {
	p := celParser{s: s}
	root, err := p.value(0)
	if err != nil {
		return Expression{}, err
	}
	p.skipSpace()
	if p.i < len(s) {
		return Expression{}, p.errorf("unexpected %q after the expression", s[p.i])
	}
	return mapExpression(root)
}

type celKind uint8

const (
	celString celKind = iota
	celArray
	celObject
	celFunction
)

func (k celKind) String() string {
	return [...]string{"string", "list", "object", "function call"}[k]
}

// celNode is a node of the generic syntax tree: a string, a list, an object
// Name{key: value, …} or a call Name(value, …).
type celNode struct {
	kind  celKind
	pos   int
	name  string // object or function name; string contents
	keys  []string
	items []celNode // list items, object values (parallel to keys), arguments
}

type celParser struct {
	s string
	i int
}

const celMaxDepth = 16

func (p *celParser) errorf(format string, args ...any) error {
	return &CELError{Offset: p.i, Msg: fmt.Sprintf(format, args...)}
}

func (p *celParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			p.i++
		default:
			return
		}
	}
}

// expect skips whitespace and consumes c.
func (p *celParser) expect(c byte) error {
	p.skipSpace()
	if p.i >= len(p.s) {
		return p.errorf("want %q, found the end", c)
	}
	if p.s[p.i] != c {
		return p.errorf("want %q, found %q", c, p.s[p.i])
	}
	p.i++
	return nil
}

// peek skips whitespace and reports whether the next byte is c.
func (p *celParser) peek(c byte) bool {
	p.skipSpace()
	return p.i < len(p.s) && p.s[p.i] == c
}

func (p *celParser) value(depth int) (celNode, error) {
	if depth > celMaxDepth {
		return celNode{}, p.errorf("nested too deeply")
	}
	p.skipSpace()
	if p.i >= len(p.s) {
		return celNode{}, p.errorf("want a value, found the end")
	}
	start := p.i
	switch c := p.s[p.i]; {
	case c == '"':
		str, err := p.str()
		return celNode{kind: celString, pos: start, name: str}, err
	case c == '[':
		p.i++
		items, err := p.list(']', depth)
		return celNode{kind: celArray, pos: start, items: items}, err
	case isIdentByte(c):
		name := p.ident()
		p.skipSpace()
		switch {
		case p.peek('{'):
			p.i++
			keys, vals, err := p.props(depth)
			return celNode{kind: celObject, pos: start, name: name, keys: keys, items: vals}, err
		case p.peek('('):
			p.i++
			args, err := p.list(')', depth)
			return celNode{kind: celFunction, pos: start, name: name, items: args}, err
		}
		return celNode{}, p.errorf("want '{' or '(' after %q", name)
	default:
		return celNode{}, p.errorf("unexpected %q", c)
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

func (p *celParser) ident() string {
	start := p.i
	for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// str reads a quoted string; the opening quote is at p.i.
func (p *celParser) str() (string, error) {
	p.i++
	start := p.i
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], nil
		case c == '\\':
			return "", p.errorf("escapes are not allowed in strings")
		case c < ' ' || c == 0x7f:
			return "", p.errorf("control character %q in a string", c)
		}
	}
	return "", &CELError{Offset: start - 1, Msg: "unterminated string"}
}

// list reads comma-separated values up to the closing byte.
func (p *celParser) list(closing byte, depth int) ([]celNode, error) {
	var items []celNode
	if p.peek(closing) {
		p.i++
		return items, nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		if p.peek(',') {
			p.i++
			continue
		}
		return items, p.expect(closing)
	}
}

// props reads comma-separated key: value pairs up to '}'.
func (p *celParser) props(depth int) ([]string, []celNode, error) {
	var keys []string
	var vals []celNode
	if p.peek('}') {
		p.i++
		return keys, vals, nil
	}
	for {
		p.skipSpace()
		at := p.i
		key := p.ident()
		if key == "" {
			return nil, nil, p.errorf("want a property name")
		}
		for _, k := range keys {
			if k == key {
				return nil, nil, &CELError{Offset: at, Msg: "property " + key + " repeats"}
			}
		}
		if err := p.expect(':'); err != nil {
			return nil, nil, err
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, key)
		vals = append(vals, v)
		if p.peek(',') {
			p.i++
			continue
		}
		return keys, vals, p.expect('}')
	}
}
