package assets_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/assets"
	"github.com/threshold-ic/threshold/assets/demo"
	"github.com/threshold-ic/threshold/assets/upload"
	"github.com/threshold-ic/threshold/assets/wire"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

// These tests run the asset canister module in the replica's execution
// engine directly, without consensus or HTTP: they time what the canister
// itself does.

var (
	execCanisterID = []byte{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}
	execController = bytes.Repeat([]byte{9}, 29)
	// execCertificate stands in for a subnet's data certificate with its
	// delegation (about 1.2 KB): the canister only copies it.
	execCertificate = bytes.Repeat([]byte{0xd9, 0xd9, 0xf7, 0xa2, 0x64, 0x74, 0x72, 0x65, 0x65, 0x83, 0x01, 0x83}, 100)
)

// execCanister is an installed canister reached through exec, in the
// shape assets/upload talks to.
type execCanister struct {
	cn  *exec.Canister
	mu  sync.Mutex // updates have one owner at a time (exec's doc.go)
	now uint64
}

func newExecCanister(t testing.TB, e *exec.Engine, wasm []byte) *execCanister {
	t.Helper()
	cn := e.NewCanister(execCanisterID, exec.Settings{Controllers: [][]byte{execController}, Status: exec.Running})
	t.Cleanup(cn.Close)
	c := &execCanister{cn: cn, now: uint64(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).UnixNano())}
	r, err := cn.Install(context.Background(), exec.Install, wasm, exec.Message{Arg: []byte("DIDL\x00\x00"), Caller: execController, Time: c.now})
	if err != nil || r.Reject != nil {
		t.Fatalf("install: %v %v", err, r.Reject)
	}
	return c
}

func newEngine(t testing.TB) *exec.Engine {
	t.Helper()
	e, err := exec.NewEngine(context.Background(), exec.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

func (c *execCanister) result(r *exec.Result, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	if r.Reject != nil {
		var logs strings.Builder
		for _, l := range r.Logs {
			logs.Write(l.Message)
		}
		if logs.Len() > 0 {
			return nil, fmt.Errorf("%w; canister log:\n%s", r.Reject, logs.String())
		}
		return nil, r.Reject
	}
	return r.Reply, nil
}

func (c *execCanister) Query(ctx context.Context, method string, arg []byte) ([]byte, error) {
	c.mu.Lock()
	now := c.now
	c.mu.Unlock()
	return c.result(c.cn.Query(ctx, exec.Message{Method: method, Arg: arg, Caller: execController, Time: now, DataCertificate: execCertificate}))
}

func (c *execCanister) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += uint64(time.Second)
	return c.result(c.cn.Update(ctx, exec.Message{Method: method, Arg: arg, Caller: execController, Time: c.now}))
}

// TestSyncInExec syncs the demo site straight into the engine and reports
// how long each step took inside the canister.
func TestSyncInExec(t *testing.T) {
	c := newExecCanister(t, newEngine(t), assets.Wasm())
	folder := t.TempDir()
	if err := demo.Write(folder); err != nil {
		t.Fatal(err)
	}
	timed := &timingCanister{Canister: c, took: map[string]time.Duration{}}
	rep, err := upload.Sync(context.Background(), timed, folder, upload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; inside the canister: %v", rep, timed.took)
	rep, err = upload.Sync(context.Background(), timed, folder, upload.Options{})
	if err != nil || rep.ContentBytes != 0 {
		t.Fatalf("second sync: %v, %v", rep, err)
	}
}

// timingCanister adds the time of each call to took, by method.
type timingCanister struct {
	upload.Canister
	mu   sync.Mutex
	took map[string]time.Duration
}

func (c *timingCanister) Call(ctx context.Context, method string, arg []byte) ([]byte, error) {
	start := time.Now()
	defer func() {
		c.mu.Lock()
		c.took[method] += time.Since(start)
		c.mu.Unlock()
	}()
	return c.Canister.Call(ctx, method, arg)
}

// BenchmarkHTTPRequest4KiB is the canister's share of an uncached edge
// request for a 4 KiB page, in the Go asset canister and in the Motoko
// certified-page canister of the edge issue (the target: within 2x), in
// time and in metered instructions.
func BenchmarkHTTPRequest4KiB(b *testing.B) {
	page := strings.Repeat("<p>Threshold asset benchmark page.</p>\n", 110)[:4096]
	e := newEngine(b)
	two := uint16(2)
	req, err := wire.HTTPRequestMethod.EncodeArgs(wire.HTTPRequest{Method: "GET", URL: "/4k.html",
		Headers: []wire.HeaderField{{Name: "Accept-Encoding", Value: "identity"}}, CertificateVersion: &two})
	if err != nil {
		b.Fatal(err)
	}

	goCanister := newExecCanister(b, e, assets.Wasm())
	folder := b.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "4k.html"), []byte(page), 0o644); err != nil {
		b.Fatal(err)
	}
	if _, err := upload.Sync(context.Background(), goCanister, folder, upload.Options{}); err != nil {
		b.Fatal(err)
	}

	motoko := newExecCanister(b, e, readTestCanister(b, "certified_http"))
	arg, err := candid.Encode([]*candid.Type{candid.Text, candid.Text, candid.Text},
		[]candid.Value{candid.TextValue("/4k.html"), candid.TextValue("text/html"), candid.TextValue(page)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := motoko.Call(context.Background(), "set_page", arg); err != nil {
		b.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		c    *execCanister
	}{{"go-assets", goCanister}, {"motoko-certified", motoko}} {
		b.Run(tc.name, func(b *testing.B) {
			out, err := tc.c.Query(context.Background(), "http_request", req)
			if err != nil {
				b.Fatal(err)
			}
			resp, err := wire.HTTPRequestMethod.DecodeResult(out)
			if err != nil || resp.StatusCode != 200 || string(resp.Body) != page {
				b.Fatalf("answer: %d %v (%d bytes)", resp.StatusCode, err, len(resp.Body))
			}
			b.ReportAllocs()
			var instructions uint64
			for b.Loop() {
				r, err := tc.c.cn.Query(context.Background(), exec.Message{Method: "http_request", Arg: req,
					Caller: execController, Time: tc.c.now, DataCertificate: execCertificate})
				if err != nil || r.Reject != nil {
					b.Fatal(err, r.Reject)
				}
				instructions = r.Instructions
			}
			b.ReportMetric(float64(instructions), "instructions/op")
		})
	}
}

func readTestCanister(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "replica", "testdata", "canisters", name+".wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
