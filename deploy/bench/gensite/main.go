// Command gensite writes a folder of generated files for the asset sync
// benchmark (deploy/bench/assets.sh): a given number of files totalling a
// given size, the same bytes for the same seed, about a third of them text.
// With -touch N it changes N of the folder's files instead.
//
//	gensite -files 1000 -bytes 50000000 DIR
//	gensite -touch 10 DIR
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/threshold-ic/threshold/assets/upload/uploadtest"
)

func main() {
	files := flag.Int("files", 1000, "number of files")
	size := flag.Int64("bytes", 50_000_000, "total size in bytes")
	seed := flag.Int64("seed", 1, "seed of the contents")
	touch := flag.Int("touch", 0, "change this many existing files instead of generating")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gensite [-files N] [-bytes N] [-seed N] [-touch N] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var err error
	if *touch > 0 {
		err = touchFiles(dir, *touch)
	} else {
		err = uploadtest.GenerateSite(dir, *files, *size, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensite:", err)
		os.Exit(1)
	}
}

// touchFiles appends a line to the first n files of dir in path order.
func touchFiles(dir string, n int) error {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	if len(paths) < n {
		return fmt.Errorf("%s has %d files, fewer than %d", dir, len(paths), n)
	}
	for _, p := range paths[:n] {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(f, "changed")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
