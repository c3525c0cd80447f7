package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/identity"
)

const identityUsage = `Usage:
  threshold identity new [--type ed25519|secp256k1] NAME   create an identity
  threshold identity import NAME FILE.pem                  import a dfx / icp-cli PEM
  threshold identity list                                  list identities (* = default)
  threshold identity use NAME                              make NAME the default
  threshold identity whoami [--identity NAME|FILE.pem]     print the principal
  threshold identity export NAME                           print the PEM file

Identities are PEM files in $THRESHOLD_HOME/identity/<name>/identity.pem
($THRESHOLD_HOME defaults to ~/.config/threshold), in the format of dfx and
icp-cli. An identity named "default" is created on first use.
`

// defaultIdentity is the name of the identity made on first use.
const defaultIdentity = "default"

var identityName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$`)

// identityStore is the directory of named identities.
type identityStore struct{ home string }

// openStore finds $THRESHOLD_HOME, or ~/.config/threshold.
func openStore() (*identityStore, error) {
	if h := os.Getenv("THRESHOLD_HOME"); h != "" {
		return &identityStore{home: h}, nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("no home for identities (set THRESHOLD_HOME): %w", err)
	}
	return &identityStore{home: filepath.Join(cfg, "threshold")}, nil
}

func (s *identityStore) pemPath(name string) string {
	return filepath.Join(s.home, "identity", name, "identity.pem")
}

func checkName(name string) error {
	if !identityName.MatchString(name) {
		return fmt.Errorf("invalid identity name %q: use letters, digits, '.', '_' and '-'", name)
	}
	return nil
}

// create writes a new identity's PEM; it refuses to overwrite one.
func (s *identityStore) create(name string, pem []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	p := s.pemPath(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("identity %q already exists (%s)", name, p)
	} else if err != nil {
		return err
	}
	if _, err := f.Write(pem); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// load reads a named identity.
func (s *identityStore) load(name string) (identity.Identity, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	return loadPEMFile(s.pemPath(name))
}

func loadPEMFile(path string) (identity.Identity, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no identity at %s", path)
	} else if err != nil {
		return nil, err
	}
	id, err := identity.ParsePEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return id, nil
}

// list returns the names of the stored identities, sorted.
func (s *identityStore) list() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(s.home, "identity"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if _, err := os.Stat(s.pemPath(e.Name())); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// settings is $THRESHOLD_HOME/identity.json.
type settings struct {
	Default string `json:"default"`
}

func (s *identityStore) defaultName() string {
	var st settings
	if b, err := os.ReadFile(filepath.Join(s.home, "identity.json")); err == nil && json.Unmarshal(b, &st) == nil && st.Default != "" {
		return st.Default
	}
	return defaultIdentity
}

func (s *identityStore) setDefault(name string) error {
	b, _ := json.MarshalIndent(settings{Default: name}, "", "  ")
	if err := os.MkdirAll(s.home, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.home, "identity.json"), append(b, '\n'), 0o600)
}

// resolve returns the identity that --identity names: a PEM file path, a
// stored name, or (empty) the default identity, which is created if it is
// "default" and missing.
func (s *identityStore) resolve(flagValue string, stderr io.Writer) (identity.Identity, error) {
	if flagValue != "" {
		if strings.ContainsRune(flagValue, os.PathSeparator) || strings.HasSuffix(flagValue, ".pem") {
			return loadPEMFile(flagValue)
		}
		return s.load(flagValue)
	}
	name := s.defaultName()
	if _, err := os.Stat(s.pemPath(name)); errors.Is(err, os.ErrNotExist) && name == defaultIdentity {
		id, err := s.generate(name, identity.Ed25519)
		if err != nil {
			return nil, fmt.Errorf("creating the default identity: %w", err)
		}
		fmt.Fprintf(stderr, "Created identity %q (%s) in %s\n", name, id.Sender(), s.pemPath(name))
		return id, nil
	}
	return s.load(name)
}

// generate makes and stores a new identity.
func (s *identityStore) generate(name string, kind identity.Kind) (identity.Identity, error) {
	id, err := identity.Generate(kind, rand.Reader)
	if err != nil {
		return nil, err
	}
	pem, err := identity.EncodePEM(id)
	if err != nil {
		return nil, err
	}
	return id, s.create(name, pem)
}

// cmdIdentity runs `threshold identity`.
func cmdIdentity(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, identityUsage)
		return boolToExit(len(args) == 0)
	}
	store, err := openStore()
	if err != nil {
		return fail(stderr, "identity", err)
	}
	fs := flag.NewFlagSet("identity "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("type", "ed25519", "key type of a new identity: ed25519 or secp256k1")
	idFlag := fs.String("identity", "", "identity name or PEM file (whoami)")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return 2
	}
	run := identityCommands[args[0]]
	if run.f == nil {
		fmt.Fprintf(stderr, "threshold identity: unknown command %q\n\n%s", args[0], identityUsage)
		return 2
	}
	if len(pos) != run.nargs {
		fmt.Fprintf(stderr, "threshold identity %s: want %d argument(s), got %d\n\n%s", args[0], run.nargs, len(pos), identityUsage)
		return 2
	}
	if err := run.f(store, identityFlags{kind: *kind, identity: *idFlag}, pos, stdout, stderr); err != nil {
		return fail(stderr, "identity "+args[0], err)
	}
	return 0
}

// identityFlags are the flags of the identity subcommands.
type identityFlags struct{ kind, identity string }

// identityCommands maps each subcommand to its number of arguments and
// its implementation.
var identityCommands = map[string]struct {
	nargs int
	f     func(s *identityStore, fl identityFlags, args []string, stdout, stderr io.Writer) error
}{
	"new": {1, func(s *identityStore, fl identityFlags, args []string, stdout, _ io.Writer) error {
		kinds := map[string]identity.Kind{"ed25519": identity.Ed25519, "secp256k1": identity.Secp256k1}
		kind, ok := kinds[fl.kind]
		if !ok {
			return fmt.Errorf("unknown key type %q (want ed25519 or secp256k1)", fl.kind)
		}
		id, err := s.generate(args[0], kind)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created identity %q: %s\n", args[0], id.Sender())
		return nil
	}},
	"import": {2, func(s *identityStore, _ identityFlags, args []string, stdout, _ io.Writer) error {
		b, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		id, err := identity.ParsePEM(b)
		if err != nil {
			return fmt.Errorf("%s: %w", args[1], err)
		}
		if err := s.create(args[0], b); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Imported identity %q: %s\n", args[0], id.Sender())
		return nil
	}},
	"list": {0, func(s *identityStore, _ identityFlags, _ []string, stdout, _ io.Writer) error {
		names, err := s.list()
		if err != nil {
			return err
		}
		def := s.defaultName()
		for _, n := range names {
			mark := "  "
			if n == def {
				mark = "* "
			}
			fmt.Fprintln(stdout, mark+n)
		}
		return nil
	}},
	"use": {1, func(s *identityStore, _ identityFlags, args []string, stdout, _ io.Writer) error {
		if _, err := s.load(args[0]); err != nil {
			return err
		}
		if err := s.setDefault(args[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Using identity %q.\n", args[0])
		return nil
	}},
	"whoami": {0, func(s *identityStore, fl identityFlags, _ []string, stdout, stderr io.Writer) error {
		id, err := s.resolve(fl.identity, stderr)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, id.Sender())
		return nil
	}},
	"export": {1, func(s *identityStore, _ identityFlags, args []string, stdout, _ io.Writer) error {
		if _, err := s.load(args[0]); err != nil {
			return err
		}
		b, err := os.ReadFile(s.pemPath(args[0]))
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}},
}
