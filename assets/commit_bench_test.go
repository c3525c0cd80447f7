package assets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets"
	"github.com/threshold-ic/threshold/assets/store"
	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/assets/upload/uploadtest"
)

// hostCanister runs assets/store natively, without wasm: the reference
// for what the canister's logic costs before the engine.
type hostCanister struct {
	mu  sync.Mutex
	st  *store.Store
	now uint64
}

type hostEnv struct {
	now       uint64
	certified []byte
}

func (e *hostEnv) Caller() []byte             { return execController }
func (e *hostEnv) Time() uint64               { return e.now }
func (e *hostEnv) CanisterID() []byte         { return execCanisterID }
func (e *hostEnv) IsController(p []byte) bool { return string(p) == string(execController) }
func (e *hostEnv) DataCertificate() []byte    { return execCertificate }
func (e *hostEnv) SetCertifiedData(d []byte)  { e.certified = d }
func (c *hostCanister) env() *hostEnv         { return &hostEnv{now: c.now} }
func (c *hostCanister) init(t testing.TB) *hostCanister {
	c.st = store.New()
	if err := c.st.Init(c.env(), []byte("DIDL\x00\x00")); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *hostCanister) Query(_ context.Context, method string, arg []byte) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st.Query(c.env(), method, arg)
}

func (c *hostCanister) Call(_ context.Context, method string, arg []byte) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += uint64(time.Second)
	return c.st.Update(c.env(), method, arg)
}

// BenchmarkCommit1000Files syncs 1,000 generated files (5 MB) into the
// store natively and into the wasm canister, and reports how long the
// canister spent in commit_batch, the step that certifies everything.
func BenchmarkCommit1000Files(b *testing.B) {
	folder := b.TempDir()
	if err := uploadtest.GenerateSite(folder, benchFiles, benchBytes, 1); err != nil {
		b.Fatal(err)
	}
	opts := upload.Options{CacheDir: b.TempDir()}
	if _, err := upload.Sync(context.Background(), (&hostCanister{now: 1}).init(b), folder, upload.Options{CacheDir: opts.CacheDir, DryRun: true}); err != nil {
		b.Fatal(err) // fills the compression cache
	}
	for _, tc := range []struct {
		name string
		make func() upload.Canister
	}{
		{"host", func() upload.Canister { return (&hostCanister{now: 1}).init(b) }},
		{"wasm", func() upload.Canister { return newExecCanister(b, newEngine(b), assets.Wasm()) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var commit time.Duration
			for b.Loop() {
				b.StopTimer()
				c := &timingCanister{Canister: tc.make(), took: map[string]time.Duration{}}
				b.StartTimer()
				if _, err := upload.Sync(context.Background(), c, folder, opts); err != nil {
					b.Fatal(err)
				}
				commit += c.took["commit_batch"]
			}
			b.ReportMetric(float64(commit.Milliseconds())/float64(b.N), "commit-ms/op")
		})
	}
}

// The site of BenchmarkCommit1000Files: the commit's cost is per asset
// and encoding, and hardly depends on the bytes.
var benchFiles, benchBytes = 1000, int64(5_000_000)
