package autodiff

import "math"

// opcode names one primitive operation of the oracles: an arithmetic
// operator or a builtin of the language. Every number field applies the
// same table, so a derivative rule is written once and serves forward mode,
// reverse mode and every nesting of them.
type opcode uint8

const (
	opAdd opcode = iota
	opSub
	opMul
	opDiv
	opNeg
	opPow
	opSin
	opCos
	opTan
	opAsin
	opAcos
	opAtan
	opSinh
	opCosh
	opTanh
	opAsinh
	opAcosh
	opAtanh
	opExp
	opExpm1
	opLog
	opLog1p
	opLog2
	opLog10
	opSqrt
	opCbrt
	opAbs
	opSign
	opFloor
	opCeil
	opErf
	opErfc
	opSigmoid
	opSoftplus
	opAtan2
	opHypot
	opMin
	opMax
	numOpcodes
)

// partials are the partial derivatives of an operation with respect to its
// arguments. ok[i] false means the partial is structurally zero: it
// contributes nothing, not even 0*Inf.
type partials struct {
	d  [2]num
	ok [2]bool
}

func (p *partials) set(i int, d num) { p.d[i], p.ok[i] = d, true }

// opDef is one row of the table: the float64 function (Go's math where
// there is one) and the derivative rule. partial computes, in the field of
// c, the partials with respect to the arguments that are active (that
// depend on what is being differentiated); a and b are the arguments and
// out the value, all in c's field.
type opDef struct {
	name    string
	arity   int
	f1      func(float64) float64
	f2      func(float64, float64) float64
	partial func(c calc, a, b, out num, active [2]bool) partials
}

// unary builds the partials of a one-argument op from d(a, out).
func unary(d func(c calc, a, out num) num) func(calc, num, num, num, [2]bool) partials {
	return func(c calc, a, _, out num, _ [2]bool) (p partials) {
		p.set(0, d(c, a, out))
		return p
	}
}

// flat is the rule of a piecewise-constant op: the derivative is 0.
func flat(calc, num, num, num, [2]bool) (p partials) { return p }

const twoOverSqrtPi = 2 / 1.772453850905516027298167483341145182797549456122387128213807789853

