package optim

// GD is gradient descent (with [Settings].Maximize, gradient ascent):
//
//	x ← x − η g
//
// Driven by [OptimizeBatch] on minibatch gradients it is SGD,
// θ ← θ − η ∇ℓ(batch).
type GD struct {
	// LearningRate is η, the step per unit of gradient; 0 means 0.01.
	LearningRate float64

	lr float64
	n  int
}

// Init implements [Method].
func (m *GD) Init(n int) error {
	if err := checkInit("GD", n); err != nil {
		return err
	}
	lr, err := positive("GD", "LearningRate", m.LearningRate, 0.01)
	if err != nil {
		return err
	}
	m.lr, m.n = lr, n
	return nil
}

// Update implements [Method].
func (m *GD) Update(x, g []float64) {
	checkStep("GD", m.n, x, g)
	for i := range x {
		x[i] -= m.lr * g[i]
	}
}
