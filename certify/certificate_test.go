package certify

import (
	"bytes"
	"testing"

	"github.com/threshold-ic/threshold/certify/hashtree"
	"github.com/threshold-ic/threshold/internal/vectors"
)

// TestEncodingVectors decodes the encoding-only vectors and encodes them
// back (the vectors have no self-describe tag; Append writes one).
func TestEncodingVectors(t *testing.T) {
	var file struct {
		EncodingOnly []struct {
			Name    string `json:"name"`
			CertHex string `json:"certificate_cbor_hex"`
			Decoded struct {
				SignatureHex string `json:"signature_hex"`
				Delegation   *struct {
					SubnetIDHex    string `json:"subnet_id_hex"`
					CertificateHex string `json:"certificate_hex"`
				} `json:"delegation"`
			} `json:"decoded"`
		} `json:"encoding_only"`
	}
	vectors.Load(t, "certificates.json", &file)
	specTree, _ := hashtree.Parse(vectors.Hex(t, specTreeHex))
	for _, v := range file.EncodingOnly {
		t.Run(v.Name, func(t *testing.T) {
			enc := vectors.Hex(t, v.CertHex)
			c, err := Parse(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !c.Tree.Equal(specTree) || !bytes.Equal(c.Signature, vectors.Hex(t, v.Decoded.SignatureHex)) {
				t.Errorf("decoded %v / %x", c.Tree, c.Signature)
			}
			if d := v.Decoded.Delegation; (d == nil) != (c.Delegation == nil) {
				t.Fatalf("delegation = %+v", c.Delegation)
			} else if d != nil && (!bytes.Equal(c.Delegation.SubnetID, vectors.Hex(t, d.SubnetIDHex)) ||
				!bytes.Equal(c.Delegation.Certificate, vectors.Hex(t, d.CertificateHex))) {
				t.Errorf("delegation = %x / %x", c.Delegation.SubnetID, c.Delegation.Certificate)
			}
			if got := c.Encode(); !bytes.Equal(got, append([]byte{0xd9, 0xd9, 0xf7}, enc...)) {
				t.Errorf("Encode = %x", got)
			}
		})
	}
}

const specTreeHex = "8301830183024161830183018302417882034568656c6c6f810083024179820345776f726c6483024162820344676f6f648301830241638100830241648203476d6f726e696e67"
