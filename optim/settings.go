package optim

import (
	"fmt"
	"math"
)

// Settings control a run of any driver. The zero value (or a nil
// *Settings) minimises for 1000 iterations with seed 0.
type Settings struct {
	// Maximize makes the run climb: the gradient drivers hand the rule −g
	// (GD becomes gradient ascent), hill-climbing keeps higher values, and
	// Target is reached from below.
	Maximize bool

	// MaxIterations is the number of steps after which the run stops with
	// IterationLimit. 0 means 1000 for Optimize and HillClimb, and no limit
	// for OptimizeBatch (which is bounded by its epochs).
	MaxIterations int
	// MaxEvaluations stops the run with EvaluationLimit once this many
	// evaluations (FuncEvals + GradEvals) have been made; 0 means no limit.
	MaxEvaluations int

	// StopAtTarget enables Target: the run stops with TargetReached at the
	// first value f <= Target (f >= Target when maximising).
	StopAtTarget bool
	// Target is the value to reach when StopAtTarget is set.
	Target float64

	// GradTol, if > 0, stops the gradient drivers with GradientConverged
	// when the Euclidean norm of the gradient is <= GradTol. (OptimizeBatch
	// tests the minibatch gradient.) HillClimb ignores it.
	GradTol float64

	// Seed seeds the PCG generator of hill-climbing and of minibatch
	// shuffling: a run is a function of its inputs and this seed.
	Seed uint64

	// Observe, if not nil, is called at every iteration, the start included;
	// returning true stops the run with Stopped. It must not keep it.X or
	// it.Grad after it returns, nor modify them.
	Observe func(it Iteration) (stop bool)

	// Trace, if not nil, receives a copy of every iteration's point, value
	// and evaluation counts (it is appended to, not reset).
	Trace *Trace
}

// Iteration is the state reported at each iteration of a run.
type Iteration struct {
	// Iter counts the steps taken before this evaluation: 0 is the start.
	Iter int
	// Epoch is the current epoch of OptimizeBatch, from 1; 0 for the
	// other drivers.
	Epoch int
	// X is the current point. It is the driver's buffer: copy it to keep it.
	X []float64
	// F is the value at X (OptimizeBatch: over the current minibatch).
	F float64
	// Grad is the gradient at X (nil for HillClimb). A buffer, as X.
	Grad []float64
	// FuncEvals and GradEvals count the calls so far of the Func and of
	// the Grad or BatchGrad (a Grad call, which also yields the value,
	// counts once, as a gradient evaluation).
	FuncEvals, GradEvals int
}

// Result is the outcome of a run.
type Result struct {
	// X is the final point: the last iterate of a gradient driver, the
	// best point found by HillClimb. It is a new slice: the driver never
	// modifies the starting point.
	X []float64
	// F is the value at X. For OptimizeBatch it is the value on the last
	// minibatch evaluated, before the last update.
	F float64
	// Status says why the run stopped.
	Status Status
	// Iterations is the number of steps taken (updates, or hill-climbing
	// proposals).
	Iterations int
	// FuncEvals and GradEvals count the evaluations, as in Iteration.
	FuncEvals, GradEvals int
}

// resolved is a Settings with its defaults applied.
type resolved struct {
	Settings
}

// resolve checks s and applies the defaults; defaultIter is the
// MaxIterations default of the driver (0 for none).
func resolve(s *Settings, defaultIter int) (resolved, error) {
	var r resolved
	if s != nil {
		r.Settings = *s
	}
	switch {
	case r.MaxIterations < 0:
		return r, fmt.Errorf("optim: Settings.MaxIterations = %d: want >= 0 (0 for the default)", r.MaxIterations)
	case r.MaxEvaluations < 0:
		return r, fmt.Errorf("optim: Settings.MaxEvaluations = %d: want >= 0 (0 for no limit)", r.MaxEvaluations)
	case r.GradTol < 0 || math.IsNaN(r.GradTol):
		return r, fmt.Errorf("optim: Settings.GradTol = %v: want >= 0 (0 to disable)", r.GradTol)
	case r.StopAtTarget && math.IsNaN(r.Target):
		return r, fmt.Errorf("optim: Settings.Target is NaN")
	}
	if r.MaxIterations == 0 {
		r.MaxIterations = defaultIter
	}
	return r, nil
}

// better reports whether value a is strictly better than b (NaN never is).
func (r *resolved) better(a, b float64) bool {
	if r.Maximize {
		return a > b
	}
	return a < b
}

// reached reports whether f has reached the target.
func (r *resolved) reached(f float64) bool {
	if !r.StopAtTarget {
		return false
	}
	if r.Maximize {
		return f >= r.Target
	}
	return f <= r.Target
}

// stop reports the first stopping rule that holds after the evaluation
// reported in it, and calls Observe and the Trace. gnorm is the norm of the
// gradient (0 for HillClimb).
func (r *resolved) stop(it Iteration, gnorm float64) Status {
	if r.Trace != nil {
		r.Trace.append(it.X, it.F, it.FuncEvals, it.GradEvals)
	}
	if r.Observe != nil && r.Observe(it) {
		return Stopped
	}
	switch {
	case math.IsNaN(it.F) || math.IsInf(it.F, 0) || math.IsNaN(gnorm) || math.IsInf(gnorm, 0):
		return NotFinite
	case r.reached(it.F):
		return TargetReached
	case r.GradTol > 0 && it.Grad != nil && gnorm <= r.GradTol:
		return GradientConverged
	case r.MaxIterations > 0 && it.Iter >= r.MaxIterations:
		return IterationLimit
	case r.MaxEvaluations > 0 && it.FuncEvals+it.GradEvals >= r.MaxEvaluations:
		return EvaluationLimit
	}
	return NotTerminated
}
