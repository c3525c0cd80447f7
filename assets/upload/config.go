package upload

import (
	"errors"
	"fmt"
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
