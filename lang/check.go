package lang

import (
	"fmt"
	"strings"

	"github.com/gradc/gradc/ast"
)

// Check resolves the names of f, checks shapes, conditions, calls and
// indices, infers the ranges of sums and proves what it can of the bounds,
// and returns the checked program described in checked.go. The error is an
// ErrorList with every error of the file in source order; on error the
// program is nil.
//
// Check works in phases, each over the whole file:
//
//  1. declare the consts and fns of the file (names must be unique and must
//     not shadow a builtin), and read each fn's header: its parameters and
//     size symbols;
//  2. check and fold the consts, in order;
//  3. check each fn's lets and result: resolve every identifier, check
//     shapes and conditions, read indices and explicit ranges as affine
//     forms, match the arguments of calls to their parameters; then infer
//     the ranges of its sums, outermost first, and check every index
//     against its array's bounds;
//  4. find recursion in the call graph;
//  5. carry the run-time bound checks of callees into their callers.
func Check(f *ast.File) (prog *Program, err error) {
	if f == nil {
		return nil, ErrorList{{Msg: "no file to check"}}
	}
	defer func() {
		if r := recover(); r != nil {
			prog = nil
			err = ErrorList{{File: f.Name, Msg: fmt.Sprintf("internal error: %v (please report this input)", r)}}
		}
	}()
	c := newChecker(f)
	c.check()
	c.errs.Sort()
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return c.prog, nil
}

// Load parses and checks the source of one file.
func Load(filename string, src []byte) (*Program, error) {
	f, err := Parse(filename, src)
	if err != nil {
		return nil, err
	}
	return Check(f)
}

// kind is the shape of an expression: a value (a float64), a condition
// (the first argument of if), or bad when an error made it unknown (bad
// stops one error from causing others).
type kind int8

const (
	bad kind = iota
	value
	cond
)

// checker holds the state of one Check.
type checker struct {
	file *ast.File
	errs ErrorList
	prog *Program
	info *Info

	files      *scope // the universe, then the consts and fns of the file
	constScope *scope // the universe, then the consts checked so far
	fns        []*fnState
	fnState    map[*Fn]*fnState

	// The context of the expression being checked.
	sc      *scope
	fs      *fnState // the fn, or nil in a const
	inConst *Const   // the const, or nil in a fn
	pending string   // the index of a sum whose range is being read

	near map[nearKey]string // the suggestions made, for speed on many errors
}

// nearKey is an undefined name at a place: a scope, called or not.
type nearKey struct {
	sc   *scope
	name string
	call bool
}

// fnState is what the checker knows of one fn while checking the file.
type fnState struct {
	fn        *Fn
	scope     *scope              // parameters and size symbols
	laterLets map[string]*ast.Let // lets not reached yet, for messages
	stack     []*sumState         // the sums enclosing the current node
	sums      []*sumState         // every sum, in preorder
	indexes   []*indexRec         // every index of an array, in order
	calls     []*callRec          // every call of a user fn, in order
	fixed     []fixedNeed         // fixed callee sizes met by caller sizes
}

func newChecker(f *ast.File) *checker {
	c := &checker{
		file: f,
		info: &Info{
			Uses:    make(map[*ast.Ident]Object),
			Defs:    make(map[*ast.Ident]Object),
			Sums:    make(map[*ast.Sum]*Range),
			Indexes: make(map[*ast.Index][]Affine),
			Calls:   make(map[*ast.Call]*CallInfo),
		},
		fnState: make(map[*Fn]*fnState),
		near:    make(map[nearKey]string),
	}
	c.prog = &Program{File: f, Info: c.info}
	u := universe()
	c.files = &scope{parent: u, names: make(map[string]Object)}
	c.constScope = &scope{parent: u, names: make(map[string]Object)}
	return c
}

func (c *checker) errorf(pos ast.Pos, format string, args ...any) {
	c.errs.Add(c.file.Name, pos, format, args...)
}

func (c *checker) check() {
	c.declare()
	for _, k := range c.prog.Consts {
		c.constDecl(k)
	}
	for _, fs := range c.fns {
		c.fnBody(fs)
	}
	cyclic := c.recursion()
	c.propagate(cyclic)
}

