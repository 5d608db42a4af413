package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gradc/gradc/lang"
)

// RelErr is the relative error between a and b:
//
//	|a - b| / max(1, |a|, |b|)
//
// so it is an absolute error for numbers below 1 in magnitude. Two NaNs, or
// two infinities of the same sign, are equal (error 0); a NaN or an
// infinity against anything else is an error of +Inf.
func RelErr(a, b float64) float64 {
	switch {
	case a == b, math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0):
		return math.Inf(1)
	}
	return math.Abs(a-b) / max(1, math.Abs(a), math.Abs(b))
}

// MaxRelErr is the largest RelErr between a[i] and b[i]; +Inf when the
// lengths differ, 0 for two empty vectors.
func MaxRelErr(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		m = max(m, RelErr(a[i], b[i]))
	}
	return m
}

// FDErr is the error between an exact derivative a and a finite-difference
// estimate b that carries rounding noise: the largest
//
//	max(0, |a[i] - b[i]| - noise) / max(1, |a[i]|, |b[i]|)
//
// A central difference of step h of a function of magnitude |f| rounds
// to about ε|f|/h (ε|f|/h² for a second difference): FDNoise gives that
// noise, so that badly scaled functions are judged on what differences can
// tell. NaNs and infinities count as in RelErr.
func FDErr(a, b []float64, noise float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		e := RelErr(a[i], b[i])
		if e != 0 && !math.IsInf(e, 1) {
			e = max(0, math.Abs(a[i]-b[i])-noise) / max(1, math.Abs(a[i]), math.Abs(b[i]))
		}
		m = max(m, e)
	}
	return m
}

// FDNoise is the rounding noise of a finite difference of order (1 or 2)
// with step h of a function of value f: 10 ε |f| / h^order.
func FDNoise(f, h float64, order int) float64 {
	return 10 * 0x1p-52 * math.Abs(f) / math.Pow(h, float64(order))
}

// Tolerances of Check, and the distances to a switch (Result.Kink) below
// which it does not compare with finite differences.
const (
	// TolExact bounds the error between two exact derivatives (oracles, the
	// tape, generated Go): they differ only by rounding.
	TolExact = 1e-9
	// TolCentral bounds the error of central differences on the gradient
	// (step 6e-6: truncation about 1e-11, rounding about 4e-11*|f|).
	TolCentral = 1e-5
	// TolCentralHess bounds the error of central differences on the
	// Hessian (step CentralHessStep: truncation and rounding about 1e-8).
	TolCentralHess = 1e-4
	// KinkGap and KinkGapHess: the smallest distance to a switch at which
	// the gradient and the Hessian are compared with finite differences:
	// a stencil of step h moves a switch's a-b by about h*|∇(a-b)|, so these
	// leave room for slopes up to about 100.
	KinkGap     = 1e-3
	KinkGapHess = 2e-2
)

// valueRanges are the boxes random values are drawn from, in turn, until
// the fn's value is finite: a general one, then positive numbers (log,
// sqrt), the inside of [-1, 1] (asin, atanh), and numbers above 1 (acosh).
var valueRanges = [][2]float64{{-2, 2}, {0.1, 2}, {-0.9, 0.9}, {1.1, 3}}

// MaxTries is how many random points RandomPoint draws before it gives up.
const MaxTries = 200

