package upload

import (
	"fmt"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// The fields of a rule, each checked for its type and values.

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
