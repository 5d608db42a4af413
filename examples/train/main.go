// Command train follows the lecture's recipe for optimization: given
// training data {x_i, y_i}, choose a decision function and a loss, and
// minimise the mean loss with small steps against its gradient.
//
// The data are two interleaved half-moons in the plane, made here with a
// seed (labels ±1), a training set and a test set. The decision functions and
// the loss (the logistic cross-entropy, softplus(-y * score)) are written in
// train.expr with the data as data parameters, so gradc generates their
// gradients with respect to the model's parameters only: logistic regression
// (a linear score) and a two-layer network with tanh units. Each is trained
// by minibatch SGD and by Adam (optim.OptimizeBatch over optim.Rows). The
// command prints the loss and the accuracy after every epoch and draws the
// decision boundaries over the data and the loss curves.
//
//	cd examples && go run ./train
//	cd examples && go run ./train -epochs 10 -m 200   # quick
package main

//go:generate go run github.com/gradc/gradc/cmd/gradc build -o train_gradc.go train.expr

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradc/gradc/examples/internal/pics"
	"github.com/gradc/gradc/optim"
)

// config holds the flags of a run.
type config struct {
	m, test int     // training and test samples
	noise   float64 // standard deviation of the noise added to the moons
	hidden  int     // tanh units of the network
	epochs  int
	batch   int
	lrSGD   float64
	lrAdam  float64
	seed    uint64
	dir     string // folder of the PNGs; empty: no pictures
}

func main() {
	var c config
	flag.IntVar(&c.m, "m", 400, "training samples")
	flag.IntVar(&c.test, "test", 1000, "test samples")
	flag.Float64Var(&c.noise, "noise", 0.2, "standard deviation of the noise on the moons")
	flag.IntVar(&c.hidden, "hidden", 16, "tanh units of the two-layer network")
	flag.IntVar(&c.epochs, "epochs", 60, "passes over the training set")
	flag.IntVar(&c.batch, "batch", 32, "minibatch size")
	flag.Float64Var(&c.lrSGD, "lr-sgd", 0.5, "learning rate of SGD")
	flag.Float64Var(&c.lrAdam, "lr-adam", 0.02, "learning rate of Adam")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the data, the initial weights and the minibatches")
	flag.StringVar(&c.dir, "dir", "train", "folder for train_boundary.png and train_loss.png; empty: no pictures")
	flag.Parse()
	if _, err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// moons returns m points of two interleaved half-moons with Gaussian noise:
// label +1 on the upper moon, -1 on the lower one, alternating.
func moons(m int, noise float64, rng *rand.Rand) (X [][]float64, y []float64) {
	X, y = make([][]float64, m), make([]float64, m)
	for k := range m {
		t := math.Pi * rng.Float64()
		var p [2]float64
		if k%2 == 0 {
			p, y[k] = [2]float64{math.Cos(t), math.Sin(t)}, 1
		} else {
			p, y[k] = [2]float64{1 - math.Cos(t), 0.5 - math.Sin(t)}, -1
		}
		X[k] = []float64{p[0] - 0.5 + noise*rng.NormFloat64(), p[1] - 0.25 + noise*rng.NormFloat64()}
	}
	return X, y
}

// model is a decision function with its loss, from train.expr.
type model struct {
	name    string
	score   func(x, p []float64) float64
	loss    func(x []float64, X [][]float64, y []float64) float64
	grad    func(grad, x []float64, X [][]float64, y []float64) float64
	initial func(rng *rand.Rand) []float64
}

// epochStat is the state after one epoch.
type epochStat struct {
	Loss, TrainAcc, TestAcc float64
}

// training is one model trained by one method.
type training struct {
	Model, Method string
	History       []epochStat // one per epoch; History[0] is before training
	X             []float64   // the trained parameters
	score         func(x, p []float64) float64
}

// Final returns the state after the last epoch.
func (t *training) Final() epochStat { return t.History[len(t.History)-1] }

// accuracy is the fraction of samples whose predicted label, +1 where the
// score is >= 0 and -1 elsewhere, is their label.
func accuracy(score func(x, p []float64) float64, x []float64, X [][]float64, y []float64) float64 {
	n := 0
	for k := range X {
		if (score(x, X[k]) >= 0) == (y[k] > 0) {
			n++
		}
	}
	return float64(n) / float64(len(X))
}

// run makes the data, trains every model with every method, prints the
// epochs and a summary to w, draws the pictures, and returns the trainings.
func run(c config, w io.Writer) ([]*training, error) {
	rng := rand.New(rand.NewPCG(c.seed, 1))
	X, y := moons(c.m, c.noise, rng)
	Xt, yt := moons(c.test, c.noise, rand.New(rand.NewPCG(c.seed, 2)))
	const d = 2
	h := c.hidden
	models := []model{
		{name: "logistic", score: LogisticScore, loss: LogisticLoss, grad: LogisticLossGrad,
			initial: func(*rand.Rand) []float64 { return make([]float64, d+1) }},
		{name: "mlp", score: MlpScore, loss: MlpLoss, grad: MlpLossGrad,
			initial: func(rng *rand.Rand) []float64 {
				// x = [W1 (h×d, row-major), b1 (h), w2 (h), b2]; small random
				// weights break the symmetry between the units.
				x := make([]float64, h*d+2*h+1)
				for i := range h * d {
					x[i] = rng.NormFloat64() / math.Sqrt(d)
				}
				for i := range h {
					x[h*d+h+i] = rng.NormFloat64() / math.Sqrt(float64(h))
				}
				return x
			}},
	}
	fmt.Fprintf(w, "two moons: %d training and %d test samples, noise %g, seed %d; minibatches of %d, %d epochs\n",
		c.m, c.test, c.noise, c.seed, c.batch, c.epochs)
	var runs []*training
	for _, md := range models {
		for _, method := range []string{"SGD", "Adam"} {
			var rule optim.Method = &optim.GD{LearningRate: c.lrSGD}
			if method == "Adam" {
				rule = &optim.Adam{LearningRate: c.lrAdam}
			}
			t := &training{Model: md.name, Method: method, score: md.score}
			x0 := md.initial(rand.New(rand.NewPCG(c.seed, 3)))
			stat := func(x []float64) epochStat {
				return epochStat{md.loss(x, X, y), accuracy(md.score, x, X, y), accuracy(md.score, x, Xt, yt)}
			}
			t.History = append(t.History, stat(x0))
			b := optim.Batches{Samples: c.m, Size: c.batch, Epochs: c.epochs,
				EpochEnd: func(epoch int, x []float64) bool {
					t.History = append(t.History, stat(x))
					return false
				}}
			res, err := optim.OptimizeBatch(optim.Rows(md.grad, X, y), b, x0, rule, &optim.Settings{Seed: c.seed})
			if err != nil {
				return nil, fmt.Errorf("%s with %s: %w", md.name, method, err)
			}
			t.X = res.X
			runs = append(runs, t)
			fmt.Fprintf(w, "trained %s (%d parameters) with %s: %d steps, %s\n", md.name, len(x0), method, res.Iterations, res.Status)
		}
	}
	printEpochs(w, runs)
	fmt.Fprintln(w)
	for _, t := range runs {
		f := t.Final()
		fmt.Fprintf(w, "final %-8s %-4s  loss %.4f  train accuracy %5.1f%%  test accuracy %5.1f%%\n",
			t.Model, t.Method, f.Loss, 100*f.TrainAcc, 100*f.TestAcc)
	}
	if c.dir != "" {
		if err := pictures(c.dir, runs, X, y); err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "wrote %s and %s\n", filepath.Join(c.dir, "train_boundary.png"), filepath.Join(c.dir, "train_loss.png"))
	}
	return runs, nil
}

