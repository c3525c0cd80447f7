package compress

import (
	"compress/gzip"
	"errors"
	"fmt"

	"github.com/andybalholm/brotli"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configures a [Compressor]. The zero value is usable.
type Options struct {
	// MinSize is the smallest body, in bytes, worth compressing; smaller
	// answers go out as they are (default 512).
	MinSize int
	// BrotliQuality is brotli's quality, 0 to 11 (default 5: about gzip's
	// ratio at gzip's speed; the cache keeps the result).
	BrotliQuality int
	// GzipLevel is gzip's level, 1 to 9 (default 6).
	GzipLevel int
	// Registerer receives the metrics; nil keeps them unregistered.
	Registerer prometheus.Registerer
}

// ErrOptions is wrapped by every error New returns for bad options.
var ErrOptions = errors.New("compress: bad options")

func (o *Options) validate() error {
	if o.MinSize < 0 {
		return fmt.Errorf("%w: min size %d is negative", ErrOptions, o.MinSize)
	}
	if o.MinSize == 0 {
		o.MinSize = 512
	}
	if o.BrotliQuality == 0 {
		o.BrotliQuality = 5
	}
	if o.BrotliQuality < brotli.BestSpeed || o.BrotliQuality > brotli.BestCompression {
		return fmt.Errorf("%w: brotli quality %d is outside 0..11", ErrOptions, o.BrotliQuality)
	}
	if o.GzipLevel == 0 {
		o.GzipLevel = gzip.DefaultCompression
	}
	if o.GzipLevel != gzip.DefaultCompression && (o.GzipLevel < gzip.BestSpeed || o.GzipLevel > gzip.BestCompression) {
		return fmt.Errorf("%w: gzip level %d is outside 1..9", ErrOptions, o.GzipLevel)
	}
	return nil
}
