package autodiff

import (
	"fmt"
	"math"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
)

// This file is the one evaluator of the checked tree. It walks a fn's
// Result and asks lang.Info what each node means; the arithmetic is the
// field's, so the same walk computes values, dual numbers or tape records.

// maxDepth bounds the nesting of calls and diffs. The checker rejects
// recursion; this is a second guard so that nothing overflows the stack.
const maxDepth = 1000

// MaxOps bounds the operations (and sum iterations) of one evaluation, so
// that a huge range is an error rather than a hang or an exhausted memory
// (a tape keeps every operation).
const MaxOps = 1 << 22

// state is shared by every frame of one evaluation.
type state struct {
	prog *lang.Program
	info *lang.Info
	ops  int     // operations so far
	kink float64 // smallest distance to a switch so far
	// allKinks records every switch; otherwise only those whose sides are
	// not constants (that depend, in some field, on what is differentiated),
	// since a switch on data alone does not move under finite differences.
	allKinks bool
}

// evalError is raised inside an evaluation and recovered at the API.
type evalError struct{ err error }

// array is a vector or matrix parameter: rows*cols numbers, row-major, of
// field f (a diff inside a fn reads its arrays through lifts).
type array struct {
	rows, cols int
	v          []num
	f          field
}

// frame is the evaluation of one fn body in one field: the top fn, a
// called fn, or the body of a diff (the same fn in a dual field over the
// frame that holds it).
type frame struct {
	st    *state
	fn    *lang.Fn
	f     field
	depth int
	sizes map[*lang.Size]int
	scal  map[*lang.Param]num
	arr   map[*lang.Param]*array
	idx   map[*lang.SumIndex]int
	lets  map[*lang.Let]num
	busy  map[*lang.Let]bool
}

func newFrame(st *state, fn *lang.Fn, f field, depth int) *frame {
	return &frame{
		st: st, fn: fn, f: f, depth: depth,
		sizes: map[*lang.Size]int{},
		scal:  map[*lang.Param]num{},
		arr:   map[*lang.Param]*array{},
		idx:   map[*lang.SumIndex]int{},
		lets:  map[*lang.Let]num{},
		busy:  map[*lang.Let]bool{},
	}
}

// fail stops the evaluation with a positioned error.
func (fr *frame) fail(pos ast.Pos, format string, args ...any) {
	file := ""
	if fr.st.prog.File != nil {
		file = fr.st.prog.File.Name
	}
	msg := fmt.Sprintf(format, args...)
	if fr.fn != nil {
		msg = "fn " + fr.fn.Name() + ": " + msg
	}
	panic(evalError{&lang.Error{File: file, Pos: pos, Msg: msg}})
}

// kink records the distance d to a switch between a and b.
func (fr *frame) kink(d float64, a, b num) {
	if !fr.st.allKinks && a.p == nil && b.p == nil {
		return
	}
	d = math.Abs(d)
	if d < fr.st.kink {
		fr.st.kink = d
	}
}

func (fr *frame) apply(pos ast.Pos, op opcode, a, b num) num {
	fr.step(pos)
	return fr.f.apply(op, a, b)
}

// step counts one operation against MaxOps.
func (fr *frame) step(pos ast.Pos) {
	fr.st.ops++
	if fr.st.ops > MaxOps {
		fr.fail(pos, "evaluation takes more than %d operations; the oracles are for small sizes", MaxOps)
	}
}

// expr evaluates x in fr.
func (fr *frame) expr(x ast.Expr) num {
	switch x := x.(type) {
	case *ast.Number:
		return num{v: x.Value}
	case *ast.Paren:
		return fr.expr(x.X)
	case *ast.Ident:
		return fr.ident(x)
	case *ast.Unary:
		switch x.Op {
		case ast.Neg:
			return fr.apply(x.OpPos, opNeg, fr.expr(x.X), num{})
		case ast.Plus:
			return fr.expr(x.X)
		}
		fr.fail(x.OpPos, "condition %s used as a number", x.Op)
	case *ast.Binary:
		op, ok := binaryOps[x.Op]
		if !ok {
			fr.fail(x.OpPos, "condition %s used as a number", x.Op)
		}
		a := fr.expr(x.X)
		b := fr.expr(x.Y)
		return fr.apply(x.OpPos, op, a, b)
	case *ast.Call:
		return fr.call(x)
	case *ast.Index:
		return fr.index(x)
	case *ast.Sum:
		return fr.sum(x)
	case *ast.If:
		if fr.cond(x.Cond) {
			return fr.expr(x.Then)
		}
		return fr.expr(x.Else)
	case *ast.Diff:
		return fr.diff(x)
	case nil:
		fr.fail(ast.Pos{}, "missing expression")
	}
	fr.fail(x.Pos(), "unexpected %T", x)
	return num{}
}

