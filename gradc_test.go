package gradc

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gradc/gradc/lang"
)

const testSrc = `
fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)
fn logistic(w[d], b; X[m, d], y[m], lambda) =
    sum(k, softplus(-y[k] * (sum(j, X[k, j]*w[j]) + b))) / m + lambda*b^2
fn f(x, y) = x^2*y + y^3
`

func compileTest(t *testing.T) *Module {
	t.Helper()
	m, err := Compile("test.expr", []byte(testSrc))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestModule(t *testing.T) {
	m := compileTest(t)
	if got := strings.Join(m.Funcs(), " "); got != "rosenbrock logistic f" {
		t.Errorf("Funcs() = %s", got)
	}
	f, err := m.Func("logistic")
	if err != nil {
		t.Fatal(err)
	}
	if f.Name() != "logistic" {
		t.Errorf("Name() = %s", f.Name())
	}
	vars, data := f.Vars(), f.Data()
	if len(vars) != 2 || vars[0].Name != "w" || strings.Join(vars[0].Dims, ",") != "d" || len(vars[1].Dims) != 0 {
		t.Errorf("Vars() = %+v", vars)
	}
	if len(data) != 3 || data[0].Name != "X" || strings.Join(data[0].Dims, ",") != "m,d" {
		t.Errorf("Data() = %+v", data)
	}
	again, _ := m.Func("logistic")
	if again != f {
		t.Error("Func compiled the fn twice")
	}
	for _, kind := range []string{"value", "grad", "hessvec"} {
		text, err := f.Disasm(kind)
		if err != nil || !strings.HasPrefix(text, "fn logistic") {
			t.Errorf("Disasm(%s): %v\n%s", kind, err, text)
		}
	}
	if _, err := f.Disasm("jacobian"); err == nil {
		t.Error("Disasm(jacobian): no error")
	}
	if _, err := m.Func("nope"); err == nil || !strings.Contains(err.Error(), "no fn nope") {
		t.Errorf("Func(nope): %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	m := compileTest(t)
	f, _ := m.Func("f")
	ev := f.NewEvaluator()
	if s := ev.Sizes(); len(s) != 0 {
		t.Errorf("Sizes() before a call = %v", s)
	}
	x := []float64{1, 2}
	v, err := ev.Value(x)
	if err != nil || v != 10 {
		t.Errorf("Value = %v, %v; want 10", v, err)
	}
	grad := make([]float64, 2)
	if v, err := ev.Grad(grad, x); err != nil || v != 10 || grad[0] != 4 || grad[1] != 13 {
		t.Errorf("Grad = %v %v, %v; want 10 [4 13]", v, grad, err)
	}
	hess := make([]float64, 4)
	if v, err := ev.Hess(hess, x); err != nil || v != 10 || hess[0] != 4 || hess[1] != 2 || hess[2] != 2 || hess[3] != 12 {
		t.Errorf("Hess = %v %v, %v; want 10 [4 2 2 12]", v, hess, err)
	}
	hv := make([]float64, 2)
	if _, err := ev.HessVec(hv, x, []float64{1, 1}); err != nil || hv[0] != 6 || hv[1] != 14 {
		t.Errorf("HessVec = %v, %v; want [6 14]", hv, err)
	}
	if ev.Func() != f {
		t.Error("Func() is not the evaluator's fn")
	}
}

// TestErrors: mismatched arguments are errors positioned at the fn, never
// panics; source errors are positioned lists.
func TestErrors(t *testing.T) {
	_, err := Compile("bad.expr", []byte("fn f(x) = x + y\nfn g(x) = x + z\n"))
	var list lang.ErrorList
	if !errors.As(err, &list) || len(list) != 2 || !strings.HasPrefix(list[0].Error(), "bad.expr:1:15: undefined: y") {
		t.Errorf("Compile: %v", err)
	}
	m := compileTest(t)
	rosen, _ := m.Func("rosenbrock")
	logistic, _ := m.Func("logistic")
	X := [][]float64{{1, 2}, {3, 4}}
	for _, c := range []struct {
		name string
		call func() (float64, error)
		want string
	}{
		{"grad length", func() (float64, error) { return rosen.NewEvaluator().Grad(make([]float64, 3), []float64{1, 2}) }, "test.expr:2:4: fn rosenbrock: len(out) = 3, want len(x) = 2"},
		{"hess length", func() (float64, error) { return rosen.NewEvaluator().Hess(make([]float64, 3), []float64{1, 2}) }, "test.expr:2:4: fn rosenbrock: len(hess) = 3, want len(x)*len(x) = 4"},
		{"hessvec v", func() (float64, error) {
			return rosen.NewEvaluator().HessVec(make([]float64, 2), []float64{1, 2}, []float64{1})
		}, "len(v) = 1, want len(x) = 2"},
		{"data count", func() (float64, error) { return logistic.NewEvaluator().Value([]float64{1, 2, 3}, X) }, "test.expr:3:4: fn logistic takes 3 data arguments, got 1"},
		{"data type", func() (float64, error) {
			return logistic.NewEvaluator().Value([]float64{1, 2, 3}, X, []float64{1, 2}, float32(1))
		}, "data lambda is a scalar (float64), got float32"},
		{"x length", func() (float64, error) {
			return logistic.NewEvaluator().Value([]float64{1, 2}, X, []float64{1, 2}, 0.1)
		}, "fn logistic: len(x) = 2, want 3 (x packs w[d], b)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := c.call()
			var le *lang.Error
			if err == nil || !errors.As(err, &le) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want a *lang.Error containing %q", err, c.want)
			}
			if !math.IsNaN(v) {
				t.Errorf("value %v on error, want NaN", v)
			}
		})
	}
}

// TestAllocs: once warm, Value and Grad allocate nothing, with and without
// data.
func TestAllocs(t *testing.T) {
	m := compileTest(t)
	rosen, _ := m.Func("rosenbrock")
	logistic, _ := m.Func("logistic")
	x := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	grad := make([]float64, len(x))
	X := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	y := []float64{1, -1, 1}
	w := []float64{0.1, 0.2, 0.3}
	wg := make([]float64, 3)
	re, le := rosen.NewEvaluator(), logistic.NewEvaluator()
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"value", func() { re.Value(x) }},
		{"grad", func() { re.Grad(grad, x) }},
		{"value with data", func() { le.Value(w, X, y, 0.5) }},
		{"grad with data", func() { le.Grad(wg, w, X, y, 0.5) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, c.f); n != 0 {
				t.Errorf("%v allocations per call, want 0", n)
			}
		})
	}
}

// TestGoroutines: one Func, an Evaluator per goroutine (run with -race).
func TestGoroutines(t *testing.T) {
	m := compileTest(t)
	f, _ := m.Func("logistic")
	X := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	y := []float64{1, -1, 1}
	w := []float64{0.1, 0.2, 0.3}
	want := make([]float64, 3)
	wantV, err := f.NewEvaluator().Grad(want, w, X, y, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	bad := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := f.NewEvaluator()
			grad := make([]float64, 3)
			hess := make([]float64, 9)
			for k := 0; k < 100; k++ {
				v, err := ev.Grad(grad, w, X, y, 0.5)
				if err != nil || v != wantV || grad[0] != want[0] || grad[2] != want[2] {
					bad <- "different gradient"
					return
				}
				if _, err := ev.Hess(hess, w, X, y, 0.5); err != nil {
					bad <- err.Error()
					return
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for b := range bad {
		t.Fatal(b)
	}
}
