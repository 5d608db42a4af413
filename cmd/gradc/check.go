package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gradc/gradc"
	"github.com/gradc/gradc/autodiff"
	"github.com/gradc/gradc/lang"
)

func init() {
	register(&command{
		name:    "check",
		args:    "[-json] [-n N] [-seed S] [-go=false] FILE.expr [FUNC...]",
		summary: "cross-check the compiled derivatives against autodiff and finite differences",
		doc: `
Cross-checks each fn (or each FUNC named) at N random points: the tape's
value and gradient against forward-mode automatic differentiation, forward
against reverse mode, both against central finite differences (skipped at
points within a step of an if, abs, sign, min, max, floor or ceil switch),
the tape's Hessian and Hessian-vector products against forward-over-reverse
differentiation, and that Hessian against central second differences.

Where a go command is on PATH (unless -go=false), check also generates Go
for the fns (with NameHess and NameHessVec), builds it once with a driver
in a temporary module and runs it at the very points of the tape's
comparison with forward mode: rows "go vs forward" (value and gradient),
"go vs hessian" and "go vs hessvec". Without a go command that works (or
for a fn whose name cannot be a Go name) it says in one line that the
generated Go was not checked; generated Go that does not compile, or that
panics, is a failure.

Points are random: sizes from 1 to 6 for every size symbol, variables and
data uniform in a box, retried until the value is finite. Prints, per fn, a
table of the largest relative error |a-b|/max(1,|a|,|b|) of each comparison
and its tolerance, and exits 1 where any exceeds its tolerance.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			asJSON := fs.Bool("json", false, "print the reports as JSON")
			n := fs.Int("n", 20, "random points per fn")
			seed := fs.Uint64("seed", 1, "seed of the random points")
			goOn := fs.Bool("go", true, "also build and check the generated Go (needs a go command on PATH)")
			return func(e *env, args []string) int {
				return runCheck(e, args, *asJSON, *n, *seed, *goOn)
			}
		},
	})
}

// The evaluations that check judges: variables so that a test can inject
// a wrong derivative and see the check fail.
var (
	checkGrad    = (*gradc.Evaluator).Grad
	checkHess    = (*gradc.Evaluator).Hess
	checkHessVec = (*gradc.Evaluator).HessVec
)

func runCheck(e *env, args []string, asJSON bool, n int, seed uint64, goOn bool) int {
	if len(args) < 1 {
		fmt.Fprintln(e.stderr, "gradc check: want FILE.expr [FUNC...]; see gradc help check")
		return exitUsage
	}
	if n <= 0 {
		fmt.Fprintf(e.stderr, "gradc check: -n %d: want at least 1 point\n", n)
		return exitUsage
	}
	file, names := args[0], args[1:]
	src, err := lang.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc check: %v\n", err)
		return exitInput
	}
	m, err := gradc.Compile(file, src)
	if err != nil {
		reportErrors(e.stderr, err, map[string][]byte{file: src})
		return exitInput
	}
	if len(names) == 0 {
		names = m.Funcs()
	}
	if len(names) == 0 {
		fmt.Fprintf(e.stdout, "%s declares no fn: nothing to check\n", file)
		return exitOK
	}
	evs := map[string]*gradc.Evaluator{}
	failed := map[string]error{} // fns the tape cannot compile
	var good []string
	for _, name := range names {
		f, err := m.Func(name)
		if err != nil {
			if m.Program().Fn(name) == nil {
				reportErrors(e.stderr, err, map[string][]byte{file: src})
				return exitInput
			}
			failed[name] = err
			continue
		}
		evs[name] = f.NewEvaluator()
		good = append(good, name)
	}
	tape := autodiff.Candidate{Name: "tape", Eval: func(f *autodiff.Func, pt *autodiff.Point) (float64, []float64, error) {
		grad := make([]float64, len(pt.X))
		v, err := checkGrad(evs[f.Name()], grad, pt.X, pt.Data...)
		return v, grad, err
	}}
	pts := goPoints{}
	var checked []*autodiff.Report
	if len(good) > 0 {
		checked, err = autodiff.Check(m.Program(), autodiff.CheckOptions{N: n, Seed: seed, Hessian: true, Candidates: []autodiff.Candidate{pts.recorder(tape)}}, good...)
		if err != nil {
			fmt.Fprintf(e.stderr, "gradc check: %v\n", err)
			return exitInput
		}
	}
	for i, r := range checked {
		if r.Err == nil {
			r.Err = checkTape(m, evs[r.Fn], r, n, seed+uint64(i)+1)
		}
	}
	goOK := true
	if goOn {
		goOK = checkGo(e, file, m, checked, pts, seed)
	}
	var reports []*autodiff.Report
	for _, name := range names {
		if err, ok := failed[name]; ok {
			reports = append(reports, &autodiff.Report{Fn: name, Err: err})
			continue
		}
		reports = append(reports, checked[0])
		checked = checked[1:]
	}
	ok := goOK
	for _, r := range reports {
		ok = ok && r.OK()
	}
	if asJSON {
		writeCheckJSON(e.stdout, reports)
	} else {
		writeCheckText(e.stdout, reports)
	}
	if !ok {
		var bad, broken []string
		for _, r := range reports {
			switch {
			case r.Err != nil:
				broken = append(broken, r.Fn)
			case !r.OK():
				bad = append(bad, r.Fn)
			}
		}
		if len(bad) > 0 {
			fmt.Fprintf(e.stderr, "gradc check: %s: derivatives of %s differ from the oracles beyond their tolerance\n", file, strings.Join(bad, ", "))
		}
		if len(broken) > 0 {
			fmt.Fprintf(e.stderr, "gradc check: %s: %s could not be checked (see the report)\n", file, strings.Join(broken, ", "))
		}
		return exitInput
	}
	return exitOK
}

// checkTape adds the tape's other comparisons to r, at n random points of
// its own: its value and gradient against reverse mode and (away from
// switches) against central differences, its Hessian and Hessian-vector
// product against forward-over-reverse. Points where either Hessian is not
// finite (a singularity, where the symbolic derivative gives 0*Inf and the
// oracle a structural zero) are not compared.
func checkTape(m *gradc.Module, ev *gradc.Evaluator, r *autodiff.Report, n int, seed uint64) error {
	f, err := autodiff.Lookup(m.Program(), r.Fn)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0x4e55))
	rc := &autodiff.Comparison{A: "tape", B: "reverse", What: "grad", Tol: autodiff.TolExact}
	cc := &autodiff.Comparison{A: "tape", B: "central", What: "grad", Tol: autodiff.TolCentral}
	hc := &autodiff.Comparison{A: "tape", B: "hessian", What: "hess", Tol: autodiff.TolExact}
	vc := &autodiff.Comparison{A: "tape", B: "hessvec", What: "hess", Tol: autodiff.TolExact}
	vg := func(v float64, g []float64) []float64 { return append([]float64{v}, g...) }
	for k := 0; k < n; k++ {
		pt, err := f.RandomPoint(rng, nil)
		if err != nil {
			return err
		}
		nx := len(pt.X)
		grad := make([]float64, nx)
		v, err := checkGrad(ev, grad, pt.X, pt.Data...)
		if err != nil {
			return fmt.Errorf("tape: %v", err)
		}
		rv, err := f.Reverse(pt)
		if err != nil {
			return err
		}
		rc.Add(autodiff.MaxRelErr(vg(v, grad), vg(rv.Value, rv.Grad)), pt)
		if rv.Kink >= autodiff.KinkGap && finite(rv.Grad) {
			cg, err := f.CentralGradient(pt)
			if err != nil {
				return err
			}
			if finite(cg) { // else a difference overflowed: it says nothing
				cc.Add(autodiff.FDErr(grad, cg, autodiff.FDNoise(v, autodiff.CentralStep, 1)), pt)
			}
		}
		want, err := f.Hessian(pt)
		if err != nil {
			return err
		}
		hess := make([]float64, nx*nx)
		if _, err := checkHess(ev, hess, pt.X, pt.Data...); err != nil {
			return fmt.Errorf("tape: %v", err)
		}
		if !finite(hess) || !finite(want.Hess) {
			continue
		}
		hc.Add(autodiff.MaxRelErr(hess, want.Hess), pt)
		dir := make([]float64, nx)
		for i := range dir {
			dir[i] = 2*rng.Float64() - 1
		}
		hv := make([]float64, nx)
		if _, err := checkHessVec(ev, hv, pt.X, dir, pt.Data...); err != nil {
			return fmt.Errorf("tape: %v", err)
		}
		wantHV, err := f.HessVec(pt, dir)
		if err != nil {
			return err
		}
		vc.Add(autodiff.MaxRelErr(hv, wantHV), pt)
	}
	r.Comparisons = append(r.Comparisons, rc, cc, hc, vc)
	return nil
}

func finite(vs []float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func writeCheckText(w io.Writer, reports []*autodiff.Report) {
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "fn %s: %d points, %d near a switch (no finite differences there)", r.Fn, r.Points, r.Kinks)
		if r.Overflows > 0 {
			fmt.Fprintf(w, ", %d finite differences skipped where they overflow", r.Overflows)
		}
		fmt.Fprintln(w)
		if r.Err != nil {
			fmt.Fprintf(w, "  FAIL: %v\n", r.Err)
			continue
		}
		fmt.Fprintf(w, "  %-20s %-5s %7s %12s %9s\n", "comparison", "what", "points", "max rel err", "tolerance")
		for _, c := range r.Comparisons {
			status := "ok"
			if !c.OK() {
				status = "FAIL"
			}
			fmt.Fprintf(w, "  %-20s %-5s %7d %12.3g %9.0e  %s\n", c.A+" vs "+c.B, c.What, c.Points, c.Max, c.Tol, status)
		}
		for _, c := range r.Comparisons {
			if !c.OK() && c.Worst != nil {
				fmt.Fprintf(w, "  worst %s vs %s at %s\n", c.A, c.B, pointString(r, c.Worst))
			}
		}
	}
}

// pointString describes a point: x, the sizes and the data.
func pointString(r *autodiff.Report, pt *autodiff.Point) string {
	var b strings.Builder
	fmt.Fprintf(&b, "x = %v", pt.X)
	if len(pt.Sizes) > 0 {
		fmt.Fprintf(&b, ", sizes %v", pt.Sizes)
	}
	if len(pt.Data) > 0 {
		fmt.Fprintf(&b, ", data %v", pt.Data)
	}
	return b.String()
}

type jsonComparison struct {
	A      string   `json:"a"`
	B      string   `json:"b"`
	What   string   `json:"what"`
	Points int      `json:"points"`
	Max    *float64 `json:"max"` // null when not finite
	Tol    float64  `json:"tol"`
	OK     bool     `json:"ok"`
}

type jsonReport struct {
	Fn          string           `json:"fn"`
	Points      int              `json:"points"`
	Kinks       int              `json:"kinks"`
	Overflows   int              `json:"overflows"` // finite differences skipped where they overflow
	OK          bool             `json:"ok"`
	Error       string           `json:"error,omitempty"`
	Comparisons []jsonComparison `json:"comparisons"`
}

func writeCheckJSON(w io.Writer, reports []*autodiff.Report) {
	out := []jsonReport{}
	for _, r := range reports {
		jr := jsonReport{Fn: r.Fn, Points: r.Points, Kinks: r.Kinks, Overflows: r.Overflows, OK: r.OK(), Comparisons: []jsonComparison{}}
		if r.Err != nil {
			jr.Error = r.Err.Error()
		}
		for _, c := range r.Comparisons {
			jc := jsonComparison{A: c.A, B: c.B, What: c.What, Points: c.Points, Tol: c.Tol, OK: c.OK()}
			if !math.IsNaN(c.Max) && !math.IsInf(c.Max, 0) {
				v := c.Max
				jc.Max = &v
			}
			jr.Comparisons = append(jr.Comparisons, jc)
		}
		out = append(out, jr)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Fprintln(w, string(b))
}
