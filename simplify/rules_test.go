package simplify

import (
	"math"
	"testing"
)

// One row per rewrite: the rule's pattern (as Rules lists it), an input
// built with the constructors, and the printed result.
var ruleTests = []struct {
	rule  string
	name  string
	build func(g *Graph, x, y, z Node) Node
	want  string
}{
	{"(Add (Add a b) c) => (Add a b c)", "flatten", func(g *Graph, x, y, z Node) Node { return g.Add(g.Add(x, y), z) }, "x + y + z"},
	{"(Add (Const a) (Const b) x) => (Add (Const a+b) x)", "fold", func(g *Graph, x, y, z Node) Node { return g.Add(g.Const(2), x, g.Const(3)) }, "x + 5"},
	{"(Add (Const a) (Const b) x) => (Add (Const a+b) x)", "no Inf", func(g *Graph, x, y, z Node) Node { return g.Add(g.Const(1e308), g.Const(1e308)) }, "1e+308 + 1e+308"},
	{"(Add (Mul c x) (Mul d x)) => (Mul c+d x), x + x => 2*x, x - x => 0", "x+x", func(g *Graph, x, y, z Node) Node { return g.Add(x, x) }, "2*x"},
	{"(Add (Mul c x) (Mul d x)) => (Mul c+d x), x + x => 2*x, x - x => 0", "x-x", func(g *Graph, x, y, z Node) Node { return g.Sub(x, x) }, "0"},
	{"(Add (Mul c x) (Mul d x)) => (Mul c+d x), x + x => 2*x, x - x => 0", "2xy+3yx", func(g *Graph, x, y, z Node) Node {
		return g.Add(g.Mul(g.Const(2), x, y), g.Mul(y, g.Const(3), x), z)
	}, "z + 5*x*y"},
	{"(Add (If c a 0) (If c b 0)) => (If c (Add a b) 0)", "gates", func(g *Graph, x, y, z Node) Node {
		c := g.Cmp(OpLt, x, y)
		return g.Add(g.If(c, x, g.Const(0)), g.If(c, y, g.Const(0)))
	}, "if(x < y, x + y, 0)"},
	{"(Add x (Const 0)) => x", "x+0", func(g *Graph, x, y, z Node) Node { return g.Add(x, g.Const(0)) }, "x"},
	{"(Mul (Mul a b) c) => (Mul a b c)", "flatten", func(g *Graph, x, y, z Node) Node { return g.Mul(g.Mul(x, y), z) }, "x*y*z"},
	{"(Mul (Const a) (Const b) x) => (Mul (Const a*b) x)", "fold", func(g *Graph, x, y, z Node) Node { return g.Mul(g.Const(2), x, g.Const(3)) }, "6*x"},
	{"(Mul (Const 0) x) => 0", "x*0", func(g *Graph, x, y, z Node) Node { return g.Mul(x, g.Const(0)) }, "0"},
	{"(Mul (Pow x a) (Pow x b)) => (Pow x a+b), x*x => x^2, x/x => 1", "x*x", func(g *Graph, x, y, z Node) Node { return g.Mul(x, x) }, "x^2"},
	{"(Mul (Pow x a) (Pow x b)) => (Pow x a+b), x*x => x^2, x/x => 1", "x^a*x^b", func(g *Graph, x, y, z Node) Node { return g.Mul(g.Pow(x, y), g.Pow(x, z)) }, "x^(y + z)"},
	{"(Mul (Pow x a) (Pow x b)) => (Pow x a+b), x*x => x^2, x/x => 1", "x/x", func(g *Graph, x, y, z Node) Node { return g.Div(x, x) }, "1"},
	{"(Mul (Pow x a) (Pow x b)) => (Pow x a+b), x*x => x^2, x/x => 1", "x^2/x", func(g *Graph, x, y, z Node) Node { return g.Div(g.Pow(x, g.Const(2)), x) }, "x"},
	{"(Mul (Const 1) x) => x", "1*x", func(g *Graph, x, y, z Node) Node { return g.Mul(g.Const(1), x) }, "x"},
	{"(Mul (Const 1) x) => x", "--x", func(g *Graph, x, y, z Node) Node { return g.Neg(g.Neg(x)) }, "x"},
	{"(Pow x (Const 1)) => x", "x^1", func(g *Graph, x, y, z Node) Node { return g.Pow(x, g.Const(1)) }, "x"},
	{"(Pow x (Const 0)) => 1", "x^0", func(g *Graph, x, y, z Node) Node { return g.Pow(x, g.Const(0)) }, "1"},
	{"(Pow (Const 1) y) => 1", "1^y", func(g *Graph, x, y, z Node) Node { return g.Pow(g.Const(1), y) }, "1"},
	{"(Pow (Pow x (Const a)) (Const b)) => (Pow x (Const a*b)) for integers a, b", "(x^2)^3", func(g *Graph, x, y, z Node) Node {
		return g.Pow(g.Pow(x, g.Const(2)), g.Const(3))
	}, "x^6"},
	{"(Pow (Pow x (Const a)) (Const b)) => (Pow x (Const a*b)) for integers a, b", "(x^0.5)^2 stays", func(g *Graph, x, y, z Node) Node {
		return g.Pow(g.Pow(x, g.Const(0.5)), g.Const(2))
	}, "(x^0.5)^2"},
	{"(Abs (Abs x)) => (Abs x)", "abs abs", func(g *Graph, x, y, z Node) Node { return g.Call(OpAbs, g.Call(OpAbs, x)) }, "abs(x)"},
	{"(Abs (Mul -1 x)) => (Abs x)", "abs neg", func(g *Graph, x, y, z Node) Node { return g.Call(OpAbs, g.Neg(x)) }, "abs(x)"},
	{"(Sign (Sign x)) => (Sign x)", "sign sign", func(g *Graph, x, y, z Node) Node { return g.Call(OpSign, g.Call(OpSign, x)) }, "sign(x)"},
	{"(If (Const c) a b) => a or b", "if const", func(g *Graph, x, y, z Node) Node { return g.If(g.Cmp(OpLt, g.Const(1), g.Const(2)), x, y) }, "x"},
	{"(If c a a) => a", "if same", func(g *Graph, x, y, z Node) Node { return g.If(g.Cmp(OpLt, x, y), z, z) }, "z"},
	{"(If (Not c) a b) => (If c b a)", "if not", func(g *Graph, x, y, z Node) Node { return g.If(g.Not(g.Cmp(OpLt, x, y)), x, y) }, "if(x < y, y, x)"},
	{"(Not (Not c)) => c", "not not", func(g *Graph, x, y, z Node) Node { return g.If(g.Not(g.Not(g.Cmp(OpLt, x, y))), x, y) }, "if(x < y, x, y)"},
	{"(And (Const 1) c) => c, (And (Const 0) c) => 0", "and", func(g *Graph, x, y, z Node) Node {
		return g.If(g.Cmp(OpAnd, g.Const(1), g.Cmp(OpLt, x, y)), x, y)
	}, "if(x < y, x, y)"},
	{"(Or (Const 0) c) => c, (Or (Const 1) c) => 1", "or", func(g *Graph, x, y, z Node) Node {
		return g.If(g.Cmp(OpOr, g.Const(1), g.Cmp(OpLt, x, y)), x, y)
	}, "x"},
	{"(F (Const a) ...) => (Const F(a, ...)) when F(a) is a number", "sin 0", func(g *Graph, x, y, z Node) Node { return g.Call(OpSin, g.Const(0)) }, "0"},
	{"(F (Const a) ...) => (Const F(a, ...)) when F(a) is a number", "2^10", func(g *Graph, x, y, z Node) Node { return g.Pow(g.Const(2), g.Const(10)) }, "1024"},
	{"(F (Const a) ...) => (Const F(a, ...)) when F(a) is a number", "log 0 stays", func(g *Graph, x, y, z Node) Node { return g.Call(OpLog, g.Const(0)) }, "log(0)"},
	{"(F (Const a) ...) => (Const F(a, ...)) when F(a) is a number", "sqrt -1 stays", func(g *Graph, x, y, z Node) Node { return g.Call(OpSqrt, g.Const(-1)) }, "sqrt(-1)"},
	{"(Sum i (Const 0)) => 0", "sum 0", func(g *Graph, x, y, z Node) Node {
		return g.Sum(1, Affine{}, Affine{Terms: []Term{{1, Sym{SymSize, 0}}}}, g.Const(0))
	}, "0"},
	{"(Sum i lo..hi x) => 0 when hi <= lo are constants", "empty", func(g *Graph, x, y, z Node) Node {
		return g.Sum(1, Affine{Const: 3}, Affine{Const: 3}, g.Index(1))
	}, "0"},
	{"(Sum i lo..hi x) => (hi-lo)*x when x does not use i and lo, hi are constants", "const body", func(g *Graph, x, y, z Node) Node {
		return g.Sum(1, Affine{Const: 1}, Affine{Const: 4}, x)
	}, "3*x"},
	{"(Sum i lo..hi i) => (hi-lo)*(lo+hi-1)/2 when lo, hi are constants", "sum of i", func(g *Graph, x, y, z Node) Node {
		return g.Sum(1, Affine{Const: 2}, Affine{Const: 5}, g.Index(1))
	}, "9"},
	{"(Sum i (Mul x y)) => (Mul x (Sum i y)) when x does not use i", "invariant factor", func(g *Graph, x, y, z Node) Node {
		return g.Sum(1, Affine{}, Affine{Terms: []Term{{1, Sym{SymSize, 0}}}}, g.Mul(g.Const(2), x, g.Index(1)))
	}, "2*x*sum(i in 0..n, i)"},
}

