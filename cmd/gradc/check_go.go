package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/term"

	"github.com/gradc/gradc"
	"github.com/gradc/gradc/autodiff"
	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/codegen/gorun"
	"github.com/gradc/gradc/lang"
)

// The generated Go that check judges, and its run: variables so that a
// test can tamper with the source or the answers and see the check fail.
var (
	checkGoSource = func(src []byte) []byte { return src }
	checkGoRun    = (*gorun.Program).Run
)

// goPoints records, per fn, the points at which autodiff.Check evaluated
// the tape candidate: the generated Go is evaluated at exactly these.
type goPoints map[string][]*autodiff.Point

// recorder wraps a candidate so that it records the points it is asked
// about.
func (gp goPoints) recorder(c autodiff.Candidate) autodiff.Candidate {
	return autodiff.Candidate{Name: c.Name, Eval: func(f *autodiff.Func, pt *autodiff.Point) (float64, []float64, error) {
		gp[f.Name()] = append(gp[f.Name()], pt)
		return c.Eval(f, pt)
	}}
}

// checkGo generates Go (with the Hessian) for the fns of the reports that
// were checked, builds it with a driver (package gorun) once, runs it
// once at the recorded points of every fn and adds to each report the
// rows "go vs forward" (value and gradient), "go vs hessian" and "go vs
// hessvec" (Hessian and Hessian-vector product against
// forward-over-reverse; points where either Hessian is not finite are not
// compared, as for the tape). It returns false when the generated Go
// fails in a way no row shows: it does not compile or its driver dies.
// Where the Go cannot be checked (no go command, a fn that cannot be
// written as Go) it says so in one line on stderr and returns true.
func checkGo(e *env, file string, m *gradc.Module, reports []*autodiff.Report, pts goPoints, seed uint64) bool {
	var names []string
	var fns []gorun.Func
	goName := map[string]string{}
	for _, r := range reports {
		if r.Err != nil || len(pts[r.Fn]) == 0 {
			continue
		}
		fn := m.Program().Fn(r.Fn)
		name, ok := codegen.GoName(r.Fn)
		if fn == nil {
			continue
		}
		if !ok {
			// Go says why, with the fn's position.
			_, err := codegen.Go([]*lang.Program{m.Program()}, codegen.GoOptions{Package: "gen", Funcs: []string{r.Fn}})
			fmt.Fprintf(e.stderr, "gradc check: %s: the generated Go of fn %s was not checked: %v\n", file, r.Fn, err)
			continue
		}
		data := make([]int, len(fn.Data))
		for k, p := range fn.Data {
			data[k] = p.Rank()
		}
		names = append(names, r.Fn)
		goName[r.Fn] = name
		fns = append(fns, gorun.Func{Name: name, Data: data, Hess: true})
	}
	if len(names) == 0 {
		return true
	}
	notChecked := func(why string) {
		fmt.Fprintf(e.stderr, "gradc check: %s: the generated Go was not checked: %s\n", file, why)
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		notChecked("no go command on PATH (-go=false skips it)")
		return true
	}
	src, err := codegen.Go([]*lang.Program{m.Program()}, codegen.GoOptions{Package: "gen", Hess: true, Funcs: names})
	if err != nil {
		notChecked(strings.ReplaceAll(err.Error(), "\n", "; "))
		return true
	}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(e.stderr, "gradc check: building the generated Go...")
	}
	prog, err := gorun.Build(gotool, checkGoSource(src), "gen", fns)
	var ce *gorun.CompileError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(e.stderr, "gradc check: %s: the generated Go was not checked: it does not compile (a bug of gradc; please report it):\n%s\n", file, ce.Output)
		return false
	case err != nil:
		notChecked(strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; "))
		return true
	}
	defer prog.Close()
	var calls []gorun.Call
	for i, name := range names {
		rng := rand.New(rand.NewPCG(seed, 0x60+uint64(i)))
		for _, pt := range pts[name] {
			dir := make([]float64, len(pt.X))
			for j := range dir {
				dir[j] = 2*rng.Float64() - 1
			}
			calls = append(calls, gorun.Call{Fn: goName[name], X: pt.X, Data: pt.Data, V: dir})
		}
	}
	res, err := checkGoRun(prog, calls)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc check: %s: the generated Go was not checked: %v\n", file, err)
		return false
	}
	for _, r := range reports {
		if goName[r.Fn] == "" {
			continue
		}
		k := len(pts[r.Fn])
		if err := compareGo(m, r, pts[r.Fn], calls[:k], res[:k]); err != nil {
			r.Err = err
		}
		calls, res = calls[k:], res[k:]
	}
	return true
}

// compareGo adds the Go rows of r from the driver's results at pts.
func compareGo(m *gradc.Module, r *autodiff.Report, pts []*autodiff.Point, calls []gorun.Call, res []gorun.Result) error {
	f, err := autodiff.Lookup(m.Program(), r.Fn)
	if err != nil {
		return err
	}
	gc := &autodiff.Comparison{A: "go", B: "forward", What: "grad", Tol: autodiff.TolExact}
	hc := &autodiff.Comparison{A: "go", B: "hessian", What: "hess", Tol: autodiff.TolExact}
	vc := &autodiff.Comparison{A: "go", B: "hessvec", What: "hess", Tol: autodiff.TolExact}
	vg := func(v float64, g []float64) []float64 { return append([]float64{v}, g...) }
	for k, pt := range pts {
		g := res[k]
		if g.Panic != "" {
			return fmt.Errorf("the generated Go panics at %s: %s", pointString(r, pt), g.Panic)
		}
		fw, err := f.Forward(pt)
		if err != nil {
			return err
		}
		want := vg(fw.Value, fw.Grad)
		gc.Add(max(autodiff.MaxRelErr(vg(g.GValue, g.Grad), want), autodiff.RelErr(g.Value, fw.Value)), pt)
		h, err := f.Hessian(pt)
		if err != nil {
			return err
		}
		if !finite(g.Hess) || !finite(h.Hess) {
			continue
		}
		hc.Add(autodiff.MaxRelErr(g.Hess, h.Hess), pt)
		hv, err := f.HessVec(pt, calls[k].V)
		if err != nil {
			return err
		}
		vc.Add(autodiff.MaxRelErr(g.HessVec, hv), pt)
	}
	r.Comparisons = append(r.Comparisons, gc, hc, vc)
	return nil
}
