package limit

import (
	"testing"

	"github.com/threshold-ic/threshold/edge/internal/redistest"
)

// TestMain fails the run if a goroutine outlives the tests.
func TestMain(m *testing.M) { redistest.Main(m) }

// Shorthands for the shared Redis test helpers.
var (
	scaled     = redistest.Scaled
	eventually = redistest.Eventually
)

func startRedis(t testing.TB) *redistest.Server { return redistest.Start(t) }
