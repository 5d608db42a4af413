package optim

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// batchLog is a BatchGrad on f(x) = ½ x² per sample that records the
// batches it is given.
type batchLog struct{ batches [][]int }

func (b *batchLog) grad(grad, x []float64, batch []int) float64 {
	b.batches = append(b.batches, slices.Clone(batch))
	grad[0] = x[0]
	return 0.5 * x[0] * x[0]
}

// Every epoch visits every sample exactly once, in batches of Size (the last
// one smaller), in an order shuffled afresh each epoch.
func TestEpochsVisitEverySample(t *testing.T) {
	var log batchLog
	var epochs []int
	var iterEpochs []int
	b := Batches{Samples: 10, Size: 3, Epochs: 4, EpochEnd: func(epoch int, x []float64) bool {
		epochs = append(epochs, epoch)
		return false
	}}
	s := &Settings{Seed: 1, Observe: func(it Iteration) bool {
		iterEpochs = append(iterEpochs, it.Epoch)
		return false
	}}
	res, err := OptimizeBatch(log.grad, b, []float64{1}, &GD{}, s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != EpochLimit || res.Iterations != 16 || res.GradEvals != 16 {
		t.Fatalf("status %v, %d iterations, %d evaluations; want EpochLimit, 16, 16", res.Status, res.Iterations, res.GradEvals)
	}
	if !slices.Equal(epochs, []int{1, 2, 3, 4}) {
		t.Errorf("EpochEnd called for epochs %v, want 1 2 3 4", epochs)
	}
	var orders [][]int
	for e := range 4 {
		epoch := log.batches[4*e : 4*e+4]
		var sizes []int
		var order []int
		for _, batch := range epoch {
			sizes = append(sizes, len(batch))
			order = append(order, batch...)
		}
		if !slices.Equal(sizes, []int{3, 3, 3, 1}) {
			t.Errorf("epoch %d: batch sizes %v, want 3 3 3 1", e+1, sizes)
		}
		sorted := slices.Sorted(slices.Values(order))
		if !slices.Equal(sorted, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
			t.Errorf("epoch %d visited %v, want each of 0..9 once", e+1, order)
		}
		for k := range 4 {
			if iterEpochs[4*e+k] != e+1 {
				t.Errorf("iteration %d reported epoch %d, want %d", 4*e+k, iterEpochs[4*e+k], e+1)
			}
		}
		orders = append(orders, order)
	}
	if slices.Equal(orders[0], orders[1]) && slices.Equal(orders[1], orders[2]) {
		t.Errorf("epochs visit the samples in the same order %v: not shuffled", orders[0])
	}
}

// The seed fixes the order of the samples; another seed changes it.
func TestBatchSeed(t *testing.T) {
	run := func(seed uint64) [][]int {
		var log batchLog
		if _, err := OptimizeBatch(log.grad, Batches{Samples: 20, Size: 4, Epochs: 2}, []float64{1}, &GD{}, &Settings{Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return log.batches
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Errorf("seed 7 gave two orders:\n%v\n%v", a, b)
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Errorf("seeds 7 and 8 gave the same order %v", a)
	}
}

func TestBatchSizes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		b       Batches
		sizes   []int // of the first epoch
		batches int   // in all
	}{
		{"default size 32", Batches{Samples: 100, Epochs: 1}, []int{32, 32, 32, 4}, 4},
		{"size above samples", Batches{Samples: 5, Size: 50, Epochs: 3}, []int{5}, 3},
		{"default 10 epochs", Batches{Samples: 6, Size: 2}, []int{2, 2, 2}, 30},
		{"single samples", Batches{Samples: 3, Size: 1, Epochs: 1}, []int{1, 1, 1}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log batchLog
			if _, err := OptimizeBatch(log.grad, tc.b, []float64{1}, &GD{}, nil); err != nil {
				t.Fatal(err)
			}
			if len(log.batches) != tc.batches {
				t.Errorf("%d batches, want %d", len(log.batches), tc.batches)
			}
			var sizes []int
			for _, b := range log.batches[:len(tc.sizes)] {
				sizes = append(sizes, len(b))
			}
			if !slices.Equal(sizes, tc.sizes) {
				t.Errorf("first epoch's batch sizes %v, want %v", sizes, tc.sizes)
			}
		})
	}
}

// lsqGrad has the signature gradc generates for
//
//	fn lsq(w[d]; X[m,d], y[m]) = 1/m * sum(i, (sum(j, X[i,j]*w[j]) - y[i])^2 / 2)
func lsqGrad(grad, w []float64, X [][]float64, y []float64) float64 {
	clear(grad)
	f := 0.0
	inv := 1 / float64(len(y))
	for i, row := range X {
		r := -y[i]
		for j, xij := range row {
			r += xij * w[j]
		}
		f += inv * r * r / 2
		for j, xij := range row {
			grad[j] += inv * r * xij
		}
	}
	return f
}

// regression makes m samples of y = X w* with w* = (2, −1, 0.5), exactly, so
// that every sample's gradient vanishes at w* and SGD can reach it.
func regression(m int) (X [][]float64, y, wstar []float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	wstar = []float64{2, -1, 0.5}
	for range m {
		row := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		X = append(X, row)
		y = append(y, row[0]*wstar[0]+row[1]*wstar[1]+row[2]*wstar[2])
	}
	return X, y, wstar
}

