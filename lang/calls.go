package lang

import (
	"fmt"
	"strings"

	"github.com/gradc/gradc/ast"
)

// This file checks calls of user fns: arguments against parameters, the
// binding of the callee's sizes to the caller's dimensions, recursion, and
// the run-time bound checks a call inherits from its callee.
//
// A call is inlined, so its arguments are substituted for the callee's
// parameters whatever side of ';' they are on: a caller's variable passed
// to a callee's data parameter is still differentiated in the caller, and
// data passed to a callee's variable is a constant there. The split into
// variables and data describes only the fn's own generated functions.

// callRec is one call of a user fn.
type callRec struct {
	call   *ast.Call
	callee *Fn
	info   *CallInfo // nil when the call has an error
	in     *sumState // the innermost sum around the call, or nil
}

// fixedNeed is a caller's size met by a callee's fixed dimension:
// g(v[3]) called with x[n] needs n == 3 at run time.
type fixedNeed struct {
	rec   *callRec
	size  *Size
	fixed int
	arg   string // "x"
}

// binding is the caller's dimension bound to a callee's size, and the
// argument that bound it.
type binding struct {
	dim Dim
	arg string
}

// fnCall checks a call of a user fn.
func (c *checker) fnCall(e *ast.Call, callee *Fn) kind {
	fs := c.fs
	if fs == nil { // a const: resolve does not find fns there
		c.values(e.Args)
		return bad
	}
	rec := &callRec{call: e, callee: callee, in: c.enclosing()}
	fs.calls = append(fs.calls, rec)
	params := make([]*Param, 0, len(callee.Vars)+len(callee.Data))
	params = append(params, callee.Vars...)
	params = append(params, callee.Data...)
	ok := true
	if len(e.Args) != len(params) {
		c.errorf(e.Fun.At, "fn %s takes %s, got %d", callee.Name(), plural(len(params), "argument"), len(e.Args))
		ok = false
	}
	bind := make(map[*Size]binding)
	for i, arg := range e.Args {
		switch {
		case arg == nil:
			ok = false
		case i >= len(params):
			c.extraArg(arg)
		case params[i].Rank() == 0:
			c.value(arg)
		default:
			ok = c.arrayArg(rec, arg, params[i], bind) && ok
		}
	}
	if !ok {
		return value
	}
	info := &CallInfo{Fn: callee, Sizes: make([]Dim, len(callee.Sizes))}
	for k, s := range callee.Sizes {
		b, found := bind[s]
		if !found {
			return value // the callee's header had an error
		}
		info.Sizes[k] = b.dim
	}
	c.info.Calls[e] = info
	rec.info = info
	return value
}

// extraArg checks an argument with no parameter: a whole array is fine
// there, since the arity error already says what is wrong.
func (c *checker) extraArg(arg ast.Expr) {
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok && id != nil {
		if p, ok := c.sc.lookup(id.Name).(*Param); ok && p.Rank() > 0 {
			c.info.Uses[id] = p
			return
		}
	}
	c.value(arg)
}

// arrayArg checks the argument of an array parameter p: a whole array
// parameter of the caller, of the same rank, whose dimensions bind p's.
func (c *checker) arrayArg(rec *callRec, arg ast.Expr, p *Param, bind map[*Size]binding) bool {
	callee := rec.callee.Name()
	id, isIdent := ast.Unparen(arg).(*ast.Ident)
	if !isIdent || id == nil {
		c.errorf(posOf(arg), "fn %s's parameter %s is %s: pass a whole %s by name, as in %s(x), not an expression", callee, paramText(p), shapeName(p.Rank()), shapeName(p.Rank())[2:], callee)
		return false
	}
	obj := c.resolve(id, false)
	if obj == nil {
		return false
	}
	ap, isParam := obj.(*Param)
	if !isParam || ap.Rank() != p.Rank() {
		c.errorf(id.At, "fn %s's parameter %s is %s, and %s is %s", callee, paramText(p), shapeName(p.Rank()), id.Name, isA(obj))
		return false
	}
	ok := true
	for k, cd := range p.Dims {
		ad := ap.Dims[k]
		if cd.Size == nil {
			switch {
			case ad.Size != nil:
				c.fs.fixed = append(c.fs.fixed, fixedNeed{rec: rec, size: ad.Size, fixed: cd.Fixed, arg: id.Name})
			case ad.Fixed != cd.Fixed:
				c.errorf(id.At, "fn %s's parameter %s needs size %d, and %s has size %d", callee, paramText(p), cd.Fixed, paramText(ap), ad.Fixed)
				ok = false
			}
			continue
		}
		if b, seen := bind[cd.Size]; seen {
			if b.dim != ad {
				c.errorf(id.At, "fn %s's size %s would be both %s (from %s) and %s (from %s); pass arrays of one size", callee, cd.Size.Name(), dimText(b.dim), b.arg, dimText(ad), id.Name)
				ok = false
			}
			continue
		}
		bind[cd.Size] = binding{dim: ad, arg: id.Name}
	}
	return ok
}

