package autodiff

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/functions"
)

// gonumProblems are gonum's optimize/functions test problems written in
// .expr; each is compared with gonum's own Func, Grad and (where gonum has
// one) Hess.
var gonumProblems = []struct {
	name string
	src  string
	prob interface {
		Func([]float64) float64
		Grad(grad, x []float64)
	}
	x [][]float64
	// badHess: gonum's Hess is wrong (v0.17.0's Beale.Hess uses x[1] for
	// x[0] in f1..f3; central differences agree with the oracle, not with
	// it), so the Hessian is compared with central differences only.
	badHess bool
}{
	{"rosenbrock", `fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`,
		functions.ExtendedRosenbrock{}, [][]float64{{-1.2, 1}, {0.5, -0.3, 2, 1.1, -1}, {1, 1, 1}}, false},
	{"beale", `fn f(x, y) = (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2`,
		functions.Beale{}, [][]float64{{1, 1}, {3, 0.5}, {-0.7, 1.9}}, true},
	{"wood", `fn f(x[4]) = 100*(x[1] - x[0]^2)^2 + (1 - x[0])^2 + 90*(x[3] - x[2]^2)^2 + (1 - x[2])^2 +
		10*(x[1] + x[3] - 2)^2 + 0.1*(x[1] - x[3])^2`,
		functions.Wood{}, [][]float64{{-3, -1, -3, -1}, {0.1, 0.2, 0.3, 0.4}}, false},
	{"powell_badly_scaled", `fn f(x, y) = (1e4*x*y - 1)^2 + (exp(-x) + exp(-y) - 1.0001)^2`,
		functions.PowellBadlyScaled{}, [][]float64{{0, 1}, {1.1e-5, 9.1}}, false},
	{"brown_badly_scaled", `fn f(x, y) = (x - 1e6)^2 + (y - 2e-6)^2 + (x*y - 2)^2`,
		functions.BrownBadlyScaled{}, [][]float64{{1, 1}, {1e6, 2e-6}}, false},
	{"penalty_i", `fn f(x[n]) = 1e-5*sum(i, (x[i] - 1)^2) + (sum(i, x[i]^2) - 0.25)^2`,
		functions.PenaltyI{}, [][]float64{{1, 2, 3, 4}, {0.3}}, false},
	{"trigonometric", `fn f(x[n]) {
		let s = sum(j, cos(x[j]))
		return sum(i, (n + i + 1 - (i + 1)*cos(x[i]) - sin(x[i]) - s)^2)
	}`, functions.Trigonometric{}, [][]float64{{0.1, 0.2, 0.3}, {1, -1}}, false},
	{"variably_dimensioned", `fn f(x[n]) {
		let s = sum(j, (j + 1)*(x[j] - 1))
		return sum(i, (x[i] - 1)^2) + s^2 + s^4
	}`, functions.VariablyDimensioned{}, [][]float64{{0.5, 0.6, 0.7}, {2}}, false},
}

func TestGonumProblems(t *testing.T) {
	for _, p := range gonumProblems {
		t.Run(p.name, func(t *testing.T) {
			f := load(t, p.src, "f")
			for _, x := range p.x {
				pt := point(t, f, x)
				h := oracles(t, f, pt, 1e-12)
				if e := RelErr(h.Value, p.prob.Func(x)); e > 1e-12 {
					t.Errorf("at %v: value %v, gonum %v", x, h.Value, p.prob.Func(x))
				}
				want := make([]float64, len(x))
				p.prob.Grad(want, x)
				if e := MaxRelErr(h.Grad, want); e > 1e-12 {
					t.Errorf("at %v: grad %v, gonum %v (err %.3g)", x, h.Grad, want, e)
				}
				ch, err := f.CentralHessian(pt)
				if err != nil {
					t.Fatal(err)
				}
				if e := FDErr(h.Hess, ch, FDNoise(h.Value, CentralHessStep, 2)); e > TolCentralHess {
					t.Errorf("at %v: hess %v, central differences %v (err %.3g)", x, h.Hess, ch, e)
				}
				if hp, ok := p.prob.(interface {
					Hess(*mat.SymDense, []float64)
				}); ok && !p.badHess {
					hs := mat.NewSymDense(len(x), nil)
					hp.Hess(hs, x)
					n := len(x)
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							if e := RelErr(h.Hess[i*n+j], hs.At(i, j)); e > 1e-12 {
								t.Errorf("at %v: hess[%d,%d] %v, gonum %v", x, i, j, h.Hess[i*n+j], hs.At(i, j))
							}
						}
					}
				}
			}
		})
	}
}

