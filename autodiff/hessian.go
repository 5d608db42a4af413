package autodiff

import (
	"fmt"
	"math"
)

// Hessian computes the value, the gradient and the dense Hessian by
// forward-over-reverse: a Wengert tape whose numbers are dual numbers with
// one direction per packed variable. The reverse sweep, done in dual
// arithmetic, gives adjoints whose value is the gradient and whose tangent
// in direction k is column k of the Hessian: all columns in one pass.
func (f *Func) Hessian(pt *Point) (*Result, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	n := len(pt.X)
	d := &dualField{base: floatField{}}
	adj, out, kink, err := f.overReverse(pt, d, func(k int, v float64) num {
		return d.make(num{v: v}, []tangent{{k: k, d: num{v: 1}}})
	})
	if err != nil {
		return nil, err
	}
	r := &Result{Value: out, Grad: make([]float64, n), Hess: make([]float64, n*n), Kink: kink}
	for i, a := range adj {
		r.Grad[i] = a.v
		_, t := d.split(a)
		for _, e := range t {
			r.Hess[i*n+e.k] = e.d.v
		}
	}
	return r, nil
}

// HessVec computes the Hessian times v (len(v) == len(x)) by
// forward-over-reverse with a single direction, without forming the
// Hessian.
func (f *Func) HessVec(pt *Point, v []float64) ([]float64, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	if err := checkLen(f, "v", len(v), len(pt.X)); err != nil {
		return nil, err
	}
	d := &dualField{base: floatField{}}
	adj, _, _, err := f.overReverse(pt, d, func(k int, x float64) num {
		return d.make(num{v: x}, []tangent{{k: 0, d: num{v: v[k]}}})
	})
	if err != nil {
		return nil, err
	}
	hv := make([]float64, len(v))
	for i, a := range adj {
		hv[i] = d.tangentOf(a, 0).v
	}
	return hv, nil
}

// overReverse runs the fn on a tape over the dual field d, with input k of
// base value seed(k, x_k), and returns the adjoints of the inputs.
func (f *Func) overReverse(pt *Point, d *dualField, seed func(k int, v float64) num) ([]num, float64, float64, error) {
	t := &tape{base: d}
	inputs := make([]num, len(pt.X))
	for k, v := range pt.X {
		inputs[k] = t.input(seed(k, v))
	}
	out, kink, err := run(f.Prog, f.Fn, pt, t, func(k int, _ float64) num { return inputs[k] })
	if err != nil {
		return nil, math.NaN(), 0, err
	}
	adj, _ := t.sweep(out, len(pt.X))
	return adj, out.v, kink, nil
}

func checkLen(f *Func, what string, got, want int) error {
	if got != want {
		return fmt.Errorf("fn %s: len(%s) = %d, want len(x) = %d", f.Name(), what, got, want)
	}
	return nil
}
