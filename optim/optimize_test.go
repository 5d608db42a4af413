package optim

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// quadratic is the convex f(x) = ½ Σ a_i (x_i − c_i)², minimum 0 at c, with
// condition number 10, as a Grad; evals counts its calls.
type quadratic struct {
	a, c  []float64
	evals int
}

func newQuadratic() *quadratic { return &quadratic{a: []float64{1, 10}, c: []float64{1, -2}} }

func (q *quadratic) grad(grad, x []float64) float64 {
	q.evals++
	f := 0.0
	for i := range x {
		d := x[i] - q.c[i]
		f += 0.5 * q.a[i] * d * d
		grad[i] = q.a[i] * d
	}
	return f
}

func (q *quadratic) value(x []float64) float64 {
	return q.grad(make([]float64, len(x)), x)
}

func (q *quadratic) dist(x []float64) float64 {
	return math.Hypot(x[0]-q.c[0], x[1]-q.c[1])
}

// Every rule, from x0 = (−3, 4), reaches the minimum of the quadratic: the
// run stops because ‖∇f‖ ≤ 1e-8, which on this function puts x within 1e-8
// of c (‖x − c‖ ≤ ‖∇f‖ / min a_i).
func TestConvergeQuadratic(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Method
	}{
		{"GD", &GD{LearningRate: 0.1}},
		{"Momentum", &Momentum{LearningRate: 0.05, Momentum: 0.9}},
		{"Nesterov", &Nesterov{LearningRate: 0.05, Momentum: 0.9}},
		{"Adagrad", &Adagrad{LearningRate: 1}},
		{"RMSprop", &RMSprop{LearningRate: 0.01}},
		{"Adam", &Adam{LearningRate: 0.1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newQuadratic()
			x0 := []float64{-3, 4}
			res, err := Optimize(q.grad, x0, tc.m, &Settings{GradTol: 1e-8, MaxIterations: 5000})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != GradientConverged {
				t.Fatalf("status %v after %d iterations at %v, want GradientConverged", res.Status, res.Iterations, res.X)
			}
			if d := q.dist(res.X); d > 1e-8 {
				t.Errorf("‖x − c‖ = %g at %v, want <= 1e-8", d, res.X)
			}
			if res.F > 1e-15 || res.F < 0 {
				t.Errorf("F = %g, want the minimum 0 to 1e-15", res.F)
			}
			if res.GradEvals != q.evals || res.GradEvals != res.Iterations+1 || res.FuncEvals != 0 {
				t.Errorf("counted %d gradient and %d function evaluations over %d iterations; the Grad was called %d times",
					res.GradEvals, res.FuncEvals, res.Iterations, q.evals)
			}
			if !slices.Equal(x0, []float64{-3, 4}) {
				t.Errorf("x0 modified: %v", x0)
			}
			t.Logf("%s: %d iterations", tc.name, res.Iterations)
		})
	}
}

