package lang

import (
	"math"
	"strconv"
	"strings"

	"github.com/gradc/gradc/ast"
)

// This file holds the arithmetic of affine forms (the indices of arrays and
// the bounds of sums) and their reading from the tree.

// maxAffine bounds every coefficient and constant read from the source, so
// that a product of two stays far from overflowing an int.
const maxAffine = 1 << 31

// ConstAffine returns the affine form of the integer k.
func ConstAffine(k int) Affine { return Affine{Const: k} }

// SymAffine returns the affine form 1*sym.
func SymAffine(sym Object) Affine { return Affine{Terms: []Term{{Coef: 1, Sym: sym}}} }

// IsConst reports whether a has no terms.
func (a Affine) IsConst() bool { return len(a.Terms) == 0 }

// Coef returns the coefficient of sym in a (0 when absent).
func (a Affine) Coef(sym Object) int {
	for _, t := range a.Terms {
		if t.Sym == sym {
			return t.Coef
		}
	}
	return 0
}

// Equal reports whether a and b are the same form.
func (a Affine) Equal(b Affine) bool {
	if a.Const != b.Const || len(a.Terms) != len(b.Terms) {
		return false
	}
	for i := range a.Terms {
		if a.Terms[i] != b.Terms[i] {
			return false
		}
	}
	return true
}

// Add returns a + b.
func (a Affine) Add(b Affine) Affine {
	out := Affine{Const: a.Const + b.Const}
	out.Terms = make([]Term, 0, len(a.Terms)+len(b.Terms))
	out.Terms = append(out.Terms, a.Terms...)
	out.Terms = append(out.Terms, b.Terms...)
	return out.norm()
}

// Scale returns k*a.
func (a Affine) Scale(k int) Affine {
	out := Affine{Const: k * a.Const}
	for _, t := range a.Terms {
		out.Terms = append(out.Terms, Term{Coef: k * t.Coef, Sym: t.Sym})
	}
	return out.norm()
}

// Sub returns a - b.
func (a Affine) Sub(b Affine) Affine { return a.Add(b.Scale(-1)) }

// AddConst returns a + k.
func (a Affine) AddConst(k int) Affine { return a.Add(ConstAffine(k)) }

// Subst returns a with sym replaced by b.
func (a Affine) Subst(sym Object, b Affine) Affine {
	c := a.Coef(sym)
	if c == 0 {
		return a
	}
	return a.Add(SymAffine(sym).Scale(-c)).Add(b.Scale(c))
}

