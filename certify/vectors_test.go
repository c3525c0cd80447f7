package certify

import (
	"bytes"
	"encoding/base32"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/internal/vectors"
)

type certVector struct {
	Name             string `json:"name"`
	CertHex          string `json:"certificate_cbor_hex"`
	RootKeyHex       string `json:"root_key_der_hex"`
	SignatureValid   bool   `json:"bls_signature_valid"`
	TimeISO          string `json:"time_iso_per_source"`
	CertTimeNs       string `json:"cert_time_ns_decoded"`
	DelegationSubnet string `json:"delegation_subnet_id_hex_decoded"`
	Checks           []struct {
		Kind         string `json:"principal_kind"`
		CanisterHex  string `json:"canister_id_hex"`
		CanisterText string `json:"canister_id_text"`
		SubnetText   string `json:"subnet_id_text"`
		Valid        *bool  `json:"expected_valid"`
		InRange      *bool  `json:"expected_in_range"`
		NowISO       string `json:"now_iso"`
		NowOffsetMs  *int64 `json:"now_offset_ms_from_time_iso_per_source"`
		Reason       string `json:"reason"`
	} `json:"checks"`
	TimeChecks []struct {
		OffsetMs int64 `json:"now_offset_ms_from_cert_time"`
		Valid    bool  `json:"expected_valid"`
	} `json:"time_checks"`
	Lookups []struct {
		PathUTF8 []string            `json:"path_utf8"`
		Path     []map[string]string `json:"path"`
		Result   string              `json:"result"`
		ValueHex *string             `json:"value_hex"`
	} `json:"expected_lookups"`
}

// principalFromText decodes the textual form of a principal (PROTOCOL.md
// §3.2): base32 without padding of CRC32 · bytes, grouped by dashes.
func principalFromText(t testing.TB, s string) []byte {
	t.Helper()
	raw := strings.ToUpper(strings.ReplaceAll(s, "-", ""))
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(raw)
	if err != nil || len(b) < 4 {
		t.Fatalf("bad principal %q: %v", s, err)
	}
	return b[4:]
}

