package httpcert

import "strings"

// mapExpression turns the syntax tree of an expression into an Expression,
// checking names, required and exclusive properties (the reference's
// ast_mapping.rs, made strict).
func mapExpression(n celNode) (Expression, error) {
	if err := n.is(celFunction, "default_certification"); err != nil {
		return Expression{}, err
	}
	if len(n.items) != 1 {
		return Expression{}, n.errorf("default_certification takes one ValidationArgs argument, found %d", len(n.items))
	}
	args := n.items[0]
	if err := args.is(celObject, "ValidationArgs"); err != nil {
		return Expression{}, err
	}
	if err := args.only("no_certification", "certification"); err != nil {
		return Expression{}, err
	}
	which, v, err := args.oneOf("no_certification", "certification")
	if err != nil {
		return Expression{}, err
	}
	if which == 0 {
		return SkipCertification(), v.empty()
	}
	if err := v.is(celObject, "Certification"); err != nil {
		return Expression{}, err
	}
	if err := v.only("no_request_certification", "request_certification", "response_certification"); err != nil {
		return Expression{}, err
	}
	var e Expression
	which, req, err := v.oneOf("no_request_certification", "request_certification")
	if err != nil {
		return Expression{}, err
	}
	if which == 0 {
		err = req.empty()
	} else {
		e.Request, err = mapRequest(req)
	}
	if err != nil {
		return Expression{}, err
	}
	resp, ok := v.prop("response_certification")
	if !ok {
		return Expression{}, v.errorf("Certification needs response_certification")
	}
	e.Response, err = mapResponse(resp)
	return e, err
}

func mapRequest(n celNode) (*RequestCertification, error) {
	if err := n.is(celObject, "RequestCertification"); err != nil {
		return nil, err
	}
	if err := n.only("certified_request_headers", "certified_query_parameters"); err != nil {
		return nil, err
	}
	var rc RequestCertification
	var err error
	if rc.Headers, err = n.stringList("certified_request_headers"); err != nil {
		return nil, err
	}
	if rc.QueryParameters, err = n.stringList("certified_query_parameters"); err != nil {
		return nil, err
	}
	return &rc, nil
}

func mapResponse(n celNode) (ResponseCertification, error) {
	if err := n.is(celObject, "ResponseCertification"); err != nil {
		return ResponseCertification{}, err
	}
	if err := n.only("certified_response_headers", "response_header_exclusions"); err != nil {
		return ResponseCertification{}, err
	}
	which, list, err := n.oneOf("certified_response_headers", "response_header_exclusions")
	if err != nil {
		return ResponseCertification{}, err
	}
	if err := list.is(celObject, "ResponseHeaderList"); err != nil {
		return ResponseCertification{}, err
	}
	if err := list.only("headers"); err != nil {
		return ResponseCertification{}, err
	}
	headers, err := list.stringList("headers")
	return ResponseCertification{Exclude: which == 1, Headers: headers}, err
}

func (n celNode) errorf(format string, args ...any) error {
	p := celParser{i: n.pos}
	return p.errorf(format, args...)
}

// is checks the node's kind and name.
func (n celNode) is(kind celKind, name string) error {
	if n.kind != kind {
		return n.errorf("want %s %s, found a %s", kind, name, n.kind)
	}
	if n.name != name {
		return n.errorf("want %s %s, found %q", kind, name, n.name)
	}
	return nil
}

// only rejects properties other than the allowed ones.
func (n celNode) only(allowed ...string) error {
	for i, k := range n.keys {
		found := false
		for _, a := range allowed {
			found = found || k == a
		}
		if !found {
			return n.items[i].errorf("%s has no property %s (allowed: %s)", n.name, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (n celNode) prop(key string) (celNode, bool) {
	for i, k := range n.keys {
		if k == key {
			return n.items[i], true
		}
	}
	return celNode{}, false
}

// oneOf returns which of the two exclusive properties is present.
func (n celNode) oneOf(a, b string) (int, celNode, error) {
	va, okA := n.prop(a)
	vb, okB := n.prop(b)
	switch {
	case okA && okB:
		return 0, celNode{}, n.errorf("%s has both %s and %s", n.name, a, b)
	case okA:
		return 0, va, nil
	case okB:
		return 1, vb, nil
	}
	return 0, celNode{}, n.errorf("%s needs %s or %s", n.name, a, b)
}

// empty checks that the node is Empty{}.
func (n celNode) empty() error {
	if err := n.is(celObject, "Empty"); err != nil {
		return err
	}
	if len(n.keys) > 0 {
		return n.errorf("Empty has properties")
	}
	return nil
}

// stringList returns the required property key as a list of strings. An
// empty list is returned as an empty, non-nil slice.
func (n celNode) stringList(key string) ([]string, error) {
	v, ok := n.prop(key)
	if !ok {
		return nil, n.errorf("%s needs %s", n.name, key)
	}
	if v.kind != celArray {
		return nil, v.errorf("%s must be a list of strings, found a %s", key, v.kind)
	}
	out := make([]string, 0, len(v.items))
	for _, it := range v.items {
		if it.kind != celString {
			return nil, it.errorf("%s must be a list of strings, found a %s", key, it.kind)
		}
		out = append(out, it.name)
	}
	return out, nil
}
