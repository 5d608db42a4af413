// Command race runs the race of the optimizers of the lecture (after
// cs231n's animation): plain gradient descent, momentum, Nesterov, Adagrad,
// RMSprop and Adam from the optim package, and gonum's BFGS and L-BFGS
// (through optim.Problem), all from one start on three 2-D test functions
// whose gradients gradc generates from race.expr: Rosenbrock's long curved
// valley, Beale's plateaus, and the saddle x^2 - y^2. For each function it
// prints a table (iterations and evaluations to a target, final value) and
// draws the trajectories over the contours beside the loss curves.
//
//	cd examples && go run ./race
//	cd examples && go run ./race -iters 500   # quick
package main

//go:generate go run github.com/gradc/gradc/cmd/gradc build -o race_gradc.go race.expr

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"text/tabwriter"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradc/gradc/examples/internal/pics"
	"github.com/gradc/gradc/optim"
)

// problem is one track of the race.
type problem struct {
	name    string
	f       optim.Func
	g       optim.Grad
	x0      []float64
	target  float64    // a run "arrives" at the first f <= target
	box     [4]float64 // x0, x1, y0, y1 of the picture; a run leaving it stops
	minimum []float64  // the minimiser, marked on the picture (nil: none)
	levels  func(*pics.Grid) []float64
	logLoss bool               // plot the loss on a logarithmic axis
	rates   map[string]float64 // learning rate of each optim method
}

var problems = []problem{
	{
		name: "rosenbrock", f: Rosenbrock, g: RosenbrockGrad,
		x0: []float64{-1.2, 1}, target: 1e-6, box: [4]float64{-2, 2, -1, 3}, minimum: []float64{1, 1},
		logLoss: true,
		rates: map[string]float64{"GD": 1e-3, "momentum": 1e-3, "Nesterov": 1e-3,
			"Adagrad": 0.5, "RMSprop": 2e-3, "Adam": 5e-2},
	},
	{
		name: "beale", f: Beale, g: BealeGrad,
		x0: []float64{1, 1.5}, target: 1e-6, box: [4]float64{-1, 4.5, -1.5, 2}, minimum: []float64{3, 0.5},
		logLoss: true,
		rates: map[string]float64{"GD": 1e-2, "momentum": 2e-3, "Nesterov": 2e-3,
			"Adagrad": 0.5, "RMSprop": 2e-3, "Adam": 5e-2},
	},
	{
		name: "saddle", f: Saddle, g: SaddleGrad,
		x0: []float64{1.5, 1e-3}, target: -1, box: [4]float64{-2, 2, -2, 2},
		rates: map[string]float64{"GD": 2e-2, "momentum": 2e-2, "Nesterov": 2e-2,
			"Adagrad": 0.2, "RMSprop": 1e-2, "Adam": 5e-2},
	},
}

// methods are the runners, in race order.
var methods = []string{"GD", "momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "BFGS", "L-BFGS"}

// newMethod returns the optim update rule called name with learning rate lr
// (nil for gonum's methods).
func newMethod(name string, lr float64) optim.Method {
	switch name {
	case "GD":
		return &optim.GD{LearningRate: lr}
	case "momentum":
		return &optim.Momentum{LearningRate: lr}
	case "Nesterov":
		return &optim.Nesterov{LearningRate: lr}
	case "Adagrad":
		return &optim.Adagrad{LearningRate: lr}
	case "RMSprop":
		return &optim.RMSprop{LearningRate: lr}
	case "Adam":
		return &optim.Adam{LearningRate: lr}
	}
	return nil
}

// result is one method's run on one problem.
type result struct {
	Method  string
	Trace   optim.Trace
	Arrived int     // iterations to the first f <= target; -1 if never
	Evals   int     // evaluations (function + gradient) to that iteration; -1 if never
	Final   float64 // the last value recorded
	Note    string  // why the run stopped
}

func main() {
	iters := flag.Int("iters", 5000, "iterations allowed per run")
	dir := flag.String("dir", "race", "folder for the PNGs (race_NAME.png); empty: no pictures")
	only := flag.String("only", "", "run only this problem (rosenbrock, beale or saddle)")
	flag.Parse()
	if _, err := run(os.Stdout, *iters, *dir, *only); err != nil {
		fmt.Fprintln(os.Stderr, "race:", err)
		os.Exit(1)
	}
}

// run races every method on every problem (or on only), printing a table per
// problem to w, and returns the results by problem name.
func run(w io.Writer, iters int, dir, only string) (map[string][]result, error) {
	out := make(map[string][]result)
	for _, pb := range problems {
		if only != "" && pb.name != only {
			continue
		}
		var rs []result
		for _, m := range methods {
			r, err := race(pb, m, iters)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", m, pb.name, err)
			}
			rs = append(rs, r)
		}
		out[pb.name] = rs
		printTable(w, pb, iters, rs)
		if dir != "" {
			file := filepath.Join(dir, "race_"+pb.name+".png")
			if err := picture(pb, rs, file); err != nil {
				return nil, err
			}
			fmt.Fprintf(w, "wrote %s\n", file)
		}
	}
	if only != "" && len(out) == 0 {
		return nil, fmt.Errorf("no problem called %q", only)
	}
	return out, nil
}

// inBox reports whether x is inside the problem's picture.
func (pb problem) inBox(x []float64) bool {
	return x[0] >= pb.box[0] && x[0] <= pb.box[1] && x[1] >= pb.box[2] && x[1] <= pb.box[3]
}

