// Package demo is the site `threshold up` puts on an asset canister: a few
// pages, a style sheet, a script, images, settings in .ic-assets.json5 and
// a large file that the canister streams in chunks.
//
// The text files are embedded; the two binary files are generated, the
// same bytes every time, so that the repository carries no blobs and a
// second `threshold up` finds nothing to upload.
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

//go:embed all:site
var site embed.FS

// LargeFileSize is the size of /media/noise.bin: larger than one chunk
// (1.9 MB), so the canister streams it, and incompressible, so that it is
// streamed in every encoding a browser accepts.
const LargeFileSize = 3 << 20

// Files returns the site: slash paths relative to its root, and contents.
func Files() (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(site, "site", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := site.ReadFile(path)
		files[path[len("site/"):]] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	files["img/tiles.png"], err = tiles()
	if err != nil {
		return nil, err
	}
	files["media/noise.bin"] = noise()
	return files, nil
}

// Write writes the site into dir, replacing files of the same name.
func Write(dir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("demo site: %w", err)
		}
	}
	return nil
}

// tiles draws a 256×256 pattern of coloured tiles.
func tiles() ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, 256, 256))
	for y := range 256 {
		for x := range 256 {
			tx, ty := x/32, y/32
			img.Set(x, y, color.NRGBA{R: uint8(40 + tx*25), G: uint8(60 + ty*22), B: uint8(200 - (tx+ty)*10), A: 255})
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// noise is LargeFileSize pseudo-random bytes from a fixed seed.
func noise() []byte {
	r := rand.NewChaCha8([32]byte{'t', 'h', 'r', 'e', 's', 'h', 'o', 'l', 'd'})
	b := make([]byte, LargeFileSize)
	r.Read(b)
	return b
}
