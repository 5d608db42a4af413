package lang

import (
	"github.com/gradc/gradc/ast"
)

// This file declares what Check produces: the contract between the front
// end and every later stage (the symbolic engine, the oracles, codegen).
// Check fills these structures; nothing after Check mutates them.
//
// A checked program keeps the syntax tree as it is and describes it, the
// way go/types describes go/ast: Info maps nodes of the tree to what they
// mean (which object an identifier names, the range of each sum, the
// affine form of each index, the sizes bound at each call). A consumer
// walks a Fn's Lets and Result and asks Info about each node.

// Program is a checked file.
type Program struct {
	File   *ast.File
	Consts []*Const // in source order, each with its folded value
	Fns    []*Fn    // in source order
	Info   *Info
}

// Fn returns the fn called name, or nil.
func (p *Program) Fn(name string) *Fn {
	for _, f := range p.Fns {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

// Info describes the nodes of a checked file.
type Info struct {
	// Uses maps every identifier in expression position to what it names:
	// plain identifiers, Call.Fun, Index.X and Diff.Var. Declaring
	// identifiers (fn, param, let, const names and sum indices at the
	// place they are introduced) are in Defs instead.
	Uses map[*ast.Ident]Object
	// Defs maps each declaring identifier to the object it declares.
	Defs map[*ast.Ident]Object
	// Sums gives the range of every sum, explicit or inferred.
	Sums map[*ast.Sum]*Range
	// Indexes gives the affine form of every index expression of every
	// *ast.Index, one per dimension.
	Indexes map[*ast.Index][]Affine
	// Calls describes every call of a user fn (not of builtins).
	Calls map[*ast.Call]*CallInfo
}

// Object is what an identifier names: *Const, *Fn, *Param, *Size, *Let,
// *SumIndex or *Builtin.
type Object interface {
	Name() string
	Pos() ast.Pos // where it is declared; invalid for builtins
	object()
}

// Const is a `const` declaration. Value is folded at check time.
type Const struct {
	Decl  *ast.ConstDecl
	Value float64
}

// Fn is a checked `fn` declaration.
type Fn struct {
	Decl *ast.FnDecl
	Vars []*Param // the variables, in declaration order (the packing of x)
	Data []*Param // the data parameters, in declaration order
	// Sizes are the size symbols of the parameters, in order of first
	// appearance.
	Sizes  []*Size
	Lets   []*Let   // the lets of a block, in order
	Result ast.Expr // the returned expression
	// Checks are the bounds that could not be proved at compile time and
	// must be checked at run time on entry.
	Checks []*BoundCheck
}

// Param is a parameter of a fn: a variable (Data false) or a data
// parameter (Data true).
type Param struct {
	Decl  *ast.Param
	Fn    *Fn
	Data  bool
	Index int   // its place in Fn.Vars or Fn.Data
	Dims  []Dim // empty for a scalar, one for a vector, two for a matrix
}

// Rank is 0 for a scalar, 1 for a vector, 2 for a matrix.
func (p *Param) Rank() int { return len(p.Dims) }

// Dim is one dimension of a parameter: a size symbol, or a fixed size when
// Size is nil.
type Dim struct {
	Size  *Size
	Fixed int
}

// Size is a size symbol of a fn: `n` in `x[n]`. It is a positive integer
// fixed by the caller's arguments, usable in expressions as a number.
type Size struct {
	Ident *ast.Ident // its first appearance
	Fn    *Fn
	// (The tree has an *ast.Dim where a size appears, not an identifier:
	// Check makes Ident from the first Dim, and Info.Defs maps it to the
	// Size.)
}

// Let is a `let` of a block.
type Let struct {
	Decl *ast.Let
	Fn   *Fn
}

// SumIndex is the index variable of a sum: `i` in `sum(i, ...)`.
type SumIndex struct {
	Sum *ast.Sum
}

// Builtin is a predeclared function or constant (pi, Arity 0).
type Builtin struct {
	Name_ string
	Arity int
}

// Range is the half-open range Lo..Hi of a sum index. Lo and Hi are affine
// in size symbols and the indices of enclosing sums.
type Range struct {
	Lo, Hi   Affine
	Inferred bool // the range was inferred, not written
}

// Affine is Const + Σ Terms[k].Coef * Terms[k].Sym, with integer
// coefficients. Sym is a *Size or a *SumIndex. Terms are sorted by the
// position of their symbol's declaration and have non-zero coefficients,
// so equal forms are equal term by term.
type Affine struct {
	Const int
	Terms []Term
}

// Term is one Coef*Sym of an Affine.
type Term struct {
	Coef int
	Sym  Object
}

// CallInfo describes a call of a user fn.
type CallInfo struct {
	Fn *Fn
	// Sizes binds each size symbol of the callee (parallel to Fn.Sizes) to
	// a dimension of the caller: one of its size symbols or a fixed size.
	Sizes []Dim
}

// BoundCheck is a condition that must hold at run time: Need >= 0, where
// Need is affine in the fn's size symbols. It applies only when every
// Guard is > 0 (the enclosing sums' ranges are not empty).
type BoundCheck struct {
	Pos   ast.Pos // the index expression that needs it
	Need  Affine
	Guard []Affine
	Msg   string // "x[i+1] needs n <= m"
}

func (c *Const) Name() string    { return c.Decl.Name.Name }
func (f *Fn) Name() string       { return f.Decl.Name.Name }
func (p *Param) Name() string    { return p.Decl.Name.Name }
func (s *Size) Name() string     { return s.Ident.Name }
func (l *Let) Name() string      { return l.Decl.Name.Name }
func (s *SumIndex) Name() string { return s.Sum.Index.Name }
func (b *Builtin) Name() string  { return b.Name_ }

func (c *Const) Pos() ast.Pos    { return c.Decl.Name.At }
func (f *Fn) Pos() ast.Pos       { return f.Decl.Name.At }
func (p *Param) Pos() ast.Pos    { return p.Decl.Name.At }
func (s *Size) Pos() ast.Pos     { return s.Ident.At }
func (l *Let) Pos() ast.Pos      { return l.Decl.Name.At }
func (s *SumIndex) Pos() ast.Pos { return s.Sum.Index.At }
func (b *Builtin) Pos() ast.Pos  { return ast.Pos{} }

func (*Const) object()    {}
func (*Fn) object()       {}
func (*Param) object()    {}
func (*Size) object()     {}
func (*Let) object()      {}
func (*SumIndex) object() {}
func (*Builtin) object()  {}
