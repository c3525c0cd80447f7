// Command buildwasm builds the asset canister (assets/canister) into
// assets/canister.wasm, reproducibly: the same source and Go release give
// the same bytes.
//
//	go run ./assets/internal/buildwasm            # writes assets/canister.wasm
//	go run ./assets/internal/buildwasm -check     # fails if the committed file differs
//
// Go's wasip1 port builds a WASI reactor (-buildmode=c-shared): the module
// exports _initialize, which the replica runs once at install, and every
// //go:wasmexport function. A Go export name cannot contain a space, so the
// canister's Go source names its entry points "canister_query.<method>"
// and this tool renames them to the IC's "canister_query <method>"
// (interface spec, "Entry points"). It also adds the public metadata
// sections a client reads (candid:service, supported_certificate_versions)
// and the Go release it was built with (threshold:build); -check compares
// only when the local Go release is that one.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

const (
	pkg    = "./assets/canister"
	output = "assets/canister.wasm"
)

func main() {
	check := flag.Bool("check", false, "rebuild into a temporary file and compare with the committed one")
	flag.Parse()
	if err := run(*check); err != nil {
		fmt.Fprintln(os.Stderr, "buildwasm:", err)
		os.Exit(1)
	}
}

func run(check bool) error {
	if _, err := os.Stat("go.mod"); err != nil {
		return errors.New("run from the module root")
	}
	tmp, err := os.MkdirTemp("", "buildwasm")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	raw := filepath.Join(tmp, "raw.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-buildmode=c-shared",
		"-ldflags=-s -w -buildid=", "-o", raw, pkg)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=", "GOWASM=")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		return err
	}
	out, err := finish(b, runtime.Version())
	if err != nil {
		return err
	}
	if !check {
		return os.WriteFile(output, out, 0o644)
	}
	old, err := os.ReadFile(output)
	if err != nil {
		return err
	}
	built, _ := buildOf(old)
	if built != runtime.Version() {
		fmt.Printf("buildwasm: %s was built with %s, this is %s: not compared\n", output, built, runtime.Version())
		return nil
	}
	if !bytes.Equal(old, out) {
		return fmt.Errorf("%s differs from a fresh build (%d vs %d bytes): run go run ./assets/internal/buildwasm", output, len(old), len(out))
	}
	fmt.Printf("buildwasm: %s matches a fresh build (%d bytes)\n", output, len(out))
	return nil
}

// finish renames the entry points and appends the metadata sections.
func finish(b []byte, goVersion string) ([]byte, error) {
	out, err := renameExports(b, func(name string) string {
		for _, kind := range []string{"canister_query.", "canister_update.", "canister_composite_query."} {
			if method, ok := strings.CutPrefix(name, kind); ok {
				return strings.TrimSuffix(kind, ".") + " " + method
			}
		}
		return name
	})
	if err != nil {
		return nil, err
	}
	out = appendCustom(out, "icp:public candid:service", []byte(wire.DID))
	out = appendCustom(out, "icp:public supported_certificate_versions", []byte("1,2"))
	out = appendCustom(out, "icp:public threshold:build", []byte(goVersion))
	return out, nil
}
