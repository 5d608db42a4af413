package optim

import "gonum.org/v1/gonum/optimize"

// Problem adapts an objective to gonum's optimize.Problem, so that gonum's
// BFGS, LBFGS, CG (and, with Func alone, NelderMead) run on gradc's
// generated functions beside this package's rules:
//
//	p := optim.Problem(Rosen, RosenGrad)
//	var tr optim.Trace
//	res, err := optimize.Minimize(p, x0, &optimize.Settings{Recorder: &tr}, &optimize.BFGS{})
//
// Func is f, and Grad calls g and drops the value. If f is nil, Func calls g
// with a gradient buffer of its own (one allocation per call); if g is nil,
// the Problem has no Grad. At least one must be non-nil. gonum minimises:
// to maximise, pass the negated functions. For Newton's method, set the
// Problem's Hess from a gradc -hess function.
func Problem(f Func, g Grad) optimize.Problem {
	var p optimize.Problem
	if g != nil {
		p.Grad = func(grad, x []float64) { g(grad, x) }
	}
	switch {
	case f != nil:
		p.Func = f
	case g != nil:
		p.Func = func(x []float64) float64 { return g(make([]float64, len(x)), x) }
	}
	return p
}