// declare is phase 1: the names of the file and the headers of the fns.
func (c *checker) declare() {
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case nil:
			c.malformed(nil, "a declaration is missing")
		case *ast.ConstDecl:
			if d == nil || d.Name == nil {
				c.malformed(d, "a const without a name")
				continue
			}
			k := &Const{Decl: d}
			c.prog.Consts = append(c.prog.Consts, k)
			c.info.Defs[d.Name] = k
			c.declareTop(d.Name, "const", k)
		case *ast.FnDecl:
			if d == nil || d.Name == nil {
				c.malformed(d, "a fn without a name")
				continue
			}
			fn := &Fn{Decl: d}
			c.prog.Fns = append(c.prog.Fns, fn)
			c.info.Defs[d.Name] = fn
			c.declareTop(d.Name, "fn", fn)
		}
	}
	for _, fn := range c.prog.Fns {
		c.fnHeader(fn)
	}
}

// declareTop adds a const or fn to the file's scope.
func (c *checker) declareTop(id *ast.Ident, kw string, obj Object) {
	if b := LookupBuiltin(id.Name); b != nil {
		// Declared all the same, so that its uses mean it and raise no
		// further errors.
		c.errorf(id.At, "%s %s shadows the builtin %s; use another name", kw, id.Name, id.Name)
	}
	if prev := c.files.names[id.Name]; prev != nil {
		c.errorf(id.At, "%s is declared twice in this file (first as %s at %s); names in a file must be unique", id.Name, what(prev)[len("the "):], prev.Pos())
		return
	}
	c.files.names[id.Name] = obj
}

// malformed reports a declaration that the parser would never build.
func (c *checker) malformed(d ast.Decl, what string) {
	var pos ast.Pos
	switch d := d.(type) {
	case *ast.ConstDecl:
		if d != nil {
			pos = d.Const
		}
	case *ast.FnDecl:
		if d != nil {
			pos = d.Fn
		}
	}
	c.errorf(pos, "malformed tree: %s", what)
}

// posOf is e.Pos(), safe on trees with missing parts.
func posOf(e ast.Expr) ast.Pos {
	for {
		switch x := e.(type) {
		case nil:
			return ast.Pos{}
		case *ast.Binary:
			if x == nil {
				return ast.Pos{}
			}
			e = x.X
		case *ast.Index:
			if x == nil {
				return ast.Pos{}
			}
			e = x.X
		case *ast.Call:
			if x == nil {
				return ast.Pos{}
			}
			if x.Fun == nil {
				return x.Lparen
			}
			return x.Fun.At
		default:
			return e.Pos()
		}
	}
}

// shadow reports the declaration of name (a kw: "let", "parameter") at
// pos where prev is already visible.
func (c *checker) shadow(pos ast.Pos, kw, name string, prev Object) {
	switch p := prev.(type) {
	case *Param:
		if kw == "parameter" {
			c.errorf(pos, "parameter %s is declared twice (first at %s); use another name", name, prev.Pos())
			return
		}
		if kw == "size" {
			c.errorf(pos, "size %s has the name of the parameter %s%s; a size and a parameter need different names", name, name, declaredAt(prev))
			return
		}
	case *Size:
		if kw == "parameter" {
			c.errorf(pos, "parameter %s has the name of the size %s%s; a size and a parameter need different names", name, name, declaredAt(p))
			return
		}
	}
	c.errorf(pos, "%s %s shadows %s%s; use another name", kw, name, describe(prev), declaredAt(prev))
}

// fnHeader reads the parameters and size symbols of fn.
func (c *checker) fnHeader(fn *Fn) {
	fs := &fnState{fn: fn, scope: newScope(c.files)}
	c.fns = append(c.fns, fs)
	c.fnState[fn] = fs
	for _, p := range fn.Decl.Vars {
		c.param(fs, p, false)
	}
	for _, p := range fn.Decl.Data {
		c.param(fs, p, true)
	}
}

