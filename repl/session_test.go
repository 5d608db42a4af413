package repl

import (
	"fmt"
	"strings"
	"testing"
)

// An internal panic becomes a message, and the session goes on.
func TestRecoverBoundary(t *testing.T) {
	defer func(old func(*Session, *chunk) error) { runInput = old }(runInput)
	runInput = func(s *Session, c *chunk) error {
		if strings.Contains(c.text, "boom") {
			var m map[string]int
			m["x"]++ // a nil map: a real runtime panic
		}
		return s.run(c)
	}
	var out, errs strings.Builder
	s := New(&out, &errs)
	if !s.Line("boom") {
		t.Fatal("the session ended after a panic")
	}
	s.Line("x + x")
	if !strings.HasPrefix(errs.String(), "internal error: assignment to entry in nil map") {
		t.Errorf("stderr = %q, want an internal error message", errs.String())
	}
	if out.String() != "2*x\n" || s.Errors() != 1 {
		t.Errorf("after the panic: stdout %q, %d errors; want 2*x and 1 error", out.String(), s.Errors())
	}
}

// An input left open runs when the input ends, and Cancel drops one.
func TestPendingInput(t *testing.T) {
	var out strings.Builder
	s := New(&out, &out)
	s.Line("fn f(x) {")
	if !s.Pending() {
		t.Fatal("an open brace must continue the input")
	}
	s.Cancel()
	s.Line("sin(")
	s.Line("x)")
	s.Line("fn g(x) =")
	s.Line("  x^3")
	if want := "sin(x)\ng(x) = x^3\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestFreeVarsAndSubst(t *testing.T) {
	tests := []struct{ src, vars string }{
		{"x^2*y + sin(x)", "x y"},
		{"sum(i in 0..n, i*x)", "n x"},
		{"diff(a*b, c)", "a b c"},
		{"f(u, v) + pi", "u v"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c := &chunk{start: 1, text: tt.src}
			x, err := parseExpr(c, 1, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(freeVars(x, func(string) bool { return false }), " ")
			if got != tt.vars {
				t.Errorf("freeVars = %q, want %q", got, tt.vars)
			}
		})
	}
	// A sum index shadows a let of the same name.
	var out strings.Builder
	s := New(&out, &out)
	s.Line("let i = 5")
	s.Line("sum(i in 0..3, i) + i")
	if want := "i = 5\n8\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

// Lets of lets double a tree at each step: past maxSubst nodes the
// session says so instead of running out of memory.
func TestLetSwellIsAnError(t *testing.T) {
	var out strings.Builder
	s := New(&out, &out)
	s.Line("let a0 = x + y")
	for i := 1; i <= 25; i++ {
		s.Line(fmt.Sprintf("let a%d = a%d*a%d + 1", i, i-1, i-1))
	}
	if !strings.Contains(out.String(), "too large once the lets it uses are substituted") {
		t.Errorf("no size error after 25 doubling lets:\n%s", out.String())
	}
}