func ruleGraph() (*Graph, Node, Node, Node) {
	g := NewGraph()
	g.Sizes = []string{"n"}
	x := g.In(g.AddInput(Input{Name: "x"}))
	y := g.In(g.AddInput(Input{Name: "y"}))
	z := g.In(g.AddInput(Input{Name: "z"}))
	return g, x, y, z
}

func TestRules(t *testing.T) {
	for _, tt := range ruleTests {
		t.Run(tt.name, func(t *testing.T) {
			g, x, y, z := ruleGraph()
			n := tt.build(g, x, y, z)
			if got := g.String(n); got != tt.want {
				t.Errorf("rule %s: got %q, want %q", tt.rule, got, tt.want)
			}
		})
	}
}

// TestRulesComplete checks that every rule of the constructors has a row.
func TestRulesComplete(t *testing.T) {
	have := map[string]bool{}
	for _, tt := range ruleTests {
		have[tt.rule] = true
	}
	rules := Rules()
	if len(rules) < 20 {
		t.Fatalf("only %d rules", len(rules))
	}
	for _, r := range rules {
		if !have[r.Pattern] {
			t.Errorf("rule %q has no test row", r.Pattern)
		}
	}
}

// TestInterning: equal expressions are one node, commutative operands in
// canonical order.
func TestInterning(t *testing.T) {
	g, x, y, _ := ruleGraph()
	if a, b := g.Call(OpSin, x), g.Call(OpSin, x); a != b {
		t.Errorf("sin(x) built twice: %d, %d", a, b)
	}
	if a, b := g.Mul(x, y), g.Mul(y, x); a != b {
		t.Errorf("x*y and y*x: %d, %d", a, b)
	}
	if a, b := g.Add(x, g.Add(y, g.Const(1))), g.Add(g.Add(g.Const(1), y), x); a != b {
		t.Errorf("x+(y+1) and (1+y)+x: %d, %d", a, b)
	}
	if a, b := g.Call(OpHypot, x, y), g.Call(OpHypot, y, x); a != b {
		t.Errorf("hypot not canonical: %d, %d", a, b)
	}
	if a, b := g.Call(OpAtan2, x, y), g.Call(OpAtan2, y, x); a == b {
		t.Errorf("atan2(x, y) and atan2(y, x) are one node")
	}
	before := g.Len()
	g.Pow(g.Add(x, y), g.Const(2))
	after := g.Len()
	g.Pow(g.Add(y, x), g.Const(2))
	if g.Len() != after || after <= before {
		t.Errorf("rebuilding (x+y)^2 added nodes: %d -> %d -> %d", before, after, g.Len())
	}
}

// TestFoldingKeepsSignedZero: -1*0 folds to -0, exactly as float64.
func TestFoldingKeepsSignedZero(t *testing.T) {
	g, _, _, _ := ruleGraph()
	v, ok := g.IsConst(g.Neg(g.Const(0)))
	if !ok || v != 0 || !math.Signbit(v) {
		t.Errorf("-(0) = %v (const %v), want -0", v, ok)
	}
}
