package simplify

import (
	"fmt"
	"math"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
)

// Func is one fn as a graph: its inputs (variables first, in the packing
// order of x, then data) and the node of its value.
type Func struct {
	Name   string
	Graph  *Graph
	Result Node
	Fn     *lang.Fn // nil for a Func built by hand
}

// NewFunc returns a Func over a graph built with the constructors.
func NewFunc(name string, g *Graph, result Node) *Func {
	return &Func{Name: name, Graph: g, Result: result}
}

// VarLeaf returns the leaf of scalar input k.
func (f *Func) VarLeaf(k int) Node { return f.Graph.In(k) }

// Build returns fn of the checked program p as a graph: calls inlined,
// consts and lets resolved, diff(e, v) expanded by forward differentiation,
// sums as sum nodes with their ranges.
func Build(p *lang.Program, fn *lang.Fn) (f *Func, err error) {
	g := NewGraph()
	b := &builder{g: g, info: p.Info, file: p.File.Name}
	defer func() {
		if r := recover(); r != nil {
			f = nil
			switch e := r.(type) {
			case tooLarge:
				err = &lang.Error{File: b.file, Pos: fn.Pos(), Msg: e.what}
			case buildError:
				err = e.err
			default:
				err = &lang.Error{File: b.file, Pos: fn.Pos(), Msg: fmt.Sprintf("internal error: %v (please report this input)", r)}
			}
		}
	}()
	fr := &frame{fn: fn, scalars: map[*lang.Param]Node{}, arrays: map[*lang.Param]int{},
		sizes: map[*lang.Size]Affine{}, idx: map[*lang.SumIndex]int{}, top: true}
	for k, s := range fn.Sizes {
		g.Sizes = append(g.Sizes, s.Name())
		fr.sizes[s] = Affine{Terms: []Term{{1, Sym{SymSize, k}}}}
	}
	sizeNum := map[*lang.Size]int{}
	for k, s := range fn.Sizes {
		sizeNum[s] = k
	}
	addParams := func(ps []*lang.Param, kind InputKind) {
		for k, p := range ps {
			in := Input{Name: p.Name(), Kind: kind, Param: k}
			for _, d := range p.Dims {
				if d.Size != nil {
					in.Dims = append(in.Dims, Dim{Size: sizeNum[d.Size]})
				} else {
					in.Dims = append(in.Dims, Dim{Size: -1, Fixed: d.Fixed})
				}
			}
			n := g.AddInput(in)
			if p.Rank() == 0 {
				fr.scalars[p] = g.In(n)
			} else {
				fr.arrays[p] = n
			}
		}
	}
	addParams(fn.Vars, InVar)
	addParams(fn.Data, InData)
	b.lets(fr)
	res := b.expr(fr, fn.Result)
	return &Func{Name: fn.Name(), Graph: g, Result: res, Fn: fn}, nil
}

type buildError struct{ err error }

type builder struct {
	g     *Graph
	info  *lang.Info
	file  string
	holes int32
}

// frame is one inlined instance of a fn.
type frame struct {
	fn      *lang.Fn
	scalars map[*lang.Param]Node
	arrays  map[*lang.Param]int
	sizes   map[*lang.Size]Affine
	lets    map[*lang.Let]Node
	idx     map[*lang.SumIndex]int
	depth   int
	top     bool // the fn being built, not an inlined call
}

