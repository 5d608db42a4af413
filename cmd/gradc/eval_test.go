package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gradcRun runs a gradc command line in-process and returns its exit
// status and output.
func gradcRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// writeFiles writes name → content into a fresh folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const tasteFile = "../../codegen/testdata/taste.expr"

func TestEvalRosenbrockJSON(t *testing.T) {
	code, out, errs := gradcRun("eval", "-json", tasteFile, "rosenbrock", "-1.2", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Value float64   `json:"value"`
		Grad  []float64 `json:"grad"`
		Hess  []float64 `json:"hess"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	if !near(got.Value, 24.2) || len(got.Grad) != 2 || !near(got.Grad[0], -215.6) || !near(got.Grad[1], -88) {
		t.Errorf("got %s, want value 24.2, grad (-215.6, -88)", out)
	}
	if got.Hess != nil {
		t.Errorf("hess without -hess: %s", out)
	}
}

func TestEval(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"f.expr": "fn f(x, y) = x^2*y + y^3\n" +
			"fn loss(w[d], b; X[m, d], y[m], lambda) = sum(k, (sum(j, X[k, j]*w[j]) + b - y[k])^2) / m + lambda*b^2\n" +
			"fn fixed(v[3]) = v[0]*v[1]*v[2]\n",
		"x.txt":      "1, 2\n",
		"X.txt":      "1 0 # first row\n0 1\n\n1, 1\n",
		"y.txt":      "1\n2 3\n",
		"lambda.txt": "0.5\n",
		"two.txt":    "1 2\n",
		"bad.txt":    "1 two\n",
		"bad.expr":   "fn f(x) = x +\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		name string
		args []string
		code int
		out  string // expected standard output, or a part of standard error
	}{
		{"text", []string{"eval", p("f.expr"), "f", "1", "2"}, 0, "value 10\ngrad  4 13\n"},
		{"hess", []string{"eval", "-hess", p("f.expr"), "f", "1", "2"}, 0, "value 10\ngrad  4 13\nhess  4 2\n      2 12\n"},
		{"json hess", []string{"eval", "-json", "-hess", p("f.expr"), "f", "1", "2"}, 0, `{"value": 10, "grad": [4, 13], "hess": [[4, 2], [2, 12]]}` + "\n"},
		{"values from a file", []string{"eval", "-json", p("f.expr"), "f", "@" + p("x.txt")}, 0, `{"value": 10, "grad": [4, 13]}` + "\n"},
		{"data", []string{"eval", "-json", "-data", "X=" + p("X.txt"), "-data", "y=" + p("y.txt"), "-data", "lambda=" + p("lambda.txt"), p("f.expr"), "loss", "1", "2", "0"}, 0, `{"value": 0, "grad": [0, 0, 0]}` + "\n"},
		{"fixed", []string{"eval", p("f.expr"), "fixed", "1", "2", "3"}, 0, "value 6\ngrad  6 3 2\n"},
		{"missing data", []string{"eval", "-data", "X=" + p("X.txt"), p("f.expr"), "loss", "1", "2", "0"}, 2, "fn loss needs its data parameter y: give -data y=FILE"},
		{"unknown data", []string{"eval", "-data", "Z=" + p("X.txt"), p("f.expr"), "loss", "1", "2", "0"}, 2, "fn loss has no data parameter Z (its data: X, y, lambda)"},
		{"scalar data", []string{"eval", "-data", "X=" + p("X.txt"), "-data", "y=" + p("y.txt"), "-data", "lambda=" + p("two.txt"), p("f.expr"), "loss", "1", "2", "0"}, 1, "data lambda is a scalar: want one number"},
		{"bad number", []string{"eval", p("f.expr"), "f", "1", "x"}, 2, `value "x" is not a number`},
		{"bad number in a file", []string{"eval", p("f.expr"), "f", "@" + p("bad.txt")}, 1, `bad.txt:1: "two" is not a number`},
		{"wrong length", []string{"eval", p("f.expr"), "f", "1"}, 1, "f.expr:1:4: fn f: len(x) = 1, want 2"},
		{"unknown fn", []string{"eval", p("f.expr"), "g", "1"}, 1, "no fn g"},
		{"source error", []string{"eval", p("bad.expr"), "f", "1"}, 1, "bad.expr:2:1: "},
		{"missing file", []string{"eval", p("none.expr"), "f", "1"}, 1, "no such file"},
		{"usage", []string{"eval", p("f.expr")}, 2, "want FILE.expr FUNC VALUE..."},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := gradcRun(c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if c.code == 0 {
				if out != c.out {
					t.Errorf("output\n%q\nwant\n%q", out, c.out)
				}
				return
			}
			if !strings.Contains(errs, c.out) {
				t.Errorf("stderr %q, want it to contain %q", errs, c.out)
			}
			if strings.Contains(errs+out, "panic") || strings.Contains(errs+out, "goroutine ") {
				t.Errorf("crash: %s", errs)
			}
		})
	}
}
