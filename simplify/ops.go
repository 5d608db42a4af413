package simplify

import (
	"math"

	"github.com/gradc/gradc/lang"
)

// Op is an operation of the graph and of the Program. One table, ops,
// describes every Op: how it prints, how Go spells it, how it evaluates and
// how it differentiates. The printer, the differentiators, the scheduler,
// the reference evaluator and the emitters all read that table.
type Op uint8

// The operations. Leaves first, then the arithmetic of the graph, then
// the builtins, then conditions, then the program-only operations that
// lowering introduces (Sub, Div, Neg and the binary forms).
const (
	OpInvalid Op = iota
	// Leaves.
	OpConst // a float64 constant (Graph.Value)
	OpIn    // an input: a scalar parameter, or an array element at affine indices
	OpSize  // a size symbol used as a number
	OpIndex // a sum index used as a number (its level)
	OpHole  // a placeholder leaf, only while Build expands diff in an inlined call
	// Graph arithmetic. Add and Mul are n-ary, flattened and canonically
	// ordered; subtraction is Add(a, Mul(-1, b)) and division Mul(a, Pow(b, -1)).
	OpAdd
	OpMul
	OpPow
	OpProd // a binary product that Mul never flattens (prefix/suffix products)
	OpSum  // sum over an index: one operand, the body; level and range aside
	OpIf   // if(cond, a, b)
	// Builtins, one per entry of lang.Builtins (pow is OpPow, pi a constant).
	OpSin
	OpCos
	OpTan
	OpAsin
	OpAcos
	OpAtan
	OpSinh
	OpCosh
	OpTanh
	OpAsinh
	OpAcosh
	OpAtanh
	OpExp
	OpExpm1
	OpLog
	OpLog1p
	OpLog2
	OpLog10
	OpSqrt
	OpCbrt
	OpAbs
	OpSign
	OpFloor
	OpCeil
	OpErf
	OpErfc
	OpSigmoid
	OpSoftplus
	OpAtan2
	OpHypot
	OpMin
	OpMax
	// Conditions: their value is 1 (true) or 0 (false).
	OpLt
	OpLe
	OpGt
	OpGe
	OpEq
	OpNe
	OpAnd
	OpOr
	OpNot
	// Program-only operations, produced by lowering (never by the graph
	// constructors): binary forms of the arithmetic.
	OpSub
	OpDiv
	OpNeg
	numOps
)

// Precedences used by the printer, as ast's: higher binds tighter.
const (
	precOr = 1 + iota
	precAnd
	precCmp
	precAdd
	precMul
	precUnary
	precPow
	precAtom
)

