package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/threshold-ic/threshold/edge/serve"
)

const trustUsage = `Usage:
  threshold trust   [--dir DIR] [--ca FILE] [flags]   install the local CA
  threshold untrust [--dir DIR] [--ca FILE] [flags]   remove it

The CA is FILE, else DIR/network.json's gateway.ca_cert, else
DIR/edge/ca/root.crt (DIR defaults to $THRESHOLD_NETWORK or ./.threshold).
It goes into the system store (Debian: /usr/local/share/ca-certificates and
update-ca-certificates, which needs root) and into the NSS databases of
Chromium (~/.pki/nssdb, created if missing) and of Firefox profiles, with
certutil (Debian package libnss3-tools).

Flags:
`

// trustPlan is what trust and untrust act on.
type trustPlan struct {
	ca        string   // the CA's PEM file
	systemDir string   // "" skips the system store
	updateCmd string   // run after changing systemDir; "" runs nothing
	nssDBs    []string // NSS database directories
}

// systemCAName is the CA's file name in the system store.
const systemCAName = "threshold-local-ca.crt"

func cmdTrust(args []string, stdout, stderr io.Writer, install bool) int {
	name := map[bool]string{true: "trust", false: "untrust"}[install]
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, trustUsage); fs.PrintDefaults() }
	dir := fs.String("dir", "", "network directory (default $THRESHOLD_NETWORK or ./.threshold)")
	caFile := fs.String("ca", "", "the CA certificate (PEM) instead of the network's")
	systemDir := fs.String("system-dir", "/usr/local/share/ca-certificates", "system CA directory (\"\" skips the system store)")
	updateCmd := fs.String("update-cmd", "update-ca-certificates", "command run after changing the system directory (\"\" runs none)")
	nss := fs.String("nssdb", "", "comma-separated NSS database directories (default: Chromium's and Firefox profiles'; \"-\" skips NSS)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	p := trustPlan{systemDir: *systemDir, updateCmd: *updateCmd}
	var err error
	if p.ca, err = findCA(*dir, *caFile); err != nil {
		fmt.Fprintf(stderr, "threshold %s: %v\n", name, err)
		return 1
	}
	switch *nss {
	case "-":
	case "":
		p.nssDBs = defaultNSSDBs()
	default:
		p.nssDBs = strings.Split(*nss, ",")
	}
	if install {
		err = p.install(stdout, stderr)
	} else {
		err = p.remove(stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "threshold %s: %v\n", name, err)
		return 1
	}
	return 0
}

// findCA resolves the CA file and checks that it is a CA certificate.
func findCA(dir, file string) (string, error) {
	if dir == "" {
		if dir = os.Getenv("THRESHOLD_NETWORK"); dir == "" {
			dir = defaultNetworkDir
		}
	}
	if file == "" {
		var nf struct {
			Gateway struct {
				CACert string `json:"ca_cert"`
			} `json:"gateway"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, "network.json")); err == nil && json.Unmarshal(b, &nf) == nil {
			file = nf.Gateway.CACert
		}
	}
	if file == "" {
		file = serve.CACertFile(filepath.Join(dir, "edge"))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("no local CA (start the network with `threshold up` first): %w", err)
	}
	if err := serve.CheckCACert(b); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return filepath.Abs(file)
}

// defaultNSSDBs are Chromium's database and every Firefox profile's.
func defaultNSSDBs() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	dbs := []string{filepath.Join(home, ".pki", "nssdb")}
	for _, pat := range []string{".mozilla/firefox/*", "snap/firefox/common/.mozilla/firefox/*"} {
		profiles, _ := filepath.Glob(filepath.Join(home, pat))
		for _, p := range profiles {
			if _, err := os.Stat(filepath.Join(p, "cert9.db")); err == nil {
				dbs = append(dbs, p)
			}
		}
	}
	return dbs
}

func (p trustPlan) install(stdout, stderr io.Writer) error {
	var errs []error
	if p.systemDir != "" {
		b, err := os.ReadFile(p.ca)
		if err == nil {
			err = os.WriteFile(filepath.Join(p.systemDir, systemCAName), b, 0o644)
		}
		if err == nil {
			err = p.update()
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("system store (run as root, or pass --system-dir \"\"): %w", err))
		} else {
			fmt.Fprintf(stdout, "installed %s in the system store (%s)\n", serve.CAName, p.systemDir)
		}
	}
	for _, db := range p.nssDBs {
		if err := nssAdd(db, p.ca); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintf(stdout, "installed %s in NSS database %s\n", serve.CAName, db)
		}
	}
	return errors.Join(errs...)
}

func (p trustPlan) remove(stdout, stderr io.Writer) error {
	var errs []error
	if p.systemDir != "" {
		err := os.Remove(filepath.Join(p.systemDir, systemCAName))
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		if err == nil {
			err = p.update()
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("system store: %w", err))
		} else {
			fmt.Fprintf(stdout, "removed %s from the system store\n", serve.CAName)
		}
	}
	for _, db := range p.nssDBs {
		if err := nssDelete(db); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintf(stdout, "removed %s from NSS database %s\n", serve.CAName, db)
		}
	}
	return errors.Join(errs...)
}

func (p trustPlan) update() error {
	if p.updateCmd == "" {
		return nil
	}
	f := strings.Fields(p.updateCmd)
	if out, err := exec.Command(f[0], f[1:]...).CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", p.updateCmd, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// nssAdd puts the CA into an NSS database, creating the database if it
// does not exist yet (Chromium reads ~/.pki/nssdb once it exists).
func nssAdd(db, ca string) error {
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		return errors.New("certutil not found: install libnss3-tools for the browsers' NSS databases")
	}
	if _, err := os.Stat(filepath.Join(db, "cert9.db")); err != nil {
		if err := os.MkdirAll(db, 0o700); err != nil {
			return fmt.Errorf("NSS database %s: %w", db, err)
		}
		if err := runTool(certutil, "-N", "-d", "sql:"+db, "--empty-password"); err != nil {
			return fmt.Errorf("NSS database %s: %w", db, err)
		}
	}
	_ = nssDelete(db) // an older CA under the same nickname
	if err := runTool(certutil, "-A", "-d", "sql:"+db, "-n", serve.CAName, "-t", "C,,", "-i", ca); err != nil {
		return fmt.Errorf("NSS database %s: %w", db, err)
	}
	return nil
}

// nssDelete removes the CA from an NSS database; absence is no error.
func nssDelete(db string) error {
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		return errors.New("certutil not found: install libnss3-tools")
	}
	if _, err := os.Stat(filepath.Join(db, "cert9.db")); err != nil {
		return nil
	}
	for {
		err := runTool(certutil, "-D", "-d", "sql:"+db, "-n", serve.CAName)
		if err != nil && strings.Contains(err.Error(), "could not find certificate") {
			return nil
		}
		if err != nil {
			return fmt.Errorf("NSS database %s: %w", db, err)
		}
	}
}

func runTool(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", filepath.Base(name), args[0], err, strings.TrimSpace(string(out)))
	}
	return nil
}
