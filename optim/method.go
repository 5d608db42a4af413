package optim

import (
	"fmt"
	"math"
)

// Method is a first-order update rule. The drivers ([Optimize],
// [OptimizeBatch]) call Init once per run and then Update once per step;
// a Method may also be driven by hand the same way.
//
// GD, Momentum, Nesterov, Adagrad, RMSprop and Adam implement Method. Their
// exported fields are hyper-parameters, read by Init (a zero field takes its
// default); their unexported fields are the state of a run. A Method value
// serves one run at a time.
type Method interface {
	// Init readies the rule for n variables and clears its state
	// (velocities, accumulators, the step count). It reports invalid
	// hyper-parameters, naming the field and the valid range.
	Init(n int) error
	// Update moves x one step to decrease the function whose gradient at x
	// is g. It does not modify g and allocates nothing. It panics if
	// len(x) or len(g) differ from the n of Init.
	Update(x, g []float64)
}

// positive resolves a hyper-parameter that must be finite and > 0; zero
// takes def.
func positive(rule, field string, v, def float64) (float64, error) {
	if v == 0 {
		return def, nil
	}
	if !(v > 0) || math.IsInf(v, 1) {
		return 0, fmt.Errorf("optim: %s.%s = %v: want a finite number > 0, or 0 for the default %v", rule, field, v, def)
	}
	return v, nil
}

// fraction resolves a decay rate that must lie in (0, 1); zero takes def.
func fraction(rule, field string, v, def float64) (float64, error) {
	if v == 0 {
		return def, nil
	}
	if !(v > 0 && v < 1) {
		return 0, fmt.Errorf("optim: %s.%s = %v: want 0 < %s < 1, or 0 for the default %v", rule, field, v, field, def)
	}
	return v, nil
}

// state returns buf resized to n and zeroed, reusing its storage when it
// is large enough.
func state(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// checkInit reports a bad dimension passed to Init.
func checkInit(rule string, n int) error {
	if n < 1 {
		return fmt.Errorf("optim: %s.Init(%d): want at least one variable", rule, n)
	}
	return nil
}

// checkStep panics, as gonum does on a dimension mismatch, when x or g do
// not have the n variables of Init (n is len of the rule's state).
func checkStep(rule string, n int, x, g []float64) {
	if len(x) != n || len(g) != n {
		panic(fmt.Sprintf("optim: %s.Update: len(x) = %d, len(g) = %d, want %d as given to Init (was Init called?)", rule, len(x), len(g), n))
	}
}
