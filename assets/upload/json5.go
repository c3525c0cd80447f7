package upload

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A small JSON5 reader (https://spec.json5.org/, version 1.0.0) for the
// .ic-assets.json5 files: comments, trailing commas, unquoted (identifier)
// keys, single-quoted strings, hexadecimal numbers, leading and trailing
// decimal points and explicit plus signs. Infinity and NaN are refused: no
// field of the configuration can use them, and accepting them would only
// hide a typo. Every value keeps its line and column so that the
// configuration decoder can name the place of a mistake.

// jkind is the kind of a JSON5 value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// pos is a 1-based line and column (columns count characters, not bytes).
type pos struct{ line, col int }

func (p pos) String() string { return fmt.Sprintf("%d:%d", p.line, p.col) }

// jvalue is one parsed value.
type jvalue struct {
	kind    jkind
	at      pos
	boolean bool
	str     string    // jString: the decoded text
	num     jnumber   // jNumber
	elems   []*jvalue // jArray
	members []jmember // jObject, in source order, keys unique
}

// jmember is one key: value pair of an object.
type jmember struct {
	key   string
	keyAt pos
	val   *jvalue
}

// jnumber is a number as written: its sign, whether it was hexadecimal,
// and its digits, so that integers convert exactly (float64 would round
// values above 2^53).
type jnumber struct {
	neg  bool
	hex  bool
	text string // the literal without sign ("0x" stripped when hex)
}

// JSONError is a syntax error in a JSON5 text, at a line and column.
type JSONError struct {
	Line, Col int
	Msg       string
}

func (e *JSONError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// maxDepth bounds the nesting of arrays and objects, so that hostile input
// cannot exhaust the stack.
const maxDepth = 200

// parseJSON5 parses one JSON5 value, with only whitespace and comments
// around it.
func parseJSON5(src []byte) (*jvalue, error) {
	if !utf8.Valid(src) {
		return nil, &JSONError{Line: 1, Col: 1, Msg: "not valid UTF-8"}
	}
	p := &parser{src: string(src), line: 1, col: 1}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.off < len(p.src) {
		return nil, p.errf("unexpected %s after the value", p.describe())
	}
	return v, nil
}

// parser reads src, tracking the line and column of off.
type parser struct {
	src       string
	off       int
	line, col int
}

func (p *parser) errf(format string, args ...any) error {
	return &JSONError{Line: p.line, Col: p.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) errAt(at pos, format string, args ...any) error {
	return &JSONError{Line: at.line, Col: at.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) pos() pos { return pos{p.line, p.col} }

// peek returns the next character and its size, or (-1, 0) at the end.
func (p *parser) peek() (rune, int) {
	if p.off >= len(p.src) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(p.src[p.off:])
}

// next consumes one character and returns it (-1 at the end).
func (p *parser) next() rune {
	r, n := p.peek()
	if n == 0 {
		return -1
	}
	p.off += n
	switch {
	case r == '\r' && strings.HasPrefix(p.src[p.off:], "\n"):
		p.col++ // the \n that follows ends the line
	case isLineTerminator(r):
		p.line++
		p.col = 1
	default:
		p.col++
	}
	return r
}

// describe names the next character for an error message.
func (p *parser) describe() string {
	r, n := p.peek()
	if n == 0 {
		return "end of input"
	}
	return strconv.QuoteRune(r)
}

func isLineTerminator(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
}

// isSpace is JSON5 WhiteSpace and LineTerminator (spec §5.1): tab, vertical
// tab, form feed, space, no-break space, BOM, Unicode Zs, and line ends.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\v', '\f', ' ', '\u00a0', '\ufeff':
		return true
	}
	return isLineTerminator(r) || unicode.Is(unicode.Zs, r)
}

// skipSpace skips whitespace and comments.
func (p *parser) skipSpace() error {
	for {
		r, _ := p.peek()
		switch {
		case r == -1:
			return nil
		case isSpace(r):
			p.next()
		case r == '/' && strings.HasPrefix(p.src[p.off:], "//"):
			for r, _ := p.peek(); r != -1 && !isLineTerminator(r); r, _ = p.peek() {
				p.next()
			}
		case r == '/' && strings.HasPrefix(p.src[p.off:], "/*"):
			at := p.pos()
			p.next()
			p.next()
			for !strings.HasPrefix(p.src[p.off:], "*/") {
				if p.next() == -1 {
					return p.errAt(at, "comment not closed")
				}
			}
			p.next()
			p.next()
		default:
			return nil
		}
	}
}
