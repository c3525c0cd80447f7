package edge

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "edge.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The example configuration in deploy/ loads, and defaults are applied.
func TestExampleConfig(t *testing.T) {
	c, err := LoadConfig(filepath.Join("..", "deploy", "edge.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen.HTTPS == "" || time.Duration(c.Timeouts.ReadHeader) != 10*time.Second || c.Cache.Size == 0 {
		t.Fatalf("defaults not applied: %+v", c)
	}
}

// Every invalid field is refused with an error that names it.
func TestConfigErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct{ body, field string }{
		{`{}`, "network"},
		{`{"network":"n.json","listen":{"https":"nope"}}`, "listen.https"},
		{`{"network":"n.json","domains":{"apex":["*.bad"]}}`, "domains.apex[0]"},
		{`{"network":"n.json","domains":{"aliases":{"nns":"not-a-principal"}}}`, "domains.aliases.nns"},
		{`{"network":"n.json","tls":{"mode":"magic"}}`, "tls.mode"},
		{`{"network":"n.json","tls":{"mode":"local"}}`, "tls.dir"},
		{`{"network":"n.json","tls":{"mode":"acme","dir":"d"}}`, "tls.acme.ca"},
		{`{"network":"n.json","tls":{"mode":"acme","dir":"d","acme":{"ca":"https://ca/dir","challenges":["dns-01"]}}}`, "tls.acme.challenges[0]"},
		{`{"network":"n.json","tls":{"mode":"files"}}`, "tls.files"},
		{`{"network":"n.json","tls":{"mode":"local","dir":"d"},"limits":{"per_ip":{"per_second":5}}}`, "limits.per_ip"},
		{`{"network":"n.json","tls":{"mode":"local","dir":"d"},"log":{"level":"loud"}}`, "log.level"},
		{`{"network":"n.json","tls":{"mode":"local","dir":"d"},"timeouts":{"read":"soon"}}`, "time: invalid duration"},
		{`{"network":"n.json","tls":{"mode":"local","dir":"d"},"colour":"blue"}`, "unknown field"},
	} {
		_, err := LoadConfig(writeConfig(t, tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: got %v, want an error naming %s", tc.body, err, tc.field)
		}
		if err != nil && strings.HasPrefix(tc.field, "limits") && !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v does not wrap ErrConfig", tc.body, err)
		}
	}
}