// recursion reports every cycle of the call graph at the call that closes
// it, and returns the fns on a cycle.
func (c *checker) recursion() map[*Fn]bool {
	const (
		white = iota
		grey  // on the stack
		black // done
	)
	state := make(map[*Fn]int)
	cyclic := make(map[*Fn]bool)
	var stack []*Fn
	var visit func(f *Fn)
	visit = func(f *Fn) {
		state[f] = grey
		stack = append(stack, f)
		for _, r := range c.fnState[f].calls {
			g := r.callee
			switch state[g] {
			case white:
				visit(g)
			case grey:
				i := len(stack) - 1
				for stack[i] != g {
					i--
				}
				cycle := stack[i:]
				for _, h := range cycle {
					cyclic[h] = true
				}
				if len(cycle) == 1 {
					c.errorf(r.call.Fun.At, "fn %s calls itself; recursion is not allowed", g.Name())
				} else {
					names := make([]string, len(cycle)-1)
					for j, h := range cycle[1:] {
						names[j] = h.Name()
					}
					c.errorf(r.call.Fun.At, "fn %s calls itself through %s; recursion is not allowed", g.Name(), andList(names))
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[f] = black
	}
	for _, fs := range c.fns {
		if state[fs.fn] == white {
			visit(fs.fn)
		}
	}
	return cyclic
}

// andList is "g", "g and h", "g, h and k".
func andList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// propagate gives each caller the run-time checks of its callees, in
// terms of its own sizes, callees first. A check that the caller's sizes
// prove is dropped; one they refute is an error at the call.
func (c *checker) propagate(cyclic map[*Fn]bool) {
	done := make(map[*Fn]bool)
	var visit func(f *Fn)
	visit = func(f *Fn) {
		done[f] = true
		fs := c.fnState[f]
		for _, r := range fs.calls {
			if !cyclic[r.callee] && !done[r.callee] {
				visit(r.callee)
			}
		}
		for _, fx := range fs.fixed {
			n := SymAffine(fx.size)
			c.callNeed(fs, fx.rec, n.AddConst(-fx.fixed), nil, fmt.Sprintf("%s(%s) needs %s == %d", fx.rec.callee.Name(), fx.arg, fx.size.Name(), fx.fixed))
			c.callNeed(fs, fx.rec, n.Scale(-1).AddConst(fx.fixed), nil, fmt.Sprintf("%s(%s) needs %s == %d", fx.rec.callee.Name(), fx.arg, fx.size.Name(), fx.fixed))
		}
		for _, r := range fs.calls {
			if r.info == nil || cyclic[r.callee] {
				continue
			}
			for _, bc := range r.callee.Checks {
				need := bindSizes(bc.Need, r.info)
				var gs []Affine
				for _, g := range bc.Guard {
					gs = append(gs, bindSizes(g, r.info))
				}
				msg := fmt.Sprintf("in %s, %s, and here %s", r.callee.Name(), bc.Msg, sizesText(bc.Need, r.info))
				c.callNeed(fs, r, need, gs, msg)
			}
		}
	}
	for _, fs := range c.fns {
		if !cyclic[fs.fn] && !done[fs.fn] {
			visit(fs.fn)
		}
	}
}

// bindSizes rewrites a in the callee's sizes into the caller's dimensions.
func bindSizes(a Affine, info *CallInfo) Affine {
	for k, s := range info.Fn.Sizes {
		if k < len(info.Sizes) {
			a = a.Subst(s, dimAffine(info.Sizes[k]))
		}
	}
	return a
}

// sizesText says what the callee's sizes in a are at a call: "n = 3, m = k".
func sizesText(a Affine, info *CallInfo) string {
	var parts []string
	for k, s := range info.Fn.Sizes {
		if a.Coef(s) != 0 && k < len(info.Sizes) {
			parts = append(parts, s.Name()+" = "+dimText(info.Sizes[k]))
		}
	}
	return strings.Join(parts, ", ")
}

// callNeed handles need >= 0 (under the guards gs) at a call in fs.
func (c *checker) callNeed(fs *fnState, r *callRec, need Affine, gs []Affine, msg string) {
	outer, runs := r.in.guards()
	if !runs {
		return
	}
	gs = append(append([]Affine(nil), gs...), outer...)
	switch decide(need, gs) {
	case always:
		return
	case never:
		c.errorf(r.call.Fun.At, "this call of %s is out of bounds: %s", r.callee.Name(), msg)
		return
	}
	fs.fn.Checks = append(fs.fn.Checks, &BoundCheck{Pos: r.call.Fun.At, Need: need, Guard: gs, Msg: msg})
}
