package upload

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

// writeTree creates files (slash paths to contents) under a new
// temporary directory and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func keys(site *Site) []string {
	var ks []string
	for _, a := range site.Assets {
		ks = append(ks, a.Key)
	}
	return ks
}

func scanOK(t *testing.T, dir string) *Site {
	t.Helper()
	site, err := Scan(dir)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return site
}

func assetOf(t *testing.T, site *Site, key string) *Asset {
	t.Helper()
	for _, a := range site.Assets {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no asset %s in %v", key, keys(site))
	return nil
}

func TestScanKeysAndHidden(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"index.html":             "<p>hi</p>",
		"css/site.css":           "p{}",
		"css/deep/er/x.js":       "1",
		".hidden":                "secret",
		".git/config":            "[core]",
		"sub/.env":               "KEY=1",
		".well-known/ic-domains": "example.com",
		".well-known/.DS_Store":  "junk",
		"sub/.ic-assets.json5":   "[]",
		".ic-assets.json":        "[]",
		"empty.txt":              "",
		"with space & ü.txt":     "x",
	})
	site := scanOK(t, dir)
	want := []string{"/.well-known/ic-domains", "/css/deep/er/x.js", "/css/site.css", "/empty.txt", "/index.html", "/with space & ü.txt"}
	if got := keys(site); !slices.Equal(got, want) {
		t.Fatalf("keys %v\nwant %v", got, want)
	}
	if got := assetOf(t, site, "/empty.txt"); len(got.Encodings) != 1 || got.Size() != 0 {
		t.Errorf("empty file: %d encodings, size %d; want identity only, 0", len(got.Encodings), got.Size())
	}
}

func TestScanIgnoreRules(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".ic-assets.json5": `[
			{match: ".hidden", ignore: false},
			{match: ".cfg", ignore: false},
			{match: "drafts", ignore: true},
			{match: "*.bak", ignore: true},
			{match: ".well-known", ignore: true},
		]`,
		".hidden":                   "shown",
		".cfg/a.txt":                "in a dir made visible",
		".cfg/.inner":               "still hidden",
		"drafts/x.html":             "pruned",
		"old.bak":                   "ignored",
		"keep/old.bak":              "ignored at depth too (* crosses /)",
		"keep/new.txt":              "kept",
		".well-known/ic-domains":    "ignored explicitly",
		".private/.ic-assets.json5": `[{match: "*", ignore: false}]`,
		".private/secret":           "a rule inside a hidden directory cannot reveal it",
	})
	site := scanOK(t, dir)
	want := []string{"/.cfg/a.txt", "/.hidden", "/keep/new.txt"}
	if got := keys(site); !slices.Equal(got, want) {
		t.Fatalf("keys %v\nwant %v", got, want)
	}
}

func TestScanConfigApplied(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".ic-assets.json5": `[
			{match: "**/*", security_policy: "standard", disable_security_policy_warning: true},
			{match: "*.js", cache: {max_age: 3600}, headers: {"X-Kind": "script"}},
		]`,
		"app/.ic-assets.json5": `[{match: "main.js", cache: {max_age: 60}, enable_aliasing: false, allow_raw_access: false}]`,
		"index.html":           "<p>hi</p>",
		"app/main.js":          "main()",
		"app/other.js":         "other()",
	})
	site := scanOK(t, dir)
	if len(site.Warnings) != 0 {
		t.Errorf("warnings %v, want none", site.Warnings)
	}
	index := assetOf(t, site, "/index.html")
	if index.MaxAge != nil || !*index.AllowRawAccess || index.EnableAliasing != nil {
		t.Errorf("/index.html: max_age %v raw %v aliasing %v", index.MaxAge, index.AllowRawAccess, index.EnableAliasing)
	}
	if !slices.Equal(index.Headers, standardHeaders) {
		t.Errorf("/index.html headers %v, want the standard policy's", index.Headers)
	}
	main := assetOf(t, site, "/app/main.js")
	if *main.MaxAge != 60 || *main.AllowRawAccess || *main.EnableAliasing {
		t.Errorf("/app/main.js: max_age %d raw %v aliasing %v; want 60, false, false", *main.MaxAge, *main.AllowRawAccess, *main.EnableAliasing)
	}
	other := assetOf(t, site, "/app/other.js")
	if *other.MaxAge != 3600 || !slices.Contains(other.Headers, wire.HeaderField{Name: "X-Kind", Value: "script"}) {
		t.Errorf("/app/other.js: max_age %d headers %v", *other.MaxAge, other.Headers)
	}
	if main.ContentType != "text/javascript; charset=utf-8" || main.Source != filepath.Join(site.Dir, "app", "main.js") {
		t.Errorf("/app/main.js: type %q source %q", main.ContentType, main.Source)
	}
}

