// Command differentiate compares the lecture's ways to differentiate, on
// Rosenbrock's function in n dimensions (differentiate.expr):
//
//   - finite differences, forward (f(x+h e_i) - f(x))/h and central
//     (f(x+h e_i) - f(x-h e_i))/(2h): n+1 or 2n evaluations of f, and an
//     error that falls with h until round-off takes over (the V-shaped curve);
//   - forward-mode automatic differentiation with dual numbers (dual.go):
//     exact, but one pass per input, so n passes;
//   - reverse-mode automatic differentiation with a Wengert tape (tape.go):
//     exact, one pass forward and one back, whatever n;
//   - gradc's symbolic gradient, generated Go (differentiate_gradc.go).
//
// Each is checked against the gradient derived by hand, and timed as n grows.
//
//	cd examples && go run ./differentiate
//	cd examples && go run ./differentiate -sizes 10,100,1000   # quick
package main

//go:generate go run github.com/gradc/gradc/cmd/gradc build -o differentiate_gradc.go differentiate.expr

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gradc/gradc/examples/internal/pics"
)

// config holds the flags of a run.
type config struct {
	sizes   []int         // the n of the timing table
	stepN   int           // the n of the error-against-step curve
	seed    uint64        // seed of the point x
	minTime time.Duration // each timing repeats the gradient for at least this long
	dir     string        // folder of the PNGs; empty: no pictures
}

func main() {
	var c config
	sizes := flag.String("sizes", "10,100,1000,10000", "comma-separated n of the comparison")
	flag.IntVar(&c.stepN, "step-n", 100, "n of the error-against-step curve")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the point x, uniform in [-2, 2]^n")
	flag.DurationVar(&c.minTime, "mintime", 50*time.Millisecond, "time each method for at least this long")
	flag.StringVar(&c.dir, "dir", "differentiate", "folder for the PNGs; empty: no pictures")
	flag.Parse()
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 2 {
			fmt.Fprintf(os.Stderr, "differentiate: -sizes: %q is not an integer >= 2\n", f)
			os.Exit(2)
		}
		c.sizes = append(c.sizes, n)
	}
	if _, _, err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "differentiate:", err)
		os.Exit(1)
	}
}

// analyticGrad is the gradient of Rosenbrock's function derived by hand,
// the reference every method is checked against:
//
//	∂/∂x_i = -400 x_i (x_{i+1} - x_i²) - 2 (1 - x_i)  (i < n-1)
//	       + 200 (x_i - x_{i-1}²)                     (i > 0)
func analyticGrad(grad, x []float64) {
	n := len(x)
	for i := range x {
		var g float64
		if i < n-1 {
			g += -400*x[i]*(x[i+1]-x[i]*x[i]) - 2*(1-x[i])
		}
		if i > 0 {
			g += 200 * (x[i] - x[i-1]*x[i-1])
		}
		grad[i] = g
	}
}

// forwardDiff approximates the gradient by forward differences with step
// h·max(1, |x_i|): n+1 evaluations of f. It modifies x and restores it.
func forwardDiff(grad, x []float64, h float64) float64 {
	f0 := Rosenbrock(x)
	for i, xi := range x {
		hi := h * math.Max(1, math.Abs(xi))
		x[i] = xi + hi
		hi = x[i] - xi // the step actually taken, exactly representable
		if hi == 0 {
			grad[i] = math.NaN() // the step vanished below x_i's spacing
		} else {
			grad[i] = (Rosenbrock(x) - f0) / hi
		}
		x[i] = xi
	}
	return f0
}

// centralDiff approximates the gradient by central differences with step
// h·max(1, |x_i|): 2n evaluations of f. It modifies x and restores it.
func centralDiff(grad, x []float64, h float64) {
	for i, xi := range x {
		hi := h * math.Max(1, math.Abs(xi))
		x[i] = xi + hi
		fp := Rosenbrock(x)
		x[i] = xi - hi
		fm := Rosenbrock(x)
		grad[i] = (fp - fm) / (2 * hi)
		x[i] = xi
	}
}

// Steps at which the finite differences balance truncation and round-off:
// about sqrt(ε) for forward, cbrt(ε) for central differences (ε = 2^-52).
var (
	forwardStep = math.Sqrt(0x1p-52)
	centralStep = math.Cbrt(0x1p-52)
)

// method is one way to compute the gradient. grad computes it at x (which it
// may modify temporarily); setup makes the buffers for n.
type method struct {
	name  string
	cost  string // what one gradient costs, in evaluations or passes
	perX  bool   // one pass per input: the time grows as n²
	setup func(n int) func(grad, x []float64)
}

