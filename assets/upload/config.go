package upload

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// The configuration files, .ic-assets.json5 (or .ic-assets.json, as dfx
// also reads; both in one directory is an error): a JSON5 array of rules.
// The format is dfx's (its asset configuration, "ic-asset" crate
// asset/config.rs): unknown fields are an error there too.

// Config file names. Neither is ever uploaded.
const (
	ConfigFile     = ".ic-assets.json5"
	ConfigFileJSON = ".ic-assets.json"
)

// ConfigError is a mistake in a configuration file, at a line and column.
type ConfigError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("upload: %s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// rule is one object of a configuration file. Every field but match is
// optional; an absent field leaves what earlier rules said.
type rule struct {
	at    pos  // where the rule starts in its file
	used  bool // some path matched it (for the unused-rule warning)
	match *glob

	setCache bool    // "cache" present: replaces max_age (null or {} clears)
	maxAge   *uint64 // cache.max_age, seconds

	setHeaders bool               // "headers" present
	headers    []wire.HeaderField // nil with setHeaders: null, clears headers

	ignore               *bool
	enableAliasing       *bool
	allowRawAccess       *bool
	encodings            []string // nil: not set
	securityPolicy       string   // "": not set
	disablePolicyWarning *bool
}

// Security policies (dfx's SecurityPolicy).
const (
	policyStandard = "standard"
	policyHardened = "hardened"
	policyDisabled = "disabled"
)

// Content encodings a rule may list.
const (
	encIdentity = "identity"
	encGzip     = "gzip"
	encBrotli   = "br"
)

// parseConfig reads a configuration file's rules; file names the file in
// errors.
func parseConfig(file string, src []byte) ([]rule, error) {
	v, err := parseJSON5(src)
	if err != nil {
		var je *JSONError
		if errors.As(err, &je) {
			return nil, &ConfigError{File: file, Line: je.Line, Col: je.Col, Msg: je.Msg}
		}
		return nil, err
	}
	d := decoder{file: file}
	if v.kind != jArray {
		return nil, d.errf(v.at, "the configuration is a %s; it must be an array of rules", v.kind)
	}
	rules := make([]rule, 0, len(v.elems))
	for _, e := range v.elems {
		r, err := d.rule(e)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// decoder turns JSON5 values into rules.
type decoder struct{ file string }

func (d decoder) errf(at pos, format string, args ...any) error {
	return &ConfigError{File: d.file, Line: at.line, Col: at.col, Msg: fmt.Sprintf(format, args...)}
}

var ruleFields = []string{"match", "cache", "headers", "ignore", "enable_aliasing", "allow_raw_access",
	"encodings", "security_policy", "disable_security_policy_warning"}

// rule decodes one rule object.
func (d decoder) rule(v *jvalue) (rule, error) {
	r := rule{at: v.at}
	if v.kind != jObject {
		return r, d.errf(v.at, "a rule is a %s; it must be an object", v.kind)
	}
	var err error
	for _, m := range v.members {
		val := m.val
		switch m.key {
		case "match":
			if val.kind != jString {
				return r, d.errf(val.at, `"match" must be a string, not a %s`, val.kind)
			}
			if r.match, err = compileGlob(val.str); err != nil {
				return r, d.errf(val.at, "match %q: %v", val.str, err)
			}
		case "cache":
			r.setCache = true
			r.maxAge, err = d.cache(val)
		case "headers":
			r.setHeaders = true
			r.headers, err = d.headers(val)
		case "ignore":
			r.ignore, err = d.boolean(m)
		case "enable_aliasing":
			r.enableAliasing, err = d.boolean(m)
		case "allow_raw_access":
			r.allowRawAccess, err = d.boolean(m)
		case "disable_security_policy_warning":
			r.disablePolicyWarning, err = d.boolean(m)
		case "encodings":
			r.encodings, err = d.encodings(val)
		case "security_policy":
			r.securityPolicy, err = d.policy(val)
		default:
			return r, d.errf(m.keyAt, "unknown field %q in rule (known: %s)", m.key, strings.Join(ruleFields, ", "))
		}
		if err != nil {
			return r, err
		}
	}
	if r.match == nil {
		return r, d.errf(v.at, `rule has no "match"`)
	}
	return r, nil
}

// boolean decodes an optional boolean field (null leaves it unset).
func (d decoder) boolean(m jmember) (*bool, error) {
	switch m.val.kind {
	case jNull:
		return nil, nil
	case jBool:
		b := m.val.boolean
		return &b, nil
	}
	return nil, d.errf(m.val.at, "%q must be true or false, not a %s", m.key, m.val.kind)
}

// cache decodes {"max_age": seconds}.
func (d decoder) cache(v *jvalue) (*uint64, error) {
	if v.kind == jNull {
		return nil, nil
	}
	if v.kind != jObject {
		return nil, d.errf(v.at, `"cache" must be an object such as {"max_age": 3600}, not a %s`, v.kind)
	}
	var maxAge *uint64
	for _, m := range v.members {
		if m.key != "max_age" {
			return nil, d.errf(m.keyAt, `unknown field %q in "cache" (known: max_age)`, m.key)
		}
		switch m.val.kind {
		case jNull:
			maxAge = nil
		case jNumber:
			n, ok := m.val.num.uint64()
			if !ok {
				return nil, d.errf(m.val.at, `"max_age" must be a whole number of seconds from 0 to 2^64-1`)
			}
			maxAge = &n
		default:
			return nil, d.errf(m.val.at, `"max_age" must be a number, not a %s`, m.val.kind)
		}
	}
	return maxAge, nil
}

// headers decodes {"Name": "value", ...}; numbers and booleans become
// their text, as dfx does. null gives nil (clear the headers).
func (d decoder) headers(v *jvalue) ([]wire.HeaderField, error) {
	if v.kind == jNull {
		return nil, nil
	}
	if v.kind != jObject {
		return nil, d.errf(v.at, `"headers" must be an object of names and values, or null, not a %s`, v.kind)
	}
	hs := make([]wire.HeaderField, 0, len(v.members))
	for _, m := range v.members {
		if !validHeaderName(m.key) {
			return nil, d.errf(m.keyAt, "%q is not a valid header name", m.key)
		}
		if slices.ContainsFunc(hs, func(h wire.HeaderField) bool { return strings.EqualFold(h.Name, m.key) }) {
			return nil, d.errf(m.keyAt, "header %q given twice (names are case-insensitive)", m.key)
		}
		var val string
		switch m.val.kind {
		case jString:
			val = m.val.str
		case jNumber:
			val = m.val.num.String()
		case jBool:
			val = fmt.Sprint(m.val.boolean)
		default:
			return nil, d.errf(m.val.at, "header %q: the value must be a string, not a %s", m.key, m.val.kind)
		}
		if strings.ContainsAny(val, "\r\n\x00") {
			return nil, d.errf(m.val.at, "header %q: the value may not contain line breaks or NUL", m.key)
		}
		hs = append(hs, wire.HeaderField{Name: m.key, Value: val})
	}
	return hs, nil
}

// validHeaderName: a token of RFC 9110 §5.6.2.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// encodings decodes a list of content encodings.
func (d decoder) encodings(v *jvalue) ([]string, error) {
	if v.kind == jNull {
		return nil, nil
	}
	if v.kind != jArray {
		return nil, d.errf(v.at, `"encodings" must be an array such as ["identity", "gzip"], not a %s`, v.kind)
	}
	if len(v.elems) == 0 {
		return nil, d.errf(v.at, `"encodings" is empty: an asset needs at least one encoding`)
	}
	var out []string
	for _, e := range v.elems {
		if e.kind != jString {
			return nil, d.errf(e.at, "an encoding must be a string, not a %s", e.kind)
		}
		switch e.str {
		case encIdentity, encGzip, encBrotli:
		default:
			return nil, d.errf(e.at, `unknown encoding %q (known: "identity", "gzip", "br")`, e.str)
		}
		if slices.Contains(out, e.str) {
			return nil, d.errf(e.at, "encoding %q listed twice", e.str)
		}
		out = append(out, e.str)
	}
	return out, nil
}

// policy decodes "security_policy".
func (d decoder) policy(v *jvalue) (string, error) {
	if v.kind == jNull {
		return "", nil
	}
	if v.kind == jString {
		switch v.str {
		case policyStandard, policyHardened, policyDisabled:
			return v.str, nil
		}
	}
	return "", d.errf(v.at, `"security_policy" must be "standard", "hardened" or "disabled"`)
}
