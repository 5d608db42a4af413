package gorun_test

import (
	"errors"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/codegen/gorun"
	"github.com/gradc/gradc/lang"
)

func goTool(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("compiles Go: skipped in -short mode")
	}
	path, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	return path
}

const src = `fn sq(x; c[n], M[n, n]) = sum(i, c[i] * x^2) + sum(i, sum(j, M[i, j])) * x
fn root(x; s) = s * sqrt(x)
`

// TestBuildRun generates Go for two fns (data of every rank), builds the
// driver once and checks its answers against values worked out by hand,
// NaN and a panic included.
func TestBuildRun(t *testing.T) {
	gotool := goTool(t)
	p, err := lang.Load("t.expr", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	gen, err := codegen.Go([]*lang.Program{p}, codegen.GoOptions{Package: "gen", Hess: true})
	if err != nil {
		t.Fatal(err)
	}
	prog, err := gorun.Build(gotool, gen, "gen", []gorun.Func{
		{Name: "Sq", Data: []int{1, 2}, Hess: true},
		{Name: "Root", Data: []int{0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	c := []float64{1, 2}
	m := [][]float64{{1, 0}, {0, 1}}
	res, err := prog.Run([]gorun.Call{
		{Fn: "Sq", X: []float64{3}, Data: []any{c, m}, V: []float64{2}},
		{Fn: "Root", X: []float64{4}, Data: []any{2.0}},
		{Fn: "Root", X: []float64{-1}, Data: []any{2.0}},
		{Fn: "Sq", X: []float64{3}, Data: []any{c, m[:1]}}, // a ragged matrix: the fn panics
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("%d results", len(res))
	}
	// sq = 3x^2 + 2x: value 33, gradient 20, Hessian 6.
	if r := res[0]; r.Value != 33 || r.GValue != 33 || len(r.Grad) != 1 || r.Grad[0] != 20 ||
		len(r.Hess) != 1 || r.Hess[0] != 6 || len(r.HessVec) != 1 || r.HessVec[0] != 12 || r.Panic != "" {
		t.Errorf("Sq: %+v", r)
	}
	// root = 2 sqrt(x): 4 and 0.5 at 4, no Hessian generated for it.
	if r := res[1]; r.Value != 4 || r.Grad[0] != 0.5 || r.Hess != nil {
		t.Errorf("Root: %+v", r)
	}
	if r := res[2]; !math.IsNaN(r.Value) || !math.IsNaN(r.Grad[0]) {
		t.Errorf("Root at -1: %+v, want NaNs", r)
	}
	if r := res[3]; !strings.Contains(r.Panic, "gradc: Sq: ") {
		t.Errorf("ragged data: %+v, want the fn's panic", r)
	}
	// Calls of no fn, or with too few data arguments, are answered by a panic.
	res, err = prog.Run([]gorun.Call{{Fn: "Nope", X: []float64{1}}, {Fn: "Root", X: []float64{1}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res[0].Panic, `no fn "Nope"`) || !strings.Contains(res[1].Panic, "takes 1 data arguments, got 0") {
		t.Errorf("bad calls: %+v", res)
	}
}

// TestBuildError: code that does not compile is an error with the
// compiler's message, and leaves nothing behind.
func TestBuildError(t *testing.T) {
	gotool := goTool(t)
	_, err := gorun.Build(gotool, []byte("package gen\n\nfunc F(x []float64) float64 { return y }\n"), "gen", []gorun.Func{{Name: "F"}})
	var ce *gorun.CompileError
	if !errors.As(err, &ce) || !strings.Contains(ce.Output, "undefined: y") {
		t.Errorf("error %v, want a CompileError with the compiler's message", err)
	}
	// A go command that cannot work is another error.
	t.Setenv("GOCACHE", "off")
	_, err = gorun.Build(gotool, []byte("package gen\n"), "gen", []gorun.Func{{Name: "F"}})
	if err == nil || errors.As(err, &ce) || !strings.Contains(err.Error(), "GOCACHE") {
		t.Errorf("without a build cache: error %v, want one about GOCACHE", err)
	}
}

func TestDriverErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		pkg  string
		fns  []gorun.Func
		want string
	}{
		{"none", "gen", nil, "no fns"},
		{"bad package", "a b", []gorun.Func{{Name: "F"}}, "not a Go identifier"},
		{"unexported", "gen", []gorun.Func{{Name: "f"}}, "not an exported Go name"},
		{"twice", "gen", []gorun.Func{{Name: "F"}, {Name: "F"}}, "given twice"},
		{"rank", "gen", []gorun.Func{{Name: "F", Data: []int{3}}}, "rank 3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gorun.Driver("m/gen", tt.pkg, tt.fns)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
