//go:build !wasip1

package httpcert

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
)

// DefaultMaxDecodedBody bounds a v1 body after content decoding when
// Options.MaxDecodedBody is not set: decoding is the one step whose cost an
// attacker controls beyond the size of the response.
const DefaultMaxDecodedBody = 64 << 20

// decodeBody undoes a Content-Encoding of "gzip" or "deflate" (raw
// DEFLATE, as flate2's DeflateDecoder reads it) for v1 verification; any
// other encoding leaves the body as it is (body.rs decode_body). Only the
// first gzip member is read, as flate2's GzDecoder does.
func decodeBody(body []byte, encoding string, limit int) ([]byte, error) {
	var r io.Reader
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fail(ErrBodyDecodingFailed, "gzip", err)
		}
		zr.Multistream(false)
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return body, nil
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fail(ErrBodyDecodingFailed, encoding, err)
	}
	if len(out) > limit {
		return nil, fail(ErrBodyDecodingFailed, encoding+" body decodes to more than the limit", nil)
	}
	return out, nil
}