var methods = []method{
	{"forward difference", "n+1 evaluations of f", true, func(int) func(grad, x []float64) {
		return func(grad, x []float64) { forwardDiff(grad, x, forwardStep) }
	}},
	{"central difference", "2n evaluations of f", true, func(int) func(grad, x []float64) {
		return func(grad, x []float64) { centralDiff(grad, x, centralStep) }
	}},
	{"forward mode (dual numbers)", "n dual passes", true, func(n int) func(grad, x []float64) {
		buf := make([]dual, n)
		return func(grad, x []float64) { forwardGrad(grad, x, buf) }
	}},
	{"reverse mode (tape)", "1 pass + 1 sweep", false, func(n int) func(grad, x []float64) {
		t := &tape{nodes: make([]node, 0, 12*n)}
		xs := make([]rvar, n)
		return func(grad, x []float64) { t.reverseGrad(grad, x, xs) }
	}},
	{"gradc (generated Go)", "1 fused loop", false, func(int) func(grad, x []float64) {
		return func(grad, x []float64) { RosenbrockGrad(grad, x) }
	}},
}

// measure is one method at one n.
type measure struct {
	N      int
	Method string
	Time   time.Duration // per gradient
	FTime  time.Duration // per evaluation of f at the same n
	RelErr float64       // max_i |g_i - ref_i| / max_i |ref_i|
}

// stepPoint is the error of both finite differences at one step h.
type stepPoint struct{ H, Forward, Central float64 }

// point returns the seeded point in [-2, 2]^n.
func point(seed uint64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	x := make([]float64, n)
	for i := range x {
		x[i] = -2 + 4*rng.Float64()
	}
	return x
}

// relErr is max_i |g_i - ref_i| / max_i |ref_i|.
func relErr(g, ref []float64) float64 {
	var num, den float64
	for i := range g {
		num = math.Max(num, math.Abs(g[i]-ref[i]))
		den = math.Max(den, math.Abs(ref[i]))
	}
	return num / den
}

// timeIt returns the time per call of f: it finds a count of calls that
// takes at least minTime/5 (doubling from 1), then times five batches of
// that count and keeps the fastest, the one least disturbed by other work on
// the machine.
func timeIt(f func(), minTime time.Duration) time.Duration {
	k := 1
	for {
		t0 := time.Now()
		for range k {
			f()
		}
		if time.Since(t0) >= minTime/5 || k >= 1<<30 {
			break
		}
		k *= 2
	}
	best := time.Duration(math.MaxInt64)
	for range 5 {
		t0 := time.Now()
		for range k {
			f()
		}
		best = min(best, time.Since(t0))
	}
	return best / time.Duration(k)
}

// run prints and returns the accuracy and timing table and the
// error-against-step curve, and draws them.
func run(c config, w io.Writer) ([]measure, []stepPoint, error) {
	var ms []measure
	fmt.Fprintf(w, "Rosenbrock's function at a point uniform in [-2, 2]^n (seed %d); error = max|g - ref| / max|ref| against the gradient derived by hand\n", c.seed)
	for _, n := range c.sizes {
		x := point(c.seed, n)
		ref := make([]float64, n)
		analyticGrad(ref, x)
		fTime := timeIt(func() { Rosenbrock(x) }, c.minTime)
		fmt.Fprintf(w, "n=%d: one evaluation of f takes %v\n", n, fTime)
		for _, m := range methods {
			g := m.setup(n)
			grad := make([]float64, n)
			g(grad, x)
			e := relErr(grad, ref)
			d := timeIt(func() { g(grad, x) }, c.minTime)
			ms = append(ms, measure{N: n, Method: m.name, Time: d, FTime: fTime, RelErr: e})
		}
	}
	printTable(w, ms)

	// The V: the error of both finite differences against the step.
	x := point(c.seed, c.stepN)
	ref := make([]float64, c.stepN)
	analyticGrad(ref, x)
	grad := make([]float64, c.stepN)
	var steps []stepPoint
	for k := 4; k <= 64; k++ {
		h := math.Pow(10, -float64(k)/4)
		var sp stepPoint
		sp.H = h
		forwardDiff(grad, x, h)
		sp.Forward = relErr(grad, ref)
		centralDiff(grad, x, h)
		sp.Central = relErr(grad, ref)
		steps = append(steps, sp)
	}
	bf, bc := steps[0], steps[0]
	for _, sp := range steps {
		if sp.Forward < bf.Forward {
			bf = sp
		}
		if sp.Central < bc.Central {
			bc = sp
		}
	}
	fmt.Fprintf(w, "\nerror against step h at n=%d (h from 1e-1 to 1e-16):\n", c.stepN)
	fmt.Fprintf(w, "  forward difference: best %.2g at h=%.2g; %.2g at h=1e-1, %.2g at h=1e-12\n",
		bf.Forward, bf.H, steps[0].Forward, steps[44].Forward)
	fmt.Fprintf(w, "  central difference: best %.2g at h=%.2g; %.2g at h=1e-1, %.2g at h=1e-12\n",
		bc.Central, bc.H, steps[0].Central, steps[44].Central)
	if c.dir != "" {
		if err := pictures(c, ms, steps); err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(w, "wrote %s and %s\n", filepath.Join(c.dir, "differentiate_step.png"), filepath.Join(c.dir, "differentiate_time.png"))
	}
	return ms, steps, nil
}