// binaryOps maps the arithmetic operators to their opcodes.
var binaryOps = map[ast.Op]opcode{
	ast.Add: opAdd, ast.Sub: opSub, ast.Mul: opMul, ast.Div: opDiv, ast.Pow: opPow,
}

// cond evaluates a condition on the values. Every comparison records the
// distance between its sides as a kink; && and || evaluate both sides so
// that every switch that could flip nearby is recorded.
func (fr *frame) cond(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Paren:
		return fr.cond(x.X)
	case *ast.Unary:
		if x.Op == ast.Not {
			return !fr.cond(x.X)
		}
	case *ast.Binary:
		switch x.Op {
		case ast.And:
			a, b := fr.cond(x.X), fr.cond(x.Y)
			return a && b
		case ast.Or:
			a, b := fr.cond(x.X), fr.cond(x.Y)
			return a || b
		}
		an, bn := fr.expr(x.X), fr.expr(x.Y)
		a, b := an.v, bn.v
		fr.kink(a-b, an, bn)
		switch x.Op {
		case ast.Lt:
			return a < b
		case ast.Le:
			return a <= b
		case ast.Gt:
			return a > b
		case ast.Ge:
			return a >= b
		case ast.Eq:
			return a == b
		case ast.Ne:
			return a != b
		}
	}
	fr.fail(x.Pos(), "a number used as a condition")
	return false
}

// ident evaluates a name.
func (fr *frame) ident(x *ast.Ident) num {
	switch o := fr.st.info.Uses[x].(type) {
	case *lang.Param:
		if o.Rank() > 0 {
			fr.fail(x.At, "%s is an array, used as a number", x.Name)
		}
		v, ok := fr.scal[o]
		if !ok {
			fr.fail(x.At, "%s is not bound here", x.Name)
		}
		return v
	case *lang.Size:
		n, ok := fr.sizes[o]
		if !ok {
			fr.fail(x.At, "size %s is not bound here", x.Name)
		}
		return num{v: float64(n)}
	case *lang.Const:
		return num{v: o.Value}
	case *lang.Let:
		return fr.let(o)
	case *lang.SumIndex:
		i, ok := fr.idx[o]
		if !ok {
			fr.fail(x.At, "sum index %s is not bound here", x.Name)
		}
		return num{v: float64(i)}
	case *lang.Builtin:
		if o.Name_ == "pi" {
			return num{v: math.Pi}
		}
		fr.fail(x.At, "builtin %s used as a number", x.Name)
	case nil:
		fr.fail(x.At, "undefined: %s", x.Name)
	}
	fr.fail(x.At, "%s is not a number", x.Name)
	return num{}
}

// let evaluates a let of fr's fn once per frame, on first use: a diff
// frame evaluates the lets again, in its own field.
func (fr *frame) let(l *lang.Let) num {
	if v, ok := fr.lets[l]; ok {
		return v
	}
	if fr.busy[l] {
		fr.fail(l.Pos(), "let %s refers to itself", l.Name())
	}
	fr.busy[l] = true
	v := fr.expr(l.Decl.Value)
	fr.busy[l] = false
	fr.lets[l] = v
	return v
}

// affine evaluates an affine form of sizes and sum indices.
func (fr *frame) affine(pos ast.Pos, a lang.Affine) int {
	n := a.Const
	for _, t := range a.Terms {
		switch s := t.Sym.(type) {
		case *lang.Size:
			v, ok := fr.sizes[s]
			if !ok {
				fr.fail(pos, "size %s is not bound here", s.Name())
			}
			n += t.Coef * v
		case *lang.SumIndex:
			v, ok := fr.idx[s]
			if !ok {
				fr.fail(pos, "sum index %s is not bound here", s.Name())
			}
			n += t.Coef * v
		default:
			fr.fail(pos, "bad symbol %v in an affine form", t.Sym)
		}
	}
	return n
}

// sum adds the body over the half-open range; an empty range is 0.
func (fr *frame) sum(x *ast.Sum) num {
	r := fr.st.info.Sums[x]
	if r == nil {
		fr.fail(x.Sum, "sum has no checked range")
	}
	si, _ := fr.st.info.Defs[x.Index].(*lang.SumIndex)
	if si == nil {
		fr.fail(x.Index.At, "sum index %s is not declared", x.Index.Name)
	}
	lo, hi := fr.affine(x.Sum, r.Lo), fr.affine(x.Sum, r.Hi)
	old, had := fr.idx[si]
	acc := num{}
	for i := lo; i < hi; i++ {
		fr.step(x.Sum)
		fr.idx[si] = i
		b := fr.expr(x.Body)
		if i == lo {
			acc = b
		} else {
			acc = fr.apply(x.Sum, opAdd, acc, b)
		}
	}
	if had {
		fr.idx[si] = old
	} else {
		delete(fr.idx, si)
	}
	return acc
}

