package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gradc/gradc"
	"github.com/gradc/gradc/codegen/gorun"
)

// haveGo reports whether check builds the generated Go in these tests.
func haveGo() bool {
	_, err := exec.LookPath("go")
	return err == nil
}

// needGo skips a test of the generated Go's rows where there is no go
// command, and in -short mode.
func needGo(t *testing.T) {
	t.Helper()
	if !haveGo() || testing.Short() {
		t.Skip("no go command on PATH, or -short")
	}
}

// tamperRun makes the driver's answers wrong through edit, until the test
// ends.
func tamperRun(t *testing.T, edit func(rs []gorun.Result)) {
	good := checkGoRun
	t.Cleanup(func() { checkGoRun = good })
	checkGoRun = func(p *gorun.Program, calls []gorun.Call) ([]gorun.Result, error) {
		rs, err := good(p, calls)
		if err == nil {
			edit(rs)
		}
		return rs, err
	}
}

// TestCheckGoWrongGradient: a generated gradient off by a little fails
// check, with a report that names the row and the worst point.
func TestCheckGoWrongGradient(t *testing.T) {
	needGo(t)
	tamperRun(t, func(rs []gorun.Result) {
		for _, r := range rs {
			r.Grad[0] *= 1 + 1e-6
		}
	})
	code, out, errs := gradcRun("check", "-n", "4", "-seed", "3", tasteFile, "rosenbrock")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"tape vs forward", "ok\n", "go vs hessian", "worst go vs forward at x = ["} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " vs ") && !strings.HasPrefix(line, "  worst") && strings.HasSuffix(line, "FAIL") != strings.Contains(line, "go vs forward") {
			t.Errorf("want go vs forward, and it alone, to fail: %q\n%s", line, out)
		}
	}
	if !strings.Contains(errs, "derivatives of rosenbrock differ from the oracles beyond their tolerance") {
		t.Errorf("stderr: %s", errs)
	}
}

// TestCheckGoWrongHessian: a wrong generated Hessian (and Hessian-vector
// product) fails check; the -json report says which rows.
func TestCheckGoWrongHessian(t *testing.T) {
	needGo(t)
	tamperRun(t, func(rs []gorun.Result) {
		for _, r := range rs {
			r.Hess[len(r.Hess)-1] += 0.01
			r.HessVec[0] -= 0.01
		}
	})
	code, out, errs := gradcRun("check", "-json", "-n", "3", tasteFile, "sinc2")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	var reports []struct {
		OK          bool `json:"ok"`
		Comparisons []struct {
			A, B string
			OK   bool
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != 1 {
		t.Fatalf("%v\n%s", err, out)
	}
	bad := map[string]bool{}
	for _, c := range reports[0].Comparisons {
		if !c.OK {
			bad[c.A+" vs "+c.B] = true
		}
	}
	if reports[0].OK || len(bad) != 2 || !bad["go vs hessian"] || !bad["go vs hessvec"] {
		t.Errorf("failed rows %v, want go vs hessian and go vs hessvec\n%s", bad, out)
	}
}

// TestCheckGoPanics: generated code that panics at a point fails check
// with the panic's message and the point.
func TestCheckGoPanics(t *testing.T) {
	needGo(t)
	tamperRun(t, func(rs []gorun.Result) {
		rs[len(rs)-1] = gorun.Result{Panic: "runtime error: index out of range [3] with length 3"}
	})
	code, out, _ := gradcRun("check", "-n", "2", tasteFile, "rosenbrock", "hinge")
	if code != 1 || !strings.Contains(out, "fn hinge: 2 points") ||
		!strings.Contains(out, "FAIL: the generated Go panics at x = [") || !strings.Contains(out, "index out of range [3]") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "go vs forward") { // rosenbrock's rows are there
		t.Errorf("rosenbrock lacks its rows:\n%s", out)
	}
}

// TestCheckGoDoesNotCompile: generated code that does not compile fails
// check (exit 1) with the compiler's message; the tape is still checked.
func TestCheckGoDoesNotCompile(t *testing.T) {
	needGo(t)
	good := checkGoSource
	defer func() { checkGoSource = good }()
	checkGoSource = func(src []byte) []byte { return append(src, "\nfunc broken() float64 { return undefinedName }\n"...) }
	code, out, errs := gradcRun("check", "-n", "2", tasteFile, "rosenbrock")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "the generated Go was not checked: it does not compile") || !strings.Contains(errs, "undefined: undefinedName") {
		t.Errorf("stderr does not say the Go does not compile:\n%s", errs)
	}
	if !strings.Contains(out, "tape vs forward") || strings.Contains(out, "go vs") {
		t.Errorf("want the tape's rows and none of the Go:\n%s", out)
	}
}

