package optim

import "math"

// Adagrad scales each coordinate's step by the root of the sum of its
// squared gradients so far (G = 0 at Init):
//
//	G ← G + g²
//	x ← x − η g / (√G + ε)
type Adagrad struct {
	// LearningRate is η; 0 means 0.01.
	LearningRate float64
	// Epsilon is ε, which keeps the division finite; 0 means 1e-8.
	Epsilon float64

	lr, eps float64
	sum     []float64
}

// Init implements [Method].
func (m *Adagrad) Init(n int) error {
	if err := checkInit("Adagrad", n); err != nil {
		return err
	}
	lr, err := positive("Adagrad", "LearningRate", m.LearningRate, 0.01)
	if err != nil {
		return err
	}
	eps, err := positive("Adagrad", "Epsilon", m.Epsilon, 1e-8)
	if err != nil {
		return err
	}
	m.lr, m.eps, m.sum = lr, eps, state(m.sum, n)
	return nil
}

// Update implements [Method].
func (m *Adagrad) Update(x, g []float64) {
	checkStep("Adagrad", len(m.sum), x, g)
	for i := range x {
		m.sum[i] += g[i] * g[i]
		x[i] -= m.lr * g[i] / (math.Sqrt(m.sum[i]) + m.eps)
	}
}

// RMSprop scales each coordinate's step by the root of a moving average of
// its squared gradients (s = 0 at Init):
//
//	s ← ρ s + (1−ρ) g²
//	x ← x − η g / (√s + ε)
type RMSprop struct {
	// LearningRate is η; 0 means 1e-3.
	LearningRate float64
	// Decay is ρ, the fraction of the average kept each step, in (0, 1);
	// 0 means 0.9.
	Decay float64
	// Epsilon is ε; 0 means 1e-8.
	Epsilon float64

	lr, rho, eps float64
	avg          []float64
}

// Init implements [Method].
func (m *RMSprop) Init(n int) error {
	if err := checkInit("RMSprop", n); err != nil {
		return err
	}
	lr, err := positive("RMSprop", "LearningRate", m.LearningRate, 1e-3)
	if err != nil {
		return err
	}
	rho, err := fraction("RMSprop", "Decay", m.Decay, 0.9)
	if err != nil {
		return err
	}
	eps, err := positive("RMSprop", "Epsilon", m.Epsilon, 1e-8)
	if err != nil {
		return err
	}
	m.lr, m.rho, m.eps, m.avg = lr, rho, eps, state(m.avg, n)
	return nil
}

// Update implements [Method].
func (m *RMSprop) Update(x, g []float64) {
	checkStep("RMSprop", len(m.avg), x, g)
	for i := range x {
		m.avg[i] = m.rho*m.avg[i] + (1-m.rho)*g[i]*g[i]
		x[i] -= m.lr * g[i] / (math.Sqrt(m.avg[i]) + m.eps)
	}
}