// race runs method m on pb for at most iters iterations.
func race(pb problem, m string, iters int) (result, error) {
	r := result{Method: m, Arrived: -1, Evals: -1}
	if rule := newMethod(m, pb.rates[m]); rule != nil {
		s := &optim.Settings{MaxIterations: iters, Trace: &r.Trace,
			StopAtTarget: true, Target: pb.target,
			Observe: func(it optim.Iteration) bool { return !pb.inBox(it.X) }}
		res, err := optim.Optimize(pb.g, pb.x0, rule, s)
		if err != nil {
			return r, err
		}
		r.Note = res.Status.String()
		if res.Status == optim.Stopped {
			r.Note = "left the picture"
		}
	} else {
		var method optimize.Method = &optimize.BFGS{}
		if m == "L-BFGS" {
			method = &optimize.LBFGS{}
		}
		settings := &optimize.Settings{MajorIterations: iters, Recorder: &r.Trace,
			Converger: &optimize.FunctionConverge{Absolute: 1e-15, Iterations: 20}}
		res, err := optimize.Minimize(optim.Problem(pb.f, pb.g), pb.x0, settings, method)
		switch {
		case err != nil && res != nil:
			r.Note = err.Error()
		case err != nil:
			return r, err
		default:
			r.Note = res.Status.String()
		}
	}
	// The first point outside the box ends the run for the picture and
	// the table alike (gonum's methods cannot be stopped from outside).
	for k, x := range r.Trace.X {
		if !pb.inBox(x) {
			if r.Note != "left the picture" {
				r.Note = "left the picture"
			}
			r.Trace.X, r.Trace.F = r.Trace.X[:k+1], r.Trace.F[:k+1]
			r.Trace.FuncEvals, r.Trace.GradEvals = r.Trace.FuncEvals[:k+1], r.Trace.GradEvals[:k+1]
			break
		}
	}
	for k, f := range r.Trace.F {
		if f <= pb.target {
			r.Arrived, r.Evals = k, r.Trace.FuncEvals[k]+r.Trace.GradEvals[k]
			break
		}
	}
	if n := r.Trace.Len(); n > 0 {
		r.Final = r.Trace.F[n-1]
	} else {
		return r, errors.New("nothing recorded")
	}
	return r, nil
}

func printTable(w io.Writer, pb problem, iters int, rs []result) {
	fmt.Fprintf(w, "\n%s from (%g, %g), target f <= %g, at most %d iterations\n", pb.name, pb.x0[0], pb.x0[1], pb.target, iters)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tlearning rate\titerations to target\tevaluations\tfinal f\tstopped\t")
	for _, r := range rs {
		lr, it, ev := "-", "never", "-"
		if v, ok := pb.rates[r.Method]; ok {
			lr = fmt.Sprint(v)
		}
		if r.Arrived >= 0 {
			it, ev = fmt.Sprint(r.Arrived), fmt.Sprint(r.Evals)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3g\t%s\t\n", r.Method, lr, it, ev, r.Final, r.Note)
	}
	tw.Flush()
}

// picture draws the trajectories over the contours (left) and the loss
// curves (right) of one problem.
func picture(pb problem, rs []result, file string) error {
	level := func(x, y float64) float64 { return pb.f([]float64{x, y}) }
	if pb.logLoss {
		level = func(x, y float64) float64 { return math.Log10(pb.f([]float64{x, y}) + 1e-2) }
	}
	g := pics.NewGrid(level, pb.box[0], pb.box[1], pb.box[2], pb.box[3], 160, 160)
	tp := plot.New()
	tp.Title.Text = pb.name + ": trajectories"
	if pb.logLoss {
		tp.Title.Text += " over contours of log10(f + 0.01)"
	}
	tp.X.Label.Text, tp.Y.Label.Text = "x", "y"
	pics.AddContours(tp, g, pics.LinearLevels(g, 16))
	if pb.minimum != nil {
		if err := pics.AddMark(tp, pb.minimum[0], pb.minimum[1]); err != nil {
			return err
		}
	}
	lp := plot.New()
	lp.Title.Text = pb.name + ": loss"
	lp.X.Label.Text, lp.Y.Label.Text = "iteration", "f"
	if pb.logLoss {
		pics.LogY(lp)
		lp.Y.Min = 1e-10
	}
	for i, r := range rs {
		c := pics.Color(i)
		if err := pics.AddPath(tp, r.Trace.X, c, "", len(r.Trace.X) < 80); err != nil {
			return err
		}
		ks := make([]float64, r.Trace.Len())
		fs := make([]float64, r.Trace.Len())
		for k := range ks {
			ks[k] = float64(k + 1)
			fs[k] = r.Trace.F[k]
			if pb.logLoss {
				fs[k] = math.Max(fs[k], 1e-10)
			}
		}
		if err := pics.AddCurve(lp, ks, fs, c, r.Method, pb.logLoss); err != nil {
			return err
		}
	}
	pics.LogX(lp)
	lp.Legend.Left = true // bottom left: empty on every problem
	lp.Legend.XOffs = vg.Points(4)
	tp.X.Min, tp.X.Max, tp.Y.Min, tp.Y.Max = pb.box[0], pb.box[1], pb.box[2], pb.box[3]
	return pics.SaveGrid([]*plot.Plot{tp, lp}, file, 1000, 450)
}
