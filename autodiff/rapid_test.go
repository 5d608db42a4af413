package autodiff

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gradc/gradc/autodiff/randprog"
	"github.com/gradc/gradc/lang"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// TestRandomPrograms: on random programs, forward = reverse = the
// Hessian's gradient within TolExact, Hessian-vector products = Hessian
// times v, and away from switches the gradient ≈ central differences
// within TolCentral wherever differences of two steps agree with each
// other (elsewhere the function is too curved or too close to a pole for
// them to judge).
func TestRandomPrograms(t *testing.T) {
	rapid.Check(t, checkRandomProgram)
}

// FuzzRandomPrograms runs the same property under go test -fuzz.
func FuzzRandomPrograms(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkRandomProgram))
}

func checkRandomProgram(t *rapid.T) {
	src := randprog.Program().Draw(t, "src")
	prog, err := lang.Load("rand.expr", []byte(src))
	if err != nil {
		t.Fatalf("generated program does not check: %v\n%s", err, src)
	}
	seed := rapid.Uint64().Draw(t, "seed")
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, fn := range prog.Fns {
		f := &Func{Prog: prog, Fn: fn}
		pt, err := f.RandomPoint(rng, nil)
		if err != nil {
			continue // no finite value found: nothing to compare
		}
		checkPoint(t, f, pt, rng, src)
	}
}

func finite(v []float64) bool {
	return !slices.ContainsFunc(v, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })
}

func checkPoint(t *rapid.T, f *Func, pt *Point, rng *rand.Rand, src string) {
	fw, err := f.Forward(pt)
	if err != nil {
		t.Fatalf("forward: %v\n%s", err, src)
	}
	rv, err := f.Reverse(pt)
	if err != nil {
		t.Fatalf("reverse: %v\n%s", err, src)
	}
	h, err := f.Hessian(pt)
	if err != nil {
		t.Fatalf("hessian: %v\n%s", err, src)
	}
	vg := func(r *Result) []float64 { return append([]float64{r.Value}, r.Grad...) }
	if e := MaxRelErr(vg(fw), vg(rv)); e > TolExact {
		t.Fatalf("fn %s at %v: forward %v, reverse %v (err %.3g)\n%s", f.Name(), pt.X, vg(fw), vg(rv), e, src)
	}
	if e := MaxRelErr(vg(fw), vg(h)); e > TolExact {
		t.Fatalf("fn %s at %v: forward %v, hessian's %v (err %.3g)\n%s", f.Name(), pt.X, vg(fw), vg(h), e, src)
	}
	if fw.Kink != rv.Kink || fw.Kink != h.Kink {
		t.Fatalf("fn %s: kinks differ: forward %v, reverse %v, hessian %v", f.Name(), fw.Kink, rv.Kink, h.Kink)
	}
	v := make([]float64, len(pt.X))
	for i := range v {
		v[i] = 2*rng.Float64() - 1
	}
	hv, err := f.HessVec(pt, v)
	if err != nil {
		t.Fatalf("hessvec: %v", err)
	}
	n := len(v)
	want := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			want[i] += h.Hess[i*n+j] * v[j]
		}
	}
	if finite(h.Hess) {
		if e := MaxRelErr(hv, want); e > TolExact {
			t.Fatalf("fn %s at %v: hessvec %v, hessian*v %v (err %.3g)\n%s", f.Name(), pt.X, hv, want, e, src)
		}
	}
	if ff := hessianFF(t, f, pt); finite(h.Hess) {
		if e := MaxRelErr(h.Hess, ff); e > TolExact {
			t.Fatalf("fn %s at %v: forward-over-reverse %v, forward-over-forward %v (err %.3g)\n%s", f.Name(), pt.X, h.Hess, ff, e, src)
		}
	}
	if h.Kink >= KinkGapHess && finite(h.Hess) {
		ch, err := f.CentralHessian(pt)
		if err != nil {
			t.Fatalf("central hessian: %v", err)
		}
		vf, _ := f.valueFunc(pt)
		var h2 mat.SymDense
		fd.Hessian(&h2, vf, pt.X, &fd.Settings{Formula: fd.Central, Step: 2 * CentralHessStep})
		noise := FDNoise(h.Value, CentralHessStep, 2)
		if FDErr(ch, symDense(&h2), noise) <= TolCentralHess/10 {
			if e := FDErr(h.Hess, ch, noise); e > TolCentralHess {
				t.Fatalf("fn %s at %v (sizes %v, data %v): hessian %v, central %v (err %.3g)\n%s",
					f.Name(), pt.X, pt.Sizes, pt.Data, h.Hess, ch, e, src)
			}
		}
	}
	if fw.Kink < KinkGap || !finite(fw.Grad) {
		return
	}
	cg, err := f.CentralGradient(pt)
	if err != nil {
		t.Fatalf("central: %v", err)
	}
	vf, _ := f.valueFunc(pt)
	cg2 := fd.Gradient(nil, vf, pt.X, &fd.Settings{Formula: fd.Central, Step: CentralStep / 4})
	noise := FDNoise(fw.Value, CentralStep/4, 1)
	if FDErr(cg, cg2, noise) > TolCentral/10 {
		return // the differences disagree with each other: they cannot judge here
	}
	if e := FDErr(fw.Grad, cg, noise); e > TolCentral {
		t.Fatalf("fn %s at %v (sizes %v, data %v): forward %v, central %v (err %.3g)\n%s",
			f.Name(), pt.X, pt.Sizes, pt.Data, fw.Grad, cg, e, src)
	}
}

// hessianFF computes the Hessian by forward-over-forward, a path that
// shares no field with forward-over-reverse: column j is the directional
// derivative along e_j (an outer dual field with one direction) of the
// forward gradient (an inner dual field with one direction per variable).
// Every input gets a tangent in both fields, as in Hessian, so that the
// same numbers are constants.
func hessianFF(t *rapid.T, f *Func, pt *Point) []float64 {
	n := len(pt.X)
	hess := make([]float64, n*n)
	for j := 0; j < n; j++ {
		outer := &dualField{base: floatField{}}
		inner := &dualField{base: outer}
		out, _, err := run(f.Prog, f.Fn, pt, inner, func(k int, v float64) num {
			e := 0.0
			if k == j {
				e = 1
			}
			b := outer.make(num{v: v}, []tangent{{k: 0, d: num{v: e}}})
			return inner.make(b, []tangent{{k: k, d: num{v: 1}}})
		})
		if err != nil {
			t.Fatalf("forward-over-forward: %v", err)
		}
		_, tans := inner.split(out)
		for _, g := range tans {
			hess[g.k*n+j] = outer.tangentOf(g.d, 0).v
		}
	}
	return hess
}

func symDense(h *mat.SymDense) []float64 {
	n := h.SymmetricDim()
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			out[i*n+j] = h.At(i, j)
		}
	}
	return out
}
