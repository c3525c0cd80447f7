package upload

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// render writes a value as canonical JSON (numbers as jnumber.String), to
// compare parses and to re-parse in the fuzz target.
func render(v *jvalue) string {
	var b strings.Builder
	renderTo(&b, v)
	return b.String()
}

func renderTo(b *strings.Builder, v *jvalue) {
	switch v.kind {
	case jNull:
		b.WriteString("null")
	case jBool:
		fmt.Fprint(b, v.boolean)
	case jNumber:
		b.WriteString(v.num.String())
	case jString:
		quoteTo(b, v.str)
	case jArray:
		b.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			renderTo(b, e)
		}
		b.WriteByte(']')
	case jObject:
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			quoteTo(b, m.key)
			b.WriteByte(':')
			renderTo(b, m.val)
		}
		b.WriteByte('}')
	}
}

func quoteTo(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// json5Valid are JSON5 texts and their canonical JSON (spec examples and
// the corners of each production).
var json5Valid = []struct{ name, in, want string }{
	{"json", `{"a": [1, 2.5, -3, true, false, null, "x"]}`, `{"a":[1,2.5,-3,true,false,null,"x"]}`},
	{"line comment", "// hi\n[1] // bye", `[1]`},
	{"block comment", "/* a\n * b */ [ /* in */ 1 ]", `[1]`},
	{"trailing commas", `{a: [1, 2,], b: 3,}`, `{"a":[1,2],"b":3}`},
	{"unquoted keys", `{$dollar: 1, _under: 2, camelCase9: 3, ünïcödé: 4}`, `{"$dollar":1,"_under":2,"camelCase9":3,"ünïcödé":4}`},
	{"escaped key", `{\u0061b: 1}`, `{"ab":1}`},
	{"reserved word key", `{null: 1, true: 2, Infinity: 3}`, `{"null":1,"true":2,"Infinity":3}`},
	{"single quotes", `['it\'s', "say \"hi\"", 'a"b', "a'b"]`, `["it's","say \"hi\"","a\"b","a'b"]`},
	{"escapes", `"\b\f\n\r\t\v\0\/\\\x41\u00e9\a"`, "\"\\u0008\\u000c\\u000a\\u000d\\u0009\\u000b\\u0000/\\\\Aéa\""},
	{"surrogate pair", `"\ud83d\ude00"`, `"😀"`},
	{"line continuation", "'a\\\nb\\\r\nc\\\u2028d'", `"abcd"`},
	{"U+2028 in string", "'a\u2028b'", "\"a\u2028b\""},
	{"hex", `[0x1F, 0XaB, -0x10, +0x0]`, `[31,171,-16,0]`},
	{"leading and trailing point", `[.5, 5., -.5, +1.5e3, 1E-2]`, `[0.5,5,-0.5,1500,0.01]`},
	{"plus sign", `+7`, `7`},
	{"zero", `[0, -0, 0.0, 0e5]`, `[0,-0,0,0]`},
	{"whitespace kinds", "\ufeff\t\v\f \u00a0\u2003[1]\u2029", `[1]`},
	{"empty containers", `[{}, [], {a: {}}]`, `[{},[],{"a":{}}]`},
	{"nested", `[[[[["deep"]]]]]`, `[[[[["deep"]]]]]`},
	{"big integer", `18446744073709551615`, `18446744073709551615`},
}

func TestJSON5Valid(t *testing.T) {
	for _, tc := range json5Valid {
		t.Run(tc.name, func(t *testing.T) {
			v, err := parseJSON5([]byte(tc.in))
			if err != nil {
				t.Fatalf("parse %q: %v", tc.in, err)
			}
			if got := render(v); got != tc.want {
				t.Errorf("parse %q = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestJSON5Invalid(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", ``, "1:1: unexpected end of input"},
		{"Infinity", `[1, Infinity]`, "1:5: Infinity is not allowed"},
		{"minus Infinity", `-Infinity`, "1:1: Infinity is not allowed"},
		{"plus NaN", `{a: +NaN}`, "1:5: NaN is not allowed"},
		{"NaN", "[\n  NaN]", "2:3: NaN is not allowed"},
		{"unquoted value", `{a: hello}`, `1:5: unexpected word "hello"`},
		{"unclosed string", `["abc`, "1:2: string not closed"},
		{"newline in string", "'a\nb'", "1:3: line break in a string"},
		{"unclosed comment", "[1] /* no end", "1:5: comment not closed"},
		{"unclosed array", `[1, 2`, "1:6: unexpected end of input in array"},
		{"unclosed object", `{a: 1`, "1:6: unexpected end of input in object"},
		{"missing colon", `{a 1}`, `1:4: unexpected '1' after key "a"`},
		{"missing comma", `[1 2]`, "1:4: unexpected '2' in array"},
		{"double comma", `[1,,2]`, "1:4: unexpected ',', expected a value"},
		{"leading comma", `{,}`, "1:2: unexpected ',', expected a key"},
		{"duplicate key", "{a: 1,\n 'a': 2}", `2:2: duplicate key "a"`},
		{"leading zero", `012`, "1:1: leading zeros are not allowed"},
		{"octal escape", `'\01'`, "1:2: octal escapes are not allowed"},
		{"digit escape", `'\7'`, "1:2: octal escapes are not allowed"},
		{"bad hex escape", `'\xZ1'`, "1:4: expected a hexadecimal digit"},
		{"bad unicode escape", `'\u12'`, "1:6: expected a hexadecimal digit"},
		{"lone surrogate", `'\ud800x'`, "1:2: unpaired surrogate"},
		{"hex without digits", `0x`, "1:3: expected a hexadecimal digit"},
		{"number then letter", `12ab`, "1:3: unexpected 'a' after a number"},
		{"two points", `1.2.3`, "1:4: unexpected '.' after a number"},
		{"lone point", `.`, "1:1: a number needs digits"},
		{"lone sign", `-`, "1:1: a number needs digits"},
		{"exponent without digits", `1e`, "1:3: expected exponent digits"},
		{"trailing garbage", `[1] x`, "1:5: unexpected 'x' after the value"},
		{"two values", `1 2`, "1:3: unexpected '2' after the value"},
		{"invalid UTF-8", "\"\xff\"", "1:1: not valid UTF-8"},
		{"escape in key other than u", `{\n: 1}`, `1:2: only \u escapes may appear in a key`},
		{"key escape not identifier", `{\u0020: 1}`, "1:2: escape ' ' cannot appear in a key"},
		{"column counts characters", "['é', x]", `1:7: unexpected word "x"`},
		{"CRLF counts one line", "[\r\n1,\r\nx]", `3:1: unexpected word "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseJSON5([]byte(tc.in))
			var je *JSONError
			if !errors.As(err, &je) {
				t.Fatalf("parse %q: error %v, want a *JSONError", tc.in, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("parse %q: %q, want prefix %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestJSON5DepthLimit(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	if _, err := parseJSON5([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Fatalf("parse of %d nested arrays: %v, want the depth error", maxDepth+1, err)
	}
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	if _, err := parseJSON5([]byte(ok)); err != nil {
		t.Fatalf("parse of %d nested arrays: %v", maxDepth, err)
	}
}

func TestJSON5NumberConversion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true},
		{"3600", 3600, true},
		{"0x10", 16, true},
		{"18446744073709551615", 1<<64 - 1, true},
		{"18446744073709551616", 0, false},
		{"0x1ffffffffffffffff", 0, false},
		{"1e3", 1000, true},
		{"1.5", 0, false},
		{"-1", 0, false},
		{"-0", 0, true},
		{"1e300", 0, false},
	} {
		v, err := parseJSON5([]byte(tc.in))
		if err != nil {
			t.Fatalf("parse %q: %v", tc.in, err)
		}
		got, ok := v.num.uint64()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s as uint64 = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
