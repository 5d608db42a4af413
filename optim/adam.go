package optim

import "math"

// Adam (Kingma and Ba, 2015) keeps moving averages of the gradient and of its
// square and corrects their bias toward zero (m = v = 0, t = 0 at Init):
//
//	t ← t + 1
//	m ← β₁ m + (1−β₁) g
//	v ← β₂ v + (1−β₂) g²
//	m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)
//	x ← x − η m̂ / (√v̂ + ε)
type Adam struct {
	// LearningRate is η; 0 means 1e-3.
	LearningRate float64
	// Beta1 is β₁, the decay of the gradient average, in (0, 1); 0 means 0.9.
	Beta1 float64
	// Beta2 is β₂, the decay of the squared-gradient average, in (0, 1);
	// 0 means 0.999.
	Beta2 float64
	// Epsilon is ε; 0 means 1e-8.
	Epsilon float64

	lr, b1, b2, eps float64
	b1t, b2t        float64 // β₁ᵗ and β₂ᵗ
	m, v            []float64
}

// Init implements [Method].
func (a *Adam) Init(n int) error {
	if err := checkInit("Adam", n); err != nil {
		return err
	}
	lr, err := positive("Adam", "LearningRate", a.LearningRate, 1e-3)
	if err != nil {
		return err
	}
	b1, err := fraction("Adam", "Beta1", a.Beta1, 0.9)
	if err != nil {
		return err
	}
	b2, err := fraction("Adam", "Beta2", a.Beta2, 0.999)
	if err != nil {
		return err
	}
	eps, err := positive("Adam", "Epsilon", a.Epsilon, 1e-8)
	if err != nil {
		return err
	}
	a.lr, a.b1, a.b2, a.eps = lr, b1, b2, eps
	a.b1t, a.b2t = 1, 1
	a.m, a.v = state(a.m, n), state(a.v, n)
	return nil
}

// Update implements [Method].
func (a *Adam) Update(x, g []float64) {
	checkStep("Adam", len(a.m), x, g)
	a.b1t *= a.b1
	a.b2t *= a.b2
	c1, c2 := 1-a.b1t, 1-a.b2t
	for i := range x {
		a.m[i] = a.b1*a.m[i] + (1-a.b1)*g[i]
		a.v[i] = a.b2*a.v[i] + (1-a.b2)*g[i]*g[i]
		x[i] -= a.lr * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + a.eps)
	}
}
