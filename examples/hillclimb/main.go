// Command hillclimb races stochastic hill-climbing against gradient ascent on
// the negative Alpine function of the lecture,
//
//	f(x) = -sum_i (x_i sin(x_i) + 0.1 x_i),
//
// whose gradient gradc generates from hillclimb.expr. In 2-D it draws the
// trajectories of both methods from the same seeded starts over the contours
// of f; in n-D it measures, for each n, the evaluations and the time each
// method needs to bring f within a gap of its local maximum, from the same
// seeded starts, and prints a table and plots it.
//
//	cd examples && go run ./hillclimb
//	cd examples && go run ./hillclimb -dims 10,100 -budget 20000   # quick
package main

//go:generate go run github.com/gradc/gradc/cmd/gradc build -o hillclimb_gradc.go hillclimb.expr

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradc/gradc/examples/internal/pics"
	"github.com/gradc/gradc/optim"
)

// config holds the flags of a run.
type config struct {
	dims   []int   // the n of the n-D race
	starts int     // seeded starts per n
	seed   uint64  // seed of the starts and of hill-climbing
	budget int     // evaluations allowed per run
	gap    float64 // target: f >= n*(best - gap)
	lr     float64 // gradient ascent's learning rate
	step   float64 // hill-climbing's σ times sqrt(n)
	out2D  string  // PNG of the 2-D trajectories ("" for none)
	outND  string  // PNG of the n-D measurements ("" for none)
}

func main() {
	var cfg config
	dims := flag.String("dims", "10,100,1000", "comma-separated dimensions n of the n-D race")
	flag.IntVar(&cfg.starts, "starts", 5, "seeded starting points per dimension")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the starts and of hill-climbing's draws")
	flag.IntVar(&cfg.budget, "budget", 200000, "evaluations allowed per run")
	flag.Float64Var(&cfg.gap, "gap", 0.01, "target: f(x) >= n*(f1* - gap), f1* the 1-D local maximum")
	flag.Float64Var(&cfg.lr, "lr", 0.1, "learning rate of gradient ascent")
	flag.Float64Var(&cfg.step, "step", 0.5, "hill-climbing's perturbation: sigma = step/sqrt(n)")
	flag.StringVar(&cfg.out2D, "o2d", "hillclimb/hillclimb_2d.png", "PNG of the 2-D trajectories (empty: none)")
	flag.StringVar(&cfg.outND, "ond", "hillclimb/hillclimb_nd.png", "PNG of the n-D race (empty: none)")
	flag.Parse()
	var err error
	if cfg.dims, err = parseInts(*dims); err != nil {
		fmt.Fprintln(os.Stderr, "hillclimb: -dims:", err)
		os.Exit(2)
	}
	if _, err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hillclimb:", err)
		os.Exit(1)
	}
}

func parseInts(s string) ([]int, error) {
	var v []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		v = append(v, n)
	}
	return v, nil
}

// Methods of the race, in table order.
const (
	hillClimbing   = "hill-climbing"
	gradientAscent = "gradient ascent"
)

// row is one line of the n-D table: one method at one n over all starts.
type row struct {
	N       int
	Method  string
	Reached int           // runs that reached the target
	Runs    int           // runs made
	Evals   int           // median evaluations to the target (the budget for a run that did not reach it)
	Time    time.Duration // median wall time of a run
	Gap     float64       // median final gap per coordinate, f1* - f(x)/n
}

// run does the 2-D pictures and the n-D race, printing progress and the
// table to w, and returns the table.
func run(cfg config, w io.Writer) ([]row, error) {
	best := localMax()
	fmt.Fprintf(w, "f1* = %.6f: the 1-D local maximum of -(t sin t + 0.1 t) at t = %.6f; starts uniform in [3, 7]^n, inside its basin\n",
		-oneD(best), best)
	if cfg.out2D != "" {
		if err := picture2D(cfg, w); err != nil {
			return nil, err
		}
	}
	var rows []row
	for _, n := range cfg.dims {
		hc, ga := race(cfg, n, -oneD(best))
		rows = append(rows, hc, ga)
		fmt.Fprintf(w, "n=%d done\n", n)
	}
	printTable(w, cfg, rows)
	if cfg.outND != "" {
		if err := pictureND(cfg, rows); err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "wrote %s\n", cfg.outND)
	}
	return rows, nil
}