func TestScanWarnings(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".ic-assets.json5": `[
			{match: "*.hmtl", cache: {max_age: 1}},
			{match: "b.html", security_policy: "hardened"},
		]`,
		"a.html": "<p>a</p>",
		"b.html": "<p>b</p>",
		"c.css":  "p{}",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := scanOK(t, dir)
	all := strings.Join(site.Warnings, "\n")
	for _, want := range []string{
		"/pipe skipped: not a regular file",
		"no security_policy",
		"(/a.html)",
		`"hardened" without a Content-Security-Policy of its own: set one specific to the site (/b.html)`,
		`.ic-assets.json5:2:4: rule "*.hmtl" matched nothing`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "c.css") {
		t.Errorf("a stylesheet got a security policy warning:\n%s", all)
	}
}

func TestScanConfigErrors(t *testing.T) {
	t.Run("bad rule", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"a/.ic-assets.json5": "[\n {match: '*', colour: 'red'}]", "a/x": "1"})
		_, err := Scan(dir)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Line != 2 || ce.Col != 15 || !strings.HasSuffix(ce.File, filepath.Join("a", ConfigFile)) {
			t.Fatalf("error %v, want a ConfigError at a/%s:2:15", err, ConfigFile)
		}
		if !strings.Contains(err.Error(), `unknown field "colour"`) {
			t.Errorf("error %q does not name the field", err)
		}
	})
	t.Run("both files", func(t *testing.T) {
		dir := writeTree(t, map[string]string{ConfigFile: "[]", ConfigFileJSON: "[]"})
		if _, err := Scan(dir); err == nil || !strings.Contains(err.Error(), "has both") {
			t.Fatalf("error %v, want the two-files error", err)
		}
	})
	t.Run("not a directory", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"f": "x"})
		if _, err := Scan(filepath.Join(dir, "f")); err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		if _, err := Scan(filepath.Join(t.TempDir(), "nope")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("error %v, want ErrNotExist", err)
		}
	})
	t.Run("name not UTF-8", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"bad\xff.txt": "x"})
		if _, err := Scan(dir); err == nil || !strings.Contains(err.Error(), "not valid UTF-8") {
			t.Fatalf("error %v", err)
		}
	})
}

func TestScanUnreadable(t *testing.T) {
	dir := writeTree(t, map[string]string{"ok.txt": "1", "locked.txt": "2"})
	boom := errors.New("input/output error")
	_, err := scan(dir, func(p string) ([]byte, error) {
		if filepath.Base(p) == "locked.txt" {
			return nil, boom
		}
		return os.ReadFile(p)
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "/locked.txt") {
		t.Fatalf("error %v, want the read error naming /locked.txt", err)
	}
	if os.Geteuid() == 0 {
		return // root reads files whatever their mode
	}
	if err := os.Chmod(filepath.Join(dir, "locked.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Scan(dir); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("error %v, want a permission error", err)
	}
}

func TestScanSymlinks(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.txt": "private"})
	dir := writeTree(t, map[string]string{"real/a.txt": "A", "b.txt": "B"})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("b.txt", "b-link.txt")
	link("real", "alias")
	link(filepath.Join(outside, "secret.txt"), ".hidden-outside") // hidden: skipped before it is followed
	site := scanOK(t, dir)
	want := []string{"/alias/a.txt", "/b-link.txt", "/b.txt", "/real/a.txt"}
	if got := keys(site); !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	if got := assetOf(t, site, "/b-link.txt"); string(got.Encodings[0].Content) != "B" {
		t.Errorf("/b-link.txt content %q, want the target's", got.Encodings[0].Content)
	}

	for _, tc := range []struct {
		name, target string
		want         error
		msg          string
	}{
		{"outside file", filepath.Join(outside, "secret.txt"), ErrOutside, "secret.txt"},
		{"outside dir", outside, ErrOutside, outside},
		{"relative escape", "../../", ErrOutside, ""},
		{"cycle to root", ".", ErrLinkCycle, ""},
		{"dangling", "nothing-here", fs.ErrNotExist, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "link-" + strings.ReplaceAll(tc.name, " ", "-")
			link(tc.target, name)
			defer os.Remove(filepath.Join(dir, name))
			_, err := Scan(dir)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %v, want %v naming %s", err, tc.want, name)
			}
		})
	}
	t.Run("cycle below", func(t *testing.T) {
		link("..", "real/up")
		defer os.Remove(filepath.Join(dir, "real", "up"))
		if _, err := Scan(dir); !errors.Is(err, ErrLinkCycle) {
			t.Fatalf("error %v, want ErrLinkCycle", err)
		}
	})
	t.Run("root is a link", func(t *testing.T) {
		root := filepath.Join(t.TempDir(), "site")
		if err := os.Symlink(dir, root); err != nil {
			t.Fatal(err)
		}
		site := scanOK(t, root)
		if fmt.Sprint(keys(site)) != fmt.Sprint(want) {
			t.Errorf("keys through a linked root %v, want %v", keys(site), want)
		}
	})
}
