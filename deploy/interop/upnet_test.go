package interop

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// thresholdBinary builds cmd/threshold once per test run.
func thresholdBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "threshold-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "threshold")
		out, err := exec.Command("go", "build", "-o", binary, "../../cmd/threshold").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("go build: %s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building threshold: %v", buildErr)
	}
	return binary
}

// upNet is a `threshold up` process and the network.json it wrote.
type upNet struct {
	cmd    *exec.Cmd
	dir    string
	file   string
	net    networkJSON
	stderr *lockedBuffer // what the process wrote to stderr
}

type networkJSON struct {
	RootKey     string `json:"root_key"`
	APIURL      string `json:"api_url"`
	IdentityPEM string `json:"identity_pem"`
	Subnets     []struct {
		ID             string      `json:"id"`
		Kind           string      `json:"kind"`
		CanisterRanges [][2]string `json:"canister_ranges"`
	} `json:"subnets"`
	Canisters map[string]string `json:"canisters"`
	// Gateway is the edge `threshold up` runs in front of the network.
	Gateway struct {
		HTTPSURL  string `json:"https_url"`
		HTTPURL   string `json:"http_url"`
		HTTP3Port int    `json:"http3_port"`
		Apex      string `json:"apex"`
		CACert    string `json:"ca_cert"`
	} `json:"gateway"`
}

// startUp runs `threshold up --dir dir` on free ports (IC API and edge) and
// returns once it says the network is up (it prints that after writing
// network.json).
func startUp(t *testing.T, dir string) *upNet {
	t.Helper()
	cmd := exec.Command(thresholdBinary(t), "up", "--dir", dir, "--api-port", "0", "--https-port", "0", "--http-port", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	up := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "network is up") {
				up <- nil
				break
			}
		}
		up <- sc.Err()
		for sc.Scan() { // keep draining so the process never blocks on stdout
		}
	}()
	select {
	case err := <-up:
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("threshold up: %v\n%s", err, stderr.String())
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("threshold up did not come up\n%s", stderr.String())
	}
	u := &upNet{cmd: cmd, dir: dir, file: filepath.Join(dir, "network.json"), stderr: stderr}
	b, err := os.ReadFile(u.file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &u.net); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { u.stop(t) })
	return u
}

// stop ends the process with SIGTERM, as an operator would.
func (u *upNet) stop(t *testing.T) {
	if u.cmd.ProcessState != nil {
		return
	}
	u.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- u.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("threshold up exited with %v after SIGTERM:\n%s", err, u.stderr.String())
		}
	case <-time.After(30 * time.Second):
		u.cmd.Process.Kill()
		t.Error("threshold up did not stop on SIGTERM")
	}
}

// kill ends the process with SIGKILL: no checkpoint, no clean shutdown.
func (u *upNet) kill(t *testing.T) {
	u.cmd.Process.Kill()
	u.cmd.Wait()
}

var _ = context.Background