// param declares a parameter of fs and the size symbols of its dims.
func (c *checker) param(fs *fnState, p *ast.Param, data bool) {
	if p == nil || p.Name == nil {
		c.errorf(fs.fn.Decl.Name.At, "malformed tree: fn %s has a parameter without a name", fs.fn.Name())
		return
	}
	fn := fs.fn
	par := &Param{Decl: p, Fn: fn, Data: data}
	if data {
		par.Index = len(fn.Data)
		fn.Data = append(fn.Data, par)
	} else {
		par.Index = len(fn.Vars)
		fn.Vars = append(fn.Vars, par)
	}
	c.info.Defs[p.Name] = par
	if prev := fs.scope.declare(p.Name.Name, par); prev != nil {
		c.shadow(p.Name.At, "parameter", p.Name.Name, prev)
	}
	if len(p.Dims) > 2 {
		c.errorf(p.Name.At, "%s has %d dimensions; a parameter is a scalar, a vector or a matrix", p.Name.Name, len(p.Dims))
	}
	for _, d := range p.Dims {
		if d == nil {
			c.errorf(p.Name.At, "malformed tree: a dimension of %s is missing", p.Name.Name)
			continue
		}
		if d.Name == "" {
			switch {
			case d.Size < 1:
				c.errorf(d.At, "a dimension must be a positive whole number, not %d", d.Size)
			case d.Size > maxAffine:
				c.errorf(d.At, "dimension %d is too large", d.Size)
			}
			par.Dims = append(par.Dims, Dim{Fixed: d.Size})
			continue
		}
		if s, ok := fs.scope.names[d.Name].(*Size); ok {
			par.Dims = append(par.Dims, Dim{Size: s})
			continue
		}
		s := &Size{Ident: &ast.Ident{At: d.At, Name: d.Name}, Fn: fn}
		fn.Sizes = append(fn.Sizes, s)
		c.info.Defs[s.Ident] = s
		if prev := fs.scope.declare(d.Name, s); prev != nil {
			c.shadow(d.At, "size", d.Name, prev)
		}
		par.Dims = append(par.Dims, Dim{Size: s})
	}
}

// constDecl checks a const and folds its value.
func (c *checker) constDecl(k *Const) {
	c.sc, c.fs, c.inConst = c.constScope, nil, k
	defer func() { c.inConst = nil }()
	n := len(c.errs)
	if k.Decl.Value == nil {
		c.errorf(k.Decl.Name.At, "const %s has no value", k.Name())
	} else if c.expr(k.Decl.Value) == cond {
		c.errorf(posOf(k.Decl.Value), "const %s is a condition; a const must be a number", k.Name())
	}
	if len(c.errs) == n {
		k.Value = c.fold(k.Decl.Value)
	}
	if c.files.names[k.Name()] == k {
		c.constScope.names[k.Name()] = k
	}
}

// fnBody checks the lets and the result of a fn, then its sums and bounds.
func (c *checker) fnBody(fs *fnState) {
	fn := fs.fn
	d := fn.Decl
	c.fs, c.inConst = fs, nil
	defer func() { c.fs = nil }()
	fs.laterLets = make(map[string]*ast.Let)
	for _, l := range d.Lets {
		if l != nil && l.Name != nil {
			if _, ok := fs.laterLets[l.Name.Name]; !ok {
				fs.laterLets[l.Name.Name] = l
			}
		}
	}
	c.sc = newScope(fs.scope)
	for _, l := range d.Lets {
		if l == nil || l.Name == nil {
			c.errorf(d.Name.At, "malformed tree: fn %s has a let without a name", fn.Name())
			continue
		}
		if l.Value == nil {
			c.errorf(l.Let, "let %s has no value", l.Name.Name)
		} else {
			c.value(l.Value)
		}
		if fs.laterLets[l.Name.Name] == l {
			delete(fs.laterLets, l.Name.Name)
		}
		let := &Let{Decl: l, Fn: fn}
		fn.Lets = append(fn.Lets, let)
		c.info.Defs[l.Name] = let
		if prev := c.sc.declare(l.Name.Name, let); prev != nil {
			c.shadow(l.Name.At, "let", l.Name.Name, prev)
		}
	}
	fs.laterLets = nil
	fn.Result = d.Result
	if d.Result == nil {
		c.errorf(d.Name.At, "fn %s has no result", fn.Name())
	} else {
		c.value(d.Result)
	}
	c.inferRanges(fs)
	c.checkBounds(fs)
	for _, s := range fs.sums {
		if s.rng != nil {
			c.info.Sums[s.sum] = s.rng
		}
	}
}

