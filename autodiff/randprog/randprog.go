// Package randprog generates random, valid .expr programs for
// property-based tests (pgregory.net/rapid): every builtin, powers with
// constant and varying exponents, sums with inferred, explicit and shifted
// ranges, nested sums, matrices, data, if with every comparison and
// logical operator, lets, consts, calls between fns (scalar and array
// arguments) and diff, nested.
//
// Every program declares, in this order, a const k, a scalar helper
// fn g(a, b), an array helper fn h(p, u[n]; q), and the fn under test
//
//	fn f(x, y, v[n], A[n, 2]; d, e[n])
//
// whose size n comes from the length of the data vector e. Arguments of
// domain-restricted builtins are wrapped so that most points are in the
// domain (log(0.5 + u^2), asin(0.9*tanh(u)), ...); overflow and poles can
// still happen, and a caller retries or skips points whose value is not
// finite.
package randprog

import (
	"fmt"
	"strings"

	"pgregory.net/rapid"
)

// MaxDepth is the deepest nesting of operations in one expression.
const MaxDepth = 4

// Program draws the source of a program.
func Program() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		var b strings.Builder
		fmt.Fprintf(&b, "const k = %s\n", number(t))

		g := &gen{t: t, scalars: []string{"a", "b", "k"}, diffVars: []string{"a", "b"}}
		fmt.Fprintf(&b, "fn g(a, b) = %s\n", g.expr(2))

		h := &gen{t: t, scalars: []string{"p", "q", "k"}, diffVars: []string{"p", "q"},
			arrays: []array{{"u", 1}}, calls: []string{"g"}}
		fmt.Fprintf(&b, "fn h(p, u[n]; q) = %s\n", h.expr(3))

		f := &gen{t: t, scalars: []string{"x", "y", "d", "k"}, diffVars: []string{"x", "y", "d"},
			arrays: []array{{"v", 1}, {"e", 1}, {"A", 2}}, calls: []string{"g", "h"}}
		b.WriteString("fn f(x, y, v[n], A[n, 2]; d, e[n]) {\n")
		lets := rapid.IntRange(0, 2).Draw(t, "lets")
		for i := 0; i < lets; i++ {
			name := fmt.Sprintf("l%d", i)
			fmt.Fprintf(&b, "\tlet %s = %s\n", name, f.expr(MaxDepth-1))
			f.scalars = append(f.scalars, name)
		}
		fmt.Fprintf(&b, "\treturn %s\n}\n", f.expr(MaxDepth))
		return b.String()
	})
}

// array is an array parameter in scope: a vector (rank 1) or an n×2
// matrix (rank 2).
type array struct {
	name string
	rank int
}

// gen draws expressions in one scope.
type gen struct {
	t        *rapid.T
	scalars  []string // names usable as numbers
	diffVars []string // scalar parameters diff may take
	arrays   []array
	indices  []string // sum indices in scope, usable in array indexes
	calls    []string // fns that can be called: g(s, s), h(s, vector, s)
	nsum     int      // sums drawn so far, for fresh index names
}

func number(t *rapid.T) string {
	return rapid.SampledFrom([]string{"0.5", "1", "2", "3", "0.25", "1.5", "1e-1", ".75", "pi"}).Draw(t, "number")
}

func (g *gen) draw(name string, choices int) int {
	return rapid.IntRange(0, choices-1).Draw(g.t, name)
}

// elem draws an element of an array at index i (an index in scope).
func (g *gen) elem(i string) string {
	a := g.arrays[g.draw("array", len(g.arrays))]
	if a.rank == 2 {
		return fmt.Sprintf("%s[%s, %d]", a.name, i, g.draw("col", 2))
	}
	return fmt.Sprintf("%s[%s]", a.name, i)
}

// unaryTemplates wrap domain-restricted builtins; %s is the argument.
var unaryTemplates = []string{
	"sin(%s)", "cos(%s)", "tan(%s)", "atan(%s)", "sinh(%s)", "cosh(%s)", "tanh(%s)", "asinh(%s)",
	"exp(%s)", "expm1(%s)", "cbrt(%s)", "erf(%s)", "erfc(%s)", "sigmoid(%s)", "softplus(%s)",
	"abs(%s)", "sign(%s)", "floor(%s)", "ceil(%s)",
	"asin(0.9*tanh(%s))", "acos(0.9*tanh(%s))", "atanh(0.9*tanh(%s))", "acosh(1.5 + (%s)^2)",
	"log(0.5 + (%s)^2)", "log1p((%s)^2)", "log2(0.5 + (%s)^2)", "log10(0.5 + (%s)^2)", "sqrt(0.25 + (%s)^2)",
	"-(%s)", "(%s)^2", "(%s)^3", "(0.5 + (%s)^2)^-1", "(0.5 + (%s)^2)^0.5", "(%s)^k",
}