func (b *builder) errorf(pos ast.Pos, format string, args ...any) {
	panic(buildError{&lang.Error{File: b.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

func (b *builder) lets(fr *frame) {
	fr.lets = map[*lang.Let]Node{}
	for _, l := range fr.fn.Lets {
		fr.lets[l] = b.expr(fr, l.Decl.Value)
	}
}

// affine maps a lang.Affine of fr's fn to the graph's symbols.
func (b *builder) affine(fr *frame, a lang.Affine) Affine {
	out := Affine{Const: a.Const}
	for _, t := range a.Terms {
		switch s := t.Sym.(type) {
		case *lang.Size:
			out = addAffine(out, fr.sizes[s], t.Coef)
		case *lang.SumIndex:
			out = addAffine(out, Affine{Terms: []Term{{1, Sym{SymIndex, fr.idx[s]}}}}, t.Coef)
		}
	}
	return out
}

// addAffine returns a + k*c, normalized.
func addAffine(a, c Affine, k int) Affine {
	out := Affine{Const: a.Const + k*c.Const}
	terms := append([]Term(nil), a.Terms...)
	for _, t := range c.Terms {
		found := false
		for i := range terms {
			if terms[i].Sym == t.Sym {
				terms[i].Coef += k * t.Coef
				found = true
			}
		}
		if !found {
			terms = append(terms, Term{k * t.Coef, t.Sym})
		}
	}
	for _, t := range terms {
		if t.Coef != 0 {
			out.Terms = append(out.Terms, t)
		}
	}
	sortTerms(out.Terms)
	return out
}

func sortTerms(ts []Term) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && termLess(ts[j], ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

func termLess(a, b Term) bool {
	if a.Sym.Kind != b.Sym.Kind {
		return a.Sym.Kind < b.Sym.Kind
	}
	return a.Sym.Num < b.Sym.Num
}

// affineNode returns the value of an affine form as a node.
func (g *Graph) affineNode(a Affine) Node {
	terms := []Node{g.Const(float64(a.Const))}
	for _, t := range a.Terms {
		var s Node
		if t.Sym.Kind == SymSize {
			s = g.SizeNode(t.Sym.Num)
		} else {
			s = g.Index(t.Sym.Num)
		}
		terms = append(terms, g.Mul(g.Const(float64(t.Coef)), s))
	}
	return g.Add(terms...)
}

func (b *builder) expr(fr *frame, e ast.Expr) Node {
	g := b.g
	switch e := e.(type) {
	case *ast.Number:
		return g.Const(e.Value)
	case *ast.Paren:
		return b.expr(fr, e.X)
	case *ast.Ident:
		switch o := b.info.Uses[e].(type) {
		case *lang.Param:
			if n, ok := fr.scalars[o]; ok {
				return n
			}
			b.errorf(e.At, "array %s used as a number; index it: %s[...]", o.Name(), o.Name())
		case *lang.Const:
			return g.Const(o.Value)
		case *lang.Let:
			return fr.lets[o]
		case *lang.Size:
			return g.affineNode(fr.sizes[o])
		case *lang.SumIndex:
			return g.Index(fr.idx[o])
		case *lang.Builtin:
			if o.Name() == "pi" {
				return g.Const(math.Pi)
			}
		}
		b.errorf(e.At, "cannot use %s as a value", e.Name)
	case *ast.Unary:
		x := b.expr(fr, e.X)
		switch e.Op {
		case ast.Neg:
			return g.Neg(x)
		case ast.Plus:
			return x
		case ast.Not:
			return g.Not(x)
		}
	case *ast.Binary:
		switch e.Op {
		case ast.Add, ast.Sub:
			var terms []Node
			b.chain(fr, e, ast.Add, ast.Sub, func(x Node, inv bool) {
				if inv {
					x = g.Neg(x)
				}
				terms = append(terms, x)
			})
			return g.Add(terms...)
		case ast.Mul, ast.Div:
			var fs []Node
			b.chain(fr, e, ast.Mul, ast.Div, func(x Node, inv bool) {
				if inv {
					x = g.Div(g.Const(1), x)
				}
				fs = append(fs, x)
			})
			return g.Mul(fs...)
		case ast.Pow:
			return g.Pow(b.expr(fr, e.X), b.expr(fr, e.Y))
		}
		op, ok := cmpOps[e.Op]
		if !ok {
			b.errorf(e.OpPos, "unknown operator %s", e.Op)
		}
		return g.Cmp(op, b.expr(fr, e.X), b.expr(fr, e.Y))
	case *ast.Call:
		return b.call(fr, e)
	case *ast.Index:
		id, _ := ast.Unparen(e.X).(*ast.Ident)
		p, ok := b.info.Uses[id].(*lang.Param)
		if id == nil || !ok {
			b.errorf(e.Pos(), "only a parameter can be indexed")
		}
		in, ok := fr.arrays[p]
		if !ok {
			b.errorf(e.Pos(), "%s is not an array", p.Name())
		}
		var idx []Affine
		for _, a := range b.info.Indexes[e] {
			idx = append(idx, b.affine(fr, a))
		}
		return g.In(in, idx...)
	case *ast.Sum:
		r := b.info.Sums[e]
		si, _ := b.info.Defs[e.Index].(*lang.SumIndex)
		if r == nil || si == nil {
			b.errorf(e.Sum, "sum without a checked range")
		}
		lvl := fr.depth + 1
		if lvl > MaxLevel {
			b.errorf(e.Sum, "sums nested too deeply (more than %d levels)", MaxLevel)
		}
		lo, hi := b.affine(fr, r.Lo), b.affine(fr, r.Hi)
		fr.idx[si] = lvl
		saved := fr.depth
		fr.depth = lvl
		body := b.expr(fr, e.Body)
		fr.depth = saved
		return g.Sum(lvl, lo, hi, body)
	case *ast.If:
		return g.If(b.expr(fr, e.Cond), b.expr(fr, e.Then), b.expr(fr, e.Else))
	case *ast.Diff:
		return b.diff(fr, e)
	}
	b.errorf(e.Pos(), "unsupported expression")
	return 0
}

var cmpOps = map[ast.Op]Op{
	ast.Lt: OpLt, ast.Le: OpLe, ast.Gt: OpGt, ast.Ge: OpGe, ast.Eq: OpEq, ast.Ne: OpNe,
	ast.And: OpAnd, ast.Or: OpOr,
}

// chain walks a left-nested chain of the operators plus and minus
// (Add/Sub or Mul/Div) without recursion on its spine, calling f for each
// operand in source order with inv true after a minus.
func (b *builder) chain(fr *frame, e *ast.Binary, plus, minus ast.Op, f func(Node, bool)) {
	var spine []*ast.Binary
	x := ast.Expr(e)
	for {
		bin, ok := x.(*ast.Binary)
		if !ok || (bin.Op != plus && bin.Op != minus) {
			break
		}
		spine = append(spine, bin)
		x = bin.X
	}
	f(b.expr(fr, x), false)
	for i := len(spine) - 1; i >= 0; i-- {
		f(b.expr(fr, spine[i].Y), spine[i].Op == minus)
	}
}

func (b *builder) call(fr *frame, e *ast.Call) Node {
	g := b.g
	if ci := b.info.Calls[e]; ci != nil {
		callee := ci.Fn
		nf := &frame{fn: callee, scalars: map[*lang.Param]Node{}, arrays: map[*lang.Param]int{},
			sizes: map[*lang.Size]Affine{}, idx: map[*lang.SumIndex]int{}, depth: fr.depth}
		for k, s := range callee.Sizes {
			if k >= len(ci.Sizes) {
				break
			}
			d := ci.Sizes[k]
			if d.Size != nil {
				nf.sizes[s] = fr.sizes[d.Size]
			} else {
				nf.sizes[s] = Affine{Const: d.Fixed}
			}
		}
		params := append(append([]*lang.Param(nil), callee.Vars...), callee.Data...)
		if len(params) != len(e.Args) {
			b.errorf(e.Lparen, "fn %s takes %d arguments, got %d", callee.Name(), len(params), len(e.Args))
		}
		for k, p := range params {
			if p.Rank() == 0 {
				nf.scalars[p] = b.expr(fr, e.Args[k])
				continue
			}
			id, _ := ast.Unparen(e.Args[k]).(*ast.Ident)
			ap, ok := b.info.Uses[id].(*lang.Param)
			if id == nil || !ok {
				b.errorf(e.Args[k].Pos(), "argument %d of %s must be an array", k+1, callee.Name())
			}
			in, ok := fr.arrays[ap]
			if !ok {
				b.errorf(e.Args[k].Pos(), "%s is not an array", ap.Name())
			}
			nf.arrays[p] = in
		}
		b.lets(nf)
		return b.expr(nf, callee.Result)
	}
	name := e.Fun.Name
	op, ok := BuiltinOp(name)
	if !ok {
		b.errorf(e.Fun.At, "undefined: %s", name)
	}
	args := make([]Node, len(e.Args))
	for i, a := range e.Args {
		args[i] = b.expr(fr, a)
	}
	if want := ops[op].Arity; len(args) != want {
		b.errorf(e.Lparen, "%s takes %d arguments, got %d", name, want, len(args))
	}
	if op == OpPow {
		return g.Pow(args[0], args[1])
	}
	return g.Call(op, args...)
}

// diff expands diff(X, v). In the fn being built, v is a leaf and the
// derivative is taken with respect to it. In an inlined call v is bound to
// an argument expression: X is built again with v bound to a fresh hole,
// differentiated with respect to the hole, and the argument substituted.
func (b *builder) diff(fr *frame, e *ast.Diff) Node {
	g := b.g
	p, ok := b.info.Uses[e.Var].(*lang.Param)
	if !ok || p.Rank() != 0 {
		b.errorf(e.Var.At, "diff: %s is not a scalar parameter", e.Var.Name)
	}
	bound := fr.scalars[p]
	if fr.top {
		return g.Deriv(b.expr(fr, e.X), bound)
	}
	b.holes++
	hole := g.intern(OpHole, b.holes, 0, nil, nil)
	nf := *fr
	nf.scalars = make(map[*lang.Param]Node, len(fr.scalars))
	for k, v := range fr.scalars {
		nf.scalars[k] = v
	}
	nf.scalars[p] = hole
	nf.idx = fr.idx
	b.lets(&nf)
	d := g.Deriv(b.expr(&nf, e.X), hole)
	return g.Subst(d, map[Node]Node{hole: bound})
}

// Subst returns root with the nodes of m replaced, rebuilt through the
// constructors (so the result is simplified again).
func (g *Graph) Subst(root Node, m map[Node]Node) Node {
	memo := map[Node]Node{}
	for k, v := range m {
		memo[k] = v
	}
	var rec func(n Node) Node
	rec = func(n Node) Node {
		if r, ok := memo[n]; ok {
			return r
		}
		d := g.nodes[n]
		if d.an == 0 {
			memo[n] = n
			return n
		}
		old := g.Args(n)
		args := make([]Node, len(old))
		changed := false
		for i, a := range old {
			args[i] = rec(a)
			changed = changed || args[i] != a
		}
		r := n
		if changed {
			r = g.rebuild(n, args)
		}
		memo[n] = r
		return r
	}
	return rec(root)
}

// rebuild applies n's operation to new operands through the constructors.
func (g *Graph) rebuild(n Node, args []Node) Node {
	d := g.nodes[n]
	switch d.op {
	case OpAdd:
		return g.Add(args...)
	case OpMul:
		return g.Mul(args...)
	case OpProd:
		return g.Prod(args[0], args[1])
	case OpSum:
		aff := g.Affines(n)
		return g.Sum(int(d.aux), aff[0], aff[1], args[0])
	}
	return g.apply(d.op, args...)
}