// resolve finds what id names, records it in Info.Uses, and reports an
// undefined name with the nearest visible one. call says that id is
// called, which picks the suggestions.
func (c *checker) resolve(id *ast.Ident, call bool) Object {
	if id == nil {
		return nil
	}
	if obj := c.sc.lookup(id.Name); obj != nil {
		c.info.Uses[id] = obj
		return obj
	}
	if k := c.inConst; k != nil {
		switch o := c.files.names[id.Name].(type) {
		case *Const:
			if o == k {
				c.errorf(id.At, "const %s cannot use itself", k.Name())
			} else {
				c.errorf(id.At, "const %s uses %s, which is declared after it (at %s); a const may use only earlier consts", k.Name(), id.Name, o.Pos())
			}
			return nil
		case *Fn:
			c.errorf(id.At, "const %s cannot use the fn %s; a const may use only numbers, earlier consts and builtins", k.Name(), id.Name)
			return nil
		}
	}
	if fs := c.fs; fs != nil {
		if l := fs.laterLets[id.Name]; l != nil {
			c.errorf(id.At, "%s is used before it is defined (by the let at %s); move that let up", id.Name, l.Let)
			return nil
		}
	}
	if c.pending == id.Name {
		c.errorf(id.At, "sum index %s cannot be used in its own range", id.Name)
		return nil
	}
	key := nearKey{c.sc, id.Name, call}
	near, ok := c.near[key]
	if !ok {
		near = Nearest(id.Name, c.sc.visible(func(obj Object) bool {
			switch o := obj.(type) {
			case *Fn:
				return call
			case *Builtin:
				return call == (o.Arity > 0)
			}
			return !call
		}))
		c.near[key] = near
	}
	if near != "" {
		c.errorf(id.At, "undefined: %s (did you mean %s?)", id.Name, near)
	} else {
		c.errorf(id.At, "undefined: %s", id.Name)
	}
	return nil
}

// value checks e, which must be a value.
func (c *checker) value(e ast.Expr) kind { return c.wantValue(e, c.expr(e)) }

// wantValue reports e, of kind k, if it is a condition.
func (c *checker) wantValue(e ast.Expr, k kind) kind {
	if k == cond {
		c.errorf(posOf(e), "%s is a condition, not a value: conditions go only in the first argument of if, as in if(x > 0, x, 0)", exprString(e))
		return bad
	}
	return k
}

// condition checks e, which must be a condition; where names the place.
func (c *checker) condition(e ast.Expr, where string) kind {
	return c.wantCond(e, c.expr(e), where)
}

// wantCond reports e, of kind k, if it is a value.
func (c *checker) wantCond(e ast.Expr, k kind, where string) kind {
	if k == value {
		s := exprString(e)
		c.errorf(posOf(e), "%s must be a condition, and %s is a value: compare it, as in %s > 0", where, s, s)
		return bad
	}
	return k
}

// values checks each of es as a value.
func (c *checker) values(es []ast.Expr) {
	for _, e := range es {
		c.value(e)
	}
}

// expr checks e and returns its kind.
func (c *checker) expr(e ast.Expr) kind {
	switch e := e.(type) {
	case nil:
		c.errorf(ast.Pos{}, "malformed tree: an expression is missing")
		return bad
	case *ast.Number:
		return value
	case *ast.Ident:
		return c.ident(e)
	case *ast.Paren:
		return c.expr(e.X)
	case *ast.Unary:
		switch e.Op {
		case ast.Neg, ast.Plus:
			c.value(e.X)
			return value
		case ast.Not:
			c.condition(e.X, "the operand of !")
			return cond
		}
		c.errorf(e.OpPos, "unknown operator %s", e.Op)
		return bad
	case *ast.Binary:
		return c.binaryChain(e)
	case *ast.Call:
		return c.call(e)
	case *ast.Index:
		return c.index(e)
	case *ast.Sum:
		return c.sum(e)
	case *ast.If:
		c.condition(e.Cond, "the first argument of if")
		c.value(e.Then)
		c.value(e.Else)
		return value
	case *ast.Diff:
		return c.diff(e)
	}
	c.errorf(posOf(e), "unexpected %T", e)
	return bad
}

// leftSpine returns e and the binary operations down its left operands:
// a + b + c gives [(a+b)+c, a+b]. A long sum leans left as deep as it is
// long, so the checker walks the spine with a loop, not recursion, and
// its stack stays flat however many terms there are.
func leftSpine(e *ast.Binary) []*ast.Binary {
	spine := []*ast.Binary{e}
	for {
		x, ok := spine[len(spine)-1].X.(*ast.Binary)
		if !ok || x == nil {
			return spine
		}
		spine = append(spine, x)
	}
}

