package candid

import (
	"encoding/base32"
	"encoding/binary"
	"hash/crc32"
	"strings"
)

var principalEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// principalText returns the textual form of a principal: base32 of the
// CRC-32 (big-endian) followed by the bytes, lower case, in groups of five
// separated by dashes.
func principalText(id []byte) string {
	buf := make([]byte, 4+len(id))
	binary.BigEndian.PutUint32(buf, crc32.ChecksumIEEE(id))
	copy(buf[4:], id)
	s := strings.ToLower(principalEncoding.EncodeToString(buf))
	var b strings.Builder
	for i := 0; i < len(s); i += 5 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+5, len(s))])
	}
	return b.String()
}

// parsePrincipal parses the textual form of a principal, checking the
// checksum and that the text is in canonical form.
func parsePrincipal(s string) ([]byte, error) {
	raw, err := principalEncoding.DecodeString(strings.ToUpper(strings.ReplaceAll(s, "-", "")))
	if err != nil || len(raw) < 4 {
		return nil, syntaxf("invalid principal %q", s)
	}
	id := raw[4:]
	if binary.BigEndian.Uint32(raw) != crc32.ChecksumIEEE(id) {
		return nil, syntaxf("principal %q has a wrong checksum", s)
	}
	if principalText(id) != s {
		return nil, syntaxf("principal %q is not in canonical form", s)
	}
	return id, nil
}
