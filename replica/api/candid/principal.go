package candid

import (
	"encoding/hex"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// principalText returns the textual form of a principal value. The wire
// format allows any length; the IC's principals are at most 29 bytes, and
// a longer one (which no canister can have) prints as hex.
func principalText(id []byte) string {
	p, err := principal.FromBytes(id)
	if err != nil {
		return "0x" + hex.EncodeToString(id)
	}
	return p.String()
}

// parsePrincipal parses the textual form of a principal, checking the
// checksum and that the text is in canonical (lower-case) form.
func parsePrincipal(s string) ([]byte, error) {
	p, err := principal.Parse(s)
	if err != nil {
		return nil, syntaxf("invalid principal %q: %v", s, err)
	}
	if p.String() != s {
		return nil, syntaxf("principal %q is not in canonical form", s)
	}
	return p.Bytes(), nil
}