// oneD is -(t sin t + 0.1 t), the negative Alpine function in 1-D, through
// the generated code.
func oneD(t float64) float64 { return -NegAlpine([]float64{t}) }

// localMax finds the maximiser of the 1-D negative Alpine function between
// 3 and 7 by bisection on the sign of its generated derivative.
func localMax() float64 {
	lo, hi := 3.0, 7.0
	g := make([]float64, 1)
	for range 100 {
		mid := (lo + hi) / 2
		NegAlpineGrad(g, []float64{mid})
		if g[0] > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// start returns the k-th seeded start in [lo, hi]^n.
func start(seed uint64, k, n int, lo, hi float64) []float64 {
	rng := rand.New(rand.NewPCG(seed, uint64(k)))
	x := make([]float64, n)
	for i := range x {
		x[i] = lo + (hi-lo)*rng.Float64()
	}
	return x
}

// race runs both methods from cfg.starts seeded starts in n dimensions until
// f >= n*(fbest - gap) or the budget is spent.
func race(cfg config, n int, fbest float64) (hc, ga row) {
	target := float64(n) * (fbest - cfg.gap)
	hc = row{N: n, Method: hillClimbing, Runs: cfg.starts}
	ga = row{N: n, Method: gradientAscent, Runs: cfg.starts}
	var hcEvals, gaEvals []int
	var hcTimes, gaTimes []time.Duration
	var hcGaps, gaGaps []float64
	for k := range cfg.starts {
		x0 := start(cfg.seed, k, n, 3, 7)
		s := &optim.Settings{Maximize: true, StopAtTarget: true, Target: target,
			MaxIterations: cfg.budget, MaxEvaluations: cfg.budget, Seed: cfg.seed + uint64(k)}

		t0 := time.Now()
		r, err := optim.HillClimb(NegAlpine, x0, optim.HillClimbing{Step: cfg.step / math.Sqrt(float64(n))}, s)
		d := time.Since(t0)
		if err != nil {
			panic(err) // the settings above are valid
		}
		if r.Status == optim.TargetReached {
			hc.Reached++
		}
		hcEvals = append(hcEvals, r.FuncEvals+r.GradEvals)
		hcTimes = append(hcTimes, d)
		hcGaps = append(hcGaps, fbest-r.F/float64(n))

		t0 = time.Now()
		r, err = optim.Optimize(NegAlpineGrad, x0, &optim.GD{LearningRate: cfg.lr}, s)
		d = time.Since(t0)
		if err != nil {
			panic(err)
		}
		if r.Status == optim.TargetReached {
			ga.Reached++
		}
		gaEvals = append(gaEvals, r.FuncEvals+r.GradEvals)
		gaTimes = append(gaTimes, d)
		gaGaps = append(gaGaps, fbest-r.F/float64(n))
	}
	hc.Evals, hc.Time, hc.Gap = median(hcEvals), median(hcTimes), median(hcGaps)
	ga.Evals, ga.Time, ga.Gap = median(gaEvals), median(gaTimes), median(gaGaps)
	return hc, ga
}

func median[T int | float64 | time.Duration](v []T) T {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func printTable(w io.Writer, cfg config, rows []row) {
	fmt.Fprintf(w, "\ntarget f(x) >= n*(f1* - %g); budget %d evaluations; median of %d seeded starts (seed %d)\n",
		cfg.gap, cfg.budget, cfg.starts, cfg.seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "n\tmethod\treached\tevaluations\ttime\tfinal gap/coord\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%d\t%v\t%.2g\t\n", r.N, r.Method, r.Reached, r.Runs, r.Evals,
			round3(r.Time), r.Gap)
	}
	tw.Flush()
}

// round3 rounds d to three significant digits, for printing.
func round3(d time.Duration) time.Duration {
	m := time.Duration(1)
	for d/m >= 1000 {
		m *= 10
	}
	return d.Round(m)
}

// picture2D draws both methods from three seeded starts over the contours
// of the 2-D negative Alpine function.
func picture2D(cfg config, w io.Writer) error {
	f := func(x, y float64) float64 { return NegAlpine([]float64{x, y}) }
	g := pics.NewGrid(f, -1, 12, -1, 12, 131, 131)
	p := plot.New()
	p.Title.Text = "Negative Alpine, 2-D: hill-climbing vs gradient ascent"
	p.X.Label.Text = "x0"
	p.Y.Label.Text = "x1"
	pics.AddContours(p, g, pics.LinearLevels(g, 14))
	for k := range 3 {
		x0 := start(cfg.seed+100, k, 2, 0, 11)
		var hcTr, gaTr optim.Trace
		s := &optim.Settings{Maximize: true, MaxIterations: 150, Seed: cfg.seed + uint64(k), Trace: &hcTr}
		rh, err := optim.HillClimb(NegAlpine, x0, optim.HillClimbing{Step: 0.3}, s)
		if err != nil {
			return err
		}
		s.Trace, s.MaxIterations = &gaTr, 60
		rg, err := optim.Optimize(NegAlpineGrad, x0, &optim.GD{LearningRate: 0.05}, s)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "2-D start (%.2f, %.2f): hill-climbing f=%.4f after %d evaluations; gradient ascent f=%.4f after %d\n",
			x0[0], x0[1], rh.F, rh.FuncEvals, rg.F, rg.GradEvals)
		hcName, gaName := "", ""
		if k == 0 {
			hcName, gaName = "hill-climbing (150 evals)", "gradient ascent (60 grads)"
		}
		if err := pics.AddPath(p, hcTr.X, pics.Color(1), hcName, true); err != nil {
			return err
		}
		if err := pics.AddPath(p, gaTr.X, pics.Color(0), gaName, true); err != nil {
			return err
		}
	}
	p.Legend.Top = true
	p.Y.Max = 14 // room for the legend above the contours
	if err := pics.SavePNG(p, cfg.out2D, 600, 520); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s\n", cfg.out2D)
	return nil
}

// pictureND plots evaluations and time to the target against n.
func pictureND(cfg config, rows []row) error {
	pe, pt := plot.New(), plot.New()
	pe.Title.Text = "evaluations to the target"
	pt.Title.Text = "time to the target (s)"
	for _, p := range []*plot.Plot{pe, pt} {
		p.X.Label.Text = "n"
		pics.LogX(p)
		pics.LogY(p)
		p.Legend.Top = true
		p.Legend.Left = true
		p.Legend.YOffs = vg.Points(-4)
	}
	for i, m := range []string{hillClimbing, gradientAscent} {
		var ns, ev, tm []float64
		for _, r := range rows {
			if r.Method == m {
				ns = append(ns, float64(r.N))
				ev = append(ev, float64(r.Evals))
				tm = append(tm, r.Time.Seconds())
			}
		}
		c := pics.Color(1 - i)
		if err := pics.AddCurve(pe, ns, ev, c, m, true); err != nil {
			return err
		}
		if err := pics.AddCurve(pt, ns, tm, c, m, true); err != nil {
			return err
		}
	}
	pe.Y.Label.Text = fmt.Sprintf("median evaluations (budget %d)", cfg.budget)
	return pics.SaveGrid([]*plot.Plot{pe, pt}, cfg.outND, 800, 380)
}
