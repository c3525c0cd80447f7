package wire

import (
	"fmt"
	"slices"
	"testing"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// TestDIDMatchesCode parses assets.did and checks that the types built in
// Go are the same, method by method, so that the .did (the wasm's public
// metadata) and the codecs cannot drift apart.
func TestDIDMatchesCode(t *testing.T) {
	d, err := candid.ParseDid(DID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Service == nil {
		t.Fatal("assets.did declares no service")
	}
	var didNames []string
	for _, dm := range d.Service.Methods() {
		didNames = append(didNames, dm.Name)
	}
	if got := Methods(); !slices.Equal(got, didNames) {
		t.Fatalf("Methods() = %v\nassets.did has %v", got, didNames)
	}
	for _, m := range all {
		t.Run(m.name(), func(t *testing.T) {
			ft, ok := d.Method(m.name())
			if !ok {
				t.Fatalf("%s is not in assets.did", m.name())
			}
			if err := sameTypes(m.argTypes(), ft.Args(), "arguments"); err != nil {
				t.Error(err)
			}
			if err := sameTypes(m.resultTypes(), ft.Results(), "results"); err != nil {
				t.Error(err)
			}
			if q := ft.Mode() == candid.Query; q != m.isQuery() || q != IsQuery(m.name()) {
				t.Errorf("query = %v in assets.did, %v in code, IsQuery %v", q, m.isQuery(), IsQuery(m.name()))
			}
			if ft.Mode()&^candid.Query != 0 {
				t.Errorf("mode %s is neither query nor update", ft.Mode())
			}
		})
	}
	if err := sameTypes(installArg.types, d.Init, "install argument"); err != nil {
		t.Error(err)
	}
	if IsQuery("no_such_method") {
		t.Error("IsQuery of an unknown method is true")
	}
}

// TestSameTypeDetectsDrift makes sure the comparison can fail.
func TestSameTypeDetectsDrift(t *testing.T) {
	d, err := candid.ParseDid(DID)
	if err != nil {
		t.Fatal(err)
	}
	ft, _ := d.Method("http_request")
	for name, ts := range map[string]*candid.Type{
		"request as response": httpResponse.typ,
		"token":               streamingCallbackToken.typ,
		"missing field": candid.Record(
			candid.NamedField("method", candid.Text), candid.NamedField("url", candid.Text),
			candid.NamedField("headers", headers.typ), candid.NamedField("body", candid.Blob)),
		"nat8 for nat16": candid.Record(
			candid.NamedField("method", candid.Text), candid.NamedField("url", candid.Text),
			candid.NamedField("headers", headers.typ), candid.NamedField("body", candid.Blob),
			candid.NamedField("certificate_version", candid.Opt(candid.Nat8))),
	} {
		if err := sameTypes([]*candid.Type{ts}, ft.Args(), name); err == nil {
			t.Errorf("%s: %s is reported equal to %s", name, ts, ft.Args()[0])
		}
	}
	if err := sameTypes([]*candid.Type{httpRequest.typ}, ft.Args(), "request"); err != nil {
		t.Errorf("the request type differs from itself: %v", err)
	}
}

func sameTypes(code, did []*candid.Type, what string) error {
	if len(code) != len(did) {
		return fmt.Errorf("%s: %d types in code, %d in assets.did", what, len(code), len(did))
	}
	for i := range code {
		if err := sameType(code[i], did[i], fmt.Sprintf("%s[%d]", what, i), 0); err != nil {
			return err
		}
	}
	return nil
}

// sameType reports where two types differ structurally (named types are
// looked through; field names must agree too, so a typo in a name that
// happens to keep the hash would still be caught).
func sameType(a, b *candid.Type, path string, depth int) error {
	if depth > 64 {
		return fmt.Errorf("%s: types nest too deep", path)
	}
	if a.Kind() != b.Kind() {
		return fmt.Errorf("%s: %s in code, %s in assets.did", path, a, b)
	}
	switch a.Kind() {
	case candid.KindOpt, candid.KindVec:
		return sameType(a.Elem(), b.Elem(), path+"."+a.Kind().String(), depth+1)
	case candid.KindRecord, candid.KindVariant:
		fa, fb := a.Fields(), b.Fields()
		if len(fa) != len(fb) {
			return fmt.Errorf("%s: %s in code, %s in assets.did", path, a, b)
		}
		for i := range fa {
			if fa[i].ID != fb[i].ID || fa[i].Name != fb[i].Name {
				return fmt.Errorf("%s: field %q (%d) in code, %q (%d) in assets.did",
					path, fa[i].Name, fa[i].ID, fb[i].Name, fb[i].ID)
			}
			if err := sameType(fa[i].Type, fb[i].Type, path+"."+fa[i].Name, depth+1); err != nil {
				return err
			}
		}
	case candid.KindFunc:
		if a.Mode() != b.Mode() {
			return fmt.Errorf("%s: func mode %q in code, %q in assets.did", path, a.Mode(), b.Mode())
		}
		if err := sameTypes(a.Args(), b.Args(), path+".args"); err != nil {
			return err
		}
		return sameTypes(a.Results(), b.Results(), path+".results")
	case candid.KindService:
		return fmt.Errorf("%s: no service types expected", path)
	}
	return nil
}
