package compress

import (
	"compress/gzip"
	"io"
	"net/http"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/prometheus/client_golang/prometheus"
)

// Compressor holds the encoder pools and metrics of one middleware
// instance. It is safe for concurrent use.
type Compressor struct {
	opts    Options
	gzips   sync.Pool
	brotlis sync.Pool

	answers  *prometheus.CounterVec // by encoding: br, gzip, none
	bytesIn  prometheus.Counter
	bytesOut prometheus.Counter
}

// New returns a Compressor, or an error wrapping [ErrOptions].
func New(opts Options) (*Compressor, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	c := &Compressor{
		opts: opts,
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "edge_compress_answers_total",
			Help: "Answers of a compressible type, by the encoding the edge applied (none: too small, refused or already encoded).",
		}, []string{"encoding"}),
		bytesIn: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_compress_in_bytes_total", Help: "Bytes fed to the compressors.",
		}),
		bytesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "edge_compress_out_bytes_total", Help: "Bytes the compressors produced.",
		}),
	}
	if opts.Registerer != nil {
		for _, col := range []prometheus.Collector{c.answers, c.bytesIn, c.bytesOut} {
			if err := opts.Registerer.Register(col); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// Middleware compresses next's eligible answers; see the package doc.
func (c *Compressor) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &writer{rw: w, c: c, accept: ParseAccept(r.Header.Get("Accept-Encoding")), head: r.Method == http.MethodHead}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// encoder returns a pooled encoder for coding writing to dst.
func (c *Compressor) encoder(coding Coding, dst io.Writer) io.WriteCloser {
	if coding == Br {
		if bw, ok := c.brotlis.Get().(*brotli.Writer); ok {
			bw.Reset(dst)
			return bw
		}
		return brotli.NewWriterLevel(dst, c.opts.BrotliQuality)
	}
	if gw, ok := c.gzips.Get().(*gzip.Writer); ok {
		gw.Reset(dst)
		return gw
	}
	gw, _ := gzip.NewWriterLevel(dst, c.opts.GzipLevel) // level checked in validate
	return gw
}

// release returns a closed encoder to its pool.
func (c *Compressor) release(enc io.WriteCloser) {
	switch e := enc.(type) {
	case *brotli.Writer:
		e.Reset(io.Discard)
		c.brotlis.Put(e)
	case *gzip.Writer:
		e.Reset(io.Discard)
		c.gzips.Put(e)
	}
}
