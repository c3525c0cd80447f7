package candid

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF   tokKind = iota
	tPunct         // one of ( ) { } ; , = : . or "->"
	tID            // identifier or keyword
	tText          // text literal; s holds the decoded bytes
	tNum           // number literal; s holds the source text
)

type token struct {
	kind tokKind
	s    string
	pos  int
}

// lexer splits Candid text (values or .did) into tokens.
type lexer struct {
	src string
	pos int
}

func (l *lexer) errf(pos int, format string, args ...any) error {
	line := 1 + strings.Count(l.src[:min(pos, len(l.src))], "\n")
	return syntaxf("line %d: "+format, append([]any{line}, args...)...)
}

// skipSpace skips white space and comments; block comments nest.
func (l *lexer) skipSpace() error {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case strings.HasPrefix(l.src[l.pos:], "//"):
			if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			start, depth := l.pos, 0
			for {
				switch {
				case l.pos >= len(l.src):
					return l.errf(start, "unclosed comment")
				case strings.HasPrefix(l.src[l.pos:], "/*"):
					depth++
					l.pos += 2
				case strings.HasPrefix(l.src[l.pos:], "*/"):
					depth--
					l.pos += 2
				default:
					l.pos++
				}
				if depth == 0 {
					break
				}
			}
		default:
			return nil
		}
	}
	return nil
}

func (l *lexer) next() (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	c := l.src[l.pos]
	switch {
	case strings.HasPrefix(l.src[l.pos:], "->"):
		l.pos += 2
		return token{kind: tPunct, s: "->", pos: start}, nil
	case strings.IndexByte("(){};,=:.", c) >= 0:
		l.pos++
		return token{kind: tPunct, s: string(c), pos: start}, nil
	case c == '"':
		s, err := l.text()
		return token{kind: tText, s: s, pos: start}, err
	case isDigit(c) || (c == '-' || c == '+') && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]):
		return token{kind: tNum, s: l.number(), pos: start}, nil
	case c == '_' || isLetter(c):
		for l.pos < len(l.src) && (l.src[l.pos] == '_' || isLetter(l.src[l.pos]) || isDigit(l.src[l.pos])) {
			l.pos++
		}
		return token{kind: tID, s: l.src[start:l.pos], pos: start}, nil
	}
	return token{}, l.errf(start, "unexpected character %q", c)
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// number scans a number literal: sign, decimal or 0x digits with
// underscores, optional fraction and exponent.
func (l *lexer) number() string {
	start := l.pos
	if c := l.src[l.pos]; c == '-' || c == '+' {
		l.pos++
	}
	digit, hex := isDigit, false
	if strings.HasPrefix(l.src[l.pos:], "0x") || strings.HasPrefix(l.src[l.pos:], "0X") {
		l.pos += 2
		digit, hex = isHex, true
	}
	scan := func() {
		for l.pos < len(l.src) && (digit(l.src[l.pos]) || l.src[l.pos] == '_') {
			l.pos++
		}
	}
	scan()
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.pos++
		scan()
	}
	if l.pos < len(l.src) {
		e := l.src[l.pos]
		if !hex && (e == 'e' || e == 'E') || hex && (e == 'p' || e == 'P') {
			l.pos++
			if l.pos < len(l.src) && (l.src[l.pos] == '-' || l.src[l.pos] == '+') {
				l.pos++
			}
			for l.pos < len(l.src) && (isDigit(l.src[l.pos]) || l.src[l.pos] == '_') {
				l.pos++
			}
		}
	}
	return l.src[start:l.pos]
}

// text scans a text literal and returns its bytes. \hh escapes may produce
// invalid UTF-8, which is fine for blobs and checked for text.
func (l *lexer) text() (string, error) {
	start := l.pos
	l.pos++
	var b strings.Builder
	for {
		if l.pos >= len(l.src) {
			return "", l.errf(start, "unclosed text literal")
		}
		c := l.src[l.pos]
		switch {
		case c == '"':
			l.pos++
			return b.String(), nil
		case c == '\\':
			if err := l.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", l.errf(l.pos, "control character in text literal")
		default:
			r, n := utf8.DecodeRuneInString(l.src[l.pos:])
			if r == utf8.RuneError && n <= 1 {
				return "", l.errf(l.pos, "invalid UTF-8 in text literal")
			}
			b.WriteString(l.src[l.pos : l.pos+n])
			l.pos += n
		}
	}
}

func (l *lexer) escape(b *strings.Builder) error {
	p := l.pos
	l.pos++
	if l.pos >= len(l.src) {
		return l.errf(p, "unfinished escape")
	}
	c := l.src[l.pos]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case '\\', '"', '\'':
		b.WriteByte(c)
	case 'u':
		if l.pos+1 >= len(l.src) || l.src[l.pos+1] != '{' {
			return l.errf(p, `\u must be followed by {`)
		}
		end := strings.IndexByte(l.src[l.pos:], '}')
		if end < 0 {
			return l.errf(p, `unclosed \u{ escape`)
		}
		digits := strings.ReplaceAll(l.src[l.pos+2:l.pos+end], "_", "")
		r, err := strconv.ParseUint(digits, 16, 32)
		if err != nil || r > utf8.MaxRune || r >= 0xd800 && r < 0xe000 || digits == "" {
			return l.errf(p, `invalid \u{%s} escape`, l.src[l.pos+2:l.pos+end])
		}
		b.WriteRune(rune(r))
		l.pos += end
	default:
		if l.pos+1 < len(l.src) && isHex(c) && isHex(l.src[l.pos+1]) {
			v, _ := strconv.ParseUint(l.src[l.pos:l.pos+2], 16, 8)
			b.WriteByte(byte(v))
			l.pos++
		} else {
			return l.errf(p, "invalid escape \\%c", c)
		}
	}
	l.pos++
	return nil
}
