package main

import (
	"bytes"
	"strings"
	"testing"
)

func runCmdIn(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// Without a terminal, gradc repl reads lines and prints results: no
// prompt, no escape code; errors on stderr, and exit status 1 when an
// input failed.
func TestReplScripted(t *testing.T) {
	tests := []struct {
		name, in, out, err string
		code               int
	}{
		{"results", "x*x + x\ngrad(x^2*y)\n", "x + x^2\nd/dx = 2*x*y\nd/dy = x^2\n", "", 0},
		{"fn and call", "fn f(x, y) = x*y\nf(2, 3)\n", "f(x, y) = x*y\n6\n", "", 0},
		{"error goes on", "x +* y\n1+1\n", "2\n", "<repl>:1:4: unexpected *, expected an expression\n\tx +* y\n\t   ^\n", 1},
		{"quit", "1\n:quit\n2\n", "1\n", "", 0},
		{"empty", "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCmdIn(tt.in, "repl")
			if out != tt.out || errs != tt.err || code != tt.code {
				t.Errorf("gradc repl < %q:\nstdout %q, want %q\nstderr %q, want %q\nexit %d, want %d", tt.in, out, tt.out, errs, tt.err, code, tt.code)
			}
			if strings.Contains(out+errs, "\x1b") || strings.Contains(out, "> ") {
				t.Errorf("prompt or escape code without a terminal: %q", out)
			}
		})
	}
}

func TestReplEcho(t *testing.T) {
	out, errs, code := runCmdIn("diff(x^3, x)\nsinn(x)\n", "repl", "-echo")
	want := "> diff(x^3, x)\n3*x^2\n> sinn(x)\n<repl>:2:1: undefined: sinn (did you mean sin?)\n\tsinn(x)\n\t^\n"
	if out != want || errs != "" || code != 1 {
		t.Errorf("gradc repl -echo: stdout %q, want %q; stderr %q; exit %d", out, want, errs, code)
	}
}

func TestReplUsage(t *testing.T) {
	_, errs, code := runCmdIn("", "repl", "file.expr")
	if code != exitUsage || !strings.Contains(errs, ":load") {
		t.Errorf("gradc repl file.expr: exit %d, stderr %q; want a usage error that mentions :load", code, errs)
	}
}
