package certify

import (
	"bytes"
	"testing"
)

// FuzzParseCertificate: Parse never panics; an accepted certificate
// re-encodes to bytes that parse to the same certificate, and verifying it
// never panics.
func FuzzParseCertificate(f *testing.F) {
	n := newTestNet(f, 9)
	f.Add(n.subnetCert(f, n.delegation(f, true, n.now), n.now))
	f.Add(n.rootCert(f, n.now))
	f.Add([]byte{0xa2, 0x64, 't', 'r', 'e', 'e', 0x81, 0x00, 0x69, 's', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', 0x40})
	v := NewVerifier(n.root, 16)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		enc := c.Encode()
		c2, err := Parse(enc)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if c2.Tree.Digest() != c.Tree.Digest() || !bytes.Equal(c2.Encode(), enc) {
			t.Fatal("round trip changed the certificate")
		}
		v.Verify(c, Options{Now: n.now, CanisterID: rangeA.Low})
		if c.Delegation != nil {
			SubnetRanges(c.Tree, c.Delegation.SubnetID)
		}
	})
}
