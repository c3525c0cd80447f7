// Package uploadtest generates folders for the tests and measurements of
// package upload (and of the asset canister end to end): a site of a given
// number of files and total size, the same for the same seed.
package uploadtest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// kinds of generated files: text ones (compressible, get gzip and br) and
// binary ones (random bytes: incompressible, like images and fonts).
var (
	textKinds   = []string{"html", "css", "js", "json", "svg", "txt"}
	binaryKinds = []string{"png", "jpg", "woff2", "webp"}
)

// textShare is the part of the bytes in text files when there are both
// kinds: a built web site is mostly images, fonts and media by size, and
// its many small files are mostly text.
const textShare = 0.3

// GenerateSite writes files files of totalBytes bytes in all under dir
// (created if needed), deterministically from seed: /index.html first,
// then files spread over nested directories (about 20 per directory, up
// to three levels), three in five of them text (HTML, CSS, JavaScript,
// JSON, SVG, plain) with 30% of the bytes, the rest random binary
// (PNG, JPEG, WOFF2, WebP names). Sizes vary widely (log-normal) and add
// up to exactly totalBytes.
func GenerateSite(dir string, files int, totalBytes int64, seed int64) error {
	if files < 1 || totalBytes < 0 {
		return errors.New("uploadtest: need at least one file and a size of zero or more")
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	text := make([]bool, files)
	nText := 0
	for i := range files {
		text[i] = i == 0 || r.IntN(5) < 3
		if text[i] {
			nText++
		}
	}
	share := textShare
	if nText == files {
		share = 1
	}
	textBytes := int64(math.Round(float64(totalBytes) * share))
	sizes := make([]int64, files)
	split(r, sizes, text, true, textBytes)
	split(r, sizes, text, false, totalBytes-textBytes)

	perDir := 20
	for i := range files {
		name := filepath.Join(subdir(i/perDir), fileName(r, i, text[i]))
		if i == 0 {
			name = "index.html"
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		var content []byte
		if text[i] {
			content = textContent(r, sizes[i])
		} else {
			content = make([]byte, sizes[i])
			for j := range content {
				content[j] = byte(r.Uint32())
			}
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// split shares total among the files whose text flag is kind, with
// log-normal weights, exactly.
func split(r *rand.Rand, sizes []int64, text []bool, kind bool, total int64) {
	var idx []int
	var weights []float64
	sum := 0.0
	for i := range sizes {
		if text[i] == kind {
			w := math.Exp(r.NormFloat64() * 1.2)
			idx = append(idx, i)
			weights = append(weights, w)
			sum += w
		}
	}
	if len(idx) == 0 {
		return
	}
	var given int64
	for j, i := range idx {
		sizes[i] = int64(float64(total) * weights[j] / sum)
		given += sizes[i]
	}
	for j := 0; given < total; j = (j + 1) % len(idx) {
		sizes[idx[j]]++
		given++
	}
}

// subdir places directory number d: "", "d1", "d1/d7", "d1/d7/d3" ...
func subdir(d int) string {
	if d == 0 {
		return ""
	}
	p := ""
	for level := 0; d > 0 && level < 3; level++ {
		p = filepath.Join(p, fmt.Sprintf("d%d", d%8))
		d /= 8
	}
	return p
}

func fileName(r *rand.Rand, i int, text bool) string {
	kinds := binaryKinds
	if text {
		kinds = textKinds
	}
	return fmt.Sprintf("f%d.%s", i, kinds[r.IntN(len(kinds))])
}

// words make text that compresses like markup and code.
var words = []string{"<div class=\"card\">", "</div>\n", "<span>", "</span>", "function ", "return ", "const ",
	"canister", "asset", "principal", "certified", "query", "update", "{", "}\n", "(", ")", ";", "=> ",
	"margin: 0;", "padding: 4px;", "\"key\": ", "\"value\", ", "true", "null", " ", " ", "\n  "}

// textContent is n bytes of ASCII text.
func textContent(r *rand.Rand, n int64) []byte {
	var b bytes.Buffer
	b.Grow(int(n) + 32)
	for int64(b.Len()) < n {
		b.WriteString(words[r.IntN(len(words))])
		if r.IntN(16) == 0 {
			fmt.Fprintf(&b, "%d", r.Uint32())
		}
	}
	return b.Bytes()[:n]
}
