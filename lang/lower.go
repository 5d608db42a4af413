package lang

import (
	"math"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/gradc/gradc/ast"
)

// This file lowers participle's grammar structs (grammar.go) to the ast.
// It applies operator precedence and associativity from ast/op.go by
// precedence climbing over the flat operand list, as starlark's
// parseBinopExpr does, and reports what the grammar accepts but the
// language does not: an operator token where it cannot stand (x ! y, * x),
// chained comparisons, keywords used as names, dimensions that are not
// positive integers or names, and numbers too large for a float64.
//
// Lowering is iterative along the two long directions of a flat
// expression: a sum of many terms builds its left-leaning tree in a loop,
// and chains of prefix operators and of ^ are folded in loops too, so that
// only brackets recurse (and those are bounded by MaxDepth before
// participle runs).

// lowerer lowers the declarations of one file and collects errors.
type lowerer struct {
	filename string
	errs     *ErrorList
}

func (l *lowerer) errorf(p lexer.Position, format string, args ...any) {
	l.errs.Add(l.filename, astPos(p), format, args...)
}

// decl lowers one declaration.
func (l *lowerer) decl(d *gDecl) ast.Decl {
	switch {
	case d.Const != nil:
		c := d.Const
		return &ast.ConstDecl{Const: astPos(c.Pos), Name: l.name(c.Name, "a const"), Value: l.expr(c.Value)}
	case d.Fn != nil:
		return l.fn(d.Fn)
	}
	return nil
}

func (l *lowerer) fn(g *gFn) *ast.FnDecl {
	f := &ast.FnDecl{Fn: astPos(g.Pos), Name: l.name(g.Name, "a fn")}
	f.Vars = l.params(g.Vars)
	if g.Data != nil {
		f.Semi = true
		f.Data = l.params(g.Data.Params)
	}
	switch b := g.Body; {
	case b.Expr != nil:
		f.Result = l.expr(b.Expr)
	case b.Block != nil:
		f.Block = true
		for _, gl := range b.Block.Lets {
			f.Lets = append(f.Lets, &ast.Let{Let: astPos(gl.Pos), Name: l.name(gl.Name, "a let"), Value: l.expr(gl.Value)})
		}
		f.Return = astPos(b.Block.Return.Pos)
		f.Result = l.expr(b.Block.Return.Value)
		f.Rbrace = astPos(b.Block.Rbrace.Pos)
	}
	return f
}

func (l *lowerer) params(gs []*gParam) []*ast.Param {
	var ps []*ast.Param
	for _, g := range gs {
		p := &ast.Param{Name: l.name(g.Name, "a parameter")}
		for _, d := range g.Dims {
			p.Dims = append(p.Dims, l.dim(d))
		}
		ps = append(ps, p)
	}
	return ps
}

// dim lowers Dim = ident | int: a size symbol or a positive integer.
func (l *lowerer) dim(g *gDim) *ast.Dim {
	d := &ast.Dim{At: astPos(g.Pos)}
	v := g.Value
	switch {
	case IsKeyword(v):
		l.errorf(g.Pos, "cannot use keyword %s as a size name", v)
		d.Name = v
	case v[0] == '.' || isDigit(v[0]):
		if strings.ContainsAny(v, ".eE") {
			l.errorf(g.Pos, "dimension %s must be a positive integer or a size name", v)
			d.Size = 1
			break
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n > MaxFixedDim:
			l.errorf(g.Pos, "dimension %s is too large (the limit is %d); use a size name such as n", v, MaxFixedDim)
			d.Size = 1
		case n == 0:
			l.errorf(g.Pos, "dimension must be positive, not 0")
			d.Size = 1
		default:
			d.Size = n
		}
	default:
		d.Name = v
	}
	return d
}

// name lowers a declaring name; what says what it names ("a let").
func (l *lowerer) name(g *gName, what string) *ast.Ident {
	if IsKeyword(g.Name) {
		l.errorf(g.Pos, "cannot use keyword %s as the name of %s; choose another name", g.Name, what)
	}
	return &ast.Ident{At: astPos(g.Pos), Name: g.Name}
}

// expr lowers Expr = Operand { BinaryOp Operand } by precedence climbing.
func (l *lowerer) expr(n gExprNode) ast.Expr {
	g, ok := n.(*gExpr)
	if !ok || g == nil || g.Head == nil {
		return nil // cannot happen: participle returned no error
	}
	c := climber{l: l, g: g}
	x := c.binary(ast.PrecOr)
	return x
}

// climber applies precedence to one flat expression. Operand k is g.Head
// for k == 0 and g.Tail[k-1].Y after; the operator between operands k and
// k+1 is g.Tail[k].
type climber struct {
	l    *lowerer
	g    *gExpr
	next int // the next operand to read
}

func (c *climber) operand(k int) *gOperand {
	if k == 0 {
		return c.g.Head
	}
	return c.g.Tail[k-1].Y
}

// op returns the operator after the operands read so far, or nil.
func (c *climber) op() *gBinary {
	if c.next-1 < len(c.g.Tail) {
		return c.g.Tail[c.next-1]
	}
	return nil
}

// binaryOps and unaryOps index ast's operator table by spelling.
var binaryOps, unaryOps = func() (b, u map[string]ast.Op) {
	b, u = map[string]ast.Op{}, map[string]ast.Op{}
	for _, op := range ast.Ops() {
		if op.Info().Unary {
			u[op.String()] = op
		} else {
			b[op.String()] = op
		}
	}
	return b, u
}()

// binop returns the binary operator of b, reporting a token that is not
// one (the grammar accepts any operator token there).
func (c *climber) binop(b *gBinary) ast.Op {
	op, ok := binaryOps[b.Op.Value]
	if !ok {
		c.l.errorf(b.Op.Pos, "unexpected %s, expected an operator such as + or *", b.Op.Value)
		return ast.Mul // keep going as if it were one
	}
	return op
}

