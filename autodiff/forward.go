package autodiff

import "math"

// Forward computes the value and the gradient by forward mode: one pass in
// dual numbers over float64 whose tangents are a sparse vector with one
// direction per packed variable (variable k is seeded with tangent 1 in
// direction k), so the gradient is the result's tangent vector.
func (f *Func) Forward(pt *Point) (*Result, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	d := &dualField{base: floatField{}}
	out, kink, err := run(f.Prog, f.Fn, pt, d, func(k int, v float64) num {
		return d.make(num{v: v}, []tangent{{k: k, d: num{v: 1}}})
	})
	if err != nil {
		return nil, err
	}
	r := &Result{Value: out.v, Grad: make([]float64, len(pt.X)), Kink: kink}
	_, t := d.split(out)
	for _, e := range t {
		r.Grad[e.k] = e.d.v
	}
	return r, nil
}

// Directional computes the value and the derivative along v (len(v) ==
// len(x)) by forward mode with a single direction.
func (f *Func) Directional(pt *Point, v []float64) (value, deriv float64, err error) {
	if err := f.check(pt); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if err := checkLen(f, "v", len(v), len(pt.X)); err != nil {
		return math.NaN(), math.NaN(), err
	}
	d := &dualField{base: floatField{}}
	out, _, err := run(f.Prog, f.Fn, pt, d, func(k int, x float64) num {
		return d.make(num{v: x}, []tangent{{k: 0, d: num{v: v[k]}}})
	})
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	return out.v, d.tangentOf(out, 0).v, nil
}