func printTable(w io.Writer, ms []measure) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "n\tmethod\tcost\ttime per gradient\tin evaluations of f\terror\t")
	for _, m := range ms {
		cost := ""
		for _, md := range methods {
			if md.name == m.Method {
				cost = md.cost
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%v\t%.3g\t%.1e\t\n", m.N, m.Method, cost, round3(m.Time),
			float64(m.Time)/float64(m.FTime), m.RelErr)
	}
	tw.Flush()
}

// pictures draws the error against the step (with the exact methods'
// errors as horizontal lines) and the time per gradient against n.
func pictures(c config, ms []measure, steps []stepPoint) error {
	const floor = 1e-17 // where an error of exactly 0 is drawn
	p := plot.New()
	p.Title.Text = fmt.Sprintf("gradient error against the step h (n = %d); the exact methods overlap", c.stepN)
	p.X.Label.Text, p.Y.Label.Text = "h", "max |g - ref| / max |ref|"
	pics.LogX(p)
	pics.LogY(p)
	hs := make([]float64, len(steps))
	fe := make([]float64, len(steps))
	ce := make([]float64, len(steps))
	for i, s := range steps {
		hs[i], fe[i], ce[i] = s.H, math.Max(s.Forward, floor), math.Max(s.Central, floor)
	}
	if err := pics.AddCurve(p, hs, fe, pics.Color(0), "forward difference", true); err != nil {
		return err
	}
	if err := pics.AddCurve(p, hs, ce, pics.Color(1), "central difference", true); err != nil {
		return err
	}
	// The exact methods do not depend on h: their error at the n closest
	// to stepN, drawn flat.
	for i, m := range methods[2:] {
		e := floor
		bestN := -1
		for _, r := range ms {
			if r.Method == m.name && (bestN < 0 || abs(r.N-c.stepN) < abs(bestN-c.stepN)) {
				bestN, e = r.N, math.Max(r.RelErr, floor)
			}
		}
		if bestN < 0 {
			continue
		}
		if err := pics.AddCurve(p, []float64{hs[0], hs[len(hs)-1]}, []float64{e, e}, pics.Color(2+i), m.name, true); err != nil {
			return err
		}
	}
	p.Y.Min = floor / 10
	p.Legend.YOffs = vg.Points(30) // bottom right, above the flat lines
	if err := pics.SavePNG(p, filepath.Join(c.dir, "differentiate_step.png"), 600, 450); err != nil {
		return err
	}

	tp := plot.New()
	tp.Title.Text = "time per gradient against n"
	tp.X.Label.Text, tp.Y.Label.Text = "n", "seconds"
	pics.LogX(tp)
	pics.LogY(tp)
	for i, m := range methods {
		var ns, ts []float64
		for _, r := range ms {
			if r.Method == m.name {
				ns = append(ns, float64(r.N))
				ts = append(ts, r.Time.Seconds())
			}
		}
		if err := pics.AddCurve(tp, ns, ts, pics.Color(i), m.name, true); err != nil {
			return err
		}
	}
	tp.Legend.Top = true
	tp.Legend.Left = true
	tp.Legend.XOffs = vg.Points(6)
	return pics.SavePNG(tp, filepath.Join(c.dir, "differentiate_time.png"), 600, 450)
}

// round3 rounds d to three significant digits, for printing.
func round3(d time.Duration) time.Duration {
	m := time.Duration(1)
	for d/m >= 1000 {
		m *= 10
	}
	return d.Round(m)
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}
