package cbor

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"testing"
)

func TestAppendShortestForm(t *testing.T) {
	for _, tc := range []struct {
		v    uint64
		want string
	}{
		{0, "00"}, {23, "17"}, {24, "1818"}, {255, "18ff"}, {256, "190100"},
		{65535, "19ffff"}, {65536, "1a00010000"}, {math.MaxUint32, "1affffffff"},
		{math.MaxUint32 + 1, "1b0000000100000000"}, {math.MaxUint64, "1bffffffffffffffff"},
	} {
		got := hex.EncodeToString(AppendUint(nil, tc.v))
		if got != tc.want {
			t.Errorf("AppendUint(%d) = %s, want %s", tc.v, got, tc.want)
		}
		v, err := NewReader(AppendUint(nil, tc.v)).Uint()
		if err != nil || v != tc.v {
			t.Errorf("Uint round trip %d: %d, %v", tc.v, v, err)
		}
	}
}

func TestRoundTripMessage(t *testing.T) {
	var b []byte
	b = AppendSelfDescribe(b)
	b = AppendMap(b, 3)
	b = AppendText(b, "content")
	b = AppendArray(b, 2)
	b = AppendBytes(b, []byte{1, 2, 3})
	b = AppendBool(b, true)
	b = AppendText(b, "n")
	b = AppendNull(b)
	b = AppendText(b, "t")
	b = AppendTag(b, 42)
	b = AppendUint(b, 7)

	r := NewReader(b)
	r.SkipSelfDescribe()
	var got []string
	err := r.Fields(func(k string) error {
		got = append(got, k)
		switch k {
		case "content":
			if n, err := r.ArrayLen(); err != nil || n != 2 {
				t.Fatalf("ArrayLen = %d, %v", n, err)
			}
			bs, err := r.Bytes()
			if err != nil || !bytes.Equal(bs, []byte{1, 2, 3}) {
				t.Fatalf("Bytes = %x, %v", bs, err)
			}
			v, err := r.Bool()
			if err != nil || !v {
				t.Fatalf("Bool = %v, %v", v, err)
			}
			return nil
		case "n":
			if !r.IsNull() {
				t.Fatal("want null")
			}
			return r.Skip()
		default:
			raw, err := r.Raw()
			if err != nil || hex.EncodeToString(raw) != "d82a07" {
				t.Fatalf("Raw = %x, %v", raw, err)
			}
			return nil
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("keys %v", got)
	}
}

func TestReaderRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		read func(*Reader) error
		want error
	}{
		{"empty", "", func(r *Reader) error { _, err := r.Uint(); return err }, ErrTruncated},
		{"truncated header", "19ff", func(r *Reader) error { _, err := r.Uint(); return err }, ErrTruncated},
		{"wrong type", "40", func(r *Reader) error { _, err := r.Uint(); return err }, ErrType},
		{"indefinite bytes", "5f40ff", func(r *Reader) error { _, err := r.Bytes(); return err }, ErrIndefinite},
		{"indefinite map", "bfff", func(r *Reader) error { return r.Skip() }, ErrIndefinite},
		{"reserved ai", "1c", func(r *Reader) error { return r.Skip() }, ErrMalformed},
		{"forged length", "5bffffffffffffffff00", func(r *Reader) error { _, err := r.Bytes(); return err }, ErrTooLong},
		{"forged array", "9bffffffffffffffff", func(r *Reader) error { _, err := r.ArrayLen(); return err }, ErrTooLong},
		{"forged map", "a3616100", func(r *Reader) error { _, err := r.MapLen(); return err }, ErrTooLong},
		{"bad utf8", "62c328", func(r *Reader) error { _, err := r.Text(); return err }, ErrUTF8},
		{"duplicate key", "a2616101616102", func(r *Reader) error { return r.Fields(func(string) error { return r.Skip() }) }, ErrDuplicateKey},
		{"non-text key", "a10101", func(r *Reader) error { return r.Fields(func(string) error { return r.Skip() }) }, ErrType},
		{"trailing", "0000", func(r *Reader) error { r.Skip(); return r.End() }, ErrTrailing},
		{"deep", string(bytes.Repeat([]byte("81"), MaxDepth+2)) + "00", func(r *Reader) error { return r.Skip() }, ErrTooDeep},
		{"not bool", "f6", func(r *Reader) error { _, err := r.Bool(); return err }, ErrType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := hex.DecodeString(tc.hex)
			if err := tc.read(NewReader(b)); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestDuplicateKeyManyFields(t *testing.T) {
	b := AppendMap(nil, 40)
	for i := 0; i < 39; i++ {
		b = AppendText(b, string(rune('A'+i)))
		b = AppendUint(b, 0)
	}
	b = AppendText(b, "C")
	b = AppendUint(b, 0)
	r := NewReader(b)
	if err := r.Fields(func(string) error { return r.Skip() }); !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("got %v", err)
	}
}

func FuzzSkip(f *testing.F) {
	f.Add([]byte{0xd9, 0xd9, 0xf7, 0xa1, 0x61, 0x61, 0x82, 0x01, 0x40})
	f.Add([]byte{0x9f, 0x01, 0xff})
	f.Add([]byte{0xfb, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewReader(b)
		r.SkipSelfDescribe()
		start := r.Offset()
		raw, err := r.Raw()
		if err != nil {
			return
		}
		if len(raw) != r.Offset()-start || r.Offset() > len(b) {
			t.Fatalf("Raw length %d, offset %d", len(raw), r.Offset())
		}
		r2 := NewReader(raw)
		if err := r2.Skip(); err != nil || !r2.Done() {
			t.Fatalf("re-skip of raw item: %v", err)
		}
	})
}
