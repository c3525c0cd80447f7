package demo

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestFilesAreStable(t *testing.T) {
	a, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "about.html", "css/site.css", "js/app.js", "img/logo.svg",
		"img/tiles.png", "media/noise.bin", ".ic-assets.json5", ".well-known/ic-domains"} {
		if len(a[name]) == 0 {
			t.Errorf("%s is missing or empty", name)
		}
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two calls", name)
		}
	}
	if n := len(a["media/noise.bin"]); n != LargeFileSize {
		t.Errorf("noise.bin has %d bytes", n)
	}
	if _, err := png.Decode(bytes.NewReader(a["img/tiles.png"])); err != nil {
		t.Errorf("tiles.png: %v", err)
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir); err != nil {
		t.Fatal(err)
	}
	files, _ := Files()
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s not written as given (%v)", name, err)
		}
	}
}
