package simplify

import (
	"fmt"
	"math"
	"regexp"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"pgregory.net/rapid"
)

// genExpr draws a smooth expression in x and y (no kinks, defined on
// [0.5, 1.5]²), as .expr text.
func genExpr(t *rapid.T, depth int) string {
	if depth == 0 || rapid.IntRange(0, 3).Draw(t, "leafp") == 0 {
		return rapid.SampledFrom([]string{"x", "y", "2", "0.5", "3", "x", "y"}).Draw(t, "leaf")
	}
	a := genExpr(t, depth-1)
	switch rapid.IntRange(0, 12).Draw(t, "op") {
	case 0:
		return "(" + a + " + " + genExpr(t, depth-1) + ")"
	case 1:
		return "(" + a + " - " + genExpr(t, depth-1) + ")"
	case 2:
		return "(" + a + " * " + genExpr(t, depth-1) + ")"
	case 3:
		return "(" + a + " / (1 + (" + genExpr(t, depth-1) + ")^2))"
	case 4:
		return "(" + a + ")^" + rapid.SampledFrom([]string{"2", "3", "-1", "0", "1"}).Draw(t, "k")
	case 5:
		return "sin(" + a + ")"
	case 6:
		return "exp(tanh(" + a + "))"
	case 7:
		return "log(1 + (" + a + ")^2)"
	case 8:
		return "sqrt(1 + (" + a + ")^2)"
	case 9:
		return "sigmoid(" + a + ")"
	case 10:
		return "atan2(" + a + ", 2 + sin(" + genExpr(t, depth-1) + "))"
	case 11:
		return "-" + a
	}
	return "softplus(" + a + ")"
}

// TestRandomExpressions: random expressions' gradients and diff agree with
// central differences, their Hessians with differences of the gradient,
// and their printed forms parse back to the same value.
func TestRandomExpressions(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		src := "fn f(x, y) = " + genExpr(rt, 4)
		_, fs := load(t, src)
		f := fs["f"]
		x := []float64{rapid.Float64Range(0.5, 1.5).Draw(rt, "x"), rapid.Float64Range(0.5, 1.5).Draw(rt, "y")}
		val := Value(f)
		value := func(x []float64) float64 { v, _ := runProgram(val, x, nil, nil, nil); return v }
		v, g := runProgram(Gradient(f), x, nil, nil, nil)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return // e.g. 1/(x - x): nothing to compare
		}
		if v != value(x) {
			rt.Fatalf("%s: value %v, gradient program's %v", src, value(x), v)
		}
		want := fd.Gradient(nil, value, x, &fd.Settings{Formula: fd.Central})
		for i := range g {
			if !near(g[i], want[i], 1e-5) {
				rt.Fatalf("%s at %v: grad[%d] = %v, fd %v\n%s", src, x, i, g[i], want[i], Gradient(f))
			}
		}
		for k := 0; k < 2; k++ {
			d := f.Graph.Deriv(f.Result, f.VarLeaf(k))
			got, err := f.Graph.Eval(d, [][]float64{{x[0]}, {x[1]}}, nil)
			if err != nil || !near(got, g[k], 1e-9) {
				rt.Fatalf("%s: diff %v (%v), gradient %v", src, got, err, g[k])
			}
		}
		hess := Hessian(f)
		for c := 0; c < 2; c++ {
			e := []float64{0, 0}
			e[c] = 1
			_, col := runProgram(hess, x, nil, e, nil)
			h := 1e-6
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[c] += h
			xm[c] -= h
			_, gp := runProgram(Gradient(f), xp, nil, nil, nil)
			_, gm := runProgram(Gradient(f), xm, nil, nil, nil)
			for r := 0; r < 2; r++ {
				if w := (gp[r] - gm[r]) / (2 * h); !near(col[r], w, 1e-4) {
					rt.Fatalf("%s at %v: hess[%d][%d] = %v, fd %v", src, x, r, c, col[r], w)
				}
			}
		}
		for k := 0; k < 2; k++ {
			checkSimplified(rt, f.Graph.String(f.Graph.Deriv(f.Result, f.VarLeaf(k))))
		}
		checkSimplified(rt, f.Graph.String(f.Result))
		pr := f.Graph.Print(f.Result)
		back := reparse(t, f.Graph, pr.Lets, pr.Exprs[0])
		if vb := func() float64 { v, _ := runProgram(Value(back), x, nil, nil, nil); return v }(); !near(vb, v, 1e-12) && !(math.IsNaN(vb) && math.IsNaN(v)) {
			rt.Fatalf("%s printed %q: %v, parsed back %v", src, pr.Exprs[0], v, vb)
		}
	})
}

var _ = fmt.Sprint

// unsimplified matches what GENERATED.md says printed results never
// contain: + 0, * 1, * 0, ^ 1, --x, and a repeated factor x*x.
var unsimplified = regexp.MustCompile(`[+-] 0\b[^.e]|[+-] 0$|\*1\b[^.e]|\*1$|\*0\b[^.e]|\*0$|\^1\b[^.e]|\^1$|--|- -|\b([a-z]\w*)\*([a-z]\w*)\b`)

func checkSimplified(t *rapid.T, s string) {
	for _, m := range unsimplified.FindAllStringSubmatch(s, -1) {
		if m[1] != "" && m[1] != m[2] {
			continue // x*y is fine, x*x is not
		}
		t.Fatalf("printed %q is not simplified: %q", s, m[0])
	}
}