// OpInfo describes one operation.
type OpInfo struct {
	Name  string // the builtin's name, or the operator's spelling ("+", "<")
	Arity int    // number of operands; -1 for n-ary (Add, Mul)
	// Commutative operands are kept in canonical order by the constructors.
	Commutative bool
	// Infix is true for operators printed between operands.
	Infix bool
	// Prec is the printing precedence of an infix operator.
	Prec int
	// Go is the Go spelling: a function ("math.Sin") or an infix operator
	// ("+"). Empty for leaves and for ops that need a helper (sigmoid,
	// softplus, sign, if: see GoHelper). min and max are Go's builtins.
	Go string
	// GoHelper is Go source of a helper function for ops that the math
	// package lacks, named "gradc" + Name.
	GoHelper string
	// Latex is the LaTeX spelling of a function ("\\sin").
	Latex string
	// Cond is true for operations whose value is a condition (1 or 0).
	Cond bool
	// Eval computes the operation on float64 operands, exactly as the
	// generated code must. Nil for leaves and Sum.
	Eval func(a []float64) float64
	// Partial builds ∂n/∂(operand k) from nodes of g. nil means the op is
	// handled by the differentiators themselves (Add, Mul, Prod, Sum, If,
	// leaves); Zero means the derivative is 0 everywhere.
	Partial func(g *Graph, n Node, args []Node, k int) Node
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Sigmoid is 1/(1+exp(-x)), evaluated without overflow (lang.Sigmoid).
func Sigmoid(x float64) float64 { return lang.Sigmoid(x) }

// Softplus is log(1+exp(x)), evaluated without overflow (lang.Softplus).
func Softplus(x float64) float64 { return lang.Softplus(x) }

// Sign is -1, 0 or 1, keeping -0 and NaN (lang.Sign).
func Sign(x float64) float64 { return lang.Sign(x) }

// Min is min(a, b) as Go's math.Min and builtin min: NaN where either is
// NaN, and -0 below +0. (Its derivative flows to a on a tie.)
func Min(a, b float64) float64 { return math.Min(a, b) }

// Max is max(a, b) as Go's math.Max and builtin max: NaN where either is
// NaN, and +0 above -0. (Its derivative flows to a on a tie.)
func Max(a, b float64) float64 { return math.Max(a, b) }

func zero(g *Graph, n Node, args []Node, k int) Node { return g.Const(0) }

func f1(f func(float64) float64) func([]float64) float64 {
	return func(a []float64) float64 { return f(a[0]) }
}

func f2(f func(float64, float64) float64) func([]float64) float64 {
	return func(a []float64) float64 { return f(a[0], a[1]) }
}

// ops is the table. Partials reuse the node itself where they can
// (exp' = exp, tanh' = 1 - tanh², sigmoid' = sigmoid·(1 - sigmoid)).
var ops [numOps]OpInfo

func init() {
	ops = [numOps]OpInfo{
		OpInvalid: {Name: "?"},
		OpConst:   {Name: "const", Arity: 0},
		OpIn:      {Name: "in", Arity: 0},
		OpSize:    {Name: "size", Arity: 0},
		OpIndex:   {Name: "index", Arity: 0},
		OpHole:    {Name: "hole", Arity: 0},
		OpAdd: {Name: "+", Arity: -1, Commutative: true, Infix: true, Prec: precAdd, Go: "+",
			Eval: func(a []float64) float64 {
				s := a[0]
				for _, v := range a[1:] {
					s += v
				}
				return s
			}},
		OpMul: {Name: "*", Arity: -1, Commutative: true, Infix: true, Prec: precMul, Go: "*",
			Eval: func(a []float64) float64 {
				p := a[0]
				for _, v := range a[1:] {
					p *= v
				}
				return p
			}},
		OpProd: {Name: "*", Arity: 2, Infix: true, Prec: precMul, Go: "*",
			Eval: func(a []float64) float64 { return a[0] * a[1] }},
		OpPow: {Name: "^", Arity: 2, Infix: true, Prec: precPow, Go: "math.Pow", Eval: f2(math.Pow), Partial: powPartial},
		OpSum: {Name: "sum", Arity: 1, Latex: "\\sum"},
		OpIf: {Name: "if", Arity: 3, GoHelper: "func gradcIf(c bool, a, b float64) float64 {\n\tif c {\n\t\treturn a\n\t}\n\treturn b\n}",
			Eval: func(a []float64) float64 {
				if a[0] != 0 {
					return a[1]
				}
				return a[2]
			}},
		OpSin: {Name: "sin", Arity: 1, Go: "math.Sin", Latex: "\\sin", Eval: f1(math.Sin),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpCos, a[0]) }},
		OpCos: {Name: "cos", Arity: 1, Go: "math.Cos", Latex: "\\cos", Eval: f1(math.Cos),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Neg(g.Call(OpSin, a[0])) }},
		OpTan: {Name: "tan", Arity: 1, Go: "math.Tan", Latex: "\\tan", Eval: f1(math.Tan),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Add(g.Const(1), g.Pow(n, g.Const(2))) }},
		OpAsin: {Name: "asin", Arity: 1, Go: "math.Asin", Latex: "\\arcsin", Eval: f1(math.Asin),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Pow(g.Sub(g.Const(1), g.Pow(a[0], g.Const(2))), g.Const(-0.5))
			}},
		OpAcos: {Name: "acos", Arity: 1, Go: "math.Acos", Latex: "\\arccos", Eval: f1(math.Acos),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Neg(g.Pow(g.Sub(g.Const(1), g.Pow(a[0], g.Const(2))), g.Const(-0.5)))
			}},
		OpAtan: {Name: "atan", Arity: 1, Go: "math.Atan", Latex: "\\arctan", Eval: f1(math.Atan),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Pow(g.Add(g.Const(1), g.Pow(a[0], g.Const(2))), g.Const(-1))
			}},
		OpSinh: {Name: "sinh", Arity: 1, Go: "math.Sinh", Latex: "\\sinh", Eval: f1(math.Sinh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpCosh, a[0]) }},
		OpCosh: {Name: "cosh", Arity: 1, Go: "math.Cosh", Latex: "\\cosh", Eval: f1(math.Cosh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpSinh, a[0]) }},
		OpTanh: {Name: "tanh", Arity: 1, Go: "math.Tanh", Latex: "\\tanh", Eval: f1(math.Tanh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Sub(g.Const(1), g.Pow(n, g.Const(2))) }},
		OpAsinh: {Name: "asinh", Arity: 1, Go: "math.Asinh", Latex: "\\operatorname{arsinh}", Eval: f1(math.Asinh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Pow(g.Add(g.Pow(a[0], g.Const(2)), g.Const(1)), g.Const(-0.5))
			}},
		OpAcosh: {Name: "acosh", Arity: 1, Go: "math.Acosh", Latex: "\\operatorname{arcosh}", Eval: f1(math.Acosh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Pow(g.Sub(g.Pow(a[0], g.Const(2)), g.Const(1)), g.Const(-0.5))
			}},
		OpAtanh: {Name: "atanh", Arity: 1, Go: "math.Atanh", Latex: "\\operatorname{artanh}", Eval: f1(math.Atanh),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Pow(g.Sub(g.Const(1), g.Pow(a[0], g.Const(2))), g.Const(-1))
			}},
		OpExp: {Name: "exp", Arity: 1, Go: "math.Exp", Latex: "\\exp", Eval: f1(math.Exp),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return n }},
		OpExpm1: {Name: "expm1", Arity: 1, Go: "math.Expm1", Latex: "\\operatorname{expm1}", Eval: f1(math.Expm1),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpExp, a[0]) }},
		OpLog: {Name: "log", Arity: 1, Go: "math.Log", Latex: "\\log", Eval: f1(math.Log),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Pow(a[0], g.Const(-1)) }},
		OpLog1p: {Name: "log1p", Arity: 1, Go: "math.Log1p", Latex: "\\operatorname{log1p}", Eval: f1(math.Log1p),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Pow(g.Add(g.Const(1), a[0]), g.Const(-1)) }},
		OpLog2: {Name: "log2", Arity: 1, Go: "math.Log2", Latex: "\\log_2", Eval: f1(math.Log2),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Mul(g.Const(1/math.Ln2), g.Pow(a[0], g.Const(-1)))
			}},
		OpLog10: {Name: "log10", Arity: 1, Go: "math.Log10", Latex: "\\log_{10}", Eval: f1(math.Log10),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Mul(g.Const(1/math.Ln10), g.Pow(a[0], g.Const(-1)))
			}},
		OpSqrt: {Name: "sqrt", Arity: 1, Go: "math.Sqrt", Latex: "\\sqrt", Eval: f1(math.Sqrt),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Mul(g.Const(0.5), g.Pow(n, g.Const(-1))) }},
		OpCbrt: {Name: "cbrt", Arity: 1, Go: "math.Cbrt", Latex: "\\sqrt[3]", Eval: f1(math.Cbrt),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Mul(g.Const(1.0/3), g.Pow(n, g.Const(-2))) }},
		OpAbs: {Name: "abs", Arity: 1, Go: "math.Abs", Eval: f1(math.Abs),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpSign, a[0]) }},
		OpSign: {Name: "sign", Arity: 1, Latex: "\\operatorname{sign}", GoHelper: "func gradcSign(x float64) float64 {\n\tswitch {\n\tcase x > 0:\n\t\treturn 1\n\tcase x < 0:\n\t\treturn -1\n\t}\n\treturn x\n}",
			Eval: f1(Sign), Partial: zero},
		OpFloor: {Name: "floor", Arity: 1, Go: "math.Floor", Eval: f1(math.Floor), Partial: zero},
		OpCeil:  {Name: "ceil", Arity: 1, Go: "math.Ceil", Eval: f1(math.Ceil), Partial: zero},
		OpErf: {Name: "erf", Arity: 1, Go: "math.Erf", Latex: "\\operatorname{erf}", Eval: f1(math.Erf),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Mul(g.Const(2/math.SqrtPi), g.Call(OpExp, g.Neg(g.Pow(a[0], g.Const(2)))))
			}},
		OpErfc: {Name: "erfc", Arity: 1, Go: "math.Erfc", Latex: "\\operatorname{erfc}", Eval: f1(math.Erfc),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.Mul(g.Const(-2/math.SqrtPi), g.Call(OpExp, g.Neg(g.Pow(a[0], g.Const(2)))))
			}},
		OpSigmoid: {Name: "sigmoid", Arity: 1, Latex: "\\sigma", GoHelper: "func gradcSigmoid(x float64) float64 {\n\tif x >= 0 {\n\t\treturn 1 / (1 + math.Exp(-x))\n\t}\n\te := math.Exp(x)\n\treturn e / (1 + e)\n}",
			Eval:    f1(Sigmoid),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Mul(n, g.Sub(g.Const(1), n)) }},
		OpSoftplus: {Name: "softplus", Arity: 1, Latex: "\\operatorname{softplus}", GoHelper: "func gradcSoftplus(x float64) float64 {\n\tif x > 0 {\n\t\treturn x + math.Log1p(math.Exp(-x))\n\t}\n\treturn math.Log1p(math.Exp(x))\n}",
			Eval:    f1(Softplus),
			Partial: func(g *Graph, n Node, a []Node, k int) Node { return g.Call(OpSigmoid, a[0]) }},
		OpAtan2: {Name: "atan2", Arity: 2, Go: "math.Atan2", Latex: "\\operatorname{atan2}", Eval: f2(math.Atan2),
			// x/(x^2 + y^2) and -y/(x^2 + y^2), and 0 at the origin, where
			// atan2 jumps (docs/decisions.md).
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				r := g.Pow(g.Add(g.Pow(a[0], g.Const(2)), g.Pow(a[1], g.Const(2))), g.Const(-1))
				d := g.Mul(a[1], r)
				if k == 1 {
					d = g.Neg(g.Mul(a[0], r))
				}
				origin := g.apply(OpAnd, g.Cmp(OpEq, a[0], g.Const(0)), g.Cmp(OpEq, a[1], g.Const(0)))
				return g.If(origin, g.Const(0), d)
			}},
		OpHypot: {Name: "hypot", Arity: 2, Commutative: true, Go: "math.Hypot", Latex: "\\operatorname{hypot}", Eval: f2(math.Hypot),
			// a/hypot, and 0 where hypot is 0: hypot(x, 0) is abs(x), whose
			// derivative is 0 at 0 (docs/decisions.md).
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.If(g.Cmp(OpEq, n, g.Const(0)), g.Const(0), g.Mul(a[k], g.Pow(n, g.Const(-1))))
			}},
		OpMin: {Name: "min", Arity: 2, Latex: "\\min", Go: "min",
			Eval: f2(Min),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.If(g.Cmp(OpLe, a[0], a[1]), g.Const(float64(1-k)), g.Const(float64(k)))
			}},
		OpMax: {Name: "max", Arity: 2, Latex: "\\max", Go: "max",
			Eval: f2(Max),
			Partial: func(g *Graph, n Node, a []Node, k int) Node {
				return g.If(g.Cmp(OpGe, a[0], a[1]), g.Const(float64(1-k)), g.Const(float64(k)))
			}},
		OpLt: {Name: "<", Arity: 2, Infix: true, Prec: precCmp, Go: "<", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] < a[1]) }},
		OpLe: {Name: "<=", Arity: 2, Infix: true, Prec: precCmp, Go: "<=", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] <= a[1]) }},
		OpGt: {Name: ">", Arity: 2, Infix: true, Prec: precCmp, Go: ">", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] > a[1]) }},
		OpGe: {Name: ">=", Arity: 2, Infix: true, Prec: precCmp, Go: ">=", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] >= a[1]) }},
		OpEq: {Name: "==", Arity: 2, Infix: true, Prec: precCmp, Go: "==", Cond: true, Commutative: true,
			Eval: func(a []float64) float64 { return b2f(a[0] == a[1]) }},
		OpNe: {Name: "!=", Arity: 2, Infix: true, Prec: precCmp, Go: "!=", Cond: true, Commutative: true,
			Eval: func(a []float64) float64 { return b2f(a[0] != a[1]) }},
		OpAnd: {Name: "&&", Arity: 2, Infix: true, Prec: precAnd, Go: "&&", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] != 0 && a[1] != 0) }},
		OpOr: {Name: "||", Arity: 2, Infix: true, Prec: precOr, Go: "||", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] != 0 || a[1] != 0) }},
		OpNot: {Name: "!", Arity: 1, Prec: precUnary, Go: "!", Cond: true,
			Eval: func(a []float64) float64 { return b2f(a[0] == 0) }},
		OpSub: {Name: "-", Arity: 2, Infix: true, Prec: precAdd, Go: "-",
			Eval: func(a []float64) float64 { return a[0] - a[1] }},
		OpDiv: {Name: "/", Arity: 2, Infix: true, Prec: precMul, Go: "/",
			Eval: func(a []float64) float64 { return a[0] / a[1] }},
		OpNeg: {Name: "-", Arity: 1, Prec: precUnary, Go: "-",
			Eval: func(a []float64) float64 { return -a[0] }},
	}
}

// Info returns the table row of op.
func (op Op) Info() *OpInfo {
	if op >= numOps {
		return &ops[OpInvalid]
	}
	return &ops[op]
}

// String returns the op's name.
func (op Op) String() string { return op.Info().Name }

// Eval applies op to a, exactly as the generated code does.
func (op Op) Eval(a []float64) float64 { return ops[op].Eval(a) }

// builtinOps maps each builtin name of lang.Builtins to its op (pow and pi
// are handled by Build: pow is OpPow, pi a constant).
var builtinOps map[string]Op

func init() {
	builtinOps = map[string]Op{"pow": OpPow}
	for op := OpSin; op <= OpMax; op++ {
		builtinOps[ops[op].Name] = op
	}
}

// BuiltinOp returns the op of the builtin called name.
func BuiltinOp(name string) (Op, bool) {
	op, ok := builtinOps[name]
	return op, ok
}
