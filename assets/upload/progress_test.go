package upload

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// clock is a settable time for the progress tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Unix(1000, 0)}
	p := newProgress(&out, c.now)
	p.tty = true // as on a terminal
	p.startUpload(2_000_000, 4)
	first := out.String()
	if !strings.HasPrefix(first, "\ruploading [") || !strings.Contains(first, "0%  0 B / 2.0 MB  0/4 files") {
		t.Fatalf("first bar %q", first)
	}
	p.add(100, 0)
	if out.String() != first {
		t.Errorf("redrawn within %v: %q", redrawEvery, out.String())
	}
	c.t = c.t.Add(time.Second)
	p.add(999_900, 2)
	bar := strings.TrimPrefix(out.String(), first)
	if !strings.HasPrefix(bar, "\r") || !strings.Contains(bar, " 50%  1.0 MB / 2.0 MB  2/4 files  1.0 MB/s") ||
		!strings.Contains(bar, "[============            ]") {
		t.Errorf("bar at half %q", bar)
	}
	out.Reset()
	p.phase("a line")
	if got := out.String(); !strings.HasPrefix(got, "\r"+strings.Repeat(" ", p.widthOf(bar))+"\r") || !strings.HasSuffix(got, "a line\n") {
		t.Errorf("a phase line over the bar: %q", got)
	}
	out.Reset()
	c.t = c.t.Add(time.Second)
	p.add(1_000_000, 2)
	p.endUpload()
	if got := out.String(); !strings.Contains(got, "100%  2.0 MB / 2.0 MB  4/4 files") || !strings.HasSuffix(got, "\n") {
		t.Errorf("final bar %q", got)
	}
}

// widthOf is the visible width of a bar written by draw.
func (p *progress) widthOf(s string) int {
	return len(strings.TrimRight(strings.TrimPrefix(s, "\r"), " "))
}

func TestProgressSilentAndPlain(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	p := newProgress(nil, c.now)
	p.phase("nothing")
	p.startUpload(10, 1)
	p.add(10, 1)
	p.endUpload() // no writer: nothing happens, nothing panics

	var out bytes.Buffer
	p = newProgress(&out, c.now)
	p.startUpload(10, 1)
	c.t = c.t.Add(2 * time.Second)
	p.add(10, 1)
	p.endUpload()
	if got := out.String(); got != "uploaded 10 B in 1 files, 5 B/s\n" {
		t.Errorf("plain progress %q", got)
	}
}

func TestIsTerminal(t *testing.T) {
	var b bytes.Buffer
	if isTerminal(&b) {
		t.Error("a buffer is a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("a pipe is a terminal")
	}
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal to test with: %v", err)
	}
	defer ptmx.Close()
	if !isTerminal(ptmx) {
		t.Error("a pseudo-terminal is not a terminal")
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1500: "1.5 kB", 2_500_000: "2.5 MB", 3_210_000_000: "3.21 GB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
