package upload

import (
	"strings"
	"unicode"
	"unicode/utf16"
)

// The tokens of JSON5 that are more than one character: strings,
// identifiers and numbers (spec §5.2 to §6).

// str parses a single- or double-quoted string.
func (p *parser) str() (string, error) {
	at := p.pos()
	quote := p.next()
	var b strings.Builder
	for {
		r, _ := p.peek()
		switch {
		case r == -1:
			return "", p.errAt(at, "string not closed")
		case r == quote:
			p.next()
			return b.String(), nil
		case r == '\n' || r == '\r':
			return "", p.errf("line break in a string (escape it as \\n)")
		case r == '\\':
			if err := p.escape(&b, false); err != nil {
				return "", err
			}
		default:
			b.WriteRune(p.next())
		}
	}
}

// escape reads one escape sequence of a string (or, for identifiers, only
// \uXXXX) and appends what it stands for.
func (p *parser) escape(b *strings.Builder, identifier bool) error {
	at := p.pos()
	p.next() // backslash
	r := p.next()
	if identifier && r != 'u' {
		return p.errAt(at, "only \\u escapes may appear in a key")
	}
	switch r {
	case -1:
		return p.errAt(at, "string not closed")
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case '0':
		if d, _ := p.peek(); d >= '0' && d <= '9' {
			return p.errAt(at, "octal escapes are not allowed")
		}
		b.WriteByte(0)
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return p.errAt(at, "octal escapes are not allowed")
	case 'x':
		v, err := p.hexDigits(2)
		if err != nil {
			return err
		}
		b.WriteRune(rune(v))
	case 'u':
		v, err := p.hexDigits(4)
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(rune(v)) {
			lo := -1
			if strings.HasPrefix(p.src[p.off:], "\\u") {
				p.next()
				p.next()
				l, err := p.hexDigits(4)
				if err != nil {
					return err
				}
				lo = l
			}
			c := utf16.DecodeRune(rune(v), rune(lo))
			if c == unicode.ReplacementChar {
				return p.errAt(at, "unpaired surrogate in \\u escape")
			}
			v = int(c)
		}
		b.WriteRune(rune(v))
	case '\r':
		if n, _ := p.peek(); n == '\n' {
			p.next()
		}
	case '\n', '\u2028', '\u2029':
		// a line continuation stands for nothing
	default:
		b.WriteRune(r)
	}
	return nil
}

// hexDigits reads n hexadecimal digits.
func (p *parser) hexDigits(n int) (int, error) {
	v := 0
	for range n {
		r, _ := p.peek()
		d := hexValue(r)
		if d < 0 {
			return 0, p.errf("expected a hexadecimal digit, found %s", p.describe())
		}
		p.next()
		v = v<<4 | d
	}
	return v, nil
}

func hexValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

// isIdentStart is ECMAScript 5.1's IdentifierStart without the escape.
func isIdentStart(r rune) bool {
	return r == '$' || r == '_' || unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lm, unicode.Lo, unicode.Nl)
}

// isIdentPart is ECMAScript 5.1's IdentifierPart without the escape.
func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) ||
		r == '\u200c' || r == '\u200d'
}

// ident parses an identifier (an unquoted key, or a word such as true).
func (p *parser) ident() (string, error) {
	var b strings.Builder
	for first := true; ; first = false {
		at := p.pos()
		r, _ := p.peek()
		if r == '\\' {
			var e strings.Builder
			if err := p.escape(&e, true); err != nil {
				return "", err
			}
			c := []rune(e.String())[0]
			if (first && !isIdentStart(c)) || !isIdentPart(c) {
				return "", p.errAt(at, "escape %q cannot appear in a key", c)
			}
			b.WriteRune(c)
			continue
		}
		if (first && !isIdentStart(r)) || (!first && !isIdentPart(r)) {
			return b.String(), nil
		}
		b.WriteRune(p.next())
	}
}

// number parses a JSON5 number: optional sign, then a hexadecimal integer
// or a decimal with optional fraction and exponent.
func (p *parser) number() (*jvalue, error) {
	v := &jvalue{kind: jNumber, at: p.pos()}
	switch r, _ := p.peek(); r {
	case '-':
		v.num.neg = true
		p.next()
	case '+':
		p.next()
	}
	start := p.off
	r, _ := p.peek()
	switch {
	case isIdentStart(r):
		word, err := p.ident()
		if err != nil {
			return nil, err
		}
		if word == "Infinity" || word == "NaN" {
			return nil, p.errAt(v.at, "%s is not allowed", word)
		}
		return nil, p.errAt(v.at, "unexpected word %q after a sign", word)
	case r == '0' && (strings.HasPrefix(p.src[p.off:], "0x") || strings.HasPrefix(p.src[p.off:], "0X")):
		p.next()
		p.next()
		start = p.off
		if p.digits(true) == 0 {
			return nil, p.errf("expected a hexadecimal digit, found %s", p.describe())
		}
		v.num.hex = true
	default:
		n := p.digits(false)
		if n > 1 && p.src[start] == '0' {
			return nil, p.errAt(v.at, "leading zeros are not allowed")
		}
		if r, _ := p.peek(); r == '.' {
			p.next()
			n += p.digits(false)
		}
		if n == 0 {
			return nil, p.errAt(v.at, "a number needs digits")
		}
		if r, _ := p.peek(); r == 'e' || r == 'E' {
			p.next()
			if r, _ := p.peek(); r == '+' || r == '-' {
				p.next()
			}
			if p.digits(false) == 0 {
				return nil, p.errf("expected exponent digits, found %s", p.describe())
			}
		}
	}
	v.num.text = p.src[start:p.off]
	if r, _ := p.peek(); isIdentPart(r) || r == '.' {
		return nil, p.errf("unexpected %s after a number", p.describe())
	}
	return v, nil
}

// digits consumes decimal (or hexadecimal) digits and counts them.
func (p *parser) digits(hex bool) int {
	n := 0
	for {
		r, _ := p.peek()
		if !(r >= '0' && r <= '9') && !(hex && hexValue(r) >= 0) {
			return n
		}
		p.next()
		n++
	}
}