func parseISO(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestCertificateVectors runs every certificate of certificates.json
// against its root key: signature validity, every accept/reject check
// (canister, subnet, range membership, time windows) and the lookups it
// lists (PROTOCOL.md §4.2, §4.5, §4.6).
func TestCertificateVectors(t *testing.T) {
	var file struct{ Certificates []certVector }
	vectors.Load(t, "certificates.json", &file)
	for _, v := range file.Certificates {
		t.Run(v.Name, func(t *testing.T) {
			root, err := ParseRootKey(vectors.Hex(t, v.RootKeyHex))
			if err != nil {
				t.Fatal(err)
			}
			cert, err := Parse(vectors.Hex(t, strings.ToLower(v.CertHex)))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Verify(cert, root, Options{})
			if v.SignatureValid != (err == nil) {
				t.Fatalf("untimed Verify = %v, want valid=%v", err, v.SignatureValid)
			}
			if v.DelegationSubnet != "" && !bytes.Equal(res.SubnetID, vectors.Hex(t, v.DelegationSubnet)) {
				t.Errorf("SubnetID = %x, want %s", res.SubnetID, v.DelegationSubnet)
			}
			if v.DelegationSubnet == "" && (res.Delegated || !bytes.Equal(res.SubnetID, root.SubnetID())) {
				t.Errorf("no delegation, but SubnetID = %x", res.SubnetID)
			}
			if v.CertTimeNs != "" && formatUint(res.Time) != v.CertTimeNs {
				t.Errorf("Time = %d, want %s", res.Time, v.CertTimeNs)
			}
			for _, c := range v.Checks {
				opts := Options{}
				var id []byte
				switch {
				case c.CanisterHex != "":
					id = vectors.Hex(t, c.CanisterHex)
				case c.CanisterText != "":
					id = principalFromText(t, c.CanisterText)
				case c.SubnetText != "":
					id = principalFromText(t, c.SubnetText)
				}
				if c.NowISO != "" {
					opts.Now = parseISO(t, c.NowISO)
				}
				if c.NowOffsetMs != nil {
					opts.Now = parseISO(t, v.TimeISO).Add(time.Duration(*c.NowOffsetMs) * time.Millisecond)
				}
				switch c.Kind {
				case "canister_range_membership":
					// The ranges "as found in the certificate tree": a subnet
					// read_state certificate carries them in its own tree,
					// others only in the delegation.
					ranges, err := SubnetRanges(cert.Tree, res.SubnetID)
					if err != nil {
						ranges = res.Ranges
					}
					if got := ranges.Contains(id); got != *c.InRange {
						t.Errorf("Ranges.Contains(%x) = %v, want %v", id, got, *c.InRange)
					}
					continue
				case "canister":
					opts.CanisterID = id
				case "subnet":
					opts.SubnetID = id
				default:
					t.Fatalf("unknown check kind %q", c.Kind)
				}
				_, err := Verify(cert, root, opts)
				if (err == nil) != *c.Valid {
					t.Errorf("%s %x (now %v): Verify = %v, want valid=%v (%s)", c.Kind, id, opts.Now, err, *c.Valid, c.Reason)
				}
				want := map[string]error{"canister": ErrRange, "subnet": ErrSubnet}[c.Kind]
				if c.NowOffsetMs != nil {
					want = ErrTime
				}
				if err != nil && !errors.Is(err, want) {
					t.Errorf("%s %x: Verify = %v, want %v", c.Kind, id, err, want)
				}
			}
			for _, tc := range v.TimeChecks {
				now := time.Unix(0, int64(res.Time)).Add(time.Duration(tc.OffsetMs) * time.Millisecond)
				_, err := Verify(cert, root, Options{Now: now})
				if (err == nil) != tc.Valid || err != nil && !errors.Is(err, ErrTime) {
					t.Errorf("now = cert time %+dms: Verify = %v, want valid=%v", tc.OffsetMs, err, tc.Valid)
				}
			}
			for _, l := range v.Lookups {
				var path [][]byte
				for _, s := range l.PathUTF8 {
					path = append(path, []byte(s))
				}
				for _, seg := range l.Path {
					switch {
					case seg["utf8"] != "":
						path = append(path, []byte(seg["utf8"]))
					case seg["principal_text"] != "":
						path = append(path, principalFromText(t, seg["principal_text"]))
					default:
						path = append(path, vectors.Hex(t, seg["hex"]))
					}
				}
				val, r := cert.Tree.Lookup(path...)
				if r.String() != l.Result {
					t.Errorf("Lookup(%q) = %v, want %s", path, r, l.Result)
				}
				if l.ValueHex != nil && !bytes.Equal(val, vectors.Hex(t, *l.ValueHex)) {
					t.Errorf("Lookup(%q) = %x, want %s", path, val, *l.ValueHex)
				}
			}
		})
	}
}

func formatUint(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// TestLocalReplicaWithoutTime: a certificate without /time verifies
// untimed and fails any timed check with ErrTime.
func TestLocalReplicaWithoutTime(t *testing.T) {
	root, cert := loadCert(t, "local_replica_request_status_replied")
	if _, err := Verify(cert, root, Options{}); err != nil {
		t.Fatalf("untimed: %v", err)
	}
	if _, err := Verify(cert, root, Options{Now: time.Unix(1650551764, 0)}); !errors.Is(err, ErrTime) {
		t.Fatalf("timed: %v, want ErrTime", err)
	}
}

// TestNestedDelegation: icp-js-core wraps a delegated certificate as the
// delegation of another one; that must fail with ErrNestedDelegation.
func TestNestedDelegation(t *testing.T) {
	root, cert := loadCert(t, "mainnet_ii_subnet_read_state_with_subnet_tree")
	outer := &Certificate{Tree: cert.Tree, Signature: cert.Signature, Delegation: &Delegation{
		SubnetID:    principalFromText(t, "uzr34-akd3s-xrdag-3ql62-ocgoh-ld2ao-tamcv-54e7j-krwgb-2gm4z-oqe"),
		Certificate: cert.Encode(),
	}}
	_, err := Verify(outer, root, Options{})
	if !errors.Is(err, ErrDelegation) || !errors.Is(err, ErrNestedDelegation) {
		t.Fatalf("Verify = %v, want ErrNestedDelegation", err)
	}
}

func loadCert(t testing.TB, name string) (*RootKey, *Certificate) {
	t.Helper()
	var file struct{ Certificates []certVector }
	vectors.Load(t, "certificates.json", &file)
	for _, v := range file.Certificates {
		if v.Name != name {
			continue
		}
		root, err := ParseRootKey(vectors.Hex(t, v.RootKeyHex))
		if err != nil {
			t.Fatal(err)
		}
		cert, err := Parse(vectors.Hex(t, strings.ToLower(v.CertHex)))
		if err != nil {
			t.Fatal(err)
		}
		return root, cert
	}
	t.Fatalf("no certificate %q", name)
	return nil, nil
}
