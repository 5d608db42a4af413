package repl

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Garbage on standard input (the non-terminal path) never crashes the
// session nor trips its panic boundary: each bad input is an error and the
// session goes on to the next.
func TestRunGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 20000)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	tests := []struct{ name, in string }{
		{"binary", "\xff\xfe\x00\x01\n"},
		{"random bytes", string(random)},
		{"escape sequences", "\x1b[2J\x1b]0;title\x07\n"},
		{"unbalanced closers", ")))]]]}}}\n"},
		{"commands with junk", ":at =\n:go (\n:tape f nosuch\n:load\n:\x00\n"},
		{"deep brackets", strings.Repeat("(", 10000) + "\n"},
		{"half definitions", "fn\nfn f\nfn f(\nlet\nlet =\nconst\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs strings.Builder
			s := New(&out, &errs)
			if err := Run(s, strings.NewReader(tt.in+"\nx + x\n")); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if strings.Contains(errs.String(), "internal error") {
				t.Errorf("a panic was caught: %s", errs.String())
			}
			if s.Errors() == 0 {
				t.Errorf("no error reported for %q", tt.in)
			}
			if strings.Contains(errs.String(), "\x1b") {
				t.Errorf("an escape byte of the input reached the error output")
			}
		})
	}
}

// A byte order mark before the first line is not input.
func TestRunByteOrderMark(t *testing.T) {
	var out, errs strings.Builder
	s := New(&out, &errs)
	if err := Run(s, strings.NewReader("\uFEFFfn f(x) = x^2\nf(3)\n")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "f(x) = x^2\n9\n" || errs.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want the fn and 9, no error", out.String(), errs.String())
	}
}

// An input left open over many lines costs linear time: each line used to
// rejoin and rescan all the lines before it, so that 100000 lines after
// "(" took most of a minute.
func TestLongContinuedInput(t *testing.T) {
	in := "(\n" + strings.Repeat("x +\n", 100000) + "x)\n"
	var out, errs strings.Builder
	s := New(&out, &errs)
	start := time.Now()
	if err := Run(s, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("100000 continued lines took %v", d)
	}
	if out.String() != "100001*x\n" {
		t.Errorf("stdout %q (stderr %q), want 100001*x", out.String(), errs.String())
	}
}

// :load reads at most lang.MaxFileSize bytes, even of a device that never
// ends.
func TestLoadEndlessDevice(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /dev/zero")
	}
	var out, errs strings.Builder
	s := New(&out, &errs)
	s.Line(":load /dev/zero")
	if !strings.Contains(errs.String(), "input too large") {
		t.Errorf("stderr %q, want an input too large error", errs.String())
	}
}

// LoadHistory reads a bounded amount of a huge history file or an endless
// device, keeps the last max lines, and rewrites only a regular file.
func TestLoadHistoryBounded(t *testing.T) {
	path := t.TempDir() + "/history"
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(path, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(h.lines, ","); got != "line 26,line 27,line 28,line 29" {
		t.Errorf("kept %q, want the last 4 lines", got)
	}
	if text, _ := os.ReadFile(path); string(text) != "line 26\nline 27\nline 28\nline 29\n" {
		t.Errorf("file rewritten as %q", text)
	}
	if runtime.GOOS != "linux" {
		return
	}
	start := time.Now()
	h, _ = LoadHistory("/dev/urandom", 10)
	if len(h.lines) > 10 || time.Since(start) > 20*time.Second {
		t.Errorf("/dev/urandom: %d lines in %v", len(h.lines), time.Since(start))
	}
	if info, err := os.Stat("/dev/urandom"); err != nil || info.Mode().IsRegular() {
		t.Errorf("/dev/urandom was replaced: %v", err)
	}
}
