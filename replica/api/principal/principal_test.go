package principal

import (
	"bytes"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

type principalVectors struct {
	Valid []struct {
		Name, Text, Direction string
		BytesHex              string `json:"bytes_hex"`
		CRC32Hex              string `json:"crc32_hex"`
	}
	InvalidText []struct {
		Name, Text, Error string
	} `json:"invalid_text"`
	InvalidBytes []struct {
		Name, Error string
		BytesHex    string `json:"bytes_hex"`
	} `json:"invalid_bytes"`
	Misc []struct {
		Name, Text, Class string
		BytesHex          string `json:"bytes_hex"`
		Valid             bool
		PublicKeyDERHex   string `json:"public_key_der_hex"`
		PrincipalBytesHex string `json:"principal_bytes_hex"`
	}
	Ordering []struct{ A, B, Compare string }
	CRC32    []struct {
		BytesHex string `json:"bytes_hex"`
		CRC32Hex string `json:"crc32_hex"`
	}
	Base32 []struct {
		BytesHex string `json:"bytes_hex"`
		Base32   string `json:"base32_lower_nopad"`
	}
}

func load(t *testing.T) principalVectors {
	var v principalVectors
	vectors.Load(t, "principal.json", &v)
	return v
}

func mustParse(t testing.TB, s string) Principal {
	t.Helper()
	p, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return p
}

// TestTextualForm checks § Textual representation of principals against
// every valid vector, in both directions.
func TestTextualForm(t *testing.T) {
	for _, v := range load(t).Valid {
		t.Run(v.Name, func(t *testing.T) {
			want := vectors.Hex(t, v.BytesHex)
			p := mustParse(t, v.Text)
			if !bytes.Equal(p.Bytes(), want) {
				t.Fatalf("Parse(%q) = %x, want %x", v.Text, p.Bytes(), want)
			}
			if v.Direction == "parse_only" {
				if got := p.String(); got != strings.ToLower(v.Text) {
					t.Fatalf("String() = %q", got)
				}
				return
			}
			q, err := FromBytes(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.String(); got != v.Text {
				t.Fatalf("String() = %q, want %q", got, v.Text)
			}
			if q != p {
				t.Fatal("FromBytes and Parse disagree")
			}
			if v.CRC32Hex != "" {
				if got := crc32.ChecksumIEEE(want); hex.EncodeToString([]byte{byte(got >> 24), byte(got >> 16), byte(got >> 8), byte(got)}) != v.CRC32Hex {
					t.Fatalf("crc32 = %08x, want %s", got, v.CRC32Hex)
				}
			}
		})
	}
}

var errorKinds = map[string]error{
	"InvalidBase32":      ErrBase32,
	"TextTooShort":       ErrTooShort,
	"TextTooLong":        ErrTooLong,
	"AbnormalGrouped":    ErrGrouping,
	"checksum mismatch":  ErrChecksum,
	"invalid characters": ErrBadCharacter,
	"BytesTooLong":       ErrBytesTooLong,
}

func TestParseInvalid(t *testing.T) {
	for _, v := range load(t).InvalidText {
		t.Run(v.Name, func(t *testing.T) {
			want, ok := errorKinds[v.Error]
			if !ok {
				t.Fatalf("unmapped error kind %q", v.Error)
			}
			_, err := Parse(v.Text)
			if !errors.Is(err, want) {
				t.Fatalf("Parse(%q) error = %v, want %v", v.Text, err, want)
			}
		})
	}
	// Cases beyond the vectors.
	for name, tc := range map[string]struct {
		text string
		want error
	}{
		"alias_digit_with_valid_crc": {"rwlgt-1iaaa-aaaaa-aaaaa-cai", ErrGrouping},
		"dash_only":                  {"-", ErrTooShort},
		"empty":                      {"", ErrTooShort},
		"64_chars":                   {strings.Repeat("a", 64), ErrTooLong},
		"39_bytes_no_dashes":         {strings.Repeat("a", 63), ErrTooLong},
		"nonzero_pad_bits":           {"2vxsx-faf", ErrChecksum},
		"unicode":                    {"aaaaa-aé", ErrBadCharacter},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(tc.text); !errors.Is(err, tc.want) {
				t.Fatalf("Parse(%q) error = %v, want %v", tc.text, err, tc.want)
			}
		})
	}
}

func TestFromBytesInvalid(t *testing.T) {
	for _, v := range load(t).InvalidBytes {
		t.Run(v.Name, func(t *testing.T) {
			if _, err := FromBytes(vectors.Hex(t, v.BytesHex)); !errors.Is(err, errorKinds[v.Error]) {
				t.Fatalf("error = %v", err)
			}
		})
	}
}

