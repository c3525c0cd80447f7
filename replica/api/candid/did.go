package candid

import "sort"

// Did is a parsed .did service description.
type Did struct {
	// Types holds the named type definitions.
	Types map[string]*Type
	// Service is the service type, nil if the file declares none.
	Service *Type
	// Init holds the init arguments of a service class
	// ("service : (init) -> { … }"), nil for a plain service.
	Init []*Type
}

// ParseDid parses a .did file: type definitions, then optionally the
// service. Imports are not supported and are reported as an error.
func ParseDid(src string) (*Did, error) {
	p, err := newParser(src, map[string]*Type{})
	if err != nil {
		return nil, err
	}
	p.open = true
	d := &Did{Types: p.env}
	for p.isKeyword("type") || p.isKeyword("import") {
		if p.isKeyword("import") {
			return nil, p.errf("import is not supported; inline the imported definitions")
		}
		if err := p.definition(); err != nil {
			return nil, err
		}
	}
	if p.isKeyword("service") {
		if err := p.actor(d); err != nil {
			return nil, err
		}
	}
	if p.tok.kind != tEOF {
		return nil, p.errf("unexpected %s", p.describe())
	}
	names := make([]string, 0, len(p.env))
	for name := range p.env {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if t := p.env[name]; t.kind == kindNamed && t.def == nil {
			return nil, syntaxf("type %q is used but not defined", name)
		}
	}
	for _, t := range p.env {
		if err := checkMethods(t.res()); err != nil {
			return nil, err
		}
	}
	if d.Service != nil {
		if d.Service.Kind() != KindService {
			return nil, syntaxf("the service is of type %s, not a service", short(d.Service))
		}
		if err := checkMethods(d.Service.res()); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func checkMethods(t *Type) error {
	for _, m := range t.methods {
		if m.Type.Kind() != KindFunc {
			return syntaxf("method %q has type %s, not a function type", m.Name, short(m.Type))
		}
	}
	return nil
}

// definition parses "type <id> = <datatype> ;".
func (p *parser) definition() error {
	if err := p.advance(); err != nil {
		return err
	}
	if p.tok.kind != tID || keywords[p.tok.s] {
		return p.errf("expected a type name, found %s", p.describe())
	}
	name := p.tok.s
	if err := p.advance(); err != nil {
		return err
	}
	if err := p.expect("="); err != nil {
		return err
	}
	t, ok := p.env[name]
	if !ok {
		t = Named(name)
		p.env[name] = t
	}
	def, err := p.datatype()
	if err != nil {
		return err
	}
	if t.def != nil {
		return p.errf("type %q is defined twice", name)
	}
	if err := t.Define(def); err != nil {
		return p.errf("%s", err.(*Error).Msg)
	}
	return p.expect(";")
}

// actor parses "service <id>? : (<tuptype> ->)? (<actortype> | <id>) ;?".
func (p *parser) actor(d *Did) error {
	if err := p.advance(); err != nil {
		return err
	}
	if p.tok.kind == tID {
		if err := p.advance(); err != nil {
			return err
		}
	}
	if err := p.expect(":"); err != nil {
		return err
	}
	if p.is("(") {
		init, err := p.tupleType()
		if err != nil {
			return err
		}
		d.Init = init
		if err := p.expect("->"); err != nil {
			return err
		}
	}
	var err error
	if p.is("{") {
		d.Service, err = p.actorType()
	} else if p.tok.kind == tID {
		name := p.tok.s
		if err := p.advance(); err != nil {
			return err
		}
		d.Service, err = p.named(name)
	} else {
		err = p.errf("expected a service type, found %s", p.describe())
	}
	if err != nil {
		return err
	}
	if p.is(";") {
		return p.advance()
	}
	return nil
}

// Method returns the func type of a method of the service.
func (d *Did) Method(name string) (*Type, bool) {
	if d.Service == nil {
		return nil, false
	}
	return d.Service.Method(name)
}

// ParseTypes parses an argument type sequence such as "(List, opt nat)" in
// the scope of the file's type definitions.
func (d *Did) ParseTypes(s string) ([]*Type, error) {
	return parseTypesIn(s, d.Types)
}
