package candid

import (
	"errors"
	"testing"
)

// TestTextRoundTrip parses values in the text syntax (spec § Values),
// gives them a type, prints them and parses the result again.
func TestTextRoundTrip(t *testing.T) {
	for _, tc := range []struct{ types, text, printed string }{
		{
			`(record { name : text; n : nat }, opt vec nat8, variant { ok; err : text }, blob, principal, func () -> (), service {}, null, bool, int, float64, text, nat8, nat)`,
			`(record { name = "x"; n = 5 : nat }, opt vec { 1; 2 }, variant { ok }, blob "\de\ad", principal "aaaaa-aa", func "aaaaa-aa".m, service "w7x7r-cok77-xa", null, true, -3, 1.5, "text with \n escapes and \u{1F600}", 0x2A, 1_000)`,
			`(record { n = 5; name = "x" }, opt blob "\01\02", variant { ok }, blob "\de\ad", principal "aaaaa-aa", func "aaaaa-aa".m, service "w7x7r-cok77-xa", null, true, -3, 1.5, "text with \n escapes and 😀", 42, 1000)`,
		},
		{`(record { int; bool }, vec int16, opt opt null)`, `(record { 42; true }, vec { -1; 2 }, opt opt null)`,
			`(record { 42; true }, vec { -1; 2 }, opt opt null)`},
		{`(float32, float64, int64, nat64)`, `(3., -0.5e3, -9223372036854775808, 18446744073709551615)`,
			`(3., -500., -9223372036854775808, 18446744073709551615)`},
		{`(record { "quoted name" : text; 7 : nat32 }, func (text) -> (nat) query)`,
			`(record { "quoted name" = "a\"b\\c"; 7 = 7 }, func "w7x7r-cok77-xa"."🐂")`,
			`(record { 7 = 7; "quoted name" = "a\"b\\c" }, func "w7x7r-cok77-xa"."🐂")`},
	} {
		t.Run(tc.text, func(t *testing.T) {
			ts, err := ParseTypes(tc.types)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := ParseArgs(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			vs, err = coerceArgs(vs, ts)
			if err != nil {
				t.Fatal(err)
			}
			if got := FormatArgs(vs); got != tc.printed {
				t.Fatalf("printed\n%s\nwant\n%s", got, tc.printed)
			}
			again, err := ParseArgs(FormatArgs(vs))
			if err != nil {
				t.Fatal(err)
			}
			if again, err = coerceArgs(again, ts); err != nil || !argsEqual(again, vs) {
				t.Fatalf("reparsed to %s, %v", FormatArgs(again), err)
			}
			b, err := Encode(ts, vs)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := Decode(b, ts)
			if err != nil || !argsEqual(dec, vs) {
				t.Fatalf("binary round trip gave %s, %v", FormatArgs(dec), err)
			}
		})
	}
}

// TestTextErrors checks that malformed text is refused with ErrSyntax and
// ill-typed text with ErrType.
func TestTextErrors(t *testing.T) {
	for _, tc := range []struct {
		text string
		want error
	}{
		{`(1`, ErrSyntax},
		{`("\u{d800}")`, ErrSyntax},
		{`("\q")`, ErrSyntax},
		{`(principal "aaaaa-ab")`, ErrSyntax},
		{`(record { a = 1; a = 2 })`, ErrSyntax},
		{`(variant { a; b })`, ErrSyntax},
		{`(300 : nat8)`, ErrType},
		{`(-1 : nat)`, ErrType},
		{`(1.5 : int)`, ErrType},
		{`("x" : Foo)`, ErrSyntax},
		{`(/* unclosed`, ErrSyntax},
		{`(1) 2`, ErrSyntax},
	} {
		if _, err := ParseArgs(tc.text); !errors.Is(err, tc.want) {
			t.Errorf("ParseArgs(%s) = %v, want %v", tc.text, err, tc.want)
		}
	}
}

// TestAnnotations checks (v : t) and comments inside values.
func TestAnnotations(t *testing.T) {
	vs, err := ParseArgs(`( /* a /* nested */ comment */ 5 : int8, // line
		(vec { 1 } : vec nat8), opt (7 : nat) )`)
	if err != nil {
		t.Fatal(err)
	}
	if vs[0].Kind() != KindInt8 || vs[0].Int64() != 5 || !vs[1].Equal(BlobValue([]byte{1})) {
		t.Fatalf("got %s", FormatArgs(vs))
	}
	if inner, ok := vs[2].Opt(); !ok || inner.Kind() != KindNat {
		t.Fatalf("got %s", FormatArgs(vs))
	}
}