// norm merges terms of one symbol, drops zero coefficients and sorts the
// terms by the position of their symbol's declaration.
func (a Affine) norm() Affine {
	if len(a.Terms) == 0 {
		a.Terms = nil
		return a
	}
	// Forms have a handful of terms: merge them in place of a map.
	var terms []Term
	for _, t := range a.Terms {
		merged := false
		for k := range terms {
			if terms[k].Sym == t.Sym {
				terms[k].Coef += t.Coef
				merged = true
				break
			}
		}
		if !merged {
			terms = append(terms, t)
		}
	}
	out := terms[:0]
	for _, t := range terms {
		if t.Coef != 0 {
			out = append(out, t)
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable and small
		for j := i; j > 0 && symBefore(out[j].Sym, out[j-1].Sym); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) == 0 {
		out = nil
	}
	a.Terms = out
	return a
}

// symBefore orders symbols by the place of their declaration, then name.
func symBefore(x, y Object) bool {
	px, py := x.Pos(), y.Pos()
	if px.Line != py.Line || px.Col != py.Col {
		return px.Before(py)
	}
	return x.Name() < y.Name()
}

// small reports whether every number of a is within maxAffine.
func (a Affine) small() bool {
	if a.Const > maxAffine || a.Const < -maxAffine {
		return false
	}
	for _, t := range a.Terms {
		if t.Coef > maxAffine || t.Coef < -maxAffine {
			return false
		}
	}
	return true
}

// String writes a the way a person would: "i+1", "n-1", "2*i-j", "0".
func (a Affine) String() string {
	var b strings.Builder
	for i, t := range a.Terms {
		c := t.Coef
		switch {
		case c < 0:
			b.WriteByte('-')
			c = -c
		case i > 0:
			b.WriteByte('+')
		}
		if c != 1 {
			b.WriteString(strconv.Itoa(c))
			b.WriteByte('*')
		}
		b.WriteString(t.Sym.Name())
	}
	switch {
	case len(a.Terms) == 0:
		b.WriteString(strconv.Itoa(a.Const))
	case a.Const > 0:
		b.WriteByte('+')
		b.WriteString(strconv.Itoa(a.Const))
	case a.Const < 0:
		b.WriteString(strconv.Itoa(a.Const))
	}
	return b.String()
}

// divFloor returns floor(a/k) for k > 0 when every coefficient of a is a
// multiple of k (the constant is divided with rounding down); ok is false
// otherwise.
func (a Affine) divFloor(k int) (Affine, bool) { return a.div(k, floorDiv) }

// divCeil is divFloor rounding up.
func (a Affine) divCeil(k int) (Affine, bool) { return a.div(k, ceilDiv) }

func (a Affine) div(k int, divConst func(a, b int) int) (Affine, bool) {
	out := Affine{Const: divConst(a.Const, k)}
	for _, t := range a.Terms {
		if t.Coef%k != 0 {
			return Affine{}, false
		}
		out.Terms = append(out.Terms, Term{Coef: t.Coef / k, Sym: t.Sym})
	}
	return out, true
}

// floorDiv is ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ceilDiv is ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

// affineUse says where an affine expression is read, for messages.
type affineUse int

const (
	inIndex affineUse = iota // an index of an array
	inRange                  // a bound of a sum range
)

func (u affineUse) String() string {
	if u == inRange {
		return "a sum range"
	}
	return "an index"
}

// affine reads e as an integer-affine form of sum indices, size symbols
// and integer literals, resolving its identifiers. It reports every error
// of e and returns ok false if there was one.
func (c *checker) affine(e ast.Expr, use affineUse) (Affine, bool) {
	switch e := e.(type) {
	case nil:
		return Affine{}, false
	case *ast.Number:
		v := e.Value
		if v != math.Trunc(v) || math.IsInf(v, 0) || math.IsNaN(v) {
			c.errorf(e.At, "%s must be a whole number; %s is not", use, e.Lit)
			return Affine{}, false
		}
		if math.Abs(v) > maxAffine {
			c.errorf(e.At, "%s is too large: %s", use, e.Lit)
			return Affine{}, false
		}
		return ConstAffine(int(v)), true
	case *ast.Ident:
		obj := c.resolve(e, false)
		switch o := obj.(type) {
		case nil:
			return Affine{}, false
		case *SumIndex, *Size:
			return SymAffine(o), true
		case *Const:
			v := o.Value
			if v == math.Trunc(v) && math.Abs(v) <= maxAffine {
				return ConstAffine(int(v)), true
			}
			c.errorf(e.At, "%s must be a whole number; the const %s is %v", use, o.Name(), v)
			return Affine{}, false
		default:
			c.errorf(e.At, "%s cannot use %s: it is built from sum indices, sizes and whole numbers only, like 2*i+1", use, describe(obj))
			return Affine{}, false
		}
	case *ast.Paren:
		return c.affine(e.X, use)
	case *ast.Unary:
		x, ok := c.affine(e.X, use)
		switch e.Op {
		case ast.Neg:
			return x.Scale(-1), ok
		case ast.Plus:
			return x, ok
		}
		c.errorf(e.OpPos, "%s cannot contain %s: it is built from sum indices, sizes and whole numbers, like 2*i+1", use, e.Op)
		return Affine{}, false
	case *ast.Binary:
		spine := leftSpine(e)
		x, ok := c.affine(spine[len(spine)-1].X, use)
		for i := len(spine) - 1; i >= 0; i-- {
			b := spine[i]
			y, oky := c.affine(b.Y, use)
			x, ok = c.affineOp(b, x, y, ok && oky, use)
		}
		return x, ok
	default:
		c.errorf(posOf(e), "%s cannot contain %s: it is built from sum indices, sizes and whole numbers, like 2*i+1", use, exprString(e))
		return Affine{}, false
	}
}

// affineOp combines the affine forms x and y of the operands of e; ok
// says whether both are good.
func (c *checker) affineOp(e *ast.Binary, x, y Affine, ok bool, use affineUse) (Affine, bool) {
	switch e.Op {
	case ast.Add, ast.Sub, ast.Mul:
	default:
		c.errorf(e.OpPos, "%s cannot contain %s: it is built from sum indices, sizes and whole numbers with + - and *, like 2*i+1", use, e.Op)
		return Affine{}, false
	}
	if !ok {
		return Affine{}, false
	}
	var out Affine
	switch e.Op {
	case ast.Add:
		out = x.Add(y)
	case ast.Sub:
		out = x.Sub(y)
	default:
		switch {
		case x.IsConst():
			out = y.Scale(x.Const)
		case y.IsConst():
			out = x.Scale(y.Const)
		default:
			c.errorf(e.OpPos, "%s must be affine, and %s is a product of two symbols: multiply a sum index or size only by a whole number", use, exprString(e))
			return Affine{}, false
		}
	}
	if !out.small() {
		c.errorf(posOf(e), "%s is too large: %s", use, exprString(e))
		return Affine{}, false
	}
	return out, true
}

// exprString writes a short form of e for messages. Large subtrees are
// elided as "...".
func exprString(e ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0, 8)
	return b.String()
}

func writeExpr(b *strings.Builder, e ast.Expr, prec, depth int) {
	depth--
	if b.Len() > 60 || depth < 0 {
		b.WriteString("...")
		return
	}
	switch e := e.(type) {
	case nil:
		b.WriteString("?")
	case *ast.Number:
		b.WriteString(e.Lit)
	case *ast.Ident:
		b.WriteString(e.Name)
	case *ast.Paren:
		writeExpr(b, e.X, prec, depth)
	case *ast.Unary:
		p := e.Op.Prec()
		if p < prec {
			b.WriteByte('(')
		}
		b.WriteString(e.Op.String())
		writeExpr(b, e.X, p, depth)
		if p < prec {
			b.WriteByte(')')
		}
	case *ast.Binary:
		p := e.Op.Prec()
		if p < prec || (p == prec && p != ast.PrecAdd && p != ast.PrecMul) {
			b.WriteByte('(')
			defer b.WriteByte(')')
		}
		left, right := p, p+1
		if e.Op.Info().RightAssoc {
			left, right = p+1, p
		}
		writeExpr(b, e.X, left, depth)
		if p < ast.PrecAdd {
			b.WriteString(" " + e.Op.String() + " ")
		} else {
			b.WriteString(e.Op.String())
		}
		writeExpr(b, e.Y, right, depth)
	case *ast.Call:
		if e.Fun != nil {
			b.WriteString(e.Fun.Name)
		}
		b.WriteString("(...)")
	case *ast.Index:
		writeExpr(b, e.X, ast.PrecPow+1, depth)
		b.WriteString("[")
		for i, x := range e.Indices {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, x, 0, depth)
		}
		b.WriteString("]")
	case *ast.Sum:
		b.WriteString("sum(...)")
	case *ast.If:
		b.WriteString("if(...)")
	case *ast.Diff:
		b.WriteString("diff(...)")
	default:
		b.WriteString("...")
	}
}
