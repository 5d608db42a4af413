package simplify

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// Gradients, Hessians and diff of every fn of testdata/*.expr (the spec's
// taste block and the conformance files) against central finite
// differences at random points: analytic against numeric at about 1e-5
// relative, as gonum's optimize/functions validation does.

const fdTol = 1e-5

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// point draws sizes, x and data for f.
func point(f *Func, rng *rand.Rand) (sizes []int, x []float64, data [][]float64) {
	g := f.Graph
	sizes = make([]int, len(g.Sizes))
	for i := range sizes {
		sizes[i] = 2 + rng.Intn(4)
	}
	for _, in := range g.Inputs {
		n := inputLen(in, sizes)
		switch in.Kind {
		case InVar:
			for k := 0; k < n; k++ {
				x = append(x, 0.2+1.2*rng.Float64())
			}
		case InData:
			d := make([]float64, n)
			for k := range d {
				d[k] = 2*rng.Float64() - 1
			}
			data = append(data, d)
		}
	}
	return sizes, x, data
}

func TestOracleFiniteDifferences(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.expr")
	if len(files) == 0 {
		t.Fatal("no testdata/*.expr")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		prog, fs := load(t, string(src))
		for _, fn := range prog.Fns {
			f := fs[fn.Name()]
			t.Run(filepath.Base(file)+"/"+fn.Name(), func(t *testing.T) {
				checkOracle(t, f)
			})
		}
	}
}

func checkOracle(t *testing.T, f *Func) {
	rng := rand.New(rand.NewSource(1))
	val := Value(f)
	grad := Gradient(f)
	hv := HessVec(f)
	hess := Hessian(f)
	for trial := 0; trial < 4; trial++ {
		sizes, x, data := point(f, rng)
		n := len(x)
		value := func(x []float64) float64 {
			v, _ := runProgram(val, x, data, nil, sizes)
			return v
		}
		v0 := value(x)
		v1, g := runProgram(grad, x, data, nil, sizes)
		if v0 != v1 {
			t.Errorf("value %v, gradient program's value %v", v0, v1)
		}
		want := fd.Gradient(nil, value, x, &fd.Settings{Formula: fd.Central})
		for i := range g {
			if !near(g[i], want[i], fdTol) {
				t.Errorf("sizes %v x %v: grad[%d] = %v, finite differences %v", sizes, x, i, g[i], want[i])
			}
		}
		// The Hessian against central differences of the gradient.
		var jac = make([]float64, 0, n*n)
		for c := 0; c < n; c++ {
			gc := func(h float64) []float64 {
				xx := append([]float64(nil), x...)
				xx[c] += h
				_, gr := runProgram(grad, xx, data, nil, sizes)
				return gr
			}
			const h = 1e-6
			gp, gm := gc(h), gc(-h)
			for r := 0; r < n; r++ {
				jac = append(jac, (gp[r]-gm[r])/(2*h)) // column c, row r
			}
		}
		for c := 0; c < n; c++ {
			e := make([]float64, n)
			e[c] = 1
			vh, col := runProgram(hess, x, data, e, sizes)
			if vh != v0 {
				t.Errorf("Hessian program's value %v, want %v", vh, v0)
			}
			for r := 0; r < n; r++ {
				if !near(col[r], jac[c*n+r], fdTol) {
					t.Errorf("sizes %v x %v: hess[%d][%d] = %v, finite differences %v", sizes, x, r, c, col[r], jac[c*n+r])
				}
			}
		}
		dir := make([]float64, n)
		for i := range dir {
			dir[i] = rng.Float64()*2 - 1
		}
		_, got := runProgram(hv, x, data, dir, sizes)
		for r := 0; r < n; r++ {
			w := 0.0
			for c := 0; c < n; c++ {
				w += jac[c*n+r] * dir[c]
			}
			if !near(got[r], w, fdTol) {
				t.Errorf("sizes %v x %v v %v: (H·v)[%d] = %v, finite differences %v", sizes, x, dir, r, got[r], w)
			}
		}
		// diff with respect to each scalar variable.
		g2 := f.Graph
		for k, in := range g2.Inputs {
			if in.Kind != InVar || len(in.Dims) != 0 {
				continue
			}
			off := offsetOf(g2, k, sizes)
			d := g2.Deriv(f.Result, f.VarLeaf(k))
			dp := Value(NewFunc(f.Name+"_d", g2, d))
			got, _ := runProgram(dp, x, data, nil, sizes)
			want := fd.Derivative(func(h float64) float64 {
				xx := append([]float64(nil), x...)
				xx[off] = h
				return value(xx)
			}, x[off], &fd.Settings{Formula: fd.Central})
			if !near(got, want, fdTol) {
				t.Errorf("x %v: diff by %s = %v (%s), finite differences %v", x, in.Name, got, g2.String(d), want)
			}
		}
		if t.Failed() {
			t.Logf("value: %s\n%s", f.Graph.String(f.Result), grad)
			return
		}
	}
}

func offsetOf(g *Graph, k int, sizes []int) int {
	off := 0
	for i := 0; i < k; i++ {
		if g.Inputs[i].Kind == InVar {
			off += inputLen(g.Inputs[i], sizes)
		}
	}
	return off
}

var _ = fmt.Sprint
