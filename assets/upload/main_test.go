package upload

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the user's cache directory (os.UserCacheDir, where Sync
// keeps its compression cache by default) at a temporary directory, so
// that the tests neither read nor fill the real one.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "upload-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir) // Linux and the BSDs
	os.Setenv("HOME", dir)           // macOS: $HOME/Library/Caches
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
