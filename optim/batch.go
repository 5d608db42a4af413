package optim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
)

// Batches describes how OptimizeBatch walks the samples.
type Batches struct {
	// Samples is m, the number of samples: indices 0 .. m-1. Required.
	Samples int
	// Size is the number of samples per minibatch; 0 means min(32, m),
	// and a Size above m means m (full batch). When Size does not divide
	// m, the last minibatch of each epoch is smaller.
	Size int
	// Epochs is the number of passes over the samples; 0 means 10.
	Epochs int
	// EpochEnd, if not nil, is called after each epoch (from 1) with the
	// current point, to compute the full loss or the accuracy, say;
	// returning true stops the run with Stopped. It must not keep or
	// modify x.
	EpochEnd func(epoch int, x []float64) (stop bool)
}

// OptimizeBatch minimises (with s.Maximize, maximises) an objective made of
// samples from x0 by minibatch steps of the rule m: with GD it is minibatch SGD,
// θ ← θ − η ∇ℓ(batch). Each epoch shuffles the indices 0 .. b.Samples-1 with
// the generator seeded by s.Seed and cuts them into consecutive minibatches,
// so that every sample is visited exactly once per epoch:
//
//	for epoch = 1 .. b.Epochs:
//	    shuffle;  for each batch:  f = g(grad, x, batch);  report;  stop?;  m.Update(x, ±grad)
//	    b.EpochEnd(epoch, x)
//
// Each minibatch is one iteration and one gradient evaluation. The run ends
// with EpochLimit after the last epoch unless a rule of s stops it first
// (Target and GradTol then apply to the minibatch value and gradient).
// Result.F is the value of the last minibatch, before the last update.
func OptimizeBatch(g BatchGrad, b Batches, x0 []float64, m Method, s *Settings) (*Result, error) {
	switch {
	case g == nil:
		return nil, errors.New("optim: OptimizeBatch: nil BatchGrad")
	case m == nil:
		return nil, errors.New("optim: OptimizeBatch: nil Method")
	case len(x0) == 0:
		return nil, errors.New("optim: OptimizeBatch: empty starting point x0")
	case b.Samples < 1:
		return nil, fmt.Errorf("optim: Batches.Samples = %d: want at least one sample", b.Samples)
	case b.Size < 0:
		return nil, fmt.Errorf("optim: Batches.Size = %d: want >= 1 (0 for the default)", b.Size)
	case b.Epochs < 0:
		return nil, fmt.Errorf("optim: Batches.Epochs = %d: want >= 1 (0 for the default)", b.Epochs)
	}
	size := b.Size
	if size == 0 {
		size = 32
	}
	size = min(size, b.Samples)
	epochs := b.Epochs
	if epochs == 0 {
		epochs = 10
	}
	r, err := resolve(s, 0)
	if err != nil {
		return nil, err
	}
	if err := m.Init(len(x0)); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(r.Seed, seedStream))
	perm := make([]int, b.Samples)
	for i := range perm {
		perm[i] = i
	}
	x := slices.Clone(x0)
	grad := make([]float64, len(x))
	res := &Result{X: x, Status: EpochLimit}
	k := 0
	for epoch := 1; epoch <= epochs; epoch++ {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for lo := 0; lo < len(perm); lo += size {
			batch := perm[lo:min(lo+size, len(perm))]
			f := g(grad, x, batch)
			res.GradEvals++
			res.F = f
			it := Iteration{Iter: k, Epoch: epoch, X: x, F: f, Grad: grad, GradEvals: res.GradEvals}
			if st := r.stop(it, floats.Norm(grad, 2)); st != NotTerminated {
				res.Status, res.Iterations = st, k
				return res, nil
			}
			if r.Maximize {
				floats.Scale(-1, grad)
			}
			m.Update(x, grad)
			k++
		}
		if b.EpochEnd != nil && b.EpochEnd(epoch, x) {
			res.Status = Stopped
			break
		}
	}
	res.Iterations = k
	return res, nil
}

// seedStream is the second PCG seed word: the run's seed is the first.
const seedStream = 0x9e3779b97f4a7c15