// binaryChain checks a binary operation and the chain down its left side.
func (c *checker) binaryChain(e *ast.Binary) kind {
	spine := leftSpine(e)
	k := c.expr(spine[len(spine)-1].X)
	for i := len(spine) - 1; i >= 0; i-- {
		k = c.binary(spine[i], k)
	}
	return k
}

// binary checks X op Y, where X is already checked and of kind kx.
func (c *checker) binary(e *ast.Binary, kx kind) kind {
	info := e.Op.Info()
	switch {
	case e.Op == ast.Illegal || info.Unary:
		c.errorf(e.OpPos, "unknown operator %s", e.Op)
		return bad
	case info.CondOperands:
		where := "each side of " + e.Op.String()
		c.wantCond(e.X, kx, where)
		c.condition(e.Y, where)
		return cond
	case info.Cond:
		c.wantValue(e.X, kx)
		c.value(e.Y)
		return cond
	}
	c.wantValue(e.X, kx)
	c.value(e.Y)
	return value
}

// ident checks an identifier used as a value.
func (c *checker) ident(id *ast.Ident) kind {
	obj := c.resolve(id, false)
	switch o := obj.(type) {
	case nil:
		return bad
	case *Param:
		if o.Rank() > 0 {
			c.errorf(id.At, "%s is %s: index it, as in %s, or pass it whole to a fn", id.Name, shapeName(o.Rank()), indexExample(id.Name, o.Rank()))
			return bad
		}
	case *Fn:
		c.errorf(id.At, "%s is a fn, not a value: call it, as in %s(...)", id.Name, id.Name)
		return bad
	case *Builtin:
		if o.Arity > 0 {
			c.errorf(id.At, "%s is a builtin function, not a value: call it, as in %s(x)", id.Name, id.Name)
			return bad
		}
	}
	return value
}

// indexExample is "x[i]" or "A[i, j]".
func indexExample(name string, rank int) string {
	idx := []string{"i", "j", "k", "l"}
	if rank > len(idx) {
		rank = len(idx)
	}
	return name + "[" + strings.Join(idx[:rank], ", ") + "]"
}

