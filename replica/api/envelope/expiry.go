package envelope

import (
	"fmt"
	"strings"
	"time"
)

// checkIngressExpiry enforces now ≤ expiry ≤ now + MaxIngressTTL +
// PermittedDrift, with the replica's 400 message (PROTOCOL.md §1.4).
func checkIngressExpiry(expiry uint64, now time.Time) *Error {
	lo := unixNanos(now)
	hi := lo + uint64(MaxIngressTTL+PermittedDrift)
	if expiry >= lo && expiry <= hi {
		return nil
	}
	return badRequest(ErrIngressExpiry, fmt.Sprintf(
		"Invalid request expiry: Specified ingress_expiry not within expected range: "+
			"Minimum allowed expiry: %s, Maximum allowed expiry: %s, Provided expiry: %s",
		formatTime(lo), formatTime(hi), formatTime(expiry)))
}

// unixNanos returns t as nanoseconds since the Unix epoch, 0 before it.
func unixNanos(t time.Time) uint64 {
	if t.Before(time.Unix(0, 0)) {
		return 0
	}
	return uint64(t.Unix())*1e9 + uint64(t.Nanosecond())
}

// formatTime prints nanoseconds since the epoch as the replica does
// (Rust's Display of a UTC time): "2025-05-01 23:55:18.005285297 UTC",
// with 0, 3, 6 or 9 fractional digits as the value needs.
func formatTime(ns uint64) string {
	t := time.Unix(int64(ns/1e9), int64(ns%1e9)).UTC()
	var b strings.Builder
	b.WriteString(t.Format("2006-01-02 15:04:05"))
	switch frac := t.Nanosecond(); {
	case frac == 0:
	case frac%1e6 == 0:
		fmt.Fprintf(&b, ".%03d", frac/1e6)
	case frac%1e3 == 0:
		fmt.Fprintf(&b, ".%06d", frac/1e3)
	default:
		fmt.Fprintf(&b, ".%09d", frac)
	}
	b.WriteString(" UTC")
	return b.String()
}