// TestKnown pins values and gradients worked out by hand, with the
// derivative conventions of the spec at their switches.
func TestKnown(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name  string
		src   string
		x     []float64
		data  []any
		value float64
		grad  []float64
		kink  float64 // the Kink of Forward, when not NaN
	}{
		{"rosenbrock gonum fixture", `fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`,
			[]float64{-1.2, 1}, nil, 24.2, []float64{-215.6, -88}, inf},
		{"abs at 0 is sign", `fn f(x) = abs(x)`, []float64{0}, nil, 0, []float64{0}, 0},
		{"abs at -2", `fn f(x) = abs(x)`, []float64{-2}, nil, 2, []float64{-1}, 2},
		{"sign floor ceil are flat", `fn f(x) = sign(x) + floor(x) + ceil(x)`, []float64{1.25}, nil, 1 + 1 + 2, []float64{0}, 0.25},
		{"min tie flows to a", `fn f(x, y) = min(x, y)`, []float64{1, 1}, nil, 1, []float64{1, 0}, 0},
		{"max tie flows to a", `fn f(x, y) = max(y, x)`, []float64{1, 1}, nil, 1, []float64{0, 1}, 0},
		{"hypot at the origin is 0", `fn f(x, y) = hypot(x, y)`, []float64{0, 0}, nil, 0, []float64{0, 0}, math.NaN()},
		{"atan2 at the origin is 0", `fn f(x, y) = atan2(x, y)`, []float64{0, 0}, nil, 0, []float64{0, 0}, math.NaN()},
		{"hypot of an empty sum", `fn f(x[n]) = x[0] + hypot(sum(i in 1..1, x[i]*x[0]), 0)`, []float64{2, 5}, nil, 2, []float64{1, 0}, math.NaN()},
		{"min picks b", `fn f(x, y) = min(x, y)`, []float64{3, 1}, nil, 1, []float64{0, 1}, 2},
		{"if branch taken at the switch", `fn f(z) = if(z < 1, 1 - z, 0)`, []float64{1}, nil, 0, []float64{0}, 0},
		{"if then", `fn f(z) = if(z < 1, 1 - z, 0)`, []float64{0.25}, nil, 0.75, []float64{-1}, 0.75},
		{"if and or not", `fn f(x, y) = if(!(x > y) || x == 0 && y != 1, x*y, x + y)`, []float64{2, 1.5}, nil, 3.5, []float64{1, 1}, 0.5},
		{"constant exponent, negative base", `fn f(x) = x^3`, []float64{-2}, nil, -8, []float64{12}, inf},
		{"constant exponent at 0", `fn f(x) = x^2 + x^1`, []float64{0}, nil, 0, []float64{1}, inf},
		{"exponent from data is constant", `fn f(x; c) = x^c`, []float64{-2}, []any{3.0}, -8, []float64{12}, inf},
		{"variable exponent", `fn f(x, y) = x^y`, []float64{2, 3}, nil, 8, []float64{12, 8 * math.Ln2}, inf},
		{"pow is ^", `fn f(x, y) = pow(x, y)`, []float64{2, 3}, nil, 8, []float64{12, 8 * math.Ln2}, inf},
		{"diff nests", `fn f(x) = diff(diff(x^4, x), x)`, []float64{2}, nil, 48, []float64{48}, inf},
		{"diff through a let", `fn f(x, y) {
			let r = x*y
			return diff(r^2, x)
		}`, []float64{2, 3}, nil, 36, []float64{18, 24}, inf},
		{"diff of a call", `fn g(a, b) = a^2*b
			fn f(x, y) = diff(g(x, y), y) + diff(g(y, x), y)`, []float64{2, 3}, nil, 4 + 12, []float64{2*2 + 2*3, 2 * 2}, inf},
		{"diff in a callee is partial", `fn g(a, b) = diff(a*b, a)
			fn f(x) = g(x, x)`, []float64{5}, nil, 5, []float64{1}, inf},
		{"data args of a call carry derivatives", `fn g(a; s) = a*s
			fn f(x) = g(x, x)`, []float64{3}, nil, 9, []float64{6}, inf},
		{"sum index as a number", `fn f(x[n]) = sum(i, (i+1)*x[i]^2)`, []float64{1, 1, 1}, nil, 6, []float64{2, 4, 6}, inf},
		{"empty explicit sum is 0", `fn f(x[n]) = x[0] + sum(i in 1..1, x[i])`, []float64{2, 5}, nil, 2, []float64{1, 0}, inf},
		{"size as a number", `fn f(x[n]) = sum(i, x[i]) / n`, []float64{1, 2, 3, 6}, nil, 3, []float64{0.25, 0.25, 0.25, 0.25}, inf},
		{"const and pi", `const c = 2*pi
			fn f(x) = c*x`, []float64{1}, nil, 2 * math.Pi, []float64{2 * math.Pi}, inf},
		{"matrix data, row-major", `fn f(x[n]; A[m, n]) = sum(i, sum(j, A[i, j]*x[j]))`, []float64{1, 10},
			[]any{[][]float64{{1, 2}, {3, 4}, {5, 6}}}, 1 + 20 + 3 + 40 + 5 + 60, []float64{9, 12}, inf},
		{"matrix variable, row-major", `fn f(A[2, 3]) = A[1, 0]*A[0, 2]`, []float64{0, 0, 2, 7, 0, 0}, nil, 14, []float64{0, 0, 7, 2, 0, 0}, inf},
		{"softplus does not overflow", `fn f(x) = softplus(x)`, []float64{1000}, nil, 1000, []float64{1}, inf},
		{"sigmoid does not overflow", `fn f(x) = sigmoid(x)`, []float64{-1000}, nil, 0, []float64{0}, inf},
		{"log of a negative is NaN", `fn f(x) = log(x)`, []float64{-1}, nil, math.NaN(), []float64{-1}, inf},
		{"1/0 is +Inf", `fn f(x) = 1/x`, []float64{0}, nil, inf, []float64{math.Inf(-1)}, inf},
		{"no variables", `fn f(; a) = a^2`, []float64{}, []any{3.0}, 9, []float64{}, inf},
		{"if on data records no kink", `fn f(x; c) = if(c > 0, x, -x)`, []float64{3}, []any{0.5}, 3, []float64{1}, inf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := load(t, tt.src, "f")
			pt := point(t, f, tt.x, tt.data...)
			h := oracles(t, f, pt, 1e-15)
			fw, _ := f.Forward(pt)
			if e := RelErr(fw.Value, tt.value); e > 1e-12 {
				t.Errorf("value %v, want %v", fw.Value, tt.value)
			}
			if e := MaxRelErr(fw.Grad, tt.grad); e > 1e-12 {
				t.Errorf("grad %v, want %v", fw.Grad, tt.grad)
			}
			if e := MaxRelErr(h.Grad, tt.grad); e > 1e-12 {
				t.Errorf("hessian's grad %v, want %v", h.Grad, tt.grad)
			}
			if math.Abs(fw.Kink-tt.kink) > 1e-12 && !(math.IsInf(fw.Kink, 1) && math.IsInf(tt.kink, 1)) {
				t.Errorf("kink %v, want %v", fw.Kink, tt.kink)
			}
			v, _, err := f.Value(pt)
			if err != nil || RelErr(v, tt.value) > 1e-12 {
				t.Errorf("Value = %v, %v; want %v", v, err, tt.value)
			}
		})
	}
}