// plural is "1 argument", "2 arguments".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if word == "index" {
		return fmt.Sprintf("%d indices", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// call checks a call of a builtin or a user fn.
func (c *checker) call(e *ast.Call) kind {
	if e.Fun == nil {
		c.errorf(e.Lparen, "malformed tree: a call without a name")
		c.values(e.Args)
		return bad
	}
	name := e.Fun.Name
	obj := c.resolve(e.Fun, true)
	switch o := obj.(type) {
	case nil:
		c.values(e.Args)
		return bad
	case *Builtin:
		if o.Arity == 0 {
			c.errorf(e.Fun.At, "%s is a constant, not a function: write %s, without ()", name, name)
			c.values(e.Args)
			return bad
		}
		if len(e.Args) != o.Arity {
			c.errorf(e.Fun.At, "%s takes %s, got %d", name, plural(o.Arity, "argument"), len(e.Args))
		}
		c.values(e.Args)
		return value
	case *Fn:
		return c.fnCall(e, o)
	}
	c.errorf(e.Fun.At, "cannot call %s: it is %s, not a fn", name, isA(obj))
	c.values(e.Args)
	return bad
}

// index checks x[i] and x[i, j]: x must be an array parameter of that
// rank, and each index an affine form.
func (c *checker) index(e *ast.Index) kind {
	id, ok := e.X.(*ast.Ident)
	if !ok || id == nil {
		switch x := ast.Unparen(e.X).(type) {
		case nil:
			c.errorf(e.Lbrack, "malformed tree: nothing to index")
		case *ast.Call:
			c.expr(x)
			name := "a fn"
			if x.Fun != nil {
				name = x.Fun.Name
			}
			c.errorf(e.Lbrack, "cannot index the result of a call to %s: only vector and matrix parameters can be indexed", name)
		default:
			c.expr(x)
			c.errorf(e.Lbrack, "cannot index %s: only vector and matrix parameters can be indexed", exprString(x))
		}
		return bad
	}
	obj := c.resolve(id, false)
	par, isParam := obj.(*Param)
	good := isParam
	switch {
	case obj == nil:
	case !isParam:
		c.errorf(id.At, "cannot index %s: it is %s; only vector and matrix parameters can be indexed", id.Name, isA(obj))
	case par.Rank() == 0:
		c.errorf(id.At, "cannot index %s: it is a scalar parameter", id.Name)
		good = false
	case len(e.Indices) != par.Rank():
		c.errorf(e.Lbrack, "%s is %s: it takes %s, as in %s, not %d", id.Name, shapeName(par.Rank()), plural(par.Rank(), "index"), indexExample(id.Name, par.Rank()), len(e.Indices))
		good = false
	}
	affs := make([]Affine, len(e.Indices))
	for i, x := range e.Indices {
		a, ok := c.affine(x, inIndex)
		affs[i] = a
		good = good && ok
	}
	if !good {
		if obj != nil && !isParam {
			return bad
		}
		return value
	}
	c.info.Indexes[e] = affs
	if c.fs != nil {
		c.fs.indexes = append(c.fs.indexes, &indexRec{node: e, param: par, aff: affs, in: c.enclosing()})
	}
	return value
}

// enclosing returns the innermost sum around the current node, or nil.
func (c *checker) enclosing() *sumState {
	if c.fs == nil || len(c.fs.stack) == 0 {
		return nil
	}
	return c.fs.stack[len(c.fs.stack)-1]
}

// sum checks sum(i, body) and sum(i in lo..hi, body). The range of an
// inferred sum is found after the whole fn is checked (ranges.go).
func (c *checker) sum(e *ast.Sum) kind {
	if c.fs == nil {
		c.errorf(e.Sum, "a const cannot contain a sum; a const is a plain number")
		return bad
	}
	if e.Index == nil {
		c.errorf(e.Sum, "malformed tree: a sum without an index")
		return bad
	}
	fs := c.fs
	st := &sumState{sum: e, obj: &SumIndex{Sum: e}, parent: c.enclosing()}
	fs.sums = append(fs.sums, st)
	if e.Lo != nil || e.Hi != nil {
		st.explicit = true
		saved := c.pending
		c.pending = e.Index.Name
		lo, okl := c.affine(e.Lo, inRange)
		hi, okh := c.affine(e.Hi, inRange)
		c.pending = saved
		if e.Lo == nil || e.Hi == nil {
			c.errorf(e.Index.At, "the range of sum index %s needs both bounds: sum(%s in lo..hi, ...)", e.Index.Name, e.Index.Name)
		}
		if okl && okh {
			st.rng = &Range{Lo: lo, Hi: hi}
		} else {
			st.failed = true
		}
	}
	c.info.Defs[e.Index] = st.obj
	outer := c.sc
	c.sc = newScope(outer)
	if prev := c.sc.declare(e.Index.Name, st.obj); prev != nil {
		c.shadow(e.Index.At, "sum index", e.Index.Name, prev)
		st.shadowed = true // its range would be nonsense: say nothing of it
		if o, ok := prev.(*SumIndex); ok {
			for s := st.parent; s != nil; s = s.parent {
				if s.obj == o {
					s.shadowed = true // its range would be nonsense: say nothing
				}
			}
		}
	}
	fs.stack = append(fs.stack, st)
	if e.Body == nil {
		c.errorf(e.Sum, "sum has no body")
	} else {
		c.value(e.Body)
	}
	fs.stack = fs.stack[:len(fs.stack)-1]
	c.sc = outer
	return value
}

// diff checks diff(e, v): v must be a scalar parameter of the fn.
func (c *checker) diff(e *ast.Diff) kind {
	if c.fs == nil {
		c.errorf(e.Diff, "a const cannot contain diff; a const is a plain number")
		return bad
	}
	if e.X == nil {
		c.errorf(e.Diff, "diff has nothing to differentiate")
	} else {
		c.value(e.X)
	}
	if e.Var == nil {
		c.errorf(e.Diff, "malformed tree: diff without a variable")
		return value
	}
	obj := c.resolve(e.Var, false)
	switch o := obj.(type) {
	case nil:
	case *Param:
		if o.Rank() > 0 {
			c.errorf(e.Var.At, "diff takes a scalar variable; %s is %s", e.Var.Name, shapeName(o.Rank()))
		}
	default:
		c.errorf(e.Var.At, "diff takes a scalar variable; %s is %s", e.Var.Name, isA(obj))
	}
	return value
}