// index reads an element of a vector or matrix parameter.
func (fr *frame) index(x *ast.Index) num {
	id, ok := ast.Unparen(x.X).(*ast.Ident)
	if !ok {
		fr.fail(x.Pos(), "only a parameter can be indexed")
	}
	p, _ := fr.st.info.Uses[id].(*lang.Param)
	if p == nil {
		fr.fail(id.At, "%s is not an array parameter", id.Name)
	}
	a := fr.arr[p]
	if a == nil {
		fr.fail(id.At, "%s is not bound to an array here", id.Name)
	}
	forms := fr.st.info.Indexes[x]
	if len(forms) != p.Rank() || len(forms) != len(x.Indices) {
		fr.fail(x.Lbrack, "%s has %d dimensions, indexed with %d", id.Name, p.Rank(), len(forms))
	}
	i := fr.affine(x.Lbrack, forms[0])
	j := 0
	if len(forms) == 2 {
		j = fr.affine(x.Lbrack, forms[1])
	}
	if i < 0 || i >= a.rows || j < 0 || j >= a.cols {
		if len(forms) == 2 {
			fr.fail(x.Lbrack, "index [%d, %d] out of range for %s of size %d×%d", i, j, id.Name, a.rows, a.cols)
		}
		fr.fail(x.Lbrack, "index %d out of range for %s of length %d", i, id.Name, a.rows)
	}
	return liftTo(fr.f, a.f, a.v[i*a.cols+j])
}

// liftTo brings x of field from into field to, which is from under zero or
// more dual fields (the diffs entered since the array was bound).
func liftTo(to, from field, x num) num {
	if to == from || x.p == nil {
		return x
	}
	d := to.(*dualField)
	return d.lift(liftTo(d.base, from, x))
}

// call evaluates a builtin or inlines a user fn.
func (fr *frame) call(x *ast.Call) num {
	switch o := fr.st.info.Uses[x.Fun].(type) {
	case *lang.Builtin:
		return fr.builtin(x, o)
	case *lang.Fn:
		return fr.callFn(x)
	}
	fr.fail(x.Fun.At, "%s is not a function", x.Fun.Name)
	return num{}
}

func (fr *frame) builtin(x *ast.Call, b *lang.Builtin) num {
	op, ok := builtinOps[b.Name_]
	if !ok || opTable[op].arity != len(x.Args) {
		fr.fail(x.Fun.At, "cannot call %s with %d arguments", b.Name_, len(x.Args))
	}
	a := fr.expr(x.Args[0])
	var c num
	if len(x.Args) == 2 {
		c = fr.expr(x.Args[1])
	}
	switch op {
	case opAbs, opSign:
		fr.kink(a.v, a, c)
	case opFloor, opCeil:
		fr.kink(a.v-math.Round(a.v), a, c)
	case opMin, opMax:
		fr.kink(a.v-c.v, a, c)
	}
	return fr.apply(x.Fun.At, op, a, c)
}

// callFn inlines a call: the callee's body is evaluated in a new frame of
// the same field, its scalar parameters bound to the arguments' values,
// its arrays to the caller's arrays, its sizes as CallInfo says.
func (fr *frame) callFn(x *ast.Call) num {
	ci := fr.st.info.Calls[x]
	if ci == nil || ci.Fn == nil {
		fr.fail(x.Fun.At, "call of %s was not checked", x.Fun.Name)
	}
	if fr.depth >= maxDepth {
		fr.fail(x.Fun.At, "calls nest deeper than %d", maxDepth)
	}
	callee := ci.Fn
	params := append(append([]*lang.Param(nil), callee.Vars...), callee.Data...)
	if len(params) != len(x.Args) {
		fr.fail(x.Lparen, "fn %s takes %d arguments, got %d", callee.Name(), len(params), len(x.Args))
	}
	if len(ci.Sizes) != len(callee.Sizes) {
		fr.fail(x.Lparen, "call of %s binds %d sizes, want %d", callee.Name(), len(ci.Sizes), len(callee.Sizes))
	}
	nf := newFrame(fr.st, callee, fr.f, fr.depth+1)
	for k, s := range callee.Sizes {
		d := ci.Sizes[k]
		if d.Size == nil {
			nf.sizes[s] = d.Fixed
			continue
		}
		v, ok := fr.sizes[d.Size]
		if !ok {
			fr.fail(x.Lparen, "size %s is not bound here", d.Size.Name())
		}
		nf.sizes[s] = v
	}
	for k, p := range params {
		arg := x.Args[k]
		if p.Rank() == 0 {
			nf.scal[p] = fr.expr(arg)
			continue
		}
		id, _ := ast.Unparen(arg).(*ast.Ident)
		var a *array
		if id != nil {
			if q, ok := fr.st.info.Uses[id].(*lang.Param); ok {
				a = fr.arr[q]
			}
		}
		if a == nil {
			fr.fail(arg.Pos(), "argument %d of %s must be an array", k+1, callee.Name())
		}
		rows, cols := nf.dims(p)
		if rows != a.rows || cols != a.cols {
			fr.fail(arg.Pos(), "argument %d of %s has shape %d×%d, want %d×%d", k+1, callee.Name(), a.rows, a.cols, rows, cols)
		}
		nf.arr[p] = a
	}
	return nf.expr(callee.Result)
}