// binary parses operands and operators of precedence >= minPrec (below
// unary: || && comparisons + - * /). Operators of equal precedence are
// folded in the loop (left-associative), so recursion is bounded by the
// number of precedence levels.
func (c *climber) binary(minPrec int) ast.Expr {
	x := c.unary()
	for {
		b := c.op()
		if b == nil {
			return x
		}
		op := c.binop(b)
		prec := op.Prec()
		if prec < minPrec {
			return x
		}
		y := c.binary(prec + 1)
		x = &ast.Binary{X: x, OpPos: astPos(b.Op.Pos), Op: op, Y: y}
		if op.Info().NonAssoc {
			if nb := c.op(); nb != nil && binaryOps[nb.Op.Value].Info().NonAssoc {
				c.l.errorf(nb.Op.Pos, "comparisons do not chain: a %s b %s c is an error; write a %s b && b %s c",
					op, nb.Op.Value, op, nb.Op.Value)
			}
		}
	}
}

// unary parses Unary = { PrefixOp } Power with Power = Primary [ "^" Unary ]:
// the operand at c.next, its prefix operators, and the chain of ^ that
// follows it, which may carry prefix operators of its own (2^-x). The
// chain is right-associative and binds tighter than the prefix operators:
// -a^-b^c is -(a^(-(b^c))). It is folded from the right in a loop.
func (c *climber) unary() ast.Expr {
	start := c.next
	end := start
	for end < len(c.g.Tail) && c.g.Tail[end].Op.Value == "^" {
		end++
	}
	// Operands start..end are joined by ^.
	acc := c.l.primary(c.operand(end))
	for k := end; k > start; k-- {
		acc = c.l.prefix(c.operand(k).Prefix, acc)
		b := c.g.Tail[k-1]
		acc = &ast.Binary{X: c.l.primary(c.operand(k - 1)), OpPos: astPos(b.Op.Pos), Op: ast.Pow, Y: acc}
	}
	acc = c.l.prefix(c.operand(start).Prefix, acc)
	c.next = end + 1
	return acc
}

// prefix wraps x in the prefix operators ops, the last one innermost.
func (l *lowerer) prefix(ops []lexer.Token, x ast.Expr) ast.Expr {
	for i := len(ops) - 1; i >= 0; i-- {
		t := &ops[i]
		op, ok := unaryOps[t.Value]
		if !ok {
			l.errorf(t.Pos, "unexpected %s, expected an expression", t.Value)
			op = ast.Plus // keep going as if it were one
		}
		x = &ast.Unary{OpPos: astPos(t.Pos), Op: op, X: x}
	}
	return x
}

// primary lowers the operand g without its prefix operators.
func (l *lowerer) primary(g *gOperand) ast.Expr {
	switch {
	case g.Name != nil:
		var x ast.Expr = &ast.Ident{At: astPos(g.Name.Pos), Name: g.Name.Value}
		if g.Args != nil {
			call := &ast.Call{Fun: x.(*ast.Ident), Lparen: astPos(g.Args.Pos)}
			for _, a := range g.Args.List {
				call.Args = append(call.Args, l.expr(a))
			}
			x = call
		}
		if g.Index != nil {
			ix := &ast.Index{X: x, Lbrack: astPos(g.Index.Pos)}
			for _, i := range g.Index.List {
				ix.Indices = append(ix.Indices, l.expr(i))
			}
			x = ix
		}
		return x
	case g.Number != nil:
		return l.number(g.Number)
	case g.Sum != nil:
		s := g.Sum
		x := &ast.Sum{Sum: astPos(s.Pos), Index: l.name(s.Index, "a sum index")}
		if s.Lo != nil {
			x.Lo = l.expr(s.Lo)
			x.Hi = l.expr(s.Hi)
		}
		x.Body = l.expr(s.Body)
		return x
	case g.If != nil:
		return &ast.If{If: astPos(g.If.Pos), Cond: l.expr(g.If.Cond), Then: l.expr(g.If.Then), Else: l.expr(g.If.Else)}
	case g.Diff != nil:
		return &ast.Diff{Diff: astPos(g.Diff.Pos), X: l.expr(g.Diff.X), Var: l.name(g.Diff.Var, "a diff variable")}
	case g.Paren != nil:
		return &ast.Paren{Lparen: astPos(g.Paren.Pos), X: l.expr(g.Paren.X)}
	case g.Keyword != nil:
		k := g.Keyword
		l.errorf(k.Pos, "%s is a keyword, not a name: write %s", k.Value, keywordForms[k.Value])
		return &ast.Ident{At: astPos(k.Pos), Name: k.Value}
	}
	return nil
}

// keywordForms shows how the keywords that begin expressions are used.
var keywordForms = map[string]string{
	"sum":  "sum(i, body) or sum(i in lo..hi, body)",
	"if":   "if(cond, then, else)",
	"diff": "diff(expr, var)",
}

// number lowers a numeric literal to its float64 value.
func (l *lowerer) number(g *lexer.Token) *ast.Number {
	v, err := strconv.ParseFloat(g.Value, 64)
	if err != nil && math.IsInf(v, 0) {
		l.errorf(g.Pos, "number %s is too large for a float64 (the largest is about 1.8e308)", g.Value)
		v = 0
	} else if err != nil {
		// Underflow: ParseFloat returns the nearest value (0 or a
		// subnormal), which is what the number means in float64.
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			l.errorf(g.Pos, "malformed number %s", g.Value)
		}
	}
	return &ast.Number{At: astPos(g.Pos), Lit: g.Value, Value: v}
}
