package rih

import (
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/threshold-ic/threshold/internal/vectors"
)

type value struct {
	Type   string  `json:"type"`
	Value  string  `json:"value"`
	Hex    string  `json:"hex"`
	Items  []value `json:"items"`
	Fields []field `json:"fields"`
}

type field struct {
	Key   string `json:"key"`
	Value value  `json:"value"`
}

type file struct {
	RequestIDs []struct {
		Name    string  `json:"name"`
		Content []field `json:"content"`
		Want    string  `json:"request_id_hex"`
	} `json:"request_ids"`
	ValueHashes []struct {
		Name  string `json:"name"`
		Value value  `json:"value"`
		Want  string `json:"hash_hex"`
	} `json:"value_hashes"`
	MapHashes []struct {
		Name    string  `json:"name"`
		Content []field `json:"content"`
		Want    string  `json:"hash_hex"`
	} `json:"representation_independent_map_hashes"`
	DomainSeparators []struct {
		Name string `json:"name"`
		Hex  string `json:"bytes_hex"`
	} `json:"domain_separators"`
}

func hashValue(t *testing.T, v value) Hash {
	t.Helper()
	switch v.Type {
	case "text":
		return Text(v.Value)
	case "blob":
		return Blob(vectors.Hex(t, v.Hex))
	case "nat":
		n, ok := new(big.Int).SetString(v.Value, 10)
		if !ok {
			t.Fatalf("bad nat %q", v.Value)
		}
		h, ok := NatBig(n)
		if !ok {
			t.Fatalf("negative nat %q", v.Value)
		}
		if n.IsUint64() && Nat(n.Uint64()) != h {
			t.Fatalf("Nat and NatBig differ for %s", v.Value)
		}
		return h
	case "int":
		n, ok := new(big.Int).SetString(v.Value, 10)
		if !ok || !n.IsInt64() {
			t.Fatalf("bad int %q", v.Value)
		}
		return Int(n.Int64())
	case "array":
		var hs []Hash
		for _, it := range v.Items {
			hs = append(hs, hashValue(t, it))
		}
		return Array(hs...)
	case "map":
		return hashMap(t, v.Fields)
	}
	t.Fatalf("unknown value type %q", v.Type)
	return Hash{}
}

func hashMap(t *testing.T, fs []field) Hash {
	var out []Field
	for _, f := range fs {
		out = append(out, Field{f.Key, hashValue(t, f.Value)})
	}
	return Map(out)
}

// TestVectors checks every request id, value hash and map hash of
// request_id.json (interface spec § Request ids).
func TestVectors(t *testing.T) {
	var f file
	vectors.Load(t, "request_id.json", &f)
	if len(f.RequestIDs) == 0 || len(f.ValueHashes) == 0 || len(f.MapHashes) == 0 {
		t.Fatal("vector file has no cases")
	}
	for _, c := range f.RequestIDs {
		t.Run("request_id/"+c.Name, func(t *testing.T) {
			if got := hashMap(t, c.Content); hex.EncodeToString(got[:]) != c.Want {
				t.Fatalf("got %x, want %s", got, c.Want)
			}
		})
	}
	for _, c := range f.ValueHashes {
		t.Run("value/"+c.Name, func(t *testing.T) {
			if got := hashValue(t, c.Value); hex.EncodeToString(got[:]) != c.Want {
				t.Fatalf("got %x, want %s", got, c.Want)
			}
		})
	}
	for _, c := range f.MapHashes {
		t.Run("map/"+c.Name, func(t *testing.T) {
			if got := hashMap(t, c.Content); hex.EncodeToString(got[:]) != c.Want {
				t.Fatalf("got %x, want %s", got, c.Want)
			}
		})
	}
	known := map[string]string{
		"ic-request": SepRequest, "ic-request-auth-delegation": SepDelegation,
		"ic-state-root": SepStateRoot, "ic-response": SepResponse, "ic-sender-info": SepSenderInfo,
	}
	n := 0
	for _, d := range f.DomainSeparators {
		if s, ok := known[d.Name]; ok {
			n++
			if hex.EncodeToString([]byte(s)) != d.Hex {
				t.Errorf("separator %s = %x, want %s", d.Name, s, d.Hex)
			}
		}
	}
	if n != len(known) {
		t.Errorf("checked %d of %d separators", n, len(known))
	}
}

// A changed value or key changes the request id.
func TestTamper(t *testing.T) {
	base := []Field{{"request_type", Text("call")}, {"arg", Blob([]byte("DIDL\x00\x00"))}}
	h := Map(base)
	for i := range base {
		mod := append([]Field(nil), base...)
		mod[i].Value[0] ^= 1
		if Map(mod) == h {
			t.Errorf("flipping value %d kept the hash", i)
		}
	}
	if Map([]Field{{"request_typ", Text("call")}, base[1]}) == h {
		t.Error("renaming a key kept the hash")
	}
}

func BenchmarkRequestID(b *testing.B) {
	arg := []byte("DIDL\x00\x01\x71\x05world")
	cid := []byte{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}
	sender := make([]byte, 29)
	b.ReportAllocs()
	for b.Loop() {
		Map([]Field{
			{"request_type", Text("call")},
			{"sender", Blob(sender)},
			{"ingress_expiry", Nat(1685570400000000000)},
			{"canister_id", Blob(cid)},
			{"method_name", Text("greet")},
			{"arg", Blob(arg)},
		})
	}
}
