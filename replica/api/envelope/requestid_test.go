package envelope

import (
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/internal/vectors"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

type value struct {
	Type   string
	Value  string
	Hex    string
	Items  []value
	Fields []field
}

type field struct {
	Key   string
	Value value
}

type requestIDVectors struct {
	RequestIDs []struct {
		Name         string
		Content      []field
		RequestIDHex string `json:"request_id_hex"`
	} `json:"request_ids"`
}

func (v value) hash(t *testing.T) rih.Hash {
	switch v.Type {
	case "text":
		return rih.Text(v.Value)
	case "blob":
		return rih.Blob(vectors.Hex(t, v.Hex))
	case "nat":
		n, _ := new(big.Int).SetString(v.Value, 10)
		return rih.Nat(n.Uint64())
	case "int":
		n, _ := new(big.Int).SetString(v.Value, 10)
		return rih.Int(n.Int64())
	case "array":
		hs := make([]rih.Hash, len(v.Items))
		for i, it := range v.Items {
			hs[i] = it.hash(t)
		}
		return rih.Array(hs...)
	case "map":
		return mapHash(t, v.Fields)
	}
	t.Fatalf("unknown value type %q", v.Type)
	return rih.Hash{}
}

func mapHash(t *testing.T, fs []field) rih.Hash {
	out := make([]rih.Field, len(fs))
	for i, f := range fs {
		out[i] = rih.Field{Key: f.Key, Value: f.Value.hash(t)}
	}
	return rih.Map(out)
}

// toContent builds a Content from a vector's fields, and reports false if
// the vector is not a complete request content.
func toContent(t *testing.T, fs []field) (Content, bool) {
	var c Content
	seen := map[string]bool{}
	for _, f := range fs {
		seen[f.Key] = true
		v := f.Value
		switch f.Key {
		case "request_type":
			c.Type, _ = parseRequestType([]byte(v.Value))
		case "sender", "canister_id":
			p, err := principal.FromBytes(vectors.Hex(t, v.Hex))
			if err != nil {
				t.Fatal(err)
			}
			if f.Key == "sender" {
				c.Sender = p
			} else {
				c.CanisterID = p
			}
		case "ingress_expiry":
			n, _ := new(big.Int).SetString(v.Value, 10)
			c.IngressExpiry = n.Uint64()
		case "method_name":
			c.MethodName = v.Value
		case "arg":
			c.Arg = vectors.Hex(t, v.Hex)
		default:
			return c, false
		}
	}
	return c, seen["request_type"] && seen["sender"] && seen["ingress_expiry"]
}

// TestRequestIDVectors checks § Request ids: full contents through
// Content.RequestID, the delegation map through Delegation.Hash, and
// read_state paths through the paths hashing.
func TestRequestIDVectors(t *testing.T) {
	var v requestIDVectors
	vectors.Load(t, "request_id.json", &v)
	covered := 0
	for _, tc := range v.RequestIDs {
		t.Run(tc.Name, func(t *testing.T) {
			var got rih.Hash
			switch c, ok := toContent(t, tc.Content); {
			case ok:
				got = c.RequestID()
				covered++
			case tc.Name == "sender_delegation_map_hash":
				var d Delegation
				for _, f := range tc.Content {
					switch f.Key {
					case "pubkey":
						d.PubKey = vectors.Hex(t, f.Value.Hex)
					case "expiration":
						n, _ := new(big.Int).SetString(f.Value.Value, 10)
						d.Expiration = n.Uint64()
					case "targets":
						d.Targets = []principal.Principal{}
						for _, it := range f.Value.Items {
							p, _ := principal.FromBytes(vectors.Hex(t, it.Hex))
							d.Targets = append(d.Targets, p)
						}
					}
				}
				got = d.Hash()
				covered++
			default:
				// Partial maps: hash generically, but paths through hashPaths.
				fs := make([]rih.Field, len(tc.Content))
				for i, f := range tc.Content {
					fs[i] = rih.Field{Key: f.Key, Value: f.Value.hash(t)}
					if f.Key == "paths" {
						fs[i].Value = hashPaths(toPaths(t, f.Value))
						covered++
					}
				}
				got = rih.Map(fs)
			}
			if hex.EncodeToString(got[:]) != tc.RequestIDHex {
				t.Fatalf("hash = %x, want %s", got, tc.RequestIDHex)
			}
		})
	}
	if covered < 6 {
		t.Fatalf("only %d vectors exercised this package's hashing", covered)
	}
}

func toPaths(t *testing.T, v value) [][][]byte {
	paths := make([][][]byte, len(v.Items))
	for i, p := range v.Items {
		paths[i] = make([][]byte, len(p.Items))
		for j, l := range p.Items {
			paths[i][j] = vectors.Hex(t, l.Hex)
		}
	}
	return paths
}

// TestRequestIDFields checks that optional fields change the id exactly
// when present, and the textual form of ids.
func TestRequestIDFields(t *testing.T) {
	base := callContent()
	ids := map[RequestID]string{base.RequestID(): "base"}
	add := func(name string, c Content) {
		id := c.RequestID()
		if prev, dup := ids[id]; dup {
			t.Errorf("%s has the same id as %s", name, prev)
		}
		ids[id] = name
	}
	c := base
	c.Nonce = []byte{}
	add("empty nonce", c)
	c.Nonce = []byte{1}
	add("nonce", c)
	c = base
	c.SenderInfo = &SenderInfo{Info: []byte("i"), Signer: testCanID, Sig: []byte("s")}
	add("sender_info", c)
	c = base
	c.Type = Query
	add("query", c)
	rs := Content{Type: ReadState, IngressExpiry: testExpiry, Paths: [][][]byte{}}
	add("read_state no paths", rs)
	rs.Paths = [][][]byte{{}}
	add("read_state one empty path", rs)
	if s := base.RequestID().String(); len(s) != 66 || s[:2] != "0x" {
		t.Errorf("String() = %q", s)
	}
}

func BenchmarkRequestID(b *testing.B) {
	c := callContent()
	c.Sender = newTestKey("bench").principal()
	c.Nonce = make([]byte, 32)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.RequestID()
	}
}
