package optim

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/optimize"
)

// gonum's BFGS and L-BFGS solve the quadratic through Problem, and a Trace
// set as gonum's Recorder records their path like ours.
func TestGonumProblem(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method optimize.Method
		noFunc bool
	}{
		{"BFGS", &optimize.BFGS{}, false},
		{"LBFGS", &optimize.LBFGS{}, false},
		{"BFGS without Func", &optimize.BFGS{}, true},
		{"CG", &optimize.CG{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newQuadratic()
			f := Func(q.value)
			if tc.noFunc {
				f = nil
			}
			var tr Trace
			x0 := []float64{-3, 4}
			res, err := optimize.Minimize(Problem(f, q.grad), x0, &optimize.Settings{Recorder: &tr, GradientThreshold: 1e-10}, tc.method)
			if err != nil {
				t.Fatal(err)
			}
			if d := q.dist(res.X); d > 1e-8 || res.F > 1e-15 {
				t.Errorf("%v: f = %g at %v, %g from the minimum", res.Status, res.F, res.X, d)
			}
			if q.evals != res.FuncEvaluations+res.GradEvaluations {
				t.Errorf("the objective ran %d times; gonum counted %d + %d", q.evals, res.FuncEvaluations, res.GradEvaluations)
			}
			n := tr.Len()
			if n < 2 || !slices.Equal(tr.X[0], x0) || tr.F[0] != q.value(x0) {
				t.Fatalf("trace of %d entries starting at %v, want the start %v first", n, tr.X, x0)
			}
			if !slices.Equal(tr.X[n-1], res.X) || tr.F[n-1] != res.F {
				t.Errorf("trace ends at %v, %g; the result is %v, %g", tr.X[n-1], tr.F[n-1], res.X, res.F)
			}
			if tr.GradEvals[n-1] != res.GradEvaluations || tr.FuncEvals[n-1] != res.FuncEvaluations {
				t.Errorf("trace ends at %d+%d evaluations; gonum counted %d+%d",
					tr.FuncEvals[n-1], tr.GradEvals[n-1], res.FuncEvaluations, res.GradEvaluations)
			}
			for k := 1; k < n; k++ {
				if tr.F[k] > tr.F[k-1] {
					t.Errorf("value rose at major iteration %d: %g after %g", k, tr.F[k], tr.F[k-1])
				}
			}
			t.Logf("%s: %d major iterations, %d+%d evaluations", tc.name, n-1, res.FuncEvaluations, res.GradEvaluations)
		})
	}
}

// With only a Func, the Problem has no Grad and gonum's Nelder-Mead runs.
func TestGonumProblemFuncOnly(t *testing.T) {
	q := newQuadratic()
	p := Problem(q.value, nil)
	if p.Grad != nil {
		t.Fatal("Problem(f, nil) has a Grad")
	}
	res, err := optimize.Minimize(p, []float64{-3, 4}, nil, &optimize.NelderMead{})
	if err != nil {
		t.Fatal(err)
	}
	if d := q.dist(res.X); d > 1e-3 {
		t.Errorf("Nelder-Mead stopped %g from the minimum, at %v", d, res.X)
	}
}
