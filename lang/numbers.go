package lang

import "math"

// The float64 meaning of the builtins that Go's math package lacks. The
// constant folder uses them, and so do the symbolic engine and the tape
// (the oracles of autodiff keep their own, so that they share nothing
// with what they judge).

// Sign is -1, 0 or 1; it keeps -0, and NaN stays NaN.
func Sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0, -0 or NaN
}

// Sigmoid is 1/(1+exp(-x)), evaluated without overflow.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Softplus is log(1+exp(x)), evaluated without overflow.
func Softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
