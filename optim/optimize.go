package optim

import (
	"errors"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// Optimize minimises (with s.Maximize, maximises) g from x0 with the update
// rule m, evaluating the full gradient at every iterate:
//
//	for k = 0, 1, ...:  f = g(grad, x);  report iteration k;  stop?;  m.Update(x, ±grad)
//
// It does not modify x0. A run of MaxIterations = N takes N steps and makes
// N+1 evaluations; Result.X is the last iterate and Result.F its value.
// s may be nil for the defaults (see [Settings]).
//
// It returns an error, and does nothing, if g or m is nil, x0 is empty, or
// a hyper-parameter or a setting is invalid.
func Optimize(g Grad, x0 []float64, m Method, s *Settings) (*Result, error) {
	if g == nil {
		return nil, errors.New("optim: Optimize: nil Grad")
	}
	if m == nil {
		return nil, errors.New("optim: Optimize: nil Method")
	}
	if len(x0) == 0 {
		return nil, errors.New("optim: Optimize: empty starting point x0")
	}
	r, err := resolve(s, 1000)
	if err != nil {
		return nil, err
	}
	if err := m.Init(len(x0)); err != nil {
		return nil, err
	}
	x := slices.Clone(x0)
	grad := make([]float64, len(x))
	res := &Result{X: x}
	for k := 0; ; k++ {
		f := g(grad, x)
		res.GradEvals++
		it := Iteration{Iter: k, X: x, F: f, Grad: grad, GradEvals: res.GradEvals}
		if st := r.stop(it, floats.Norm(grad, 2)); st != NotTerminated {
			res.F, res.Status, res.Iterations = f, st, k
			return res, nil
		}
		if r.Maximize {
			floats.Scale(-1, grad)
		}
		m.Update(x, grad)
	}
}
