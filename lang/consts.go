package lang

import (
	"math"

	"github.com/gradc/gradc/ast"
)

// This file folds the value of a checked const. A const may use numbers,
// earlier consts, builtins and if; its value follows IEEE-754 as Go's math
// package does (log(-1) is NaN, 1/0 is +Inf).

// builtinFold evaluates each builtin function on numbers.
var builtinFold = map[string]func(a []float64) float64{
	"sin": un(math.Sin), "cos": un(math.Cos), "tan": un(math.Tan),
	"asin": un(math.Asin), "acos": un(math.Acos), "atan": un(math.Atan),
	"sinh": un(math.Sinh), "cosh": un(math.Cosh), "tanh": un(math.Tanh),
	"asinh": un(math.Asinh), "acosh": un(math.Acosh), "atanh": un(math.Atanh),
	"exp": un(math.Exp), "expm1": un(math.Expm1), "log": un(math.Log),
	"log1p": un(math.Log1p), "log2": un(math.Log2), "log10": un(math.Log10),
	"sqrt": un(math.Sqrt), "cbrt": un(math.Cbrt),
	"abs": un(math.Abs), "sign": un(Sign), "floor": un(math.Floor), "ceil": un(math.Ceil),
	"erf": un(math.Erf), "erfc": un(math.Erfc),
	"sigmoid": un(Sigmoid), "softplus": un(Softplus),
	"atan2": bin(math.Atan2), "hypot": bin(math.Hypot), "pow": bin(math.Pow),
	"min": bin(math.Min), "max": bin(math.Max),
}

func un(f func(float64) float64) func([]float64) float64 {
	return func(a []float64) float64 { return f(a[0]) }
}

func bin(f func(float64, float64) float64) func([]float64) float64 {
	return func(a []float64) float64 { return f(a[0], a[1]) }
}

// fold evaluates a const expression that checked without error.
func (c *checker) fold(e ast.Expr) float64 {
	switch e := e.(type) {
	case *ast.Number:
		return e.Value
	case *ast.Ident:
		switch o := c.info.Uses[e].(type) {
		case *Const:
			return o.Value
		case *Builtin:
			if o.Name_ == "pi" {
				return math.Pi
			}
		}
	case *ast.Paren:
		return c.fold(e.X)
	case *ast.Unary:
		if e.Op == ast.Neg {
			return -c.fold(e.X)
		}
		return c.fold(e.X)
	case *ast.Binary:
		spine := leftSpine(e) // a loop, not recursion, down long sums
		x := c.fold(spine[len(spine)-1].X)
		for i := len(spine) - 1; i >= 0; i-- {
			x = arith(spine[i].Op, x, c.fold(spine[i].Y))
		}
		return x
	case *ast.Call:
		if e.Fun == nil {
			break
		}
		f := builtinFold[e.Fun.Name]
		if f == nil || len(e.Args) != builtinByName[e.Fun.Name].Arity {
			break
		}
		args := make([]float64, len(e.Args))
		for i, a := range e.Args {
			args[i] = c.fold(a)
		}
		return f(args)
	case *ast.If:
		if c.foldCond(e.Cond) {
			return c.fold(e.Then)
		}
		return c.fold(e.Else)
	}
	return math.NaN()
}

// arith applies an arithmetic operator.
func arith(op ast.Op, x, y float64) float64 {
	switch op {
	case ast.Add:
		return x + y
	case ast.Sub:
		return x - y
	case ast.Mul:
		return x * y
	case ast.Div:
		return x / y
	case ast.Pow:
		return math.Pow(x, y)
	}
	return math.NaN()
}

// foldCond evaluates a condition of a const expression.
func (c *checker) foldCond(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Paren:
		return c.foldCond(e.X)
	case *ast.Unary:
		return !c.foldCond(e.X)
	case *ast.Binary:
		if e.Op == ast.And || e.Op == ast.Or {
			// A loop, not recursion, down long chains of && and ||.
			spine := []*ast.Binary{e}
			for {
				x, ok := spine[len(spine)-1].X.(*ast.Binary)
				if !ok || (x.Op != ast.And && x.Op != ast.Or) {
					break
				}
				spine = append(spine, x)
			}
			v := c.foldCond(spine[len(spine)-1].X)
			for i := len(spine) - 1; i >= 0; i-- {
				if spine[i].Op == ast.And {
					v = v && c.foldCond(spine[i].Y)
				} else {
					v = v || c.foldCond(spine[i].Y)
				}
			}
			return v
		}
		x, y := c.fold(e.X), c.fold(e.Y)
		switch e.Op {
		case ast.Lt:
			return x < y
		case ast.Le:
			return x <= y
		case ast.Gt:
			return x > y
		case ast.Ge:
			return x >= y
		case ast.Eq:
			return x == y
		case ast.Ne:
			return x != y
		}
	}
	return false
}