// binaryTemplates combine two expressions.
var binaryTemplates = []string{
	"%s + %s", "%s - %s", "%s * %s", "(%s) / (0.5 + (%s)^2)", "%s / %s",
	"atan2(%s, %s)", "hypot(%s, %s)", "min(%s, %s)", "max(%s, %s)",
	"pow(0.5 + (%s)^2, %s)", "(0.5 + (%s)^2)^(sin(%s))",
}

var cmpOps = []string{"<", "<=", ">", ">=", "==", "!="}

// expr draws an expression of at most depth nested operations.
func (g *gen) expr(depth int) string {
	if depth <= 0 {
		return g.leaf()
	}
	// rapid draws small numbers more often: the compound kinds come first.
	switch g.draw("kind", 10) {
	case 0, 1:
		return fmt.Sprintf(unaryTemplates[g.draw("unary", len(unaryTemplates))], g.expr(depth-1))
	case 2, 3:
		return "(" + fmt.Sprintf(binaryTemplates[g.draw("binary", len(binaryTemplates))], g.expr(depth-1), g.expr(depth-1)) + ")"
	case 4:
		if len(g.arrays) > 0 {
			return g.sum(depth)
		}
	case 5:
		return fmt.Sprintf("if(%s, %s, %s)", g.cond(depth-1), g.expr(depth-1), g.expr(depth-1))
	case 6:
		if len(g.calls) > 0 {
			return g.call(depth)
		}
	case 7:
		v := g.diffVars[g.draw("diffvar", len(g.diffVars))]
		return fmt.Sprintf("diff(%s, %s)", g.expr(depth-1), v)
	case 8:
		return g.leaf()
	}
	return fmt.Sprintf("(%s + %s)", g.expr(depth-1), g.leaf())
}

// leaf draws a number, a scalar name or an array element.
func (g *gen) leaf() string {
	switch g.draw("leaf", 4) {
	case 1:
		if len(g.arrays) > 0 {
			idx := append([]string{"0"}, g.indices...)
			return g.elem(idx[g.draw("index", len(idx))])
		}
	case 2:
		if len(g.indices) > 0 {
			return g.indices[g.draw("index number", len(g.indices))]
		}
	case 3:
		return number(g.t)
	}
	return g.scalars[g.draw("scalar", len(g.scalars))]
}

// cond draws a condition.
func (g *gen) cond(depth int) string {
	cmp := func() string {
		return fmt.Sprintf("%s %s %s", g.expr(depth-1), cmpOps[g.draw("cmp", len(cmpOps))], g.expr(depth-1))
	}
	switch g.draw("cond", 4) {
	case 0:
		return cmp()
	case 1:
		return cmp() + " && " + cmp()
	case 2:
		return cmp() + " || " + cmp()
	}
	return "!(" + cmp() + ")"
}

// sum draws a sum whose index indexes an array: with an inferred range,
// an inferred range shifted by i+1, or an explicit range.
func (g *gen) sum(depth int) string {
	i := fmt.Sprintf("i%d", g.nsum)
	g.nsum++
	inner := *g
	inner.indices = append(append([]string(nil), g.indices...), i)
	inner.scalars = append([]string(nil), g.scalars...)
	body := inner.expr(depth - 1)
	g.nsum = inner.nsum
	switch g.draw("sum", 4) {
	case 0:
		return fmt.Sprintf("sum(%s, %s*(%s))", i, g.elem(i), body)
	case 1:
		return fmt.Sprintf("sum(%s, (%s - %s)*(%s))", i, g.elem(i+"+1"), g.elem(i), body)
	case 2:
		return fmt.Sprintf("sum(%s in 0..n, %s*(%s))", i, g.elem(i), body)
	}
	return fmt.Sprintf("sum(%s in 1..n, (%s - %s)*(%s))", i, g.elem(i), g.elem(i+"-1"), body)
}

// call draws a call of g or h.
func (g *gen) call(depth int) string {
	switch g.calls[g.draw("call", len(g.calls))] {
	case "h":
		var vecs []string
		for _, a := range g.arrays {
			if a.rank == 1 {
				vecs = append(vecs, a.name)
			}
		}
		return fmt.Sprintf("h(%s, %s, %s)", g.expr(depth-1), vecs[g.draw("vec", len(vecs))], g.expr(depth-1))
	}
	return fmt.Sprintf("g(%s, %s)", g.expr(depth-1), g.expr(depth-1))
}
