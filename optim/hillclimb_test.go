package optim

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// negAlpine is the lecture's f(x) = −Σ (x_i sin x_i + 0.1 x_i); from 3 each
// coordinate climbs to the local maximum 4.3241 at x ≈ 4.8939.
func negAlpine(x []float64) float64 {
	f := 0.0
	for _, xi := range x {
		f -= xi*math.Sin(xi) + 0.1*xi
	}
	return f
}

// Hill-climbing never makes the value worse, moves only on a strict
// improvement, and gets close to the optimum, both ways round.
func TestHillClimbMonotone(t *testing.T) {
	q := newQuadratic()
	for _, tc := range []struct {
		name     string
		f        Func
		maximize bool
		x0       []float64
		best     float64 // optimum value
		tol      float64
	}{
		{"minimise quadratic", q.value, false, []float64{-3, 4}, 0, 1e-3},
		{"maximise negative Alpine", negAlpine, true, []float64{3, 3}, 2 * 4.32411326998296, 1e-3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tr Trace
			res, err := HillClimb(tc.f, tc.x0, HillClimbing{Step: 0.1}, &Settings{Maximize: tc.maximize, MaxIterations: 3000, Seed: 1, Trace: &tr})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != IterationLimit || res.Iterations != 3000 || res.FuncEvals != 3001 || res.GradEvals != 0 {
				t.Fatalf("status %v, %d iterations, %d+%d evaluations; want IterationLimit, 3000, 3001+0",
					res.Status, res.Iterations, res.FuncEvals, res.GradEvals)
			}
			moves := 0
			for k := 1; k < tr.Len(); k++ {
				worse := tr.F[k] > tr.F[k-1]
				if tc.maximize {
					worse = tr.F[k] < tr.F[k-1]
				}
				if worse {
					t.Fatalf("iteration %d made the value worse: %g after %g", k, tr.F[k], tr.F[k-1])
				}
				if tr.F[k] == tr.F[k-1] && !slices.Equal(tr.X[k], tr.X[k-1]) {
					t.Fatalf("iteration %d moved from %v to %v without improving", k, tr.X[k-1], tr.X[k])
				}
				if tr.F[k] != tr.F[k-1] {
					moves++
				}
				if tr.FuncEvals[k] != k+1 {
					t.Fatalf("iteration %d reports %d evaluations, want %d", k, tr.FuncEvals[k], k+1)
				}
			}
			if moves == 0 {
				t.Fatal("never moved")
			}
			if math.Abs(res.F-tc.best) > tc.tol || res.F != tc.f(res.X) {
				t.Errorf("reached %g at %v, want within %g of %g", res.F, res.X, tc.tol, tc.best)
			}
			t.Logf("%s: %d moves in 3000 proposals, f = %.6g", tc.name, moves, res.F)
		})
	}
}

// The seed fixes the run; another seed gives another.
func TestHillClimbSeed(t *testing.T) {
	run := func(seed uint64) *Result {
		res, err := HillClimb(negAlpine, []float64{3, 3, 3}, HillClimbing{}, &Settings{Maximize: true, MaxIterations: 200, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(1), run(1), run(2)
	if !slices.Equal(a.X, b.X) || a.F != b.F {
		t.Errorf("seed 1 gave %v and %v", a.X, b.X)
	}
	if slices.Equal(a.X, c.X) {
		t.Errorf("seeds 1 and 2 gave the same %v", a.X)
	}
}

func TestHillClimbStops(t *testing.T) {
	// Start where f = NaN: nothing to compare with.
	res, err := HillClimb(func(x []float64) float64 { return math.Sqrt(x[0]) }, []float64{-1}, HillClimbing{}, nil)
	if err != nil || res.Status != NotFinite || res.FuncEvals != 1 {
		t.Errorf("NaN start: %+v, %v; want NotFinite after one evaluation", res, err)
	}
	// Candidates below 0 are NaN and rejected: x stays >= 0 while it climbs.
	res, err = HillClimb(func(x []float64) float64 { return -math.Sqrt(x[0]) }, []float64{0.01}, HillClimbing{Step: 1}, &Settings{MaxIterations: 500})
	if err != nil || res.Status != IterationLimit || !(res.X[0] > 0.01) {
		t.Errorf("NaN candidates: %+v, %v; want a climb to x > 0.01", res, err)
	}
	// Target, maximising: stops at the first value >= 8.
	var tr Trace
	res, err = HillClimb(negAlpine, []float64{3, 3}, HillClimbing{}, &Settings{Maximize: true, StopAtTarget: true, Target: 8, Trace: &tr})
	if err != nil || res.Status != TargetReached || res.F < 8 || slices.ContainsFunc(tr.F[:tr.Len()-1], func(f float64) bool { return f >= 8 }) {
		t.Errorf("target 8: %+v, %v; want TargetReached at the first value >= 8", res, err)
	}
	// MaxEvaluations counts the start.
	res, err = HillClimb(negAlpine, []float64{3}, HillClimbing{}, &Settings{MaxEvaluations: 10})
	if err != nil || res.Status != EvaluationLimit || res.FuncEvals != 10 || res.Iterations != 9 {
		t.Errorf("MaxEvaluations 10: %+v, %v", res, err)
	}
}

func TestHillClimbErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Func
		x0   []float64
		h    HillClimbing
		s    *Settings
		want string
	}{
		{"nil Func", nil, []float64{1}, HillClimbing{}, nil, "nil Func"},
		{"empty x0", negAlpine, nil, HillClimbing{}, nil, "empty starting point"},
		{"negative step", negAlpine, []float64{1}, HillClimbing{Step: -1}, nil, "HillClimbing.Step = -1"},
		{"NaN step", negAlpine, []float64{1}, HillClimbing{Step: math.NaN()}, nil, "HillClimbing.Step = NaN"},
		{"bad settings", negAlpine, []float64{1}, HillClimbing{}, &Settings{MaxIterations: -5}, "MaxIterations = -5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := HillClimb(tc.f, tc.x0, tc.h, tc.s)
			if err == nil || !strings.Contains(err.Error(), tc.want) || res != nil {
				t.Fatalf("got %v, %v; want an error containing %q", res, err, tc.want)
			}
		})
	}
}
