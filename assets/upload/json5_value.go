package upload

// The values of JSON5 (spec §3): objects, arrays, strings, numbers and
// the literal words.

// value parses one value at nesting depth.
func (p *parser) value(depth int) (*jvalue, error) {
	at := p.pos()
	r, _ := p.peek()
	switch {
	case r == '{' || r == '[':
		if depth >= maxDepth {
			return nil, p.errf("nested more than %d deep", maxDepth)
		}
		if r == '{' {
			return p.object(depth)
		}
		return p.array(depth)
	case r == '"' || r == '\'':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &jvalue{kind: jString, at: at, str: s}, nil
	case r == '-' || r == '+' || r == '.' || (r >= '0' && r <= '9'):
		return p.number()
	case isIdentStart(r) || r == '\\':
		word, err := p.ident()
		if err != nil {
			return nil, err
		}
		switch word {
		case "null":
			return &jvalue{kind: jNull, at: at}, nil
		case "true", "false":
			return &jvalue{kind: jBool, at: at, boolean: word == "true"}, nil
		case "Infinity", "NaN":
			return nil, p.errAt(at, "%s is not allowed", word)
		}
		return nil, p.errAt(at, "unexpected word %q (strings need quotes)", word)
	case r == -1:
		return nil, p.errf("unexpected end of input, expected a value")
	}
	return nil, p.errf("unexpected %s, expected a value", p.describe())
}

// array parses [ value, ... ] with an optional trailing comma.
func (p *parser) array(depth int) (*jvalue, error) {
	v := &jvalue{kind: jArray, at: p.pos()}
	p.next() // [
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if r, _ := p.peek(); r == ']' {
			p.next()
			return v, nil
		}
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.elems = append(v.elems, e)
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		switch r, _ := p.peek(); r {
		case ',':
			p.next()
		case ']':
			p.next()
			return v, nil
		default:
			return nil, p.errf("unexpected %s in array, expected ',' or ']'", p.describe())
		}
	}
}

// object parses { key: value, ... } with an optional trailing comma.
func (p *parser) object(depth int) (*jvalue, error) {
	v := &jvalue{kind: jObject, at: p.pos()}
	p.next() // {
	seen := map[string]bool{}
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		r, _ := p.peek()
		if r == '}' {
			p.next()
			return v, nil
		}
		keyAt := p.pos()
		var key string
		var err error
		switch {
		case r == '"' || r == '\'':
			key, err = p.str()
		case isIdentStart(r) || r == '\\':
			key, err = p.ident()
		default:
			err = p.errf("unexpected %s, expected a key or '}'", p.describe())
		}
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, p.errAt(keyAt, "duplicate key %q", key)
		}
		seen[key] = true
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if r, _ := p.peek(); r != ':' {
			return nil, p.errf("unexpected %s after key %q, expected ':'", p.describe(), key)
		}
		p.next()
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.members = append(v.members, jmember{key: key, keyAt: keyAt, val: val})
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		switch r, _ := p.peek(); r {
		case ',':
			p.next()
		case '}':
			p.next()
			return v, nil
		default:
			return nil, p.errf("unexpected %s in object, expected ',' or '}'", p.describe())
		}
	}
}
