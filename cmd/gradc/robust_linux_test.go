package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A build into a named pipe writes through the pipe: a rename would
// replace the pipe (or, as root, a device such as /dev/null) by a regular
// file.
func TestRobustOutputPipe(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "m.expr")
	if err := os.WriteFile(in, []byte("fn f(x) = x^2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.go")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	code, _, errs := robustRun("", "build", "-pkg", "m", "-o", pipe, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if text := <-got; !strings.Contains(text, "func FGrad(") {
		t.Errorf("the pipe's reader got %q", text)
	}
	if info, err := os.Lstat(pipe); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", info.Mode(), err)
	}
}
