package candid

import (
	"strconv"
	"strings"
)

// parser reads Candid text: values, types and .did files.
type parser struct {
	lx      lexer
	tok     token            // current token
	peeked  *token           // the token after tok, once looked at
	env     map[string]*Type // named types in scope
	open    bool             // unknown names become definitions to come (.did files)
	depth   int
	pending []*Type // names referenced before their definition
}

func newParser(src string, env map[string]*Type) (*parser, error) {
	p := &parser{lx: lexer{src: src}, env: env}
	return p, p.advance()
}

func (p *parser) advance() error {
	if p.peeked != nil {
		p.tok, p.peeked = *p.peeked, nil
		return nil
	}
	t, err := p.lx.next()
	p.tok = t
	return err
}

// peek returns the token after the current one.
func (p *parser) peek() (token, error) {
	if p.peeked == nil {
		t, err := p.lx.next()
		if err != nil {
			return token{}, err
		}
		p.peeked = &t
	}
	return *p.peeked, nil
}

func (p *parser) errf(format string, args ...any) error {
	return p.lx.errf(p.tok.pos, format, args...)
}

func (p *parser) is(punct string) bool { return p.tok.kind == tPunct && p.tok.s == punct }

func (p *parser) isKeyword(kw string) bool { return p.tok.kind == tID && p.tok.s == kw }

// expect consumes the punctuation punct.
func (p *parser) expect(punct string) error {
	if !p.is(punct) {
		return p.errf("expected %q, found %s", punct, p.describe())
	}
	return p.advance()
}

func (p *parser) describe() string {
	if p.tok.kind == tEOF {
		return "end of input"
	}
	return strconv.Quote(p.tok.s)
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("nested deeper than %d", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// labelAhead reports whether the current token is a field label followed
// by sep (":" in types, "=" in values).
func (p *parser) labelAhead(sep string) (bool, error) {
	if p.tok.kind != tID && p.tok.kind != tText && p.tok.kind != tNum {
		return false, nil
	}
	n, err := p.peek()
	if err != nil {
		return false, err
	}
	return n.kind == tPunct && n.s == sep, nil
}

// label consumes a field label: a number, an identifier or a text, and
// returns its id and name.
func (p *parser) label() (uint32, string, error) {
	t := p.tok
	if err := p.advance(); err != nil {
		return 0, "", err
	}
	if t.kind == tNum {
		id, err := strconv.ParseUint(strings.ReplaceAll(t.s, "_", ""), 0, 32)
		if err != nil {
			return 0, "", p.lx.errf(t.pos, "invalid field id %s", t.s)
		}
		return uint32(id), "", nil
	}
	if t.kind == tText && !validUTF8(t.s) {
		return 0, "", p.lx.errf(t.pos, "field name is not valid UTF-8")
	}
	return Hash(t.s), t.s, nil
}

// name consumes a method or argument name: an identifier or a text.
func (p *parser) name() (string, error) {
	if p.tok.kind != tID && p.tok.kind != tText {
		return "", p.errf("expected a name, found %s", p.describe())
	}
	s := p.tok.s
	if !validUTF8(s) {
		return "", p.errf("name is not valid UTF-8")
	}
	return s, p.advance()
}

// sepBy parses items separated by sep until the closing punctuation, which
// it consumes; a trailing separator is allowed.
func (p *parser) sepBy(sep, closing string, item func() error) error {
	for !p.is(closing) {
		if err := item(); err != nil {
			return err
		}
		if p.is(sep) {
			if err := p.advance(); err != nil {
				return err
			}
		} else if !p.is(closing) {
			return p.errf("expected %q or %q, found %s", sep, closing, p.describe())
		}
	}
	return p.advance()
}
