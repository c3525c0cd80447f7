package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/threshold-ic/threshold/certify/cbor"
)

// Content types of responses. Error bodies are plain text, as the replica
// sends them (rs/http_endpoints/public/src/common.rs CONTENT_TYPE_TEXT).
const (
	contentTypeCBOR = "application/cbor"
	contentTypeText = "text/plain; charset=utf-8"
)

// apiError is a refused request: the HTTP status and the plain-text body.
type apiError struct {
	status int
	msg    string
}

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

func (e *apiError) Error() string { return strconv.Itoa(e.status) + " " + e.msg }

// setCORS adds the headers the replica's CORS layer (tower-http CorsLayer
// with allow_origin Any and no Vary) puts on every response.
func setCORS(h http.Header) {
	h["Access-Control-Allow-Origin"] = []string{"*"}
}

// writePreflight answers an OPTIONS request as tower-http's CorsLayer does
// for the replica: 200, empty body, the allowed methods and headers.
func writePreflight(w http.ResponseWriter) {
	h := w.Header()
	h["Access-Control-Allow-Methods"] = []string{"GET,POST"}
	h["Access-Control-Allow-Headers"] = []string{"authorization,accept,content-type"}
	h["Content-Length"] = []string{"0"}
	w.WriteHeader(http.StatusOK)
}

// writeText sends a plain-text response.
func writeText(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h["Content-Type"] = []string{contentTypeText}
	h["Content-Length"] = []string{strconv.Itoa(len(msg))}
	h["X-Content-Type-Options"] = []string{"nosniff"}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg))
}

// writeError sends e as plain text.
func writeError(w http.ResponseWriter, e *apiError) { writeText(w, e.status, e.msg) }

// writeCBOR sends a CBOR body, which the caller started with the
// self-describe tag (newCBOR).
func writeCBOR(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{contentTypeCBOR}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newCBOR starts a response body with the self-describe tag d9 d9 f7, as
// serde_cbor's self_describe() does in the replica.
func newCBOR(capacity int) []byte {
	return cbor.AppendSelfDescribe(make([]byte, 0, capacity))
}

// appendReject appends the pairs of a reject (reject_code, reject_message
// and, when set, error_code) to a map being written.
func appendReject(b []byte, r *Reject) []byte {
	b = cbor.AppendText(b, "reject_code")
	b = cbor.AppendUint(b, rejectCode(r))
	b = cbor.AppendText(b, "reject_message")
	b = cbor.AppendText(b, validText(r.Message))
	if r.ErrorCode != "" {
		b = cbor.AppendText(b, "error_code")
		b = cbor.AppendText(b, validText(r.ErrorCode))
	}
	return b
}

// rejectPairs is the number of map pairs appendReject writes.
func rejectPairs(r *Reject) int {
	if r.ErrorCode != "" {
		return 3
	}
	return 2
}

// rejectCode returns the reject code as a nat; a negative code, which a
// correct backend never returns, is sent as 0 rather than wrapped.
func rejectCode(r *Reject) uint64 {
	if r.Code < 0 {
		return 0
	}
	return uint64(r.Code)
}

// validText returns s, with invalid UTF-8 replaced, so that it can be
// written as a CBOR text string. Hashes are computed over the same value.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
