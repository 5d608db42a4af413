package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// progress shows how far a long job has gone, on one line of standard
// error that it rewrites ("gradc build: 1200/5000 fns"): nothing during
// the first second (short jobs print nothing), then at most ten updates a
// second, and the line is cleared when the job ends. It shows only on a
// terminal, so that logs and pipes get no carriage returns. A nil
// *progress shows nothing.
type progress struct {
	w     io.Writer
	what  string // "gradc build: %d/%d fns"
	now   func() time.Time
	start time.Time
	last  time.Time
	shown bool
}

// newProgress returns a progress line on e.stderr, or nil when standard
// error is not a terminal.
func newProgress(e *env, what string) *progress {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: f, what: what, now: time.Now, start: time.Now()}
}

// update shows done of total, if the job has run long enough and the
// line was not updated in the last tenth of a second.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	t := p.now()
	if t.Sub(p.start) < time.Second || t.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = t, true
	fmt.Fprintf(p.w, "\r"+p.what+"\x1b[K", done, total)
}

// finish clears the line, if it was shown.
func (p *progress) finish() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}
