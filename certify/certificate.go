package certify

import (
	"errors"
	"fmt"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/hashtree"
)

// Certificate is a decoded certificate. Parse returns one whose byte fields
// are sub-slices of the input.
type Certificate struct {
	Tree       hashtree.Tree
	Signature  []byte
	Delegation *Delegation // nil: signed by the root subnet
}

// Delegation names the subnet that signed a certificate and carries the
// root-signed certificate that publishes its key and canister ranges.
type Delegation struct {
	SubnetID    []byte
	Certificate []byte // an encoded certificate, itself without delegation
}

// Parse decodes a certificate that fills b (see the package doc for the
// decoding rules). The delegation certificate is kept encoded; Verify
// decodes it.
func Parse(b []byte) (*Certificate, error) {
	c := new(Certificate)
	if err := c.parse(b); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return c, nil
}

func (c *Certificate) parse(b []byte) error {
	r := cbor.NewReader(b)
	r.SkipSelfDescribe()
	var haveTree, haveSig bool
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "tree":
			c.Tree, err = hashtree.Decode(r)
			haveTree = true
		case "signature":
			c.Signature, err = r.Bytes()
			haveSig = true
		case "delegation":
			if r.IsNull() {
				return r.Skip()
			}
			c.Delegation, err = parseDelegation(r)
		default:
			return errors.New("unknown key")
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case !haveTree:
		return errors.New("missing tree")
	case !haveSig:
		return errors.New("missing signature")
	}
	return r.End()
}

func parseDelegation(r *cbor.Reader) (*Delegation, error) {
	d := new(Delegation)
	var haveID, haveCert bool
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "subnet_id":
			d.SubnetID, err = r.Bytes()
			haveID = true
		case "certificate":
			d.Certificate, err = r.Bytes()
			haveCert = true
		default:
			return errors.New("unknown key")
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case !haveID:
		return nil, errors.New("delegation without subnet_id")
	case !haveCert:
		return nil, errors.New("delegation without certificate")
	}
	return d, nil
}

// Append appends the encoding of c, with the self-describe tag and the keys
// in the order the IC emits them (tree, signature, delegation).
func (c *Certificate) Append(b []byte) []byte {
	b = cbor.AppendSelfDescribe(b)
	n := 2
	if c.Delegation != nil {
		n = 3
	}
	b = cbor.AppendMap(b, n)
	b = cbor.AppendText(b, "tree")
	b = hashtree.Append(b, c.Tree)
	b = cbor.AppendText(b, "signature")
	b = cbor.AppendBytes(b, c.Signature)
	if d := c.Delegation; d != nil {
		b = cbor.AppendText(b, "delegation")
		b = cbor.AppendMap(b, 2)
		b = cbor.AppendText(b, "subnet_id")
		b = cbor.AppendBytes(b, d.SubnetID)
		b = cbor.AppendText(b, "certificate")
		b = cbor.AppendBytes(b, d.Certificate)
	}
	return b
}

// Encode returns the encoding of c.
func (c *Certificate) Encode() []byte { return c.Append(nil) }
