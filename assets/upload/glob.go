package upload

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Globs of the "match" field, with the meaning dfx gives them so that a
// folder configured for dfx syncs the same way here. dfx joins the pattern
// to the configuration file's directory and matches whole paths with a
// glob whose separators are not literal; the consequences, which we keep:
//
//   - A pattern is anchored at the configuration file's directory:
//     "index.html" matches only that directory's index.html.
//   - "*" and "?" also match "/": "*.js" matches JavaScript at any depth
//     below the configuration file, ".*" every hidden file and directory.
//   - "**" as a whole path segment matches any number of segments: "**/x"
//     matches "x" and "a/b/x"; "a/**" everything below a (not a itself);
//     "a/**/b" matches "a/b" and "a/x/y/b". Elsewhere "**" is "*".
//   - "[abc]", "[a-z]", "[!a-z]" (or "[^a-z]") match one character;
//     "{a,b}" one of the alternatives (not nested); "\" quotes the next
//     character.
//
// Where dfx's behaviour is an accident we do better: a leading "/" or "./"
// anchors at the configuration directory instead of the filesystem root,
// a trailing "/" is dropped (so "dir/" names the directory), and ".."
// segments, which could only reach outside the configuration file's
// subtree, are refused.

// glob is a compiled "match" pattern.
type glob struct {
	pattern string
	re      *regexp.Regexp
}

// match reports whether rel, a slash path relative to the configuration
// file's directory without a leading slash, matches.
func (g *glob) match(rel string) bool { return g.re.MatchString(rel) }

func (g *glob) String() string { return g.pattern }

// maxGlobLen bounds a pattern; real ones are a few dozen characters.
const maxGlobLen = 4096

// compileGlob compiles a pattern.
func compileGlob(pattern string) (*glob, error) {
	if len(pattern) > maxGlobLen {
		return nil, fmt.Errorf("pattern longer than %d bytes", maxGlobLen)
	}
	p := pattern
	for {
		switch {
		case strings.HasPrefix(p, "/"):
			p = p[1:]
		case strings.HasPrefix(p, "./"):
			p = p[2:]
		default:
			goto trimmed
		}
	}
trimmed:
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(p, `\/`) {
		p = strings.TrimRight(p, "/")
	}
	if p == "" || p == "." {
		return nil, errors.New("empty pattern")
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return nil, errors.New(`".." may not appear in a pattern: a rule applies only below its configuration file`)
		}
	}
	toks, err := lexGlob(p)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(`^(?s:` + renderGlob(toks) + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern too complex: %w", err)
	}
	return &glob{pattern: pattern, re: re}, nil
}

// globTok is one token of a pattern.
type globTok struct {
	kind globKind
	lit  rune   // gLit
	re   string // gClass: the rendered regular expression class
}

type globKind uint8

const (
	gLit globKind = iota
	gSlash
	gStar
	gGlobstar
	gAny
	gClass
	gAltOpen
	gAltSep
	gAltClose
)

// lexGlob splits a pattern into tokens.
func lexGlob(p string) ([]globTok, error) {
	var toks []globTok
	rs := []rune(p)
	inAlt := false
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '\\':
			if i+1 == len(rs) {
				return nil, errors.New(`pattern ends with "\"`)
			}
			i++
			toks = append(toks, globTok{kind: gLit, lit: rs[i]})
		case '/':
			toks = append(toks, globTok{kind: gSlash})
		case '*':
			n := 1
			for i+1 < len(rs) && rs[i+1] == '*' {
				i++
				n++
			}
			if n == 1 {
				toks = append(toks, globTok{kind: gStar})
			} else {
				toks = append(toks, globTok{kind: gGlobstar})
			}
		case '?':
			toks = append(toks, globTok{kind: gAny})
		case '[':
			re, n, err := lexClass(rs[i:])
			if err != nil {
				return nil, err
			}
			i += n - 1
			toks = append(toks, globTok{kind: gClass, re: re})
		case '{':
			if inAlt {
				return nil, errors.New(`nested "{" alternatives are not supported`)
			}
			inAlt = true
			toks = append(toks, globTok{kind: gAltOpen})
		case ',':
			if inAlt {
				toks = append(toks, globTok{kind: gAltSep})
			} else {
				toks = append(toks, globTok{kind: gLit, lit: r})
			}
		case '}':
			if inAlt {
				inAlt = false
				toks = append(toks, globTok{kind: gAltClose})
			} else {
				toks = append(toks, globTok{kind: gLit, lit: r})
			}
		default:
			toks = append(toks, globTok{kind: gLit, lit: r})
		}
	}
	if inAlt {
		return nil, errors.New(`"{" not closed`)
	}
	return toks, nil
}

// lexClass reads a [...] class at the start of rs and returns it as a
// regular expression class and the number of runes it took.
func lexClass(rs []rune) (string, int, error) {
	i := 1
	var b strings.Builder
	b.WriteByte('[')
	if i < len(rs) && (rs[i] == '!' || rs[i] == '^') {
		b.WriteByte('^')
		i++
	}
	items := 0
	for ; i < len(rs); i++ {
		r := rs[i]
		if r == ']' && items > 0 {
			b.WriteByte(']')
			return b.String(), i + 1, nil
		}
		if r == '\\' {
			if i+1 == len(rs) {
				break
			}
			i++
			r = rs[i]
		}
		lo := r
		if i+2 < len(rs) && rs[i+1] == '-' && rs[i+2] != ']' {
			hi := rs[i+2]
			i += 2
			if hi == '\\' {
				if i+1 == len(rs) {
					break
				}
				i++
				hi = rs[i]
			}
			if hi < lo {
				return "", 0, fmt.Errorf("character range %q-%q is backwards", lo, hi)
			}
			fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
		} else {
			fmt.Fprintf(&b, `\x{%x}`, lo)
		}
		items++
	}
	return "", 0, errors.New(`"[" not closed`)
}

// renderGlob turns tokens into a regular expression (the (?s) flag makes
// "." match every character).
func renderGlob(toks []globTok) string {
	var b strings.Builder
	boundary := func(i int) bool { // start or end of a path segment
		if i < 0 || i >= len(toks) {
			return true
		}
		k := toks[i].kind
		return k == gSlash || k == gAltOpen || k == gAltSep || k == gAltClose
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case gLit:
			b.WriteString(regexp.QuoteMeta(string(t.lit)))
		case gSlash:
			b.WriteByte('/')
		case gStar:
			b.WriteString(`.*`)
		case gGlobstar:
			if boundary(i-1) && i+1 < len(toks) && toks[i+1].kind == gSlash {
				b.WriteString(`(?:.*/)?`) // zero or more whole segments
				i++
			} else {
				b.WriteString(`.*`)
			}
		case gAny:
			b.WriteByte('.')
		case gClass:
			b.WriteString(t.re)
		case gAltOpen:
			b.WriteString(`(?:`)
		case gAltSep:
			b.WriteByte('|')
		case gAltClose:
			b.WriteByte(')')
		}
	}
	return b.String()
}
