package main

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"
)

func runDiffCmd(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, append([]string{"diff"}, args...))
	return out.String(), errb.String(), code
}

// TestDiffConformance: every row of conformance/diff.txt (copied to
// simplify/testdata) and so GENERATED.md's table, exactly.
func TestDiffConformance(t *testing.T) {
	f, err := os.Open("../../simplify/testdata/diff.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "|")
		expr, v, want := strings.TrimSpace(p[0]), strings.TrimSpace(p[1]), strings.TrimSpace(p[2])
		n++
		t.Run(expr, func(t *testing.T) {
			out, errs, code := runDiffCmd(expr, v)
			if code != 0 || out != "d/d"+v+" = "+want+"\n" {
				t.Errorf("gradc diff %q %s: exit %d, stdout %q, stderr %q; want %q", expr, v, code, out, errs, want)
			}
		})
	}
	if n < 9 {
		t.Errorf("only %d rows", n)
	}
}

func TestDiffCommand(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		stderrs []string // substrings of stderr
	}{
		{"every free variable", []string{"x*y + sin(z)"}, 0, "d/dx = y\nd/dy = x\nd/dz = cos(z)\n", nil},
		{"chosen order", []string{"x*y", "y", "x"}, 0, "d/dy = x\nd/dx = y\n", nil},
		{"absent variable", []string{"x^2", "q"}, 0, "d/dq = 0\n", nil},
		{"sum index is not a variable", []string{"sum(i in 0..3, i*x)"}, 0, "d/dx = 3\n", nil},
		{"diff inside", []string{"diff(x^2*y, x)"}, 0, "d/dx = 2*y\nd/dy = 2*x\n", nil},
		{"at", []string{"-at", "x=3,y=2", "x^2*y"}, 0, "d/dx = 2*x*y  # = 12\nd/dy = x^2  # = 9\n", nil},
		{"latex", []string{"-latex", "x^2/y", "x"}, 0, "d/dx = \\frac{2 \\cdot x}{y}\n", nil},
		{"if", []string{"if(x < 1, 1 - x, 0)"}, 0, "d/dx = if(x < 1, -1, 0)\n", nil},
		{"syntax error", []string{"x +"}, 1, "", []string{"<expr>:1:", "^"}},
		{"undefined function", []string{"sinn(x)"}, 1, "", []string{"<expr>:1:1:", "sinn"}},
		{"arity", []string{"atan2(x)"}, 1, "", []string{"<expr>:1:"}},
		{"double star", []string{"x ** 2"}, 1, "", []string{"<expr>:1:", "^"}},
		{"no expression", nil, 2, "", []string{"missing EXPR"}},
		{"bad -at", []string{"-at", "x", "x^2"}, 2, "", []string{"NAME=NUMBER"}},
		{"-at without a value", []string{"-at", "x=1", "x*y"}, 1, "", []string{"no value for y"}},
		{"-at unknown", []string{"-at", "x=1,q=2", "x"}, 1, "", []string{"q is not a variable"}},
		{"builtin as VAR", []string{"x", "sin"}, 1, "", []string{"not a variable name"}},
		{"unknown flag", []string{"-nope", "x"}, 2, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := runDiffCmd(c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errs)
			}
			if c.code == 0 && out != c.stdout {
				t.Errorf("stdout %q, want %q", out, c.stdout)
			}
			for _, s := range c.stderrs {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr %q lacks %q", errs, s)
				}
			}
			if strings.Contains(out+errs, "panic") {
				t.Errorf("panic: %s", errs)
			}
		})
	}
}

// TestDiffLets: shared subexpressions of large results print as let
// lines, before the derivatives.
func TestDiffLets(t *testing.T) {
	out, errs, code := runDiffCmd("sin(sqrt(x^2 + y^2))/sqrt(x^2 + y^2) + exp(sqrt(x^2 + y^2))*x*y")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "let t1 = ") {
		t.Fatalf("no let lines first:\n%s", out)
	}
	last := lines[len(lines)-2:]
	if !strings.HasPrefix(last[0], "d/dx = ") || !strings.HasPrefix(last[1], "d/dy = ") {
		t.Errorf("derivatives are not last:\n%s", out)
	}
	if !strings.Contains(out, "sqrt(x^2 + y^2)") || strings.Count(out, "sqrt(x^2 + y^2)") != 1 {
		t.Errorf("sqrt(x^2 + y^2) should print once, as a let:\n%s", out)
	}
}
