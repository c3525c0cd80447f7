package candid

import (
	"strings"
	"testing"
)

// FuzzDecode decodes arbitrary messages with their own types and at the
// HTTP gateway types. A message that decodes must re-encode with its wire
// types and decode again to the same values.
func FuzzDecode(f *testing.F) {
	v := loadCandid(f)
	for _, file := range v.SpecTestSuite {
		for _, a := range file.Assertions {
			for _, in := range []*input{&a.Input, a.Other} {
				if in != nil && in.BlobHex != nil {
					f.Add(hexOrNil(*in.BlobHex))
				}
			}
		}
	}
	for _, c := range v.AgentJSEncodings {
		f.Add(hexOrNil(c.Hex))
	}
	f.Add(hexOrNil(httpRequestHex))
	f.Add(hexOrNil(httpResponseHex))
	m := httpMethod(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Decode(b, m.Args())
		_, _ = Decode(b, m.Results())
		wire, vals, err := DecodeAny(b)
		if err != nil {
			return
		}
		_ = FormatArgs(vals)
		for _, w := range wire {
			_ = w.String()
		}
		enc, err := Encode(wire, vals)
		if err != nil {
			return // future types cannot be encoded
		}
		again, err := Decode(enc, wire)
		if err != nil {
			t.Fatalf("re-encoding %x of %x does not decode: %v", enc, b, err)
		}
		if !argsEqual(again, vals) {
			t.Fatalf("re-encoding decodes to %s, want %s", FormatArgs(again), FormatArgs(vals))
		}
	})
}

func hexOrNil(s string) []byte {
	b := make([]byte, len(s)/2)
	for i := range b {
		b[i] = unhex(s[2*i])<<4 | unhex(s[2*i+1])
	}
	return b
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// FuzzParseValue parses arbitrary value text. Whatever parses must print
// to text that parses again and prints the same.
func FuzzParseValue(f *testing.F) {
	v := loadCandid(f)
	for _, file := range v.SpecTestSuite {
		for _, a := range file.Assertions {
			for _, in := range []*input{&a.Input, a.Other} {
				if in != nil && in.Text != nil {
					f.Add(*in.Text)
				}
			}
		}
	}
	for _, c := range v.AgentJSEncodings {
		if c.Value != nil {
			f.Add(*c.Value)
		}
	}
	f.Add(`(record { name = "x"; n = 5 : nat }, opt vec { 1; 2 }, variant { ok }, blob "\de\ad", (1.5 : float32))`)
	f.Fuzz(func(t *testing.T, s string) {
		vs, err := ParseArgs(s)
		if err != nil {
			return
		}
		printed := FormatArgs(vs)
		again, err := ParseArgs(printed)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, printed, err)
		}
		if p2 := FormatArgs(again); p2 != printed {
			t.Fatalf("%q printed as %q, then as %q", s, printed, p2)
		}
	})
}

// FuzzParseDid parses arbitrary .did text and prints what parses.
func FuzzParseDid(f *testing.F) {
	v := loadCandid(f)
	for _, file := range v.SpecTestSuite {
		f.Add(strings.Join(file.TypeDefinitions, "\n"))
	}
	f.Add(greeterDid)
	f.Add(httpDid)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDid(s)
		if err != nil {
			return
		}
		for _, ty := range d.Types {
			_ = ty.String()
		}
		if d.Service != nil {
			for _, m := range d.Service.Methods() {
				_ = m.Type.String()
				_, _ = Encode(m.Type.Args(), nil)
			}
		}
	})
}