// printEpochs prints one line per epoch: each run's training loss and
// training accuracy.
func printEpochs(w io.Writer, runs []*training) {
	var head strings.Builder
	fmt.Fprintf(&head, "\nepoch")
	for _, t := range runs {
		fmt.Fprintf(&head, "  %18s", t.Model+" "+t.Method+" loss/acc")
	}
	fmt.Fprintln(w, head.String())
	for e := range runs[0].History {
		fmt.Fprintf(w, "%5d", e)
		for _, t := range runs {
			s := t.History[e]
			fmt.Fprintf(w, "  %11.4f %5.1f%%", s.Loss, 100*s.TrainAcc)
		}
		fmt.Fprintln(w)
	}
}

// pictures draws the decision boundaries of the Adam-trained models over
// the training data, and every run's loss against the epoch.
func pictures(dir string, runs []*training, X [][]float64, y []float64) error {
	var panels []*plot.Plot
	for _, t := range runs {
		if t.Method != "Adam" {
			continue
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s (Adam): test accuracy %.1f%%", t.Model, 100*t.Final().TestAcc)
		prob := func(a, b float64) float64 { return 1 / (1 + math.Exp(-t.score(t.X, []float64{a, b}))) }
		g := pics.NewGrid(prob, -2, 2, -1.5, 1.5, 120, 90)
		pics.AddHeatMap(p, g, 0.45)
		pics.AddLevel(p, g, 0.5, pics.Color(7))
		var px, py, nx, ny []float64
		for k := range X {
			if y[k] > 0 {
				px, py = append(px, X[k][0]), append(py, X[k][1])
			} else {
				nx, ny = append(nx, X[k][0]), append(ny, X[k][1])
			}
		}
		if err := pics.AddPoints(p, px, py, pics.Color(3), "y = +1"); err != nil {
			return err
		}
		if err := pics.AddPoints(p, nx, ny, pics.Color(0), "y = -1"); err != nil {
			return err
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -2, 2, -1.5, 1.5
		p.Legend.Top = true
		panels = append(panels, p)
	}
	if err := pics.SaveGrid(panels, filepath.Join(dir, "train_boundary.png"), 1000, 430); err != nil {
		return err
	}
	lp := plot.New()
	lp.Title.Text = "training loss (mean softplus(-y*score))"
	lp.X.Label.Text, lp.Y.Label.Text = "epoch", "loss"
	pics.LogY(lp)
	for i, t := range runs {
		es := make([]float64, len(t.History))
		ls := make([]float64, len(t.History))
		for e, s := range t.History {
			es[e], ls[e] = float64(e), s.Loss
		}
		if err := pics.AddCurve(lp, es, ls, pics.Color(i), t.Model+" "+t.Method, true); err != nil {
			return err
		}
	}
	lp.Legend.XOffs = vg.Points(-6)
	lp.Legend.YOffs = vg.Points(-10)
	lp.Legend.Top = true
	return pics.SavePNG(lp, filepath.Join(dir, "train_loss.png"), 600, 450)
}