// With Maximize, GD is gradient ascent: it climbs −f to its maximum at c,
// every step raising the value, while Iteration and Trace report the value
// and gradient of the function being maximised (not negated).
func TestAscent(t *testing.T) {
	q := newQuadratic()
	negGrad := func(grad, x []float64) float64 {
		f := q.grad(grad, x)
		for i := range grad {
			grad[i] = -grad[i]
		}
		return -f
	}
	var tr Trace
	gradOK := true
	s := &Settings{Maximize: true, GradTol: 1e-10, Trace: &tr, Observe: func(it Iteration) bool {
		// ∇(−f) = −a (x − c)
		for i := range it.X {
			if want := -q.a[i] * (it.X[i] - q.c[i]); it.Grad[i] != want {
				gradOK = false
			}
		}
		return false
	}}
	res, err := Optimize(negGrad, []float64{-3, 4}, &GD{LearningRate: 0.05}, s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != GradientConverged || q.dist(res.X) > 1e-10 {
		t.Fatalf("status %v at %v, want GradientConverged at %v", res.Status, res.X, q.c)
	}
	if !gradOK {
		t.Error("Observe saw a gradient other than that of the function maximised")
	}
	if tr.Len() != res.Iterations+1 {
		t.Fatalf("trace has %d entries for %d iterations", tr.Len(), res.Iterations)
	}
	for k := 1; k < tr.Len(); k++ {
		if tr.F[k] < tr.F[k-1] {
			t.Fatalf("ascent lowered the value at iteration %d: %g after %g", k, tr.F[k], tr.F[k-1])
		}
	}
	if tr.F[0] != -q.value([]float64{-3, 4}) {
		t.Errorf("trace starts at %g, want the value of the function maximised", tr.F[0])
	}
}

// Each stopping rule, alone, ends the run where it says.
func TestStoppingRules(t *testing.T) {
	// f(x) = x_0 + x_1 has no minimum: from (−3, 4) GD with η = 1 gives
	// f = 1 − 2k at iteration k, which first reaches −10 at k = 6.
	plane := func(grad, x []float64) float64 { grad[0], grad[1] = 1, 1; return x[0] + x[1] }
	for _, tc := range []struct {
		name   string
		g      Grad
		m      Method
		s      Settings
		status Status
		iters  int
	}{
		{"MaxIterations", nil, &GD{LearningRate: 1e-3}, Settings{MaxIterations: 7}, IterationLimit, 7},
		{"default MaxIterations", nil, &GD{LearningRate: 1e-6}, Settings{}, IterationLimit, 1000},
		{"MaxEvaluations", nil, &GD{LearningRate: 1e-3}, Settings{MaxEvaluations: 4}, EvaluationLimit, 3},
		{"Observe", nil, &GD{LearningRate: 1e-3}, Settings{Observe: func(it Iteration) bool { return it.Iter == 5 }}, Stopped, 5},
		// f(x0) = ½·16 + ½·10·36 = 188: the run stops at the first value <= 1 (checked below).
		{"Target", nil, &GD{LearningRate: 0.1}, Settings{StopAtTarget: true, Target: 1}, TargetReached, -1},
		{"Target already met", nil, &GD{}, Settings{StopAtTarget: true, Target: 200}, TargetReached, 0},
		// η = 0.25 > 2/10 makes the stiff coordinate grow by 1.5 each step.
		{"diverging", nil, &GD{LearningRate: 0.25}, Settings{MaxIterations: 100000}, NotFinite, -1},
		{"NaN", func(grad, x []float64) float64 { grad[0], grad[1] = 0, 0; return math.NaN() }, &Adam{}, Settings{}, NotFinite, 0},
		{"infinite gradient", func(grad, x []float64) float64 { grad[0], grad[1] = math.Inf(1), 0; return 0 }, &GD{}, Settings{}, NotFinite, 0},
		{"unbounded, Target", plane, &GD{LearningRate: 1}, Settings{StopAtTarget: true, Target: -10}, TargetReached, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newQuadratic()
			g := tc.g
			if g == nil {
				g = q.grad
			}
			var tr Trace
			s := tc.s
			s.Trace = &tr
			res, err := Optimize(g, []float64{-3, 4}, tc.m, &s)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.status {
				t.Fatalf("status %v after %d iterations, want %v", res.Status, res.Iterations, tc.status)
			}
			if tc.iters >= 0 && res.Iterations != tc.iters {
				t.Errorf("stopped after %d iterations, want %d", res.Iterations, tc.iters)
			}
			if tr.Len() != res.Iterations+1 || tr.GradEvals[tr.Len()-1] != res.GradEvals {
				t.Errorf("trace of %d entries ending at %d evaluations; result: %d iterations, %d evaluations",
					tr.Len(), tr.GradEvals[tr.Len()-1], res.Iterations, res.GradEvals)
			}
			if !slices.Equal(tr.X[tr.Len()-1], res.X) || (tr.F[tr.Len()-1] != res.F && !math.IsNaN(res.F)) {
				t.Errorf("last trace entry %v, %g differs from the result %v, %g", tr.X[tr.Len()-1], tr.F[tr.Len()-1], res.X, res.F)
			}
			if tc.status == TargetReached {
				for k, f := range tr.F[:tr.Len()-1] {
					if f <= s.Target {
						t.Errorf("value %g at iteration %d already reached the target %g", f, k, s.Target)
					}
				}
				if res.F > s.Target {
					t.Errorf("stopped at %g, above the target %g", res.F, s.Target)
				}
			}
		})
	}
}

// Bad arguments are errors, not panics, and the run does not start.
func TestOptimizeErrors(t *testing.T) {
	q := newQuadratic()
	x0 := []float64{0, 0}
	for _, tc := range []struct {
		name string
		g    Grad
		x0   []float64
		m    Method
		s    *Settings
		want string
	}{
		{"nil Grad", nil, x0, &GD{}, nil, "nil Grad"},
		{"nil Method", q.grad, x0, nil, nil, "nil Method"},
		{"empty x0", q.grad, nil, &GD{}, nil, "empty starting point"},
		{"negative MaxIterations", q.grad, x0, &GD{}, &Settings{MaxIterations: -1}, "MaxIterations = -1"},
		{"negative MaxEvaluations", q.grad, x0, &GD{}, &Settings{MaxEvaluations: -2}, "MaxEvaluations = -2"},
		{"NaN GradTol", q.grad, x0, &GD{}, &Settings{GradTol: math.NaN()}, "GradTol = NaN"},
		{"NaN Target", q.grad, x0, &GD{}, &Settings{StopAtTarget: true, Target: math.NaN()}, "Target is NaN"},
		{"bad rule", q.grad, x0, &Adam{Beta2: 1}, nil, "Adam.Beta2 = 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q.evals = 0
			res, err := Optimize(tc.g, tc.x0, tc.m, tc.s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if res != nil || q.evals != 0 {
				t.Errorf("returned %v after %d evaluations, want nil and none", res, q.evals)
			}
		})
	}
}
