package hashtree

import "github.com/threshold-ic/threshold/certify/cbor"

// Append appends the CBOR encoding of t to b (without a self-describe tag)
// and returns the extended slice.
func Append(b []byte, t Tree) []byte { return appendNode(b, t.n) }

func appendNode(b []byte, n *node) []byte {
	if n == nil || n.kind == KindEmpty {
		return append(b, 0x81, 0x00)
	}
	switch n.kind {
	case KindFork:
		b = append(b, 0x83, 0x01)
		b = appendNode(b, n.left)
		return appendNode(b, n.right)
	case KindLabeled:
		b = append(b, 0x83, 0x02)
		b = cbor.AppendBytes(b, n.data)
		return appendNode(b, n.left)
	case KindLeaf:
		return cbor.AppendBytes(append(b, 0x82, 0x03), n.data)
	default: // KindPruned
		return cbor.AppendBytes(append(b, 0x82, 0x04), n.data)
	}
}

// Encode returns the CBOR encoding of t.
func (t Tree) Encode() []byte { return Append(nil, t) }