// dims returns the shape of p in fr: rows, cols (cols 1 for a vector).
func (fr *frame) dims(p *lang.Param) (rows, cols int) {
	rows, cols = 1, 1
	for k, d := range p.Dims {
		n := d.Fixed
		if d.Size != nil {
			n = fr.sizes[d.Size]
		}
		if k == 0 {
			rows = n
		} else {
			cols = n
		}
	}
	return rows, cols
}

// diff evaluates diff(e, v) by nested forward mode: e is evaluated again in
// a dual field over fr's field, with v's tangent 1 and every other name
// without tangent (lets are evaluated again, since they may depend on v),
// and the result is the tangent, a number of fr's field. A diff inside it
// nests one more dual field, so diff(diff(f(x), x), x) is exact, and the
// result stays differentiable by whatever field fr is.
func (fr *frame) diff(x *ast.Diff) num {
	v, _ := fr.st.info.Uses[x.Var].(*lang.Param)
	if v == nil || v.Rank() != 0 {
		fr.fail(x.Var.At, "diff: %s is not a scalar parameter", x.Var.Name)
	}
	vv, ok := fr.scal[v]
	if !ok {
		fr.fail(x.Var.At, "diff: %s is not bound here", x.Var.Name)
	}
	if fr.depth >= maxDepth {
		fr.fail(x.Diff, "diffs nest deeper than %d", maxDepth)
	}
	d := &dualField{base: fr.f}
	nf := newFrame(fr.st, fr.fn, d, fr.depth+1)
	for s, n := range fr.sizes {
		nf.sizes[s] = n
	}
	for s, i := range fr.idx {
		nf.idx[s] = i
	}
	for p, a := range fr.arr {
		nf.arr[p] = a
	}
	for p, val := range fr.scal {
		nf.scal[p] = d.lift(val)
	}
	nf.scal[v] = d.make(vv, []tangent{{k: 0, d: num{v: 1}}})
	return d.tangentOf(nf.expr(x.X), 0)
}

// run evaluates the result of fn at pt in field f. seed gives the number
// of field f for the k-th packed variable of value v.
func run(prog *lang.Program, fn *lang.Fn, pt *Point, f field, seed func(k int, v float64) num) (out num, kink float64, err error) {
	_, plain := f.(floatField)
	st := &state{prog: prog, info: prog.Info, kink: math.Inf(1), allKinks: plain}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(evalError); ok {
				err = e.err
				return
			}
			err = fmt.Errorf("fn %s: internal error: %v", fn.Name(), r)
		}
	}()
	if prog.Info == nil {
		return num{}, 0, fmt.Errorf("fn %s: program has no Info", fn.Name())
	}
	fr := newFrame(st, fn, f, 0)
	for k, s := range fn.Sizes {
		fr.sizes[s] = pt.Sizes[k]
	}
	off := 0
	for _, p := range fn.Vars {
		rows, cols := fr.dims(p)
		if p.Rank() == 0 {
			fr.scal[p] = seed(off, pt.X[off])
			off++
			continue
		}
		a := &array{rows: rows, cols: cols, v: make([]num, rows*cols), f: f}
		for i := range a.v {
			a.v[i] = seed(off, pt.X[off])
			off++
		}
		fr.arr[p] = a
	}
	for k, p := range fn.Data {
		switch d := pt.Data[k].(type) {
		case float64:
			fr.scal[p] = num{v: d}
		case []float64:
			a := &array{rows: len(d), cols: 1, v: make([]num, len(d)), f: f}
			for i, v := range d {
				a.v[i] = num{v: v}
			}
			fr.arr[p] = a
		case [][]float64:
			rows, cols := fr.dims(p)
			a := &array{rows: rows, cols: cols, v: make([]num, 0, rows*cols), f: f}
			for _, row := range d {
				for _, v := range row {
					a.v = append(a.v, num{v: v})
				}
			}
			fr.arr[p] = a
		}
	}
	out = fr.expr(fn.Result)
	return out, st.kink, nil
}
