package optim

// Momentum is gradient descent with a velocity v (the heavy ball; v = 0 at
// Init):
//
//	v ← μ v − η g
//	x ← x + v
type Momentum struct {
	// LearningRate is η; 0 means 0.01.
	LearningRate float64
	// Momentum is μ, the fraction of the velocity kept each step, in
	// (0, 1); 0 means 0.9.
	Momentum float64

	lr, mu float64
	v      []float64
}

// Init implements [Method].
func (m *Momentum) Init(n int) error {
	lr, mu, err := momentumParams("Momentum", n, m.LearningRate, m.Momentum)
	if err != nil {
		return err
	}
	m.lr, m.mu, m.v = lr, mu, state(m.v, n)
	return nil
}

// Update implements [Method].
func (m *Momentum) Update(x, g []float64) {
	checkStep("Momentum", len(m.v), x, g)
	for i := range x {
		m.v[i] = m.mu*m.v[i] - m.lr*g[i]
		x[i] += m.v[i]
	}
}

// Nesterov is Nesterov's accelerated gradient in the form of Sutskever et
// al. (2013) used by cs231n and PyTorch, which needs the gradient only at
// the iterate x (v = 0 at Init):
//
//	v ← μ v − η g
//	x ← x + μ v − η g
//
// This is the look-ahead rule v ← μ v − η ∇f(y + μ v), y ← y + v written for
// the look-ahead point x = y + μ v, so the iterates x are the points where
// the gradient is taken; both sequences reach the same minimum.
type Nesterov struct {
	// LearningRate is η; 0 means 0.01.
	LearningRate float64
	// Momentum is μ, in (0, 1); 0 means 0.9.
	Momentum float64

	lr, mu float64
	v      []float64
}

// Init implements [Method].
func (m *Nesterov) Init(n int) error {
	lr, mu, err := momentumParams("Nesterov", n, m.LearningRate, m.Momentum)
	if err != nil {
		return err
	}
	m.lr, m.mu, m.v = lr, mu, state(m.v, n)
	return nil
}

// Update implements [Method].
func (m *Nesterov) Update(x, g []float64) {
	checkStep("Nesterov", len(m.v), x, g)
	for i := range x {
		m.v[i] = m.mu*m.v[i] - m.lr*g[i]
		x[i] += m.mu*m.v[i] - m.lr*g[i]
	}
}

// momentumParams resolves the hyper-parameters shared by Momentum and
// Nesterov.
func momentumParams(rule string, n int, lr, mu float64) (float64, float64, error) {
	if err := checkInit(rule, n); err != nil {
		return 0, 0, err
	}
	lr, err := positive(rule, "LearningRate", lr, 0.01)
	if err != nil {
		return 0, 0, err
	}
	mu, err = fraction(rule, "Momentum", mu, 0.9)
	if err != nil {
		return 0, 0, err
	}
	return lr, mu, nil
}
