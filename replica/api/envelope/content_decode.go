package envelope

import (
	"errors"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// content fields, as bits of a presence mask.
const (
	fRequestType = 1 << iota
	fSender
	fIngressExpiry
	fNonce
	fCanisterID
	fMethodName
	fArg
	fPaths
	fSenderInfo
)

// required and allowed fields per request type.
var (
	callFields      = fRequestType | fSender | fIngressExpiry | fNonce | fCanisterID | fMethodName | fArg | fSenderInfo
	callRequired    = fRequestType | fSender | fIngressExpiry | fCanisterID | fMethodName | fArg
	readFields      = fRequestType | fSender | fIngressExpiry | fNonce | fPaths
	readRequired    = fRequestType | fSender | fIngressExpiry | fPaths
	fieldNames      = []string{"request_type", "sender", "ingress_expiry", "nonce", "canister_id", "method_name", "arg", "paths", "sender_info"}
	emptyBlob       = []byte{}
	errUnknownField = "unknown field"
)

// parseContent reads a content map.
func parseContent(r *cbor.Reader) (Content, *Error) {
	var c Content
	seen := 0
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "request_type":
			seen |= fRequestType
			var s []byte
			if s, err = r.TextBytes(); err == nil {
				var ok bool
				if c.Type, ok = parseRequestType(s); !ok {
					return malformed("unknown request_type %q", s)
				}
			}
		case "sender":
			seen |= fSender
			c.Sender, err = readPrincipal(r)
		case "ingress_expiry":
			seen |= fIngressExpiry
			c.IngressExpiry, err = r.Uint()
		case "nonce":
			seen |= fNonce
			if c.Nonce, err = readBlob(r); err == nil && len(c.Nonce) > MaxNonceLength {
				return malformed("nonce of %d bytes exceeds %d", len(c.Nonce), MaxNonceLength)
			}
		case "canister_id":
			seen |= fCanisterID
			c.CanisterID, err = readPrincipal(r)
		case "method_name":
			seen |= fMethodName
			c.MethodName, err = r.Text()
		case "arg":
			seen |= fArg
			c.Arg, err = readBlob(r)
		case "paths":
			seen |= fPaths
			c.Paths, err = readPaths(r)
		case "sender_info":
			seen |= fSenderInfo
			c.SenderInfo, err = readSenderInfo(r)
		default:
			return malformed("%s %q in content", errUnknownField, key)
		}
		return err
	})
	if err != nil {
		return Content{}, asError(err)
	}
	allowed, required := callFields, callRequired
	if c.Type == ReadState {
		allowed, required = readFields, readRequired
	}
	if seen&fRequestType == 0 {
		return Content{}, malformed("missing field request_type")
	}
	for i, name := range fieldNames {
		bit := 1 << i
		if seen&bit != 0 && allowed&bit == 0 {
			return Content{}, malformed("field %s not allowed in a %s request", name, c.Type)
		}
		if seen&bit == 0 && required&bit != 0 {
			return Content{}, malformed("missing field %s in a %s request", name, c.Type)
		}
	}
	return c, nil
}

// readBlob reads a byte string; a present empty string is non-nil.
func readBlob(r *cbor.Reader) ([]byte, error) {
	b, err := r.Bytes()
	if err == nil && b == nil {
		b = emptyBlob
	}
	return b, err
}

func readPrincipal(r *cbor.Reader) (principal.Principal, error) {
	b, err := r.Bytes()
	if err != nil {
		return principal.Principal{}, err
	}
	p, err := principal.FromBytes(b)
	if err != nil {
		return principal.Principal{}, malformed("%v", err)
	}
	return p, nil
}

func readPaths(r *cbor.Reader) ([][][]byte, error) {
	n, err := r.ArrayLen()
	if err != nil {
		return nil, err
	}
	if n > MaxPaths {
		return nil, malformed("%d paths exceed %d", n, MaxPaths)
	}
	paths := make([][][]byte, n)
	for i := range paths {
		m, err := r.ArrayLen()
		if err != nil {
			return nil, err
		}
		if m > MaxPathLabels {
			return nil, malformed("path of %d labels exceeds %d", m, MaxPathLabels)
		}
		path := make([][]byte, m)
		for j := range path {
			if path[j], err = readBlob(r); err != nil {
				return nil, err
			}
		}
		paths[i] = path
	}
	return paths, nil
}

func readSenderInfo(r *cbor.Reader) (*SenderInfo, error) {
	var si SenderInfo
	seen := 0
	err := r.Fields(func(key string) error {
		var err error
		switch key {
		case "info":
			seen |= 1
			si.Info, err = readBlob(r)
		case "signer":
			seen |= 2
			si.Signer, err = readPrincipal(r)
		case "sig":
			seen |= 4
			si.Sig, err = readBlob(r)
		default:
			return malformed("%s %q in sender_info", errUnknownField, key)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if seen != 7 {
		return nil, malformed("sender_info needs info, signer and sig")
	}
	return &si, nil
}

// asError turns a decoding error into a 400, keeping an *Error as is.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return malformed("%v", err)
}