// TestCheckGoOff: -go=false, or no go command on PATH, leaves the Go
// rows out; only the latter says so, and neither fails.
func TestCheckGoOff(t *testing.T) {
	code, out, errs := gradcRun("check", "-go=false", "-n", "2", tasteFile, "rosenbrock")
	if code != 0 || strings.Contains(out, "go vs") || !strings.Contains(out, "tape vs forward") || errs != "" {
		t.Errorf("-go=false: exit %d\n%s\n%s", code, out, errs)
	}
	t.Setenv("PATH", t.TempDir())
	code, out, errs = gradcRun("check", "-n", "2", tasteFile, "rosenbrock")
	if code != 0 || strings.Contains(out, "go vs") || !strings.Contains(errs, "taste.expr: the generated Go was not checked: no go command on PATH") {
		t.Errorf("no go: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestCheckGoSamePoints: the generated Go is evaluated at the points at
// which the tape is compared with forward mode (the first calls of the
// tape), the same for the same seed.
func TestCheckGoSamePoints(t *testing.T) {
	needGo(t)
	var goXs, tapeXs [][]float64
	tamperRun(t, func([]gorun.Result) {})
	run := checkGoRun
	checkGoRun = func(p *gorun.Program, calls []gorun.Call) ([]gorun.Result, error) {
		for _, c := range calls {
			goXs = append(goXs, c.X)
		}
		return run(p, calls)
	}
	grad := checkGrad
	defer func() { checkGrad = grad }()
	checkGrad = func(ev *gradc.Evaluator, g, x []float64, data ...any) (float64, error) {
		tapeXs = append(tapeXs, slices.Clone(x))
		return grad(ev, g, x, data...)
	}
	for range 2 {
		goXs, tapeXs = nil, nil
		code, out, errs := gradcRun("check", "-n", "3", "-seed", "9", tasteFile, "rosenbrock")
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, out, errs)
		}
		if len(goXs) != 3 || len(tapeXs) < 3 || !reflect.DeepEqual(goXs, tapeXs[:3]) {
			t.Fatalf("the Go ran at %v, the tape's comparison with forward mode at %v", goXs, tapeXs)
		}
	}
}

// TestCheckGoNotChecked: where the Go cannot be written (a fn name that
// cannot be exported) or the go command cannot work (no build cache),
// check says so in one line, checks the rest and does not fail.
func TestCheckGoNotChecked(t *testing.T) {
	needGo(t)
	dir := writeFiles(t, map[string]string{"u.expr": "fn 日本(x) = x^2\nfn g(x) = x^3\n"})
	code, out, errs := gradcRun("check", "-n", "2", filepath.Join(dir, "u.expr"))
	if code != 0 || !strings.Contains(errs, "u.expr: the generated Go of fn 日本 was not checked: ") ||
		!strings.Contains(errs, "u.expr:1:4: fn 日本: cannot make an exported Go name") ||
		strings.Count(out, "go vs forward") != 1 {
		t.Errorf("unexportable name: exit %d\n%s\n%s", code, out, errs)
	}
	t.Setenv("GOCACHE", "off")
	code, out, errs = gradcRun("check", "-n", "2", tasteFile, "rosenbrock")
	if code != 0 || strings.Contains(out, "go vs") || strings.Count(errs, "\n") != 1 ||
		!strings.Contains(errs, "taste.expr: the generated Go was not checked: go build: ") {
		t.Errorf("no build cache: exit %d\n%s\n%s", code, out, errs)
	}
}