// Rows hands the generated function the rows and targets of the batch.
func TestRows(t *testing.T) {
	X, y, _ := regression(5)
	g := Rows(lsqGrad, X, y)
	w := []float64{0.3, 0.2, 0.1}
	got, want := make([]float64, 3), make([]float64, 3)
	fg := g(got, w, []int{3, 0})
	fw := lsqGrad(want, w, [][]float64{X[3], X[0]}, []float64{y[3], y[0]})
	if fg != fw || !slices.Equal(got, want) {
		t.Errorf("Rows on batch {3, 0}: %g %v, want %g %v", fg, got, fw, want)
	}
	fg = g(got, w, []int{0, 1, 2, 3, 4})
	fw = lsqGrad(want, w, X, y)
	if fg != fw || !slices.Equal(got, want) {
		t.Errorf("Rows on every sample: %g %v, want %g %v", fg, got, fw, want)
	}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"lengths", func() { Rows(lsqGrad, X, y[:4]) }, "len(X) = 5 but len(y) = 4"},
		{"index", func() { g(got, w, []int{5}) }, "sample index 5 out of range [0, 5)"},
		{"batch", func() { g(got, w, make([]int, 6)) }, "batch of 6 samples but only 5 rows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, tc.want) {
					t.Errorf("panic %q, want one containing %q", msg, tc.want)
				}
			}()
			tc.f()
		})
	}
}

// Minibatch SGD, momentum and Adam fit the regression to 1e-6, and
// maximising the negated loss does the same.
func TestSGDRegression(t *testing.T) {
	X, y, wstar := regression(64)
	loss := Rows(lsqGrad, X, y)
	for _, tc := range []struct {
		name string
		g    BatchGrad
		m    Method
		s    Settings
	}{
		{"SGD", loss, &GD{LearningRate: 0.1}, Settings{Seed: 1}},
		{"Momentum", loss, &Momentum{LearningRate: 0.02}, Settings{Seed: 1}},
		{"Adam", loss, &Adam{LearningRate: 0.01}, Settings{Seed: 1}},
		{"SGD ascent", func(grad, x []float64, batch []int) float64 {
			f := loss(grad, x, batch)
			for i := range grad {
				grad[i] = -grad[i]
			}
			return -f
		}, &GD{LearningRate: 0.1}, Settings{Seed: 1, Maximize: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var full []float64
			b := Batches{Samples: len(X), Size: 8, Epochs: 300, EpochEnd: func(epoch int, w []float64) bool {
				full = append(full, lsqGrad(make([]float64, 3), w, X, y))
				return false
			}}
			res, err := OptimizeBatch(tc.g, b, []float64{0, 0, 0}, tc.m, &tc.s)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != EpochLimit || res.Iterations != 300*8 {
				t.Fatalf("status %v after %d iterations, want EpochLimit after 2400", res.Status, res.Iterations)
			}
			d := math.Sqrt(math.Pow(res.X[0]-wstar[0], 2) + math.Pow(res.X[1]-wstar[1], 2) + math.Pow(res.X[2]-wstar[2], 2))
			if d > 1e-6 {
				t.Errorf("‖w − w*‖ = %g at %v, want <= 1e-6", d, res.X)
			}
			if full[len(full)-1] >= full[0] {
				t.Errorf("full loss went from %g after epoch 1 to %g after the last", full[0], full[len(full)-1])
			}
		})
	}
}

func TestBatchStops(t *testing.T) {
	var log batchLog
	res, err := OptimizeBatch(log.grad, Batches{Samples: 10, Size: 5, Epochs: 5, EpochEnd: func(epoch int, x []float64) bool {
		return epoch == 2
	}}, []float64{1}, &GD{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Stopped || res.Iterations != 4 || len(log.batches) != 4 {
		t.Errorf("EpochEnd stop: status %v, %d iterations, %d batches; want Stopped, 4, 4", res.Status, res.Iterations, len(log.batches))
	}
	log = batchLog{}
	res, err = OptimizeBatch(log.grad, Batches{Samples: 10, Size: 5, Epochs: 5}, []float64{1}, &GD{}, &Settings{MaxIterations: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != IterationLimit || res.Iterations != 3 || res.GradEvals != 4 {
		t.Errorf("MaxIterations 3: status %v, %d iterations, %d evaluations; want IterationLimit, 3, 4", res.Status, res.Iterations, res.GradEvals)
	}
}

func TestOptimizeBatchErrors(t *testing.T) {
	var log batchLog
	for _, tc := range []struct {
		name string
		g    BatchGrad
		b    Batches
		m    Method
		s    *Settings
		want string
	}{
		{"nil BatchGrad", nil, Batches{Samples: 1}, &GD{}, nil, "nil BatchGrad"},
		{"nil Method", log.grad, Batches{Samples: 1}, nil, nil, "nil Method"},
		{"no samples", log.grad, Batches{}, &GD{}, nil, "Batches.Samples = 0"},
		{"negative size", log.grad, Batches{Samples: 4, Size: -1}, &GD{}, nil, "Batches.Size = -1"},
		{"negative epochs", log.grad, Batches{Samples: 4, Epochs: -3}, &GD{}, nil, "Batches.Epochs = -3"},
		{"bad settings", log.grad, Batches{Samples: 4}, &GD{}, &Settings{GradTol: -1}, "GradTol = -1"},
		{"bad rule", log.grad, Batches{Samples: 4}, &RMSprop{Decay: -1}, nil, "RMSprop.Decay = -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := OptimizeBatch(tc.g, tc.b, []float64{1}, tc.m, tc.s)
			if err == nil || !strings.Contains(err.Error(), tc.want) || res != nil {
				t.Fatalf("got %v, %v; want an error containing %q", res, err, tc.want)
			}
		})
	}
	if len(log.batches) != 0 {
		t.Errorf("a failed call evaluated %d batches", len(log.batches))
	}
}
