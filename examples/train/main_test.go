package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/examples/internal/pics"
)

// TestTrain trains on a small data set and checks what the README quotes:
// the losses fall, the linear model cannot separate the moons while the
// network does, and one line is printed per epoch.
func TestTrain(t *testing.T) {
	dir := t.TempDir()
	c := config{m: 200, test: 400, noise: 0.2, hidden: 16, epochs: 30, batch: 32, lrSGD: 0.5, lrAdam: 0.02, seed: 1, dir: dir}
	var out bytes.Buffer
	runs, err := run(c, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 4 {
		t.Fatalf("got %d trainings, want 4", len(runs))
	}
	acc := map[string]float64{}
	for _, r := range runs {
		if len(r.History) != c.epochs+1 {
			t.Errorf("%s %s: %d epochs recorded, want %d", r.Model, r.Method, len(r.History), c.epochs+1)
		}
		first, last := r.History[0], r.Final()
		if !(last.Loss < 0.7*first.Loss) {
			t.Errorf("%s %s: loss %g -> %g, want a fall by 30%% at least", r.Model, r.Method, first.Loss, last.Loss)
		}
		acc[r.Model+" "+r.Method] = last.TestAcc
	}
	for _, m := range []string{"logistic SGD", "logistic Adam"} {
		if acc[m] < 0.8 || acc[m] > 0.92 {
			t.Errorf("%s: test accuracy %.3f, want within [0.80, 0.92] (a line cannot separate the moons)", m, acc[m])
		}
	}
	// Measured: logistic 85%, mlp SGD 92%, mlp Adam 96% (this size).
	for _, m := range []string{"mlp SGD", "mlp Adam"} {
		if acc[m] < acc["logistic Adam"]+0.05 {
			t.Errorf("%s: test accuracy %.3f, want 5 points above logistic's %.3f", m, acc[m], acc["logistic Adam"])
		}
	}
	if acc["mlp Adam"] < 0.94 || acc["mlp Adam"] < acc["mlp SGD"] {
		t.Errorf("mlp Adam: test accuracy %.3f, want >= 0.94 and above SGD's %.3f", acc["mlp Adam"], acc["mlp SGD"])
	}
	lines := 0
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasSuffix(l, "%") && strings.Count(l, "%") == 4 {
			lines++
		}
	}
	if lines != c.epochs+1 {
		t.Errorf("printed %d epoch lines, want %d:\n%s", lines, c.epochs+1, out.String())
	}
	if err := pics.CheckPNG(filepath.Join(dir, "train_boundary.png"), 1000, 430); err != nil {
		t.Error(err)
	}
	if err := pics.CheckPNG(filepath.Join(dir, "train_loss.png"), 600, 450); err != nil {
		t.Error(err)
	}
}

// TestGradients checks the generated gradients of both losses against
// central differences of the generated values at a random point, so that a
// wrong packing of the parameters cannot pass for slow training.
func TestGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	X, y := moons(20, 0.2, rng)
	for _, tc := range []struct {
		name string
		f    func(x []float64, X [][]float64, y []float64) float64
		g    func(grad, x []float64, X [][]float64, y []float64) float64
		n    int
	}{
		{"logistic", LogisticLoss, LogisticLossGrad, 3},
		{"mlp", MlpLoss, MlpLossGrad, 3*2 + 2*3 + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := make([]float64, tc.n)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			grad := make([]float64, tc.n)
			v := tc.g(grad, x, X, y)
			if f := tc.f(x, X, y); math.Abs(f-v) > 1e-12*math.Abs(f) {
				t.Errorf("value %g from Grad, %g from the value function", v, f)
			}
			const h = 1e-6
			for i := range x {
				xi := x[i]
				x[i] = xi + h
				fp := tc.f(x, X, y)
				x[i] = xi - h
				fm := tc.f(x, X, y)
				x[i] = xi
				if fd := (fp - fm) / (2 * h); math.Abs(fd-grad[i]) > 1e-6*math.Max(1, math.Abs(fd)) {
					t.Errorf("grad[%d] = %g, central difference %g", i, grad[i], fd)
				}
			}
		})
	}
}
