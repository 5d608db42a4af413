package autodiff

import (
	"fmt"
	"math"
)

// Result is what an oracle computes at a point.
type Result struct {
	Value float64
	// Grad is the gradient, in the layout of Point.X.
	Grad []float64
	// Hess is the Hessian, len(X)×len(X) row-major (Hessian only).
	Hess []float64
	// Kink is the smallest distance from the point to a switch met by the
	// evaluation: |a-b| of each if comparison and of min/max's arguments,
	// |x| of abs and sign, the distance of floor's and ceil's argument to
	// the nearest integer. +Inf when the evaluation met none. Derivatives
	// follow the spec's conventions at a switch, where finite differences
	// cannot agree with them: compare with finite differences only where
	// Kink is larger than a few steps.
	Kink float64
}

// check validates pt against f before an evaluation.
func (f *Func) check(pt *Point) error {
	if f == nil || f.Fn == nil || f.Prog == nil {
		return fmt.Errorf("autodiff: no fn")
	}
	if pt == nil {
		return fmt.Errorf("fn %s: no point", f.Name())
	}
	if len(pt.Sizes) != len(f.Fn.Sizes) {
		return fmt.Errorf("fn %s: point has %d sizes, want %d", f.Name(), len(pt.Sizes), len(f.Fn.Sizes))
	}
	if n := f.NumVars(pt.Sizes); len(pt.X) != n {
		return fmt.Errorf("fn %s: len(x) = %d, want %d (%s)", f.Name(), len(pt.X), n, f.packing())
	}
	if len(pt.Data) != len(f.Fn.Data) {
		return fmt.Errorf("fn %s takes %d data arguments, got %d", f.Name(), len(f.Fn.Data), len(pt.Data))
	}
	sizes := map[string]int{}
	for k, s := range f.Fn.Sizes {
		sizes[s.Name()] = pt.Sizes[k]
	}
	_, err := f.NewPointSizes(sizes, pt.X, pt.Data...)
	return err
}

// Value evaluates the fn at pt with plain float64 arithmetic, as Go's math
// package does, and returns the value and the kink distance (see Result).
// Plain floats cannot tell what depends on the variables, so Value's kink
// counts every switch, those on data alone too.
func (f *Func) Value(pt *Point) (value, kink float64, err error) {
	if err := f.check(pt); err != nil {
		return math.NaN(), 0, err
	}
	return f.value(pt.X, pt)
}

// value evaluates at x, with the data and sizes of pt, unchecked.
func (f *Func) value(x []float64, pt *Point) (float64, float64, error) {
	p := *pt
	p.X = x
	out, kink, err := run(f.Prog, f.Fn, &p, floatField{}, func(_ int, v float64) num { return num{v: v} })
	if err != nil {
		return math.NaN(), 0, err
	}
	return out.v, kink, nil
}
