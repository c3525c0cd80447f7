package cache

import (
	"fmt"
	"os"
	"testing"

	"github.com/threshold-ic/threshold/edge/internal/redistest"
)

// TestMain fails the run if a goroutine of ours or of go-redis outlives
// the tests: everything must be closed and every prober stopped.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := redistest.Leaked(); leaked != "" {
			fmt.Fprintln(os.Stderr, "goroutines leaked:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// Shorthands for the shared Redis test helpers.
var (
	scaled     = redistest.Scaled
	eventually = redistest.Eventually
)

func startRedis(t testing.TB) *redistest.Server { return redistest.Start(t) }