// RandomPoint draws a point of f: sizes from 1 to 6 for every size symbol
// (retrying when a bound the fn checks at run time fails), variables and
// data uniform in a box, retried until the value is finite. sizes, when
// not nil, fixes some sizes by name.
func (f *Func) RandomPoint(rng *rand.Rand, sizes map[string]int) (*Point, error) {
	var last error
	for try := 0; try < MaxTries; try++ {
		sz := make([]int, len(f.Fn.Sizes))
		named := map[string]int{}
		for k, s := range f.Fn.Sizes {
			sz[k] = 1 + rng.IntN(6)
			if try >= MaxTries/2 {
				sz[k] = 1 + rng.IntN(12)
			}
			if n, ok := sizes[s.Name()]; ok {
				sz[k] = n
			}
			named[s.Name()] = sz[k]
		}
		if err := f.checkBounds(sz); err != nil {
			last = err
			continue
		}
		box := valueRanges[try%len(valueRanges)]
		draw := func() float64 { return box[0] + (box[1]-box[0])*rng.Float64() }
		x := make([]float64, f.NumVars(sz))
		for i := range x {
			x[i] = draw()
		}
		data := make([]any, len(f.Fn.Data))
		for k, p := range f.Fn.Data {
			dims := make([]int, p.Rank())
			for j, d := range p.Dims {
				dims[j] = d.Fixed
				if d.Size != nil {
					dims[j] = sz[f.sizeIndex(d.Size.Name())]
				}
			}
			switch p.Rank() {
			case 0:
				data[k] = draw()
			case 1:
				v := make([]float64, dims[0])
				for i := range v {
					v[i] = draw()
				}
				data[k] = v
			default:
				m := make([][]float64, dims[0])
				for i := range m {
					m[i] = make([]float64, dims[1])
					for j := range m[i] {
						m[i][j] = draw()
					}
				}
				data[k] = m
			}
		}
		pt, err := f.NewPointSizes(named, x, data...)
		if err != nil {
			last = err
			continue
		}
		v, _, err := f.Value(pt)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			last = fmt.Errorf("fn %s: value %v at every point tried", f.Name(), v)
			continue
		}
		return pt, nil
	}
	return nil, fmt.Errorf("fn %s: no point with a finite value in %d tries: %v", f.Name(), MaxTries, last)
}

// Candidate is a further value and gradient to check against the oracles:
// the tape, or generated Go.
type Candidate struct {
	Name string
	Eval func(f *Func, pt *Point) (value float64, grad []float64, err error)
}

// CheckOptions configure Check.
type CheckOptions struct {
	N          int    // random points per fn; 0 means 20
	Seed       uint64 // seed of the random points
	Hessian    bool   // also check the Hessian and Hessian-vector products
	Candidates []Candidate
}

// Comparison is the largest relative error (RelErr) between two ways to
// compute a fn's derivatives, over the points where they were compared.
type Comparison struct {
	A, B   string // "forward", "reverse", "central", "hessian", "hessvec" or a candidate
	What   string // "grad" (value and gradient) or "hess"
	Max    float64
	Tol    float64
	Points int // how many points were compared
	Worst  *Point
}

// OK reports whether the largest error is within the tolerance.
func (c *Comparison) OK() bool { return c.Max <= c.Tol }

// Report is the outcome of Check for one fn.
type Report struct {
	Fn     string
	Points int // points evaluated
	Kinks  int // points near a switch, skipped by finite differences
	// Overflows counts the comparisons with finite differences skipped
	// because a difference overflowed (1e308*x) where the exact
	// derivative is finite: a difference there says nothing.
	Overflows   int
	Comparisons []*Comparison
	Err         error // the fn could not be checked
}

// OK reports whether the fn was checked and every comparison passed.
func (r *Report) OK() bool {
	if r.Err != nil {
		return false
	}
	for _, c := range r.Comparisons {
		if !c.OK() {
			return false
		}
	}
	return true
}

func (r *Report) cmp(a, b, what string, tol float64) *Comparison {
	for _, c := range r.Comparisons {
		if c.A == a && c.B == b && c.What == what {
			return c
		}
	}
	c := &Comparison{A: a, B: b, What: what, Tol: tol}
	r.Comparisons = append(r.Comparisons, c)
	return c
}

// Add records one error measured at pt: it counts the point and keeps the
// largest error (NaN counts as +Inf) and the point where it was seen.
func (c *Comparison) Add(err float64, pt *Point) {
	c.Points++
	if math.IsNaN(err) {
		err = math.Inf(1)
	}
	if c.Worst == nil || err > c.Max {
		c.Max, c.Worst = err, pt
	}
}

