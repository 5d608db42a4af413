// Package optim holds the first-order optimizers of the lecture that gradc
// grew out of: stochastic hill-climbing, gradient descent and ascent,
// minibatch SGD, momentum, Nesterov, Adagrad, RMSprop and Adam. They take the
// functions gradc generates directly; for BFGS, L-BFGS, CG and Newton use
// gonum's optimize package through [Problem] and [Trace].
//
// # The objective
//
// For fn name(VARIABLES; DATA) gradc generates
//
//	func Name(x []float64, DATA...) float64
//	func NameGrad(grad, x []float64, DATA...) float64
//
// (gonum's argument order: the destination first; NameGrad returns the value
// and stores the gradient). optim names these shapes once the data are bound:
//
//	type Func func(x []float64) float64                         // Name
//	type Grad func(grad, x []float64) float64                   // NameGrad
//	type BatchGrad func(grad, x []float64, batch []int) float64 // NameGrad on some samples
//
// A function without data parameters is used as it is, Grad(RosenGrad); one
// with data is closed over them:
//
//	g := func(grad, x []float64) float64 { return LossGrad(grad, x, X, y) }
//
// For minibatches, a BatchGrad computes the value and gradient over the
// samples whose indices are in batch. [Rows] builds one from a generated
// function of the data X[m,d], y[m]: it gathers the rows of the batch into
// buffers allocated once and calls the generated code on them, as on a
// smaller data set. Write the loss as a mean, 1/m * sum(...), so that the
// learning rate does not depend on the batch size.
//
// # Update rules and drivers
//
// An update rule ([Method]) moves x one step given the gradient g of the
// function being minimised at x; it keeps its own state (velocity,
// accumulators, step count t) sized by Init. The rules, with η the learning
// rate and all vector operations elementwise:
//
//	GD        x ← x − η g
//	Momentum  v ← μ v − η g;  x ← x + v
//	Nesterov  v ← μ v − η g;  x ← x + μ v − η g
//	Adagrad   G ← G + g²;  x ← x − η g / (√G + ε)
//	RMSprop   s ← ρ s + (1−ρ) g²;  x ← x − η g / (√s + ε)
//	Adam      t ← t+1;  m ← β₁ m + (1−β₁) g;  v ← β₂ v + (1−β₂) g²;
//	          x ← x − η m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
//
// Hyper-parameters are fields of each rule's struct; a zero field takes the
// documented default (Adam: η = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
//
// A driver owns the loop: it evaluates the objective, reports the iteration,
// checks the stopping rules and calls the rule's Update.
//
//   - [Optimize] evaluates a [Grad] at every iterate (full batch): gradient
//     descent with [GD], or any other rule.
//   - [OptimizeBatch] evaluates a [BatchGrad] on minibatches: every epoch it
//     shuffles the sample indices with the seeded generator and walks them in
//     batches of [Batches.Size], so that each sample is used exactly once per
//     epoch. With [GD] this is SGD; with [Adam] it is Adam as usually trained.
//   - [HillClimb] needs only a [Func]: it perturbs the current point with
//     Gaussian noise and keeps the candidate when it is strictly better.
//
// With [Settings.Maximize] every driver maximises instead: the gradient
// drivers hand the rule −g, so that GD becomes gradient ascent, x ← x + η g,
// and hill-climbing keeps a candidate when its value is higher. Values,
// gradients and traces are always reported for the function itself.
//
// # Observing and stopping
//
// Each iteration is reported as an [Iteration] to [Settings.Observe] (which
// may stop the run) and, if [Settings.Trace] is set, appended to the [Trace]:
// the point, the value and the evaluation counts, ready to plot as a
// trajectory or as a loss-against-iteration curve. A run stops at the first of
// MaxIterations, MaxEvaluations, the target value, the gradient norm
// tolerance, a non-finite value, a stop from Observe, or the last epoch; the
// [Result] says which in its [Status].
//
// # Randomness and allocation
//
// Hill-climbing and minibatch shuffling draw from math/rand/v2's PCG seeded
// with [Settings.Seed]: the same seed gives the same run. The drivers and the
// update rules allocate only while setting up; a step allocates nothing
// (recording a [Trace] copies each point, by design).
package optim