func TestClasses(t *testing.T) {
	for _, v := range load(t).Misc {
		t.Run(v.Name, func(t *testing.T) {
			var p Principal
			switch {
			case v.Text != "":
				p = mustParse(t, v.Text)
			case v.PrincipalBytesHex != "":
				p = SelfAuthenticating(vectors.Hex(t, v.PublicKeyDERHex))
				if got := hex.EncodeToString(p.Bytes()); got != v.PrincipalBytesHex {
					t.Fatalf("SelfAuthenticating = %s, want %s", got, v.PrincipalBytesHex)
				}
				v.Class = "self_authenticating"
			default:
				var err error
				if p, err = FromBytes(vectors.Hex(t, v.BytesHex)); err != nil {
					t.Fatal(err)
				}
			}
			if v.Valid {
				if _, err := Parse(p.String()); err != nil {
					t.Fatal(err)
				}
				if p.Class() == ClassAnonymous {
					t.Fatal("long blob ending in 04 classed anonymous")
				}
			}
			if v.Class != "" && p.Class().String() != v.Class {
				t.Fatalf("Class = %v, want %s", p.Class(), v.Class)
			}
		})
	}
	if Management.Class() != ClassManagement || Anonymous.Class() != ClassAnonymous {
		t.Fatal("Management/Anonymous class")
	}
	d := Derived(Anonymous, []byte("n"))
	if d.Class() != ClassDerived || d.Len() != MaxLength {
		t.Fatalf("Derived class %v", d.Class())
	}
	if Anonymous.String() != "2vxsx-fae" || Management.String() != "aaaaa-aa" {
		t.Fatal("constants")
	}
}

func TestOrdering(t *testing.T) {
	want := map[string]int{"lt": -1, "eq": 0, "gt": 1}
	for _, v := range load(t).Ordering {
		a, b := mustParse(t, v.A), mustParse(t, v.B)
		if got := Compare(a, b); got != want[v.Compare] {
			t.Errorf("Compare(%s, %s) = %d, want %s", v.A, v.B, got, v.Compare)
		}
	}
	if Compare(Management, CanisterID(0)) != -1 {
		t.Error("empty principal must sort first")
	}
}

func TestCRC32AndBase32(t *testing.T) {
	v := load(t)
	for _, c := range v.CRC32 {
		got := crc32.ChecksumIEEE(vectors.Hex(t, c.BytesHex))
		if hex.EncodeToString([]byte{byte(got >> 24), byte(got >> 16), byte(got >> 8), byte(got)}) != c.CRC32Hex {
			t.Errorf("crc32(%s) = %08x, want %s", c.BytesHex, got, c.CRC32Hex)
		}
	}
	for _, c := range v.Base32 {
		if got := string(appendBase32(nil, vectors.Hex(t, c.BytesHex))); got != c.Base32 {
			t.Errorf("base32(%s) = %q, want %q", c.BytesHex, got, c.Base32)
		}
	}
}

// TestCanisterIDs checks the 8-byte big-endian index · 0x01 0x01 form.
func TestCanisterIDs(t *testing.T) {
	for idx, text := range map[uint64]string{
		0: "rwlgt-iiaaa-aaaaa-aaaaa-cai", 1: "rrkah-fqaaa-aaaaa-aaaaq-cai",
		2: "ryjl3-tyaaa-aaaaa-aaaba-cai", 7: "rdmx6-jaaaa-aaaaa-aaadq-cai",
		0x0000000002100002: "um5iw-rqaaa-aaaaq-qaaba-cai",
	} {
		p := CanisterID(idx)
		if p.String() != text {
			t.Errorf("CanisterID(%d) = %s, want %s", idx, p, text)
		}
		if got, ok := mustParse(t, text).CanisterIndex(); !ok || got != idx {
			t.Errorf("CanisterIndex(%s) = %d, %v", text, got, ok)
		}
	}
	if _, ok := Anonymous.CanisterIndex(); ok {
		t.Error("anonymous is not a canister id")
	}
}

func TestTextMarshal(t *testing.T) {
	var p Principal
	if err := p.UnmarshalText([]byte("em77e-bvlzu-aq")); err != nil {
		t.Fatal(err)
	}
	b, _ := p.MarshalText()
	if string(b) != "em77e-bvlzu-aq" || !bytes.Equal(p.AppendBytes(nil), []byte{0xab, 0xcd, 0x01}) {
		t.Fatalf("round trip %s", b)
	}
	if err := p.UnmarshalText([]byte("x")); err == nil {
		t.Fatal("want error")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"aaaaa-aa", "2vxsx-fae", "em77e-bvlzu-aq", "rwlgt-iiaaa-aaaaa-aaaaa-cai",
		"bnkmk-jqaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaaaa-aaa", "aaaaaaa", "Hello world!", "0aaaa-aa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		text := p.String()
		if text != strings.ToLower(s) {
			t.Fatalf("Parse(%q) accepted a non-canonical text (canonical %q)", s, text)
		}
		q, err := Parse(text)
		if err != nil || q != p {
			t.Fatalf("round trip of %q: %v", text, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	s := SelfAuthenticating([]byte("key")).String()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkString(b *testing.B) {
	p := SelfAuthenticating([]byte("key"))
	b.ReportAllocs()
	for b.Loop() {
		_ = p.String()
	}
}
