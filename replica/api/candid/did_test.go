package candid

import (
	"errors"
	"testing"
)

const greeterDid = `
// A service with a recursive type and a class constructor.
type List = opt record { head : int; tail : List };
type Tree = variant { leaf : int; node : record { left : Tree; right : Tree } };
type Op = func (nat) -> (nat) query;
/* block /* nested */ comment */
service greeter : (init : text) -> {
  greet : (name : text) -> (text) query;
  "sum list" : (List) -> (int);
  depth : (Tree) -> (nat32) composite_query;
  apply : Op;
  notify : (record { 0 : nat; "quoted" : blob }) -> () oneway;
}
`

// TestDidGreet does what a command line tool does: parse a .did, find a
// method, parse the argument text, encode, decode the reply and print it.
func TestDidGreet(t *testing.T) {
	d, err := ParseDid(greeterDid)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Init) != 1 || d.Init[0] != Text {
		t.Fatalf("init args %v", d.Init)
	}
	m, ok := d.Method("greet")
	if !ok {
		t.Fatal("no greet")
	}
	args, err := ParseArgs(`("world")`)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(m.Args(), args)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != "DIDL\x00\x01\x71\x05world" {
		t.Fatalf("encoded %x", b)
	}
	reply, _ := Encode(m.Results(), []Value{TextValue("Hello, world!")})
	vs, err := Decode(reply, m.Results())
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatArgs(vs); got != `("Hello, world!")` {
		t.Fatalf("reply %s", got)
	}
	for name, want := range map[string]string{
		"sum list": "func (List) -> (int)",
		"depth":    "func (Tree) -> (nat32) composite_query",
		"apply":    "func (nat) -> (nat) query",
		"notify":   `func (record { 0 : nat; quoted : blob }) -> () oneway`,
	} {
		m, ok := d.Method(name)
		if !ok || m.String() != want {
			t.Errorf("method %q = %v, want %s", name, m, want)
		}
	}
}

// TestDidRecursive encodes and decodes a value of a recursive type.
func TestDidRecursive(t *testing.T) {
	d, err := ParseDid(greeterDid)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := d.ParseTypes("(Tree, List)")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := ParseArgs(`(variant { node = record { left = variant { leaf = 1 }; right = variant { node = record { left = variant { leaf = 2 }; right = variant { leaf = -3 } } } } }, opt record { head = 1; tail = null })`)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(ts, vs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b, ts)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := coerceArgs(vs, ts)
	if !argsEqual(got, want) {
		t.Fatalf("got %s", FormatArgs(got))
	}
	// Decoding with the wire types only and re-encoding with them gives
	// the same message: a gateway can forward values of unknown types.
	wire, any, err := DecodeAny(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Encode(wire, any)
	if err != nil || string(again) != string(b) {
		t.Fatalf("re-encoded with wire types: %x, %v; want %x", again, err, b)
	}
}

// TestDidErrors checks that bad .did files are refused with ErrSyntax.
func TestDidErrors(t *testing.T) {
	for _, src := range []string{
		`import "other.did";`,
		`type A = B;`,
		`type A = A;`,
		`type A = B; type B = A;`,
		`type A = nat; type A = int;`,
		`type A = record { a : nat; a : int };`,
		`service : { m : nat }`,
		`service : { m : () -> (); m : () -> () }`,
		`service : nat`,
		`type A = nat`,
		`type opt = nat;`,
	} {
		if _, err := ParseDid(src); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseDid(%q) = %v, want a syntax error", src, err)
		}
	}
}
