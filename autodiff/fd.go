package autodiff

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// The finite-difference oracle: gonum's diff/fd over Value.

// CentralStep is the step of CentralGradient: fd.Central's own, 6e-6.
var CentralStep = fd.Central.Step

// CentralHessStep is the step of CentralHessian: about the fourth root of
// the float64 epsilon, which balances the O(h²) truncation of the central
// second difference against its rounding, O(ε|f|/h²); fd's default (the
// square root of CentralStep, 2.4e-3) truncates a hundred times more.
const CentralHessStep = 1e-4

// CentralGradient approximates the gradient by central differences
// (fd.Gradient with fd.Central) over the value function.
func (f *Func) CentralGradient(pt *Point) ([]float64, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	vf, errp := f.valueFunc(pt)
	g := fd.Gradient(nil, vf, pt.X, &fd.Settings{Formula: fd.Central})
	if *errp != nil {
		return nil, *errp
	}
	return g, nil
}

// CentralHessian approximates the Hessian, len(x)×len(x) row-major, by
// central differences (fd.Hessian with fd.Central, step CentralHessStep)
// over the value function.
func (f *Func) CentralHessian(pt *Point) ([]float64, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	n := len(pt.X)
	if n == 0 {
		return []float64{}, nil
	}
	vf, errp := f.valueFunc(pt)
	var h mat.SymDense
	fd.Hessian(&h, vf, pt.X, &fd.Settings{Formula: fd.Central, Step: CentralHessStep})
	if *errp != nil {
		return nil, *errp
	}
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			out[i*n+j] = h.At(i, j)
		}
	}
	return out, nil
}

// valueFunc returns the value of the fn as a function of x, with the data
// and sizes of pt. The first error of any evaluation is stored in *err and
// the value is NaN then.
func (f *Func) valueFunc(pt *Point) (func([]float64) float64, *error) {
	var first error
	return func(x []float64) float64 {
		v, _, err := f.value(x, pt)
		if err != nil {
			if first == nil {
				first = err
			}
			return math.NaN()
		}
		return v
	}, &first
}
