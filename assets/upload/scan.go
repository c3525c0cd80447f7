package upload

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// Scanning: which files of the folder become assets.
//
//   - Every regular file, keyed by "/" and its slash path from the root.
//   - Names starting with "." (files and directories) are skipped, except
//     the root's .well-known directory (custom domains are proved by
//     /.well-known/ic-domains, PROTOCOL.md §8.2), unless a rule says
//     "ignore": true or false, which wins. A skipped directory is not
//     entered, so rules in or below it never apply; whether a directory is
//     entered is decided by the configuration files above it (dfx's rule).
//   - The configuration files are never assets.
//   - A symbolic link is followed when it leads to a file or directory
//     inside the folder (the asset takes the link's path); one that leads
//     outside is an error (ErrOutside), so that a sync cannot publish
//     files from elsewhere on the machine by accident. A link cycle is an
//     error too.
//   - Anything else (sockets, devices, pipes) is skipped with a warning.

// Errors of Scan.
var (
	// ErrOutside: a symbolic link leads outside the folder.
	ErrOutside = errors.New("upload: symbolic link leads outside the folder")
	// ErrLinkCycle: symbolic links lead back into a directory being read.
	ErrLinkCycle = errors.New("upload: symbolic link cycle")
)

// walker collects the folder's files and configuration.
type walker struct {
	root     string
	files    []file
	scopes   []*scope
	warnings []string
}

// file is a file to become an asset, before it is read.
type file struct {
	key  string
	path string // resolved
	s    settings
}

// dir reads the directory at real (its resolved path) whose path from the
// root is rel; chain holds the configuration above it, stack the resolved
// directories being read (for link cycles).
func (w *walker) dir(real, rel string, chain []*scope, stack []string) error {
	sc, err := loadScope(real, rel)
	if err != nil {
		return err
	}
	if sc != nil {
		chain = append(slices.Clip(chain), sc)
		w.scopes = append(w.scopes, sc)
	}
	stack = append(slices.Clip(stack), real)
	entries, err := os.ReadDir(real)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == ConfigFile || name == ConfigFileJSON {
			continue
		}
		full := filepath.Join(real, name)
		if !utf8.ValidString(name) {
			return fmt.Errorf("upload: %q: file name is not valid UTF-8 (asset keys are text)", full)
		}
		childRel := name
		if rel != "" {
			childRel = rel + "/" + name
		}
		s := resolve(chain, childRel)
		if !included(&s, name, childRel) {
			continue
		}
		target, info, err := w.follow(full, e)
		if err != nil {
			return err
		}
		switch {
		case info.IsDir():
			if slices.Contains(stack, target) {
				return fmt.Errorf("%w: %s leads back to %s", ErrLinkCycle, full, target)
			}
			if err := w.dir(target, childRel, chain, stack); err != nil {
				return err
			}
		case info.Mode().IsRegular():
			w.files = append(w.files, file{key: "/" + childRel, path: target, s: s})
		default:
			w.warnings = append(w.warnings, fmt.Sprintf("/%s skipped: not a regular file or directory", childRel))
		}
	}
	return nil
}

// follow resolves a symbolic link (others are returned as they are) and
// checks that it stays inside the root.
func (w *walker) follow(full string, e fs.DirEntry) (string, fs.FileInfo, error) {
	if e.Type()&fs.ModeSymlink == 0 {
		info, err := e.Info()
		if err != nil {
			return "", nil, fmt.Errorf("upload: %w", err)
		}
		return full, info, nil
	}
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", nil, fmt.Errorf("upload: symbolic link %s: %w", full, err)
	}
	if !inside(w.root, target) {
		return "", nil, fmt.Errorf("%w: %s -> %s", ErrOutside, full, target)
	}
	info, err := os.Stat(target)
	if err != nil {
		return "", nil, fmt.Errorf("upload: %w", err)
	}
	return target, info, nil
}

// inside reports whether path is root or below it (both resolved).
func inside(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) &&
		!filepath.IsAbs(rel)
}

// included decides whether an entry is kept: an explicit "ignore" wins;
// otherwise hidden names are skipped, except the root's .well-known.
func included(s *settings, name, rel string) bool {
	if s.ignore != nil {
		return !*s.ignore
	}
	return !strings.HasPrefix(name, ".") || rel == ".well-known"
}

// loadScope reads the configuration file of a directory, if it has one.
func loadScope(real, rel string) (*scope, error) {
	var found []string
	for _, name := range []string{ConfigFile, ConfigFileJSON} {
		p := filepath.Join(real, name)
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("upload: %w", err)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 2:
		return nil, fmt.Errorf("upload: %s has both %s and %s; keep one", real, ConfigFile, ConfigFileJSON)
	}
	src, err := os.ReadFile(found[0])
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	rules, err := parseConfig(found[0], src)
	if err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		return nil, nil
	}
	return &scope{dir: rel, file: found[0], rules: rules}, nil
}
