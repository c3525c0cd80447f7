package upload

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress tells a person what a sync is doing: one line per phase, and
// while uploading, when the writer is a terminal, a one-line bar redrawn
// in place with "\r" (bytes uploaded of the total, files done, rate).
// Without a writer it says nothing.
type progress struct {
	w   io.Writer
	tty bool
	now func() time.Time

	mu        sync.Mutex
	start     time.Time // of the upload
	total     int64
	done      int64
	files     int
	filesDone int
	drawn     time.Time // when the bar was last drawn
	width     int       // length of the bar last drawn (0: none on screen)
}

// redrawEvery limits how often the bar is drawn.
const redrawEvery = 100 * time.Millisecond

func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, tty: w != nil && isTerminal(w), now: now}
}

// phase writes one line.
func (p *progress) phase(format string, args ...any) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearBar()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// startUpload begins the byte count of an upload of total bytes in files
// files.
func (p *progress) startUpload(total int64, files int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start, p.total, p.files = p.now(), total, files
	p.draw(true)
}

// add counts bytes uploaded and files completed.
func (p *progress) add(bytes int64, files int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += bytes
	p.filesDone += files
	p.draw(false)
}

// endUpload draws the final state of the bar and ends its line.
func (p *progress) endUpload() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil {
		return
	}
	if p.tty {
		p.draw(true)
		if p.width > 0 {
			fmt.Fprintln(p.w)
			p.width = 0
		}
		return
	}
	fmt.Fprintf(p.w, "uploaded %s in %d files, %s\n", formatBytes(p.done), p.filesDone, p.rate())
}

// draw redraws the bar (at most every redrawEvery unless force).
func (p *progress) draw(force bool) {
	if p.w == nil || !p.tty {
		return
	}
	now := p.now()
	if !force && now.Sub(p.drawn) < redrawEvery {
		return
	}
	p.drawn = now
	const barWidth = 24
	frac := 1.0
	if p.total > 0 {
		frac = float64(p.done) / float64(p.total)
	}
	fill := int(frac * barWidth)
	line := fmt.Sprintf("uploading [%s%s] %3.0f%%  %s / %s  %d/%d files  %s",
		strings.Repeat("=", fill), strings.Repeat(" ", barWidth-fill), frac*100,
		formatBytes(p.done), formatBytes(p.total), p.filesDone, p.files, p.rate())
	pad := max(p.width-len(line), 0)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = len(line)
}

// clearBar blanks a bar on screen so that a line can replace it.
func (p *progress) clearBar() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

// rate is the upload's average speed so far.
func (p *progress) rate() string {
	secs := p.now().Sub(p.start).Seconds()
	if secs <= 0 {
		return "- /s"
	}
	return formatBytes(int64(float64(p.done)/secs)) + "/s"
}

// formatBytes writes a byte count with a decimal unit.
func formatBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
