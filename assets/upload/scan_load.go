package upload

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// Scan reads the folder dir: its files, with the configuration applied,
// content types and encodings computed (compression runs on every core).
// It does not use the compression cache: every encoding's Content is set.
func Scan(dir string) (*Site, error) { return scan(dir, os.ReadFile) }

// scan is Scan reading files with readFile.
func scan(dir string, readFile func(string) ([]byte, error)) (*Site, error) {
	return scanWith(dir, readFile, new(compressor))
}

// scanWith is Scan reading files with readFile and encoding them with c:
// with a cache, the compressed encodings it holds come back lazy.
func scanWith(dir string, readFile func(string) ([]byte, error), c *compressor) (*Site, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	info, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("upload: %s is not a directory", dir)
	}
	w := &walker{root: root}
	if err := w.dir(root, "", nil, nil); err != nil {
		return nil, err
	}
	site := &Site{Dir: root, Assets: make([]*Asset, len(w.files))}
	err = forEach(context.Background(), runtime.GOMAXPROCS(0), len(w.files), func(_ context.Context, i int) error {
		a, err := loadAsset(&w.files[i], readFile, c)
		site.Assets[i] = a
		return err
	})
	if err != nil {
		return nil, err
	}
	site.Warnings = append(w.warnings, policyWarnings(w.files, site.Assets)...)
	site.Warnings = append(site.Warnings, unusedRules(w.scopes)...)
	slices.SortFunc(site.Assets, func(a, b *Asset) int { return strings.Compare(a.Key, b.Key) })
	return site, nil
}

// loadAsset reads a file (once: its bytes stay in the asset, for the
// upload) and computes its asset.
func loadAsset(f *file, readFile func(string) ([]byte, error), c *compressor) (*Asset, error) {
	content, err := readFile(f.path)
	if err != nil {
		return nil, fmt.Errorf("upload: %s: %w", f.key, err)
	}
	ct, compress := contentType(path.Base(f.key), content)
	encs, err := c.encodings(content, compress, f.s.encodings, true)
	if err != nil {
		return nil, fmt.Errorf("upload: %s: %w", f.key, err)
	}
	return &Asset{
		Key:            f.key,
		Source:         f.path,
		ContentType:    ct,
		MaxAge:         f.s.maxAge,
		Headers:        f.s.finalHeaders(),
		EnableAliasing: f.s.enableAliasing,
		AllowRawAccess: f.s.allowRawAccess,
		Encodings:      encs,
		raw:            content,
		compress:       compress,
		names:          f.s.encodings,
	}, nil
}

// policyWarnings gathers the security policy warnings of HTML assets, one
// line per kind of warning. assets[i] belongs to files[i].
func policyWarnings(files []file, assets []*Asset) []string {
	var order []string
	keys := map[string][]string{}
	for i := range files {
		if !isHTML(assets[i].ContentType) {
			continue
		}
		w := files[i].s.policyWarning()
		if w == "" {
			continue
		}
		if keys[w] == nil {
			order = append(order, w)
		}
		keys[w] = append(keys[w], files[i].key)
	}
	var out []string
	for _, w := range order {
		ks := keys[w]
		slices.Sort(ks)
		list := strings.Join(ks[:min(len(ks), 3)], ", ")
		if len(ks) > 3 {
			list += fmt.Sprintf(" and %d more", len(ks)-3)
		}
		out = append(out, fmt.Sprintf("%s (%s)", w, list))
	}
	return out
}

// unusedRules names the rules that matched no path.
func unusedRules(scopes []*scope) []string {
	var out []string
	for _, sc := range scopes {
		for _, r := range sc.rules {
			if !r.used {
				out = append(out, fmt.Sprintf("%s:%s: rule %q matched nothing", sc.file, r.at, r.match))
			}
		}
	}
	return out
}