// Check cross-checks the fns of prog named in names (all when none) at
// opts.N random points each: forward against reverse mode (value and
// gradient), both against central differences away from switches, each
// candidate against forward mode, and with opts.Hessian the
// forward-over-reverse Hessian against central differences and
// Hessian-vector products against it. It returns one report per fn, in
// the program's order; an unknown name is an error.
func Check(prog *lang.Program, opts CheckOptions, names ...string) ([]*Report, error) {
	if prog == nil {
		return nil, fmt.Errorf("no program")
	}
	fns := prog.Fns
	if len(names) > 0 {
		fns = nil
		for _, name := range names {
			f, err := Lookup(prog, name)
			if err != nil {
				return nil, err
			}
			fns = append(fns, f.Fn)
		}
	}
	n := opts.N
	if n <= 0 {
		n = 20
	}
	var reports []*Report
	for i, fn := range fns {
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(i)))
		f := &Func{Prog: prog, Fn: fn}
		r := &Report{Fn: fn.Name()}
		for k := 0; k < n && r.Err == nil; k++ {
			r.Err = f.checkAt(r, rng, opts)
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// checkAt draws one point and adds its comparisons to r.
func (f *Func) checkAt(r *Report, rng *rand.Rand, opts CheckOptions) error {
	pt, err := f.RandomPoint(rng, nil)
	if err != nil {
		return err
	}
	fw, err := f.Forward(pt)
	if err != nil {
		return err
	}
	rv, err := f.Reverse(pt)
	if err != nil {
		return err
	}
	r.Points++
	vg := func(v float64, g []float64) []float64 { return append([]float64{v}, g...) }
	r.cmp("forward", "reverse", "grad", TolExact).Add(MaxRelErr(vg(fw.Value, fw.Grad), vg(rv.Value, rv.Grad)), pt)
	for _, c := range opts.Candidates {
		v, g, err := c.Eval(f, pt)
		if err != nil {
			return fmt.Errorf("%s: %v", c.Name, err)
		}
		r.cmp(c.Name, "forward", "grad", TolExact).Add(MaxRelErr(vg(v, g), vg(fw.Value, fw.Grad)), pt)
	}
	if fw.Kink < KinkGap || !allFinite(fw.Grad) {
		r.Kinks++
	} else {
		cg, err := f.CentralGradient(pt)
		if err != nil {
			return err
		}
		if allFinite(cg) {
			noise := FDNoise(fw.Value, CentralStep, 1)
			r.cmp("forward", "central", "grad", TolCentral).Add(FDErr(fw.Grad, cg, noise), pt)
			r.cmp("reverse", "central", "grad", TolCentral).Add(FDErr(rv.Grad, cg, noise), pt)
		} else {
			r.Overflows++
		}
	}
	if !opts.Hessian {
		return nil
	}
	h, err := f.Hessian(pt)
	if err != nil {
		return err
	}
	r.cmp("hessian", "forward", "grad", TolExact).Add(MaxRelErr(vg(h.Value, h.Grad), vg(fw.Value, fw.Grad)), pt)
	v := make([]float64, len(pt.X))
	for i := range v {
		v[i] = rng.Float64()*2 - 1
	}
	hv, err := f.HessVec(pt, v)
	if err != nil {
		return err
	}
	n := len(pt.X)
	want := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			want[i] += h.Hess[i*n+j] * v[j]
		}
	}
	r.cmp("hessvec", "hessian", "hess", TolExact).Add(MaxRelErr(hv, want), pt)
	if h.Kink >= KinkGapHess && allFinite(h.Hess) {
		ch, err := f.CentralHessian(pt)
		if err != nil {
			return err
		}
		if allFinite(ch) {
			noise := FDNoise(h.Value, CentralHessStep, 2)
			r.cmp("hessian", "central", "hess", TolCentralHess).Add(FDErr(h.Hess, ch, noise), pt)
		} else {
			r.Overflows++
		}
	}
	return nil
}

// allFinite reports whether every element of v is a finite number.
func allFinite(v []float64) bool {
	return !slices.ContainsFunc(v, func(g float64) bool { return math.IsNaN(g) || math.IsInf(g, 0) })
}
