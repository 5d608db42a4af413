package lang

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gradc/gradc/ast"
)

// sumRanges lists the ranges of the sums of p in source order, as
// "i 0..n-1" for an inferred range and "i in 0..n-1" for a written one.
func sumRanges(p *Program) string {
	var out []string
	for _, d := range p.File.Decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if s, ok := n.(*ast.Sum); ok {
				r := p.Info.Sums[s]
				switch {
				case r == nil:
					out = append(out, s.Index.Name+" ?")
				case r.Inferred:
					out = append(out, s.Index.Name+" "+r.Lo.String()+".."+r.Hi.String())
				default:
					out = append(out, s.Index.Name+" in "+r.Lo.String()+".."+r.Hi.String())
				}
			}
			return true
		})
	}
	return strings.Join(out, "; ")
}

// firstError is the first error of err as "LINE:COL: message".
func firstError(err error) string {
	var list ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Pos.String() + ": " + list[0].Msg
	}
	return err.Error()
}

// TestInferRanges is the table of range inference: the ranges of the sums
// of each source in order, or the first error.
func TestInferRanges(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"rosenbrock", "fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)", "i 0..n-1"},
		{"plain", "fn f(x[n]) = sum(i, x[i])", "i 0..n"},
		{"differences", "fn f(x[n]) = sum(i, x[i+1] - x[i])", "i 0..n-1"},
		{"shifted down", "fn f(x[n]) = sum(i, x[i-1])", "i 1..n+1"},
		{"both ends", "fn f(x[n]) = sum(i, x[i+2] - 2*x[i+1] + x[i])", "i 0..n-2"},
		{"reversed", "fn f(x[n]) = sum(i, x[n-1-i])", "i 0..n"},
		{"negated", "fn f(x[n]) = sum(i, x[-i])", "i -n+1..1"},
		{"stride 2 fixed odd", "fn f(x[7]) = sum(i, x[2*i+1])", "i 0..3"},
		{"stride 2 fixed even", "fn f(x[7]) = sum(i, x[2*i])", "i 0..4"},
		{"stride 2 fixed 8", "fn f(x[8]) = sum(i, x[2*i+1])", "i 0..4"},
		{"stride 3 fixed negative", "fn f(x[10]) = sum(i, x[9-3*i])", "i 0..4"},
		{"stride 2 symbolic", "fn f(x[n]) = sum(i, x[2*i+1])",
			"1:23: cannot infer the range of sum index i: x[2*i+1] needs i <= (n-2)/2, which is not a whole number for every size; write sum(i in lo..hi, ...)"},
		{"fixed size", "fn f(v[3]) = sum(i, v[i]^2)", "i 0..3"},
		{"two arrays one size", "fn f(x[n], y[n]) = sum(i, x[i]*y[i+1])", "i 0..n-1"},
		{"two sizes", "fn f(x[n], y[m]) = sum(i, x[i]*y[i])",
			"1:24: cannot infer the range of sum index i: x[i] needs i < n and y[i] needs i < m; use one size for both or write sum(i in lo..hi, ...)"},
		{"size and fixed", "fn f(x[n], y[3]) = sum(i, x[i]*y[i])",
			"1:24: cannot infer the range of sum index i: x[i] needs i < n and y[i] needs i < 3; use one size for both or write sum(i in lo..hi, ...)"},
		{"provable order", "fn f(x[n], y[n]) = sum(i, x[i] + y[i+2])", "i 0..n-2"},
		{"nested", "fn f(A[m, n]) = sum(i, sum(j, A[i, j]))", "i 0..m; j 0..n"},
		{"nested transposed", "fn f(A[m, n]) = sum(i, sum(j, A[j, i]))", "i 0..n; j 0..m"},
		{"quadratic form", "fn f(x[n]; A[n, n]) = 0.5*sum(i, sum(j, x[i]*A[i, j]*x[j]))", "i 0..n; j 0..n"},
		{"logistic", "fn f(w[d], b; X[m, d], y[m]) = sum(k, log(1 + exp(-y[k] * (sum(j, X[k, j]*w[j]) + b)))) / m", "k 0..m; j 0..d"},
		{"inner bound by outer", "fn f(x[n]) = sum(j, x[j] * sum(i, x[i-j]*x[i]))", "j 0..n; i j..n"},
		{"inner from explicit outer", "fn f(x[n]) = sum(i in 0..n, sum(j, x[j+i]))", "i in 0..n; j -i..n-i"},
		{"only with inner", "fn f(x[n]) = sum(i, sum(j, x[i+j]))",
			"1:18: cannot infer the range of sum index i: it indexes arrays only together with inner sum indices, as in x[i+j]; write sum(i in lo..hi, ...)"},
		{"no array", "fn f(x[n]) = sum(i, 3)",
			"1:18: cannot infer the range of sum index i: it indexes no array; write sum(i in lo..hi, ...)"},
		{"index as number", "fn f(x[n]) = sum(i, (i+1)*x[i]^2)", "i 0..n"},
		{"explicit", "fn f(x[n]) = sum(i in 0..n-1, (x[i+1] - x[i])^2)", "i in 0..n-1"},
		{"explicit nested", "fn f(x[n]) = sum(i in 0..n, sum(j in 0..i+1, x[j]))", "i in 0..n; j in 0..i+1"},
		{"explicit outside the index", "fn f(x[n]) = sum(i in 0..3, i^2) + x[0]", "i in 0..3"},
		{"empty", "fn f(x[n]) = sum(i in 3..3, 1) + sum(i in n..0, x[i])", "i in 3..3; i in n..0"},
		{"empty and out of reach", "fn f(x[2]) = sum(i in 0..0, x[i+5])", "i in 0..0"},
		{"empty inferred", "fn f(x[3], y[3]) = sum(i, x[i]*y[i+5])", "i 0..-2"},
		{"sibling sums share a name", "fn f(x[n], y[m]) = sum(i, x[i]) + sum(i, y[i])", "i 0..n; i 0..m"},
		{"const index", "const two = 2\nfn f(x[n]) = sum(i, x[i+two])", "i -2..n-2"},
		{"in a let", "fn f(x[n]) {\n let s = sum(i, x[i])\n return s^2\n}", "i 0..n"},
		{"in a callee and a caller", "fn g(v[k]) = sum(i, v[i])\nfn f(x[n]) = g(x) + sum(j, x[j+1])", "i 0..k; j -1..n-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load("r.expr", []byte(tc.src))
			var got string
			if err != nil {
				got = firstError(err)
			} else {
				got = sumRanges(p)
				checkInfo(t, p)
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

// TestBoundChecks is the table of bounds: what each fn must check at run
// time ("NEED if GUARD: MSG", NEED >= 0 and GUARD > 0 written out), or
// the first error.
func TestBoundChecks(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"rosenbrock needs nothing", "fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)", ""},
		{"fixed needs nothing", "fn f(v[3]) = v[0]*v[1] + v[1]*v[2] + v[2]^2", ""},
		{"last element", "fn f(x[n]) = x[n-1] + x[0]", ""},
		{"explicit full range", "fn f(x[n]) = sum(i in 0..n, x[i])", ""},
		{"explicit shifted", "fn f(x[n]) = sum(i in 2..n, x[i-2])", ""},
		{"empty range needs nothing", "fn f(x[n]) = sum(i in 0..0, x[i+7])", ""},
		{"range of another size", "fn f(x[n], y[m]) = sum(i in 0..n, y[i])", "n <= m: y[i] needs n <= m"},
		{"guarded", "fn f(x[n], y[m]) = sum(i in 0..n-1, y[i+1])", "n <= m if n-1: y[i+1] needs n <= m"},
		{"index of another size", "fn f(x[n], y[m]) = y[n-1] + x[0]", "n <= m: y[n-1] needs n <= m"},
		{"constant index", "fn f(x[n]) = x[2]", "3 <= n: x[2] needs 3 <= n"},
		{"constant range", "fn f(x[n]) = sum(i in 0..3, x[i])", "3 <= n: x[i] needs 3 <= n"},
		{"constant in a loop", "fn f(x[n]) = sum(i in 0..n-1, x[2])", "3 <= n if n-1: x[2] needs 3 <= n"},
		{"lower end", "fn f(x[n], y[m]) = sum(i in n-m..n, x[i])", "m <= n: x[i] needs m <= n"},
		{"matrix", "fn f(A[m, n]) = sum(i in 0..m, A[i, m-1])", "m <= n: A[i, m-1] needs m <= n"},
		{"callee", "fn g(a[n], b[m]) = sum(i in 0..n, b[i])\nfn f(x[k], y[p]) = g(x, y)",
			"n <= m: b[i] needs n <= m | k <= p: in g, b[i] needs n <= m, and here n = k, m = p"},
		{"callee proved", "fn g(a[n], b[m]) = sum(i in 0..n, b[i])\nfn f(x[k]) = g(x, x)", "n <= m: b[i] needs n <= m"},
		{"callee in a loop", "fn g(a[n], b[m]) = sum(i in 0..n, b[i])\nfn f(x[k], y[p]) = sum(j in 0..k-1, x[j]*g(x, y))",
			"n <= m: b[i] needs n <= m | k <= p if k-1: in g, b[i] needs n <= m, and here n = k, m = p"},
		{"fixed callee", "fn g(v[3]) = v[0]\nfn f(x[n]) = g(x)", "3 <= n: g(x) needs n == 3 | n <= 3: g(x) needs n == 3"},
		{"triangle", "fn f(x[n]) = sum(i in 0..n, sum(j in i+1..n, x[i+1]*x[j]))", ""},
		{"triangle never runs", "fn f(x[n]) = sum(i in 0..n, sum(j in i+1..i, x[i+5]))", ""},
		{"triangle out", "fn f(x[n]) = sum(i in 0..n, sum(j in i+1..n, x[i+2]*x[j]))",
			"1:48: x[i+2] is out of bounds at i = n-2: index n on x[n]"},
		{"out at the end", "fn f(x[n]) = sum(i in 0..n, x[i+1])", "1:31: x[i+1] is out of bounds at i = n-1: index n on x[n]"},
		{"out at the start", "fn f(x[n]) = sum(i in 0..n, x[i-1])", "1:31: x[i-1] is out of bounds at i = 0: index -1 on x[n]"},
		{"out of a fixed size", "fn f(x[3]) = x[3]", "1:16: index 3 out of bounds for x[3]"},
		{"out when the loop runs", "fn f(x[n]) = sum(i in 0..n-1, x[i+2])", "1:33: x[i+2] is out of bounds at i = n-2: index n on x[n]"},
		{"out in a callee", "fn g(a[n], b[m]) = sum(i in 0..n, b[i])\nfn f(x[3], y[2]) = g(x, y)",
			"2:20: this call of g is out of bounds: in g, b[i] needs n <= m, and here n = 3, m = 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load("b.expr", []byte(tc.src))
			var got string
			if err != nil {
				got = firstError(err)
			} else {
				var checks []string
				for _, f := range p.Fns {
					for _, c := range f.Checks {
						s := needText(c.Need)
						if len(c.Guard) > 0 {
							var gs []string
							for _, g := range c.Guard {
								gs = append(gs, g.String())
							}
							s += " if " + strings.Join(gs, ", ")
						}
						checks = append(checks, s+": "+c.Msg)
						if !c.Pos.IsValid() {
							t.Errorf("check %q has no position", c.Msg)
						}
						for _, term := range c.Need.Terms {
							if sz, ok := term.Sym.(*Size); !ok || sz.Fn != f {
								t.Errorf("check %q of fn %s needs %s, not a size of the fn", c.Msg, f.Name(), term.Sym.Name())
							}
						}
					}
				}
				got = strings.Join(checks, " | ")
			}
			if got != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

// TestAffine checks the arithmetic of affine forms and the affine form of
// index expressions.
func TestAffine(t *testing.T) {
	p := load(t, `fn f(x[n], y[m]; A[n, m]) = sum(i, sum(j, A[i, j] + x[2*(i+1) - i]) + y[m-1] + x[-(1-n)-1] + x[i+0*n] + x[(i)])`)
	var got []string
	ast.Inspect(p.File.Decls[0], func(n ast.Node) bool {
		if ix, ok := n.(*ast.Index); ok {
			var parts []string
			for _, a := range p.Info.Indexes[ix] {
				parts = append(parts, a.String())
			}
			got = append(got, strings.Join(parts, ","))
		}
		return true
	})
	want := "i,j i+2 m-1 n-2 i i"
	if strings.Join(got, " ") != want {
		t.Errorf("affine forms: got %s, want %s", strings.Join(got, " "), want)
	}
	// Terms are sorted by declaration: the size n before the index i.
	f := p.Fn("f")
	n := f.Sizes[0]
	var i Object
	for _, obj := range p.Info.Defs {
		if s, ok := obj.(*SumIndex); ok && s.Name() == "i" {
			i = s
		}
	}
	a := SymAffine(i).Add(SymAffine(n).Scale(2)).AddConst(-3)
	if a.String() != "2*n+i-3" || a.Terms[0].Sym != n {
		t.Errorf("order: %s", a)
	}
	if b := a.Sub(a); !b.IsConst() || b.Const != 0 || b.String() != "0" {
		t.Errorf("a - a = %s", b)
	}
	if s := a.Subst(i, SymAffine(n).AddConst(-1)); s.String() != "3*n-4" {
		t.Errorf("subst: %s", s)
	}
	if !a.Equal(SymAffine(n).Scale(2).Add(SymAffine(i)).AddConst(-3)) {
		t.Error("equal forms differ")
	}
	for _, tc := range []struct{ a, b, floor, ceil int }{
		{7, 2, 3, 4}, {-7, 2, -4, -3}, {6, 3, 2, 2}, {-6, 3, -2, -2}, {0, 5, 0, 0}, {-1, 5, -1, 0},
	} {
		if f, c := floorDiv(tc.a, tc.b), ceilDiv(tc.a, tc.b); f != tc.floor || c != tc.ceil {
			t.Errorf("%d/%d: floor %d ceil %d, want %d %d", tc.a, tc.b, f, c, tc.floor, tc.ceil)
		}
	}
}

// TestDecide checks the prover of run-time conditions.
func TestDecide(t *testing.T) {
	n := &Size{Ident: &ast.Ident{Name: "n", At: ast.Pos{Line: 1, Col: 1}}}
	m := &Size{Ident: &ast.Ident{Name: "m", At: ast.Pos{Line: 1, Col: 2}}}
	N, M := SymAffine(n), SymAffine(m)
	for _, tc := range []struct {
		name   string
		need   Affine
		guards []Affine
		want   verdict
	}{
		{"constant true", ConstAffine(0), nil, always},
		{"constant false", ConstAffine(-1), nil, never},
		{"n-1 >= 0", N.AddConst(-1), nil, always},
		{"n-2 >= 0", N.AddConst(-2), nil, unknown},
		{"n-2 >= 0 when n-1 > 0", N.AddConst(-2), []Affine{N.AddConst(-1)}, always},
		{"1-n >= 0", N.Scale(-1).AddConst(1), nil, unknown},
		{"-n >= 0", N.Scale(-1), nil, never},
		{"1-n >= 0 when n-1 > 0", N.Scale(-1).AddConst(1), []Affine{N.AddConst(-1)}, never},
		{"loop never runs", ConstAffine(-5), []Affine{N.Scale(-1)}, always},
		{"loop never runs by constant", ConstAffine(-5), []Affine{ConstAffine(0)}, always},
		{"m-n >= 0", M.Sub(N), nil, unknown},
		{"m+n-2 >= 0", M.Add(N).AddConst(-2), nil, always},
		{"-m-n >= 0", M.Add(N).Scale(-1), nil, never},
		{"bounded above", N.AddConst(-1), []Affine{N.Scale(-1).AddConst(5)}, always},
		{"3-n >= 0 when n < 4", N.Scale(-1).AddConst(3), []Affine{N.Scale(-1).AddConst(4)}, always},
	} {
		if got := decide(tc.need, tc.guards); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestBoundsSound checks the prover against brute force on random
// programs: at every assignment of sizes from 1 to 4, if some index of
// an accepted fn (or of a fn it calls) is out of bounds at some iteration,
// then one of the fn's run-time checks fails there. It also checks that
// each inferred range keeps its indices in bounds, which the first part
// implies, and counts how often a failing check was needed, and how
// often one fails with every index in bounds (the checks are conservative
// where an inner range is empty at some outer iterations).
func TestBoundsSound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	accepted, needed, alarms := 0, 0, 0
	for k := 0; k < 1500; k++ {
		src := randomBoundsProgram(r)
		p, err := Load("b.expr", []byte(src))
		if err != nil {
			continue
		}
		accepted++
		f := p.Fn("f")
		for n := 1; n <= 4; n++ {
			for m := 1; m <= 4; m++ {
				env := map[Object]int{f.Sizes[0]: n}
				if len(f.Sizes) > 1 {
					env[f.Sizes[1]] = m
				}
				bad := firstOutOfBounds(p, f, env)
				if bad == "" {
					if someCheckFails(f, env, false) {
						alarms++ // conservative: see the doc of ranges.go
					}
					continue
				}
				needed++
				if !someCheckFails(f, env, true) {
					t.Fatalf("n=%d m=%d: %s is out of bounds, and no check fails\n%s\nchecks: %s", n, m, bad, src, checksText(f))
				}
			}
		}
	}
	t.Logf("%d programs accepted; %d size assignments needed a run-time check, %d failed one without need", accepted, needed, alarms)
	if accepted < 200 || needed == 0 || alarms > needed/20 {
		t.Errorf("the generator needs work: %d accepted, %d needed checks", accepted, needed)
	}
}

func checksText(f *Fn) string {
	var s []string
	for _, c := range f.Checks {
		s = append(s, c.Msg)
	}
	return strings.Join(s, "; ")
}

// eval is the value of a under env.
func eval(a Affine, env map[Object]int) int {
	v := a.Const
	for _, t := range a.Terms {
		v += t.Coef * env[t.Sym]
	}
	return v
}

// someCheckFails reports whether a check of f fails under env; shapes
// says whether to count the checks of fixed sizes met by size symbols
// ("g(x) needs n == 3"), which are about shapes, not about indices.
func someCheckFails(f *Fn, env map[Object]int, shapes bool) bool {
	for _, c := range f.Checks {
		if !shapes && strings.Contains(c.Msg, " == ") {
			continue
		}
		runs := true
		for _, g := range c.Guard {
			runs = runs && eval(g, env) > 0
		}
		if runs && eval(c.Need, env) < 0 {
			return true
		}
	}
	return false
}

// firstOutOfBounds runs every loop of fn f under the sizes of env and
// returns the first index out of bounds, or "".
func firstOutOfBounds(p *Program, f *Fn, env map[Object]int) string {
	var bad string
	var walk func(e ast.Expr, env map[Object]int, sums []*ast.Sum)
	// iterate calls visit for each iteration of sums, outermost first.
	var iterate func(sums []*ast.Sum, env map[Object]int, visit func(map[Object]int))
	iterate = func(sums []*ast.Sum, env map[Object]int, visit func(map[Object]int)) {
		if len(sums) == 0 {
			visit(env)
			return
		}
		s := sums[0]
		rng := p.Info.Sums[s]
		obj := p.Info.Defs[s.Index]
		for i := eval(rng.Lo, env); i < eval(rng.Hi, env); i++ {
			inner := make(map[Object]int, len(env)+1)
			for k, v := range env {
				inner[k] = v
			}
			inner[obj] = i
			iterate(sums[1:], inner, visit)
		}
	}
	walk = func(e ast.Expr, env map[Object]int, sums []*ast.Sum) {
		if bad != "" {
			return
		}
		switch e := e.(type) {
		case *ast.Paren:
			walk(e.X, env, sums)
		case *ast.Unary:
			walk(e.X, env, sums)
		case *ast.Binary:
			walk(e.X, env, sums)
			walk(e.Y, env, sums)
		case *ast.If:
			walk(e.Cond, env, sums)
			walk(e.Then, env, sums)
			walk(e.Else, env, sums)
		case *ast.Diff:
			walk(e.X, env, sums)
		case *ast.Sum:
			walk(e.Body, env, append(sums[:len(sums):len(sums)], e))
		case *ast.Call:
			for _, a := range e.Args {
				walk(a, env, sums)
			}
			ci := p.Info.Calls[e]
			if ci == nil {
				return
			}
			runs := false
			iterate(sums, env, func(map[Object]int) { runs = true })
			if !runs {
				return
			}
			callee := make(map[Object]int)
			for k, s := range ci.Fn.Sizes {
				if d := ci.Sizes[k]; d.Size != nil {
					callee[s] = env[d.Size]
				} else {
					callee[s] = d.Fixed
				}
			}
			if msg := firstOutOfBounds(p, ci.Fn, callee); msg != "" {
				bad = "in " + ci.Fn.Name() + ", " + msg
			}
		case *ast.Index:
			par := p.Info.Uses[e.X.(*ast.Ident)].(*Param)
			affs := p.Info.Indexes[e]
			iterate(sums, env, func(env map[Object]int) {
				for d, a := range affs {
					v := eval(a, env)
					if n := eval(dimAffine(par.Dims[d]), env); (v < 0 || v >= n) && bad == "" {
						bad = fmt.Sprintf("%s at %v", exprString(e), env)
					}
				}
			})
		}
	}
	for _, l := range f.Lets {
		walk(l.Decl.Value, env, nil)
	}
	walk(f.Result, env, nil)
	return bad
}

// randomBoundsProgram writes a fn f over two sizes whose indices and
// ranges are often, but not always, provably in bounds.
func randomBoundsProgram(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	var idx []string
	index := func() string {
		if len(idx) > 0 && r.IntN(4) > 0 {
			i := idx[r.IntN(len(idx))]
			return pick(i, i+"+1", i+"-1", "n-1-"+i, "2*"+i, i)
		}
		return pick("0", "1", "2", "n-1", "m-1", "n-2")
	}
	var expr func(depth int) string
	expr = func(depth int) string {
		switch k := r.IntN(6); {
		case depth == 0 || k == 0:
			switch r.IntN(4) {
			case 0:
				return "x[" + index() + "]"
			case 1:
				return "y[" + index() + "]"
			case 2:
				return "A[" + index() + ", " + index() + "]"
			}
			return "v[" + index() + "]"
		case k == 1:
			return expr(depth-1) + " + " + expr(depth-1)
		case k == 2:
			return pick("g(x, y)", "g(y, x)", "g(x, x)", "h(v)", "h(x)")
		default:
			name := fmt.Sprintf("i%d", len(idx))
			rng := ""
			if r.IntN(2) == 0 {
				lo := pick("0", "0", "1", "n-m")
				if len(idx) > 0 {
					lo = pick(lo, idx[len(idx)-1])
				}
				rng = " in " + lo + ".." + pick("n", "m", "n-1", "3", "n+1", "m-1")
			}
			idx = append(idx, name)
			body := expr(depth - 1)
			idx = idx[:len(idx)-1]
			return "sum(" + name + rng + ", " + body + ")"
		}
	}
	return "fn g(a[k], b[l]) = sum(j in 0..k, b[j])\n" +
		"fn h(u[3]) = u[2]\n" +
		"fn f(x[n], y[m]; A[n, m], v[3]) = " + expr(3) + "\n"
}
