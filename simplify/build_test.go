package simplify

import (
	"strings"
	"testing"
)

// Build: inlining, lets, consts, diff (also inside inlined calls), nested
// and triangular sums, matrices, data; each printed, and each checked
// against finite differences.
var buildCases = []struct {
	name, src, fn, want string
}{
	{"inline array", "fn g(v[k]) = sum(i, v[i]^2)\nfn f(x[n]) = g(x) + x[0]", "f", "sum(i in 0..n, x[i]^2) + x[0]"},
	{"diff in inlined call", "fn slope(x, y) = diff(x^2*y, x)\nfn h(z) = slope(z, z)", "h", "2*z^2"},
	{"diff of a call", "fn sq(t) = t^2\nfn h(z) = diff(sq(z)*z, z)", "h", "3*z^2"},
	{"nested diff", "fn h(z) = diff(diff(z^4, z), z)", "h", "12*z^2"},
	{"lets and consts", "const c = 2\nfn f(x) {\n let a = x + c\n let b = a*a\n return b + a\n}", "f", "x + (x + 2)^2 + 2"},
	{"triangular", "fn f(x[n]) = sum(i, sum(j in 0..i+1, x[j]*x[i]))", "f", "sum(i in 0..n, x[i]*sum(j in 0..i+1, x[j]))"},
	{"matrix", "fn f(A[n, n]) = sum(i, sum(j, (i + 1)*A[i, j]^2))", "f", "sum(i in 0..n, (i + 1)*sum(j in 0..n, A[i, j]^2))"},
	{"sum in call in sum", "fn g(v[k]) = sum(i, v[i])\nfn f(x[n]) = sum(i, x[i]*g(x))", "f", "sum(j in 0..n, x[j])*sum(i in 0..n, x[i])"},
	{"data", "fn f(x; a) = a*x^2 + diff(a*x^3, a)", "f", "a*x^2 + x^3"},
	{"size as number", "fn f(x[n]) = sum(i, x[i])/n + n", "f", "n + sum(i in 0..n, x[i])/n"},
	{"index in range", "fn f(x[n]) = sum(i in 1..n, x[i] - x[i-1])^2", "f", "sum(i in 1..n, x[i] - x[i-1])^2"},
	{"pi", "fn f(x) = sin(pi*x)", "f", "sin(3.141592653589793*x)"},
	{"max min abs", "fn f(x, y) = max(x, y) + min(x*y, 1) + abs(x - y)", "f", "max(x, y) + min(x*y, 1) + abs(x - y)"},
	{"if with conditions", "fn f(x, y) = if(x > y || !(x < 0), x^2, y^2)", "f", "if(x > y || !(x < 0), x^2, y^2)"},
	{"fixed matrix", "fn f(M[2, 2]) = M[0, 0]*M[1, 1] - M[0, 1]*M[1, 0]", "f", "M[0, 0]*M[1, 1] - M[0, 1]*M[1, 0]"},
	{"outer value in sum", "fn f(x[n], s) {\n let e = exp(s)\n return sum(i, e*x[i]^2 + s*x[i])\n}", "f", "sum(i in 0..n, exp(s)*x[i]^2 + s*x[i])"},
}

func TestBuild(t *testing.T) {
	for _, c := range buildCases {
		t.Run(c.name, func(t *testing.T) {
			_, fs := load(t, c.src)
			f := fs[c.fn]
			if got := f.Graph.String(f.Result); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			checkOracle(t, f)
		})
	}
}

// TestFusion: the value and gradient of Rosenbrock and Alpine run in one
// loop; logistic loss keeps its inner value loop apart from the scatter.
func TestFusion(t *testing.T) {
	_, fs := load(t, `
fn neg_alpine(x[n]) = -sum(i, x[i]*sin(x[i]) + 0.1*x[i])
fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)
fn logistic_loss(w[d], b; X[m, d], y[m]) =
    sum(k, log(1 + exp(-y[k] * (sum(j, X[k, j]*w[j]) + b)))) / m
`)
	loops := func(p *Program) int { return strings.Count(p.String(), "for ") }
	for name, want := range map[string]int{"neg_alpine": 1, "rosenbrock": 1, "logistic_loss": 3} {
		if got := loops(Gradient(fs[name])); got != want {
			t.Errorf("%s: %d loops in the gradient program, want %d:\n%s", name, got, want, Gradient(fs[name]))
		}
	}
}

// TestBuildErrors: Build reports, never panics.
func TestBuildErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("fn f(x[n]) = ")
	for i := 0; i < MaxLevel+1; i++ {
		b.WriteString("sum(i" + itoa(i) + ", x[i" + itoa(i) + "]*")
	}
	b.WriteString("1")
	b.WriteString(strings.Repeat(")", MaxLevel+1))
	prog, err := loadProg(b.String())
	if err != nil {
		t.Skipf("the checker rejects it first: %v", err)
	}
	if _, err := Build(prog, prog.Fns[0]); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("Build: %v, want nested too deeply", err)
	}
}