func TestHessianKnown(t *testing.T) {
	tests := []struct {
		name string
		src  string
		x    []float64
		hess []float64
	}{
		{"x^2*y", `fn f(x, y) = x^2*y`, []float64{3, 5}, []float64{10, 6, 6, 0}},
		{"diff of diff", `fn f(x) = diff(diff(x^4, x), x)`, []float64{2}, []float64{24}},
		{"abs is flat", `fn f(x) = abs(x)^1 + sign(x)*x`, []float64{0.5}, []float64{0}},
		{"exp(x*y)", `fn f(x, y) = exp(x*y)`, []float64{1, 2}, []float64{4 * math.Exp(2), 3 * math.Exp(2), 3 * math.Exp(2), math.Exp(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := load(t, tt.src, "f")
			pt := point(t, f, tt.x)
			h, err := f.Hessian(pt)
			if err != nil {
				t.Fatal(err)
			}
			if e := MaxRelErr(h.Hess, tt.hess); e > 1e-12 {
				t.Errorf("hess %v, want %v", h.Hess, tt.hess)
			}
			v := make([]float64, len(tt.x))
			for i := range v {
				v[i] = float64(i + 1)
			}
			hv, err := f.HessVec(pt, v)
			if err != nil {
				t.Fatal(err)
			}
			n := len(v)
			for i := 0; i < n; i++ {
				want := 0.0
				for j := 0; j < n; j++ {
					want += tt.hess[i*n+j] * v[j]
				}
				if RelErr(hv[i], want) > 1e-12 {
					t.Errorf("hessvec[%d] = %v, want %v", i, hv[i], want)
				}
			}
			_, dd, err := f.Directional(pt, v)
			if err != nil {
				t.Fatal(err)
			}
			want := 0.0
			for i := range v {
				want += h.Grad[i] * v[i]
			}
			if RelErr(dd, want) > 1e-12 {
				t.Errorf("directional %v, want %v", dd, want)
			}
		})
	}
}

func TestCentral(t *testing.T) {
	f := load(t, `fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`, "f")
	x := []float64{-1.2, 1, 0.3}
	pt := point(t, f, x)
	g, err := f.CentralGradient(pt)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(x))
	functions.ExtendedRosenbrock{}.Grad(want, x)
	if e := MaxRelErr(g, want); e > 1e-6 {
		t.Errorf("central gradient %v, want %v (err %.3g)", g, want, e)
	}
	h, err := f.Hessian(pt)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := f.CentralHessian(pt)
	if err != nil {
		t.Fatal(err)
	}
	if e := MaxRelErr(h.Hess, ch); e > TolCentralHess {
		t.Errorf("central hessian %v, want %v (err %.3g)", ch, h.Hess, e)
	}
}

