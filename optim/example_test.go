package optim_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gradc/gradc/optim"
	"gonum.org/v1/gonum/optimize"
)

// RosenGrad has the shape gradc generates for
//
//	fn rosen(x, y) = (1 - x)^2 + 100*(y - x^2)^2
func RosenGrad(grad, v []float64) float64 {
	x, y := v[0], v[1]
	grad[0] = -2*(1-x) - 400*x*(y-x*x)
	grad[1] = 200 * (y - x*x)
	return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x)
}

// Rosen is its value alone.
func Rosen(v []float64) float64 { return RosenGrad(make([]float64, 2), v) }

// A generated gradient goes to a rule as it is.
func ExampleOptimize() {
	res, err := optim.Optimize(RosenGrad, []float64{-1.2, 1}, &optim.Adam{LearningRate: 0.02},
		&optim.Settings{MaxIterations: 20000, GradTol: 1e-6})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v after %d steps: x = (%.4f, %.4f)\n", res.Status, res.Iterations, res.X[0], res.X[1])
	// Output:
	// GradientConverged after 3930 steps: x = (1.0000, 1.0000)
}

// NegAlpine is the lecture's f(x) = −Σ (x_i sin x_i + 0.1 x_i), as
// generated: the value alone is all hill-climbing needs.
func NegAlpine(x []float64) float64 {
	f := 0.0
	for _, xi := range x {
		f -= xi*math.Sin(xi) + 0.1*xi
	}
	return f
}

// Hill-climbing maximises from a seeded start until it reaches a target.
func ExampleHillClimb() {
	res, err := optim.HillClimb(NegAlpine, []float64{3, 3}, optim.HillClimbing{Step: 0.2},
		&optim.Settings{Maximize: true, StopAtTarget: true, Target: 8.5, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v: f = %.3f after %d evaluations\n", res.Status, res.F, res.FuncEvals)
	// Output:
	// TargetReached: f = 8.555 after 38 evaluations
}

// LogisticGrad has the shape gradc generates for a mean logistic loss with
// data parameters,
//
//	fn logistic(w[d], b; X[m,d], y[m]) = 1/m * sum(i, log(1 + exp(-y[i]*(sum(j, X[i,j]*w[j]) + b))))
//
// with labels y[i] = ±1 and x packing (w, b).
func LogisticGrad(grad, x []float64, X [][]float64, y []float64) float64 {
	d := len(x) - 1
	clear(grad)
	f, inv := 0.0, 1/float64(len(y))
	for i, row := range X {
		z := x[d]
		for j := range d {
			z += row[j] * x[j]
		}
		f += inv * math.Log1p(math.Exp(-y[i]*z))
		s := -y[i] * inv / (1 + math.Exp(y[i]*z)) // ∂/∂z
		for j := range d {
			grad[j] += s * row[j]
		}
		grad[d] += s
	}
	return f
}

// Minibatch training on data: Rows feeds each batch's rows to the generated
// function, and EpochEnd reports the full loss and the accuracy.
func ExampleOptimizeBatch() {
	rng := rand.New(rand.NewPCG(1, 2))
	var X [][]float64
	var y []float64
	for range 200 { // two Gaussian blobs, labels ±1
		label := float64(2*rng.IntN(2) - 1)
		X = append(X, []float64{label + rng.NormFloat64(), label + rng.NormFloat64()})
		y = append(y, label)
	}
	full := make([]float64, 3)
	res, err := optim.OptimizeBatch(optim.Rows(LogisticGrad, X, y),
		optim.Batches{Samples: len(X), Size: 16, Epochs: 20, EpochEnd: func(epoch int, x []float64) bool {
			if epoch%5 == 0 {
				correct := 0
				for i, row := range X {
					if (row[0]*x[0]+row[1]*x[1]+x[2])*y[i] > 0 {
						correct++
					}
				}
				fmt.Printf("epoch %2d: loss %.4f, accuracy %.3f\n", epoch, LogisticGrad(full, x, X, y), float64(correct)/float64(len(X)))
			}
			return false
		}},
		[]float64{0, 0, 0}, &optim.Adam{LearningRate: 0.05}, &optim.Settings{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v after %d steps\n", res.Status, res.Iterations)
	// Output:
	// epoch  5: loss 0.1933, accuracy 0.920
	// epoch 10: loss 0.1882, accuracy 0.920
	// epoch 15: loss 0.1878, accuracy 0.920
	// epoch 20: loss 0.1880, accuracy 0.920
	// EpochLimit after 260 steps
}

// gonum's BFGS runs on the same generated functions, traced like the rest.
func ExampleProblem() {
	var tr optim.Trace
	res, err := optimize.Minimize(optim.Problem(Rosen, RosenGrad), []float64{-1.2, 1},
		&optimize.Settings{Recorder: &tr}, &optimize.BFGS{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d iterations, %d gradient evaluations: x = (%.4f, %.4f)\n", tr.Len()-1, res.GradEvaluations, res.X[0], res.X[1])
	// Output:
	// 40 iterations, 47 gradient evaluations: x = (1.0000, 1.0000)
}
