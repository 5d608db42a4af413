package simplify

import (
	"math"
	"testing"

	"github.com/gradc/gradc/lang"
)

// TestOpTable: every op has a row; every builtin of the language has an op
// of its arity, with a Go spelling (or helper), an evaluation and a
// derivative rule that agrees with central differences.
func TestOpTable(t *testing.T) {
	for op := OpInvalid + 1; op < numOps; op++ {
		info := op.Info()
		if info.Name == "" || info.Name == "?" {
			t.Errorf("op %d has no row", op)
		}
		if op > OpHole && op != OpSum && info.Eval == nil {
			t.Errorf("%s: no Eval", info.Name)
		}
		if op > OpHole && op != OpSum && info.Go == "" && info.GoHelper == "" {
			t.Errorf("%s: no Go spelling", info.Name)
		}
	}
	for _, b := range lang.Builtins {
		if b.Arity == 0 {
			continue // pi is a constant
		}
		op, ok := BuiltinOp(b.Name())
		if !ok {
			t.Errorf("builtin %s has no op", b.Name())
			continue
		}
		if ops[op].Arity != b.Arity {
			t.Errorf("%s: arity %d, the language says %d", b.Name(), ops[op].Arity, b.Arity)
		}
		// The derivative of op at a point where it is smooth.
		g := NewGraph()
		args := []Node{g.In(g.AddInput(Input{Name: "a"})), g.In(g.AddInput(Input{Name: "b"}))}[:b.Arity]
		var n Node
		if op == OpPow {
			n = g.Pow(args[0], args[1])
		} else {
			n = g.Call(op, args...)
		}
		at := []float64{0.37, 0.81}
		in := [][]float64{{at[0]}, {at[1]}}
		for k := range args {
			d, err := g.Eval(g.Deriv(n, args[k]), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			h := 1e-6
			f := func(v float64) float64 {
				xs := append([]float64(nil), at[:b.Arity]...)
				xs[k] = v
				return op.Eval(xs)
			}
			want := (f(at[k]+h) - f(at[k]-h)) / (2 * h)
			if math.Abs(d-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("d %s/d arg%d at %v = %v, differences %v", b.Name(), k, at[:b.Arity], d, want)
			}
		}
	}
}

// TestConventions: the spec's derivative conventions at their special
// points.
func TestConventions(t *testing.T) {
	cases := []struct {
		src  string
		at   []float64
		want []float64
	}{
		{"abs(x)", []float64{0}, []float64{0}},
		{"sign(x) + floor(x) + ceil(x)", []float64{1.5}, []float64{0}},
		{"min(x, y)", []float64{2, 2}, []float64{1, 0}},
		{"max(x, y)", []float64{2, 2}, []float64{1, 0}},
		{"x^3", []float64{-2}, []float64{12}},
		{"x^2", []float64{-3}, []float64{-6}},
		{"if(x > 0, sqrt(x), 0)", []float64{0}, []float64{0}},
		{"if(x < 1, 1 - x, 0)", []float64{0.5}, []float64{-1}},
		{"sigmoid(x)", []float64{0}, []float64{0.25}},
		{"softplus(x)", []float64{0}, []float64{0.5}},
		{"hypot(x, y)", []float64{0, 0}, []float64{0, 0}},
		{"hypot(x, y)", []float64{3, 4}, []float64{0.6, 0.8}},
		{"hypot(x, 0)", []float64{0}, []float64{0}},
		{"atan2(x, y)", []float64{0, 0}, []float64{0, 0}},
		{"atan2(x, y)", []float64{1, 2}, []float64{0.4, -0.2}},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			vars := "x"
			if len(c.at) == 2 {
				vars = "x, y"
			}
			_, fs := load(t, "fn f("+vars+") = "+c.src)
			_, g := runProgram(Gradient(fs["f"]), c.at, nil, nil, nil)
			for i := range c.want {
				if g[i] != c.want[i] {
					t.Errorf("grad at %v = %v, want %v", c.at, g, c.want)
				}
			}
		})
	}
}
