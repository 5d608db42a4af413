package optim

import "fmt"

// Func is an objective: the value at the packed variables x. A gradc
// generated Name(x, DATA...) with its data bound has this type. It must not
// modify x.
type Func func(x []float64) float64

// Grad is an objective with its gradient: it returns the value at x and
// stores the gradient in grad (len(grad) == len(x)). A gradc generated
// NameGrad(grad, x, DATA...) with its data bound has this type. It must not
// modify x.
type Grad func(grad, x []float64) float64

// BatchGrad is an objective made of samples: it returns the value at x over
// the samples whose indices are listed in batch and stores its gradient in
// grad. It must not modify x or batch, nor keep batch after it returns (the
// driver reuses the slice).
type BatchGrad func(grad, x []float64, batch []int) float64

// Rows returns a BatchGrad for a generated function of the data rows X[m,·]
// and targets y[m], such as the NameGrad of
//
//	fn loss(w[d], b; X[m,d], y[m]) = 1/m * sum(i, ...)
//
// The BatchGrad gathers the rows X[i] (by reference, not copied) and the
// targets y[i] of the batch into buffers allocated once here, and calls g on
// them, so a step allocates nothing. It is not safe for concurrent use.
//
// Rows panics if len(X) != len(y), naming both lengths, as the generated
// functions do on a dimension mismatch; the BatchGrad panics if an index of
// its batch is out of range.
func Rows(g func(grad, x []float64, X [][]float64, y []float64) float64, X [][]float64, y []float64) BatchGrad {
	if len(X) != len(y) {
		panic(fmt.Sprintf("optim.Rows: len(X) = %d but len(y) = %d", len(X), len(y)))
	}
	xb := make([][]float64, len(X))
	yb := make([]float64, len(y))
	return func(grad, x []float64, batch []int) float64 {
		if len(batch) > len(X) {
			panic(fmt.Sprintf("optim.Rows: batch of %d samples but only %d rows", len(batch), len(X)))
		}
		xs, ys := xb[:len(batch)], yb[:len(batch)]
		for k, i := range batch {
			if i < 0 || i >= len(X) {
				panic(fmt.Sprintf("optim.Rows: sample index %d out of range [0, %d)", i, len(X)))
			}
			xs[k], ys[k] = X[i], y[i]
		}
		return g(grad, x, xs, ys)
	}
}
