package optim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// HillClimbing holds the hyper-parameter of stochastic hill-climbing.
type HillClimbing struct {
	// Step is σ, the standard deviation of the Gaussian perturbation
	// added to every coordinate; 0 means 0.1.
	Step float64
}

// HillClimb minimises (with s.Maximize, maximises) f from x0 by stochastic
// hill-climbing, which needs no gradient: at each iteration it draws a
// candidate around the current point and moves there only if it is strictly
// better,
//
//	x' = x + σ z,  z ~ N(0, I);   x ← x'  if f(x') < f(x)  (> when maximising)
//
// so the recorded values never get worse. Each iteration is one function
// evaluation (plus one for the start); z comes from the PCG generator seeded
// by s.Seed. Candidates whose value is NaN are rejected. Result.X is the best
// point found and Result.F its value; x0 is not modified. s.GradTol does not
// apply.
func HillClimb(f Func, x0 []float64, h HillClimbing, s *Settings) (*Result, error) {
	if f == nil {
		return nil, errors.New("optim: HillClimb: nil Func")
	}
	if len(x0) == 0 {
		return nil, errors.New("optim: HillClimb: empty starting point x0")
	}
	sigma := h.Step
	if sigma == 0 {
		sigma = 0.1
	}
	if !(sigma > 0) || math.IsInf(sigma, 1) {
		return nil, fmt.Errorf("optim: HillClimbing.Step = %v: want a finite number > 0, or 0 for the default 0.1", h.Step)
	}
	r, err := resolve(s, 1000)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(r.Seed, seedStream))
	x, cand := slices.Clone(x0), make([]float64, len(x0))
	fx := f(x)
	res := &Result{FuncEvals: 1}
	for k := 0; ; k++ {
		it := Iteration{Iter: k, X: x, F: fx, FuncEvals: res.FuncEvals}
		if st := r.stop(it, 0); st != NotTerminated {
			res.X, res.F, res.Status, res.Iterations = x, fx, st, k
			return res, nil
		}
		for i := range cand {
			cand[i] = x[i] + sigma*rng.NormFloat64()
		}
		fc := f(cand)
		res.FuncEvals++
		if r.better(fc, fx) {
			x, cand = cand, x
			fx = fc
		}
	}
}
