package main

// Forward mode with dual numbers, kept tiny for teaching.
//
// A dual number v + d·ε has ε² = 0, so that
//
//	(a + a'ε)(b + b'ε) = ab + (a'b + ab')ε
//
// carries the derivative d through the arithmetic beside the value v: seed
// one input with d = 1 and every result's d is its derivative with respect to
// that input. One pass gives one column of the Jacobian, here one component of
// the gradient, so the whole gradient of f: R^n → R takes n passes.

// dual is a dual number v + d·ε.
type dual struct{ v, d float64 }

func constant(c float64) dual       { return dual{c, 0} }
func (a dual) add(b dual) dual      { return dual{a.v + b.v, a.d + b.d} }
func (a dual) sub(b dual) dual      { return dual{a.v - b.v, a.d - b.d} }
func (a dual) mul(b dual) dual      { return dual{a.v * b.v, a.d*b.v + a.v*b.d} }
func (a dual) scale(c float64) dual { return dual{c * a.v, c * a.d} }

// rosenbrockDual is Rosenbrock's function written once more, in dual
// arithmetic: sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2.
func rosenbrockDual(x []dual) dual {
	s := constant(0)
	for i := 0; i+1 < len(x); i++ {
		a := x[i+1].sub(x[i].mul(x[i]))
		b := constant(1).sub(x[i])
		s = s.add(a.mul(a).scale(100)).add(b.mul(b))
	}
	return s
}

// forwardGrad computes the gradient of Rosenbrock's function at x by n
// forward passes, seeding x[j] with d = 1 in pass j. buf has len(x).
func forwardGrad(grad, x []float64, buf []dual) float64 {
	for i, v := range x {
		buf[i] = dual{v, 0}
	}
	var f float64
	for j := range x {
		buf[j].d = 1
		r := rosenbrockDual(buf)
		buf[j].d = 0
		grad[j], f = r.d, r.v
	}
	return f
}
