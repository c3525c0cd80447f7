package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"time"
)

// checkContentType requires Content-Type: application/cbor, as the replica's
// Cbor extractor does (common.rs cbor_content_type); parameters and letter
// case are tolerated.
func checkContentType(r *http.Request) *apiError {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != contentTypeCBOR {
		return errorf(http.StatusBadRequest, "Unexpected content-type, expected %s.", contentTypeCBOR)
	}
	return nil
}

// readBody reads the request body, bounded in size (413) and in time (408):
// the size by http.MaxBytesReader and a declared Content-Length, the time by
// a read deadline on the connection that is lifted again once the body is
// in. After a failed read the connection is closed once answered.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	limit := h.opts.MaxBodyBytes
	if r.ContentLength > limit {
		return nil, unread(w, r, tooLarge(limit))
	}
	rc := http.NewResponseController(w)
	deadline := rc.SetReadDeadline(time.Now().Add(h.opts.BodyReadTimeout)) == nil
	size := 512
	if r.ContentLength > 0 {
		size = int(r.ContentLength) + 1 // +1 so that EOF needs no growth
	}
	body, err := readAll(http.MaxBytesReader(w, r.Body, limit), size)
	if err == nil {
		if deadline {
			_ = rc.SetReadDeadline(time.Time{})
		}
		return body, nil
	}
	// The rest of the body will not be read: close the connection after
	// the answer rather than let net/http drain a stalled or endless body.
	w.Header().Set("Connection", "close")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, tooLarge(limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, errorf(http.StatusRequestTimeout, "receiving request took longer than %s", h.opts.BodyReadTimeout)
	default:
		return nil, errorf(http.StatusBadRequest, "Failed to read the request body: %v", err)
	}
}

// unread marks a response to a request whose body is left unread: the
// connection is closed after the answer, instead of net/http draining up to
// 256 KiB of a body that may never come. It returns e.
func unread(w http.ResponseWriter, r *http.Request, e *apiError) *apiError {
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		w.Header().Set("Connection", "close")
	}
	return e
}

func tooLarge(limit int64) *apiError {
	return errorf(http.StatusRequestEntityTooLarge, "Request body is too large: the limit is %d bytes.", limit)
}

// readAll is io.ReadAll starting from a buffer of the given capacity.
func readAll(r io.Reader, capacity int) ([]byte, error) {
	b := make([]byte, 0, capacity)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
