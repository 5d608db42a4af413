package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc"
)

// TestCheckPasses: gradc check passes on the spec's examples, the
// conformance files and the lecture's examples (copies in
// codegen/testdata).
func TestCheckPasses(t *testing.T) {
	files, _ := filepath.Glob("../../codegen/testdata/*.expr")
	if len(files) < 3 {
		t.Fatalf("want the .expr files of codegen/testdata, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errs := gradcRun("check", "-n", "8", f)
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errs)
			}
			if !strings.Contains(out, "tape vs forward") || !strings.Contains(out, "tape vs hessian") || strings.Contains(out, "FAIL") {
				t.Errorf("report lacks the tape's comparisons or has a failure:\n%s", out)
			}
			if haveGo() && (!strings.Contains(out, "go vs forward") || !strings.Contains(out, "go vs hessian") || errs != "") {
				t.Errorf("report lacks the generated Go's comparisons, or stderr is not empty:\n%s\n%s", out, errs)
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, errs := gradcRun("check", "-json", "-n", "3", "-seed", "7", tasteFile, "rosenbrock", "hinge")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var reports []struct {
		Fn          string `json:"fn"`
		Points      int    `json:"points"`
		OK          bool   `json:"ok"`
		Comparisons []struct {
			A, B string
			OK   bool
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(reports) != 2 || reports[0].Fn != "rosenbrock" || reports[1].Fn != "hinge" {
		t.Fatalf("reports %+v", reports)
	}
	for _, r := range reports {
		if !r.OK || r.Points != 3 || len(r.Comparisons) < 5 {
			t.Errorf("report %+v", r)
		}
		goRows := 0
		for _, c := range r.Comparisons {
			if c.A == "go" && c.OK {
				goRows++
			}
		}
		if want := map[bool]int{true: 3, false: 0}[haveGo()]; goRows != want {
			t.Errorf("fn %s: %d rows of the generated Go, want %d: %+v", r.Fn, goRows, want, r.Comparisons)
		}
	}
}

// TestCheckFailsOnWrongDerivative injects a wrong gradient, then a wrong
// Hessian, and wants exit 1 with a report that names the comparison.
func TestCheckFailsOnWrongDerivative(t *testing.T) {
	defer func(g, h, hv any) {
		checkGrad = g.(func(*gradc.Evaluator, []float64, []float64, ...any) (float64, error))
		checkHess = h.(func(*gradc.Evaluator, []float64, []float64, ...any) (float64, error))
		checkHessVec = hv.(func(*gradc.Evaluator, []float64, []float64, []float64, ...any) (float64, error))
	}(checkGrad, checkHess, checkHessVec)
	good := checkGrad
	checkGrad = func(ev *gradc.Evaluator, grad, x []float64, data ...any) (float64, error) {
		v, err := good(ev, grad, x, data...)
		grad[0] *= 1 + 1e-6 // a gradient that is off by a little
		return v, err
	}
	code, out, errs := gradcRun("check", "-go=false", "-n", "4", tasteFile, "rosenbrock")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "tape vs forward") || !strings.Contains(out, "FAIL") || !strings.Contains(out, "worst tape vs forward at x = [") {
		t.Errorf("report does not show the failure:\n%s", out)
	}
	if !strings.Contains(errs, "derivatives of rosenbrock differ from the oracles beyond their tolerance") {
		t.Errorf("stderr: %s", errs)
	}

	checkGrad = good
	goodHess := checkHess
	checkHess = func(ev *gradc.Evaluator, hess, x []float64, data ...any) (float64, error) {
		v, err := goodHess(ev, hess, x, data...)
		hess[len(hess)-1] += 0.01
		return v, err
	}
	code, out, _ = gradcRun("check", "-go=false", "-n", "4", tasteFile, "sinc2")
	if code != 1 || !strings.Contains(out, "tape vs hessian") || !strings.Contains(out, "FAIL") {
		t.Errorf("wrong Hessian: exit %d\n%s", code, out)
	}
}

func TestCheckErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"bad.expr": "fn f(x) = x + y\n", "f.expr": "fn f(x) = x\n",
		"amb.expr": "fn f(x[n], y[m]) = sum(i, x[i]) * sum(j, y[j])\nfn g(x) = x^2\n"})
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"source error", []string{"check", filepath.Join(dir, "bad.expr")}, 1, "bad.expr:1:15: undefined: y"},
		{"unknown fn", []string{"check", filepath.Join(dir, "f.expr"), "g"}, 1, "no fn g"},
		{"no file", []string{"check"}, 2, "want FILE.expr"},
		{"bad n", []string{"check", "-n", "0", filepath.Join(dir, "f.expr")}, 2, "-n 0"},
		{"ambiguous sizes", []string{"check", "-n", "2", filepath.Join(dir, "amb.expr")}, 1, "amb.expr: f could not be checked"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := gradcRun(c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, c.code, c.want)
			}
		})
	}
}

func TestCheckNothingToCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "consts.expr")
	if err := os.WriteFile(file, []byte("const c = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, []string{"check", file})
	if code != exitOK || !strings.Contains(out.String(), "declares no fn: nothing to check") {
		t.Errorf("check of a file without fns: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// Where a finite difference overflows (1e308*x) but the exact derivative is
// finite, the difference says nothing: check skips it and says so, rather
// than failing on +Inf.
func TestCheckSkipsOverflowingDifferences(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.expr")
	if err := os.WriteFile(file, []byte("fn big(x) = 1e308*x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, []string{"check", "-go=false", "-n", "5", file})
	if code != exitOK || !strings.Contains(out.String(), "5 finite differences skipped where they overflow") {
		t.Errorf("check of 1e308*x: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}