func TestRelErr(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		a, b, want float64
	}{
		{1, 1, 0},
		{0, 1e-3, 1e-3},
		{100, 101, 1.0 / 101},
		{-4, 4, 2},
		{nan, nan, 0},
		{inf, inf, 0},
		{inf, -inf, inf},
		{nan, 1, inf},
		{1, inf, inf},
	}
	for _, tt := range tests {
		if got := RelErr(tt.a, tt.b); math.Abs(got-tt.want) > 1e-15 && got != tt.want {
			t.Errorf("RelErr(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if got := MaxRelErr([]float64{1, 2}, []float64{1}); !math.IsInf(got, 1) {
		t.Errorf("MaxRelErr of different lengths = %v, want +Inf", got)
	}
	if got := MaxRelErr([]float64{1, 2, 0}, []float64{1, 2.5, 0.1}); got != 0.2 {
		t.Errorf("MaxRelErr = %v, want 0.2", got)
	}
}

// TestErrors: every bad input is an error that says what is wrong.
func TestErrors(t *testing.T) {
	const src = `
fn vec(x[n]; y[n]) = sum(i, x[i]*y[i])
fn mat(x; A[m, 2]) = x*A[0, 1]
fn two(x[n], y[m]) = sum(i, x[i]) + sum(j, y[j])
fn sq(A[n, n]) = A[0, 0]
fn far(x[n]) = x[3]
fn s(x; c) = x*c
`
	tests := []struct {
		name  string
		fn    string
		sizes map[string]int
		x     []float64
		data  []any
		want  string
	}{
		{"x longer than data says", "vec", nil, []float64{1, 2, 3}, []any{[]float64{1, 2}}, "len(x) = 3, want 2"},
		{"missing data", "vec", nil, []float64{1, 2}, nil, "takes 1 data arguments, got 0"},
		{"data of the wrong type", "vec", nil, []float64{1}, []any{2.0}, "is a vector ([]float64), got float64"},
		{"scalar data of the wrong type", "s", nil, []float64{1}, []any{[]float64{2}}, "is a scalar (float64), got []float64"},
		{"ragged matrix", "mat", nil, []float64{1}, []any{[][]float64{{1, 2}, {3}}}, "ragged: len(A[1]) = 1"},
		{"fixed dim", "mat", nil, []float64{1}, []any{[][]float64{{1, 2, 3}}}, "len(A[0]) = 3, want 2"},
		{"empty data", "vec", nil, []float64{}, []any{[]float64{}}, "sizes must be positive"},
		{"ambiguous sizes", "two", nil, []float64{1, 2, 3}, nil, "sizes m, n are ambiguous"},
		{"explicit sizes resolve it", "two", map[string]int{"m": 1}, []float64{1, 2, 3}, nil, ""},
		{"explicit sizes disagree", "two", map[string]int{"m": 1, "n": 1}, []float64{1, 2, 3}, nil, "len(x) = 3, want 2"},
		{"unknown size name", "two", map[string]int{"k": 1}, []float64{1, 2, 3}, nil, "has no size k"},
		{"not a square", "sq", nil, []float64{1, 2, 3}, nil, "len(x) = 3 is the packing of no size n"},
		{"a square", "sq", nil, []float64{1, 2, 3, 4}, nil, ""},
		{"run-time bound", "far", nil, []float64{1, 2, 3}, nil, "x[3] needs 4 <= n"},
	}
	prog := load(t, src, "vec").Prog
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Lookup(prog, tt.fn)
			if err != nil {
				t.Fatal(err)
			}
			if tt.sizes != nil {
				_, err = f.NewPointSizes(tt.sizes, tt.x, tt.data...)
			} else {
				_, err = f.NewPoint(tt.x, tt.data...)
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one that contains %q", err, tt.want)
			}
		})
	}
	if _, err := Lookup(prog, "nope"); err == nil || !strings.Contains(err.Error(), "no fn nope") {
		t.Errorf("Lookup(nope) = %v", err)
	}
	f, _ := Lookup(prog, "vec")
	bad := &Point{X: []float64{1, 2}, Data: []any{[]float64{1, 2}}, Sizes: []int{3}}
	if _, err := f.Forward(bad); err == nil {
		t.Error("Forward accepted a point with the wrong sizes")
	}
	if _, err := f.Reverse(nil); err == nil {
		t.Error("Reverse accepted a nil point")
	}
	pt := point(t, f, []float64{1, 2}, []float64{3, 4})
	if _, err := f.HessVec(pt, []float64{1}); err == nil || !strings.Contains(err.Error(), "len(v) = 1") {
		t.Errorf("HessVec with a short v: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	f := load(t, `fn f(x) = sum(i in 0..100000000, x)`, "f")
	pt := point(t, f, []float64{1})
	_, _, err := f.Value(pt)
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("Value of a huge sum: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "test.expr:1:") {
		t.Errorf("error %q has no position", err)
	}
}