var opTable = [numOpcodes]opDef{
	opAdd: {name: "+", arity: 2, f2: func(a, b float64) float64 { return a + b },
		partial: func(c calc, _, _, _ num, _ [2]bool) (p partials) {
			p.set(0, c.k(1))
			p.set(1, c.k(1))
			return p
		}},
	opSub: {name: "-", arity: 2, f2: func(a, b float64) float64 { return a - b },
		partial: func(c calc, _, _, _ num, _ [2]bool) (p partials) {
			p.set(0, c.k(1))
			p.set(1, c.k(-1))
			return p
		}},
	opMul: {name: "*", arity: 2, f2: func(a, b float64) float64 { return a * b },
		partial: func(c calc, a, b, _ num, act [2]bool) (p partials) {
			if act[0] {
				p.set(0, b)
			}
			if act[1] {
				p.set(1, a)
			}
			return p
		}},
	// d(a/b) = da/b - (a/b)/b db
	opDiv: {name: "/", arity: 2, f2: func(a, b float64) float64 { return a / b },
		partial: func(c calc, _, b, out num, act [2]bool) (p partials) {
			if act[0] {
				p.set(0, c.div(c.k(1), b))
			}
			if act[1] {
				p.set(1, c.neg(c.div(out, b)))
			}
			return p
		}},
	opNeg: {name: "neg", arity: 1, f1: func(a float64) float64 { return -a },
		partial: unary(func(c calc, _, _ num) num { return c.k(-1) })},
	// A constant (inactive) exponent gives c*x^(c-1) for every x; an active
	// one gives x^y*(y'*log(x) + y*x'/x), as the spec says.
	opPow: {name: "^", arity: 2, f2: math.Pow,
		partial: func(c calc, a, b, out num, act [2]bool) (p partials) {
			switch {
			case !act[1]:
				p.set(0, c.mul(b, c.pow(a, c.sub(b, c.k(1)))))
			default:
				if act[0] {
					p.set(0, c.div(c.mul(out, b), a))
				}
				p.set(1, c.mul(out, c.fn(opLog, a)))
			}
			return p
		}},
	opSin: {name: "sin", arity: 1, f1: math.Sin,
		partial: unary(func(c calc, a, _ num) num { return c.fn(opCos, a) })},
	opCos: {name: "cos", arity: 1, f1: math.Cos,
		partial: unary(func(c calc, a, _ num) num { return c.neg(c.fn(opSin, a)) })},
	// tan' = 1 + tan^2
	opTan: {name: "tan", arity: 1, f1: math.Tan,
		partial: unary(func(c calc, _, out num) num { return c.add(c.k(1), c.mul(out, out)) })},
	opAsin: {name: "asin", arity: 1, f1: math.Asin,
		partial: unary(func(c calc, a, _ num) num {
			return c.div(c.k(1), c.fn(opSqrt, c.sub(c.k(1), c.mul(a, a))))
		})},
	opAcos: {name: "acos", arity: 1, f1: math.Acos,
		partial: unary(func(c calc, a, _ num) num {
			return c.div(c.k(-1), c.fn(opSqrt, c.sub(c.k(1), c.mul(a, a))))
		})},
	opAtan: {name: "atan", arity: 1, f1: math.Atan,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1), c.add(c.k(1), c.mul(a, a))) })},
	opSinh: {name: "sinh", arity: 1, f1: math.Sinh,
		partial: unary(func(c calc, a, _ num) num { return c.fn(opCosh, a) })},
	opCosh: {name: "cosh", arity: 1, f1: math.Cosh,
		partial: unary(func(c calc, a, _ num) num { return c.fn(opSinh, a) })},
	opTanh: {name: "tanh", arity: 1, f1: math.Tanh,
		partial: unary(func(c calc, _, out num) num { return c.sub(c.k(1), c.mul(out, out)) })},
	opAsinh: {name: "asinh", arity: 1, f1: math.Asinh,
		partial: unary(func(c calc, a, _ num) num {
			return c.div(c.k(1), c.fn(opSqrt, c.add(c.mul(a, a), c.k(1))))
		})},
	// acosh' = 1/(sqrt(x-1)*sqrt(x+1)), which avoids cancellation in x^2-1.
	opAcosh: {name: "acosh", arity: 1, f1: math.Acosh,
		partial: unary(func(c calc, a, _ num) num {
			return c.div(c.k(1), c.mul(c.fn(opSqrt, c.sub(a, c.k(1))), c.fn(opSqrt, c.add(a, c.k(1)))))
		})},
	opAtanh: {name: "atanh", arity: 1, f1: math.Atanh,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1), c.sub(c.k(1), c.mul(a, a))) })},
	opExp: {name: "exp", arity: 1, f1: math.Exp,
		partial: unary(func(_ calc, _, out num) num { return out })},
	opExpm1: {name: "expm1", arity: 1, f1: math.Expm1,
		partial: unary(func(c calc, a, _ num) num { return c.fn(opExp, a) })},
	opLog: {name: "log", arity: 1, f1: math.Log,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1), a) })},
	opLog1p: {name: "log1p", arity: 1, f1: math.Log1p,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1), c.add(c.k(1), a)) })},
	opLog2: {name: "log2", arity: 1, f1: math.Log2,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1/math.Ln2), a) })},
	opLog10: {name: "log10", arity: 1, f1: math.Log10,
		partial: unary(func(c calc, a, _ num) num { return c.div(c.k(1/math.Ln10), a) })},
	// sqrt' = 1/(2*sqrt(x)) = 0.5/out
	opSqrt: {name: "sqrt", arity: 1, f1: math.Sqrt,
		partial: unary(func(c calc, _, out num) num { return c.div(c.k(0.5), out) })},
	// cbrt' = 1/(3*cbrt(x)^2)
	opCbrt: {name: "cbrt", arity: 1, f1: math.Cbrt,
		partial: unary(func(c calc, _, out num) num { return c.div(c.k(1.0/3), c.mul(out, out)) })},
	// abs' = sign, so 0 at 0.
	opAbs: {name: "abs", arity: 1, f1: math.Abs,
		partial: unary(func(c calc, a, _ num) num { return c.k(sign(a.v)) })},
	opSign:  {name: "sign", arity: 1, f1: sign, partial: flat},
	opFloor: {name: "floor", arity: 1, f1: math.Floor, partial: flat},
	opCeil:  {name: "ceil", arity: 1, f1: math.Ceil, partial: flat},
	opErf: {name: "erf", arity: 1, f1: math.Erf,
		partial: unary(func(c calc, a, _ num) num {
			return c.mul(c.k(twoOverSqrtPi), c.fn(opExp, c.neg(c.mul(a, a))))
		})},
	opErfc: {name: "erfc", arity: 1, f1: math.Erfc,
		partial: unary(func(c calc, a, _ num) num {
			return c.mul(c.k(-twoOverSqrtPi), c.fn(opExp, c.neg(c.mul(a, a))))
		})},
	opSigmoid: {name: "sigmoid", arity: 1, f1: sigmoid,
		partial: unary(func(c calc, _, out num) num { return c.mul(out, c.sub(c.k(1), out)) })},
	opSoftplus: {name: "softplus", arity: 1, f1: softplus,
		partial: unary(func(c calc, a, _ num) num { return c.fn(opSigmoid, a) })},
	// atan2(y, x): dy x/(x^2+y^2), dx -y/(x^2+y^2)
	opAtan2: {name: "atan2", arity: 2, f2: math.Atan2,
		partial: func(c calc, y, x, _ num, act [2]bool) (p partials) {
			if x.v == 0 && y.v == 0 { // the origin, where atan2 jumps: 0
				for k := range act {
					if act[k] {
						p.set(k, c.k(0))
					}
				}
				return p
			}
			r2 := c.add(c.mul(x, x), c.mul(y, y))
			if act[0] {
				p.set(0, c.div(x, r2))
			}
			if act[1] {
				p.set(1, c.neg(c.div(y, r2)))
			}
			return p
		}},
	// hypot: a/hypot and b/hypot, and 0 where hypot is 0 (hypot(x, 0) is
	// abs(x), whose derivative is 0 at 0).
	opHypot: {name: "hypot", arity: 2, f2: math.Hypot,
		partial: func(c calc, a, b, out num, act [2]bool) (p partials) {
			for k, x := range [2]num{a, b} {
				switch {
				case !act[k]:
				case out.v == 0:
					p.set(k, c.k(0))
				default:
					p.set(k, c.div(x, out))
				}
			}
			return p
		}},
	// min and max: the derivative flows to a on a tie.
	opMin: {name: "min", arity: 2, f2: math.Min,
		partial: func(c calc, a, b, _ num, _ [2]bool) (p partials) {
			if a.v <= b.v {
				p.set(0, c.k(1))
			} else {
				p.set(1, c.k(1))
			}
			return p
		}},
	opMax: {name: "max", arity: 2, f2: math.Max,
		partial: func(c calc, a, b, _ num, _ [2]bool) (p partials) {
			if a.v >= b.v {
				p.set(0, c.k(1))
			} else {
				p.set(1, c.k(1))
			}
			return p
		}},
}

// builtinOps maps the name of each builtin function of the language to its
// opcode. pow is the same op as ^.
var builtinOps = func() map[string]opcode {
	m := map[string]opcode{"pow": opPow}
	for op := opSin; op < numOpcodes; op++ {
		m[opTable[op].name] = op
	}
	return m
}()

// sign is -1, 0 or 1 (NaN for NaN).
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0, -0 or NaN
}

// sigmoid is 1/(1+exp(-x)) without overflow: for x < 0 it is
// exp(x)/(1+exp(x)).
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus is log(1+exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).
func softplus(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}
