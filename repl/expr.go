package repl

import (
	"slices"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
)

// freeVars returns the free identifiers of x, in order of first
// appearance: those that name neither a builtin, nor a sum index in
// scope, nor a name for which bound reports true. Called function names
// are not identifiers in value position and are skipped; the variable of
// diff(e, v) counts.
func freeVars(x ast.Expr, bound func(string) bool) []string {
	var vars []string
	var walk func(x ast.Expr, idx []string)
	add := func(name string, idx []string) {
		if slices.Contains(idx, name) || lang.LookupBuiltin(name) != nil || bound(name) || slices.Contains(vars, name) {
			return
		}
		vars = append(vars, name)
	}
	walk = func(x ast.Expr, idx []string) {
		switch x := x.(type) {
		case *ast.Ident:
			add(x.Name, idx)
		case *ast.Call:
			for _, a := range x.Args {
				walk(a, idx)
			}
		case *ast.Index:
			walk(x.X, idx)
			for _, i := range x.Indices {
				walk(i, idx)
			}
		case *ast.Paren:
			walk(x.X, idx)
		case *ast.Unary:
			walk(x.X, idx)
		case *ast.Binary:
			walk(x.X, idx)
			walk(x.Y, idx)
		case *ast.Sum:
			if x.Lo != nil {
				walk(x.Lo, idx)
			}
			if x.Hi != nil {
				walk(x.Hi, idx)
			}
			if x.Index != nil {
				idx = append(slices.Clip(idx), x.Index.Name)
			}
			walk(x.Body, idx)
		case *ast.If:
			walk(x.Cond, idx)
			walk(x.Then, idx)
			walk(x.Else, idx)
		case *ast.Diff:
			walk(x.X, idx)
			if x.Var != nil {
				add(x.Var.Name, idx)
			}
		}
	}
	if x != nil {
		walk(x, nil)
	}
	return vars
}

// maxSubst is the most nodes an expression may have once the session's
// lets are substituted: lets of lets can double a tree at each step.
const maxSubst = 1 << 16

// errTooLarge is the panic that stops a substitution past maxSubst.
type errTooLarge struct{}

// subst returns x with every identifier in value position that names an
// entry of m (and is not a sum index in scope) replaced by the
// parenthesized expression, itself substituted with the other entries
// (late binding: `let e = x^2`, then `let x = 3`, and e is 9): how later
// lines see what let binds. x is not modified; parts without a
// replacement are shared. ok is false when the result would have more
// than maxSubst nodes.
func subst(x ast.Expr, m map[string]ast.Expr) (out ast.Expr, ok bool) {
	if len(m) == 0 || x == nil {
		return x, true
	}
	defer func() {
		if r := recover(); r != nil {
			if _, big := r.(errTooLarge); !big {
				panic(r)
			}
			out, ok = nil, false
		}
	}()
	budget := maxSubst
	var expanding []string
	var rec func(x ast.Expr, idx []string) ast.Expr
	rec = func(x ast.Expr, idx []string) ast.Expr {
		if budget--; budget < 0 {
			panic(errTooLarge{})
		}
		switch x := x.(type) {
		case *ast.Ident:
			if e, ok := m[x.Name]; ok && !slices.Contains(idx, x.Name) && !slices.Contains(expanding, x.Name) {
				expanding = append(expanding, x.Name)
				e = rec(e, nil)
				expanding = expanding[:len(expanding)-1]
				return &ast.Paren{Lparen: x.At, X: e}
			}
			return x
		case *ast.Call:
			c := *x
			c.Args = make([]ast.Expr, len(x.Args))
			for i, a := range x.Args {
				c.Args[i] = rec(a, idx)
			}
			return &c
		case *ast.Index:
			c := *x
			c.Indices = make([]ast.Expr, len(x.Indices))
			for i, a := range x.Indices {
				c.Indices[i] = rec(a, idx)
			}
			return &c
		case *ast.Paren:
			c := *x
			c.X = rec(x.X, idx)
			return &c
		case *ast.Unary:
			c := *x
			c.X = rec(x.X, idx)
			return &c
		case *ast.Binary:
			c := *x
			c.X, c.Y = rec(x.X, idx), rec(x.Y, idx)
			return &c
		case *ast.Sum:
			c := *x
			if x.Lo != nil {
				c.Lo = rec(x.Lo, idx)
			}
			if x.Hi != nil {
				c.Hi = rec(x.Hi, idx)
			}
			if x.Index != nil {
				idx = append(slices.Clip(idx), x.Index.Name)
			}
			c.Body = rec(x.Body, idx)
			return &c
		case *ast.If:
			c := *x
			c.Cond, c.Then, c.Else = rec(x.Cond, idx), rec(x.Then, idx), rec(x.Else, idx)
			return &c
		case *ast.Diff:
			c := *x
			c.X = rec(x.X, idx)
			return &c
		}
		return x
	}
	return rec(x, nil), true
}

// number returns the value of a numeric literal, possibly signed and
// parenthesized: the arguments of f(1, -2.5).
func number(x ast.Expr) (float64, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.Number:
		return x.Value, true
	case *ast.Unary:
		v, ok := number(x.X)
		switch {
		case !ok:
			return 0, false
		case x.Op == ast.Neg:
			return -v, true
		case x.Op == ast.Plus:
			return v, true
		}
	}
	return 0, false
}

// balance returns how many brackets of text are open at its end, comments
// ignored: a line with open brackets continues on the next.
func balance(text string) int {
	n := 0
	comment := false
	for _, r := range text {
		switch {
		case r == '\n':
			comment = false
		case comment:
		case r == '#':
			comment = true
		case r == '(' || r == '[' || r == '{':
			n++
		case r == ')' || r == ']' || r == '}':
			n--
		}
	}
	return n
}

// substDecl returns d with the expressions bound by let (m) substituted in
// its body, except for the names that d binds itself (parameters, sizes,
// block lets): typed fns and consts see the session's lets. d itself is not
// modified. ok is false when a substituted expression is too large.
func substDecl(d ast.Decl, m map[string]ast.Expr) (ast.Decl, bool) {
	if len(m) == 0 {
		return d, true
	}
	ok := true
	sub := func(x ast.Expr, m map[string]ast.Expr) ast.Expr {
		y, good := subst(x, m)
		if !good {
			ok = false
			return x
		}
		return y
	}
	switch d := d.(type) {
	case *ast.ConstDecl:
		c := *d
		c.Value = sub(d.Value, m)
		return &c, ok
	case *ast.FnDecl:
		own := map[string]ast.Expr{}
		for k, v := range m {
			own[k] = v
		}
		for _, p := range append(slices.Clip(d.Vars), d.Data...) {
			delete(own, p.Name.Name)
			for _, dim := range p.Dims {
				delete(own, dim.Name)
			}
		}
		for _, l := range d.Lets {
			delete(own, l.Name.Name)
		}
		c := *d
		c.Lets = make([]*ast.Let, len(d.Lets))
		for i, l := range d.Lets {
			nl := *l
			nl.Value = sub(l.Value, own)
			c.Lets[i] = &nl
		}
		c.Result = sub(d.Result, own)
		return &c, ok
	}
	return d, true
}
