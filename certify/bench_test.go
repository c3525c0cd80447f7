package certify

import (
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/certify/bls"
	"github.com/threshold-ic/threshold/internal/vectors"
)

// typical is a real mainnet read_state /time certificate with a delegation
// and sharded ranges (1181 bytes), checked for the ledger's neighbour
// canister ivg37.
func typical(b *testing.B) (*RootKey, []byte, Options) {
	var file struct{ Certificates []certVector }
	vectors.Load(b, "certificates.json", &file)
	for _, v := range file.Certificates {
		if v.Name == "mainnet_ivg37_read_state_time_sharded_ranges" {
			root, err := ParseRootKey(vectors.Hex(b, v.RootKeyHex))
			if err != nil {
				b.Fatal(err)
			}
			enc := vectors.Hex(b, strings.ToLower(v.CertHex))
			c, _ := Parse(enc)
			res, err := Verify(c, root, Options{})
			if err != nil {
				b.Fatal(err)
			}
			opts := Options{
				Now:        time.Unix(0, int64(res.Time)).Add(time.Minute),
				CanisterID: principalFromText(b, "ivg37-qiaaa-aaaab-aaaga-cai"),
			}
			return root, enc, opts
		}
	}
	b.Fatal("vector not found")
	return nil, nil, Options{}
}

// BenchmarkVerifyCached: the same certificate again (parse, digest, cache
// hits, time and range checks).
func BenchmarkVerifyCached(b *testing.B) {
	root, enc, opts := typical(b)
	v := NewVerifier(root, 0)
	if _, err := v.VerifyBytes(enc, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyBytes(enc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyCold: the delegated mainnet certificate with nothing
// cached: two pairings (delegation and certificate) and a subnet key to
// decompress and subgroup-check.
func BenchmarkVerifyCold(b *testing.B) {
	root, enc, opts := typical(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewVerifier(root, 16).VerifyBytes(enc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyColdKnownDelegation: a new certificate from a subnet whose
// delegation is cached: one pairing, the usual case for a gateway.
func BenchmarkVerifyColdKnownDelegation(b *testing.B) {
	root, enc, opts := typical(b)
	v := NewVerifier(root, 1) // the signature cache holds one entry...
	c, _ := Parse(enc)
	v.Verify(c, opts)
	b.ReportAllocs()
	for b.Loop() {
		v.sigs.put(sigKey{}, struct{}{}) // ...which is evicted every time
		if _, err := v.VerifyBytes(enc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyColdRoot: a root-subnet certificate, no cache: one
// pairing, to compare with BenchmarkBareBLSVerify.
func BenchmarkVerifyColdRoot(b *testing.B) {
	root, cert := loadCert(b, "mainnet_root_subnet_ryjl3")
	enc := cert.Encode()
	b.ReportAllocs()
	for b.Loop() {
		c, err := Parse(enc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Verify(c, root, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareBLSVerify is the floor for a cold verification: one BLS
// verification of a 46-byte message with a parsed key.
func BenchmarkBareBLSVerify(b *testing.B) {
	root, cert := loadCert(b, "mainnet_root_subnet_ryjl3")
	msg := SignedMessage(cert.Tree.Digest())
	b.ReportAllocs()
	for b.Loop() {
		if err := bls.Verify(root.PublicKey(), msg, cert.Signature); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHashTreeDigest reconstructs the root hash of the typical
// certificate's tree.
func BenchmarkHashTreeDigest(b *testing.B) {
	_, enc, _ := typical(b)
	c, _ := Parse(enc)
	b.ReportAllocs()
	for b.Loop() {
		c.Tree.Digest()
	}
}

// BenchmarkWitness cuts the witness of one request status and /time out of
// a state tree with 50 requests, as a replica does per read_state.
func BenchmarkWitness(b *testing.B) {
	full := stateTree(b, time.Unix(1_700_000_000, 0))
	paths := [][][]byte{{label("request_status"), {7, 1, 2, 3}}, {label("time")}}
	b.ReportAllocs()
	for b.Loop() {
		full.Witness(paths...)
	}
}
