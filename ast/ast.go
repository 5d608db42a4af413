package ast

// Node is any node of the tree. Pos is where its text starts.
type Node interface {
	Pos() Pos
}

// Expr is an expression node. The set is sealed: only the types of this
// package implement it.
type Expr interface {
	Node
	exprNode()
}

// Decl is a top-level declaration: *ConstDecl or *FnDecl.
type Decl interface {
	Node
	declNode()
}

// File is one parsed .expr file.
type File struct {
	Name     string     // the file name used in positions
	Decls    []Decl     // in source order
	Comments []*Comment // every comment, in source order
}

// Comment is one "# ..." comment. Text includes the leading '#' and
// excludes the newline.
type Comment struct {
	Hash Pos
	Text string
}

func (c *Comment) Pos() Pos { return c.Hash }

// ConstDecl is `const Name = Value`.
type ConstDecl struct {
	Const Pos // position of "const"
	Name  *Ident
	Value Expr
}

// FnDecl is `fn Name(Vars; Data) = Result` or
// `fn Name(Vars; Data) { let ... return Result }`.
type FnDecl struct {
	Fn    Pos // position of "fn"
	Name  *Ident
	Vars  []*Param // parameters before ';': differentiated
	Data  []*Param // parameters after ';': never differentiated
	Semi  bool     // whether ';' was written (for printing `fn f(; a)`)
	Block bool     // whether the body is a { let ... return ... } block
	Lets  []*Let   // the lets of a block body, in order
	// Return is the position of "return" in a block body.
	Return Pos
	Result Expr
	// Rbrace is the position of the closing "}" of a block body (invalid
	// for an "=" body). The printer uses it to place comments and blank
	// lines.
	Rbrace Pos
}

// Param is `Name`, `Name[Dim]` or `Name[Dim, Dim]`.
type Param struct {
	Name *Ident
	Dims []*Dim // empty for a scalar
}

// Pos returns the position of the parameter's name.
func (p *Param) Pos() Pos { return p.Name.Pos() }

// Dim is one dimension of a parameter: a size symbol or a positive integer.
type Dim struct {
	At   Pos
	Name string // the size symbol, or "" for a fixed size
	Size int    // the fixed size when Name == ""
}

func (d *Dim) Pos() Pos { return d.At }

// Let is `let Name = Value` inside a block.
type Let struct {
	Let   Pos // position of "let"
	Name  *Ident
	Value Expr
}

func (l *Let) Pos() Pos { return l.Let }

// Number is a numeric literal: `2`, `0.5`, `1e-3`.
type Number struct {
	At    Pos
	Lit   string  // as written
	Value float64 // its value
}

// Ident is a name: a variable, constant, let, size symbol, sum index,
// function or builtin.
type Ident struct {
	At   Pos
	Name string
}

// Call is `Fun(Args...)`: a builtin or a user fn.
type Call struct {
	Fun    *Ident
	Lparen Pos
	Args   []Expr
}

// Index is `X[Indices...]`. X is an *Ident in every tree the parser
// builds; the grammar also allows a call there, which the checker rejects.
type Index struct {
	X       Expr
	Lbrack  Pos
	Indices []Expr
}

// Paren is `(X)`. The parser keeps it so that positions and comments are
// exact; the printer drops parentheses that do not change the meaning.
type Paren struct {
	Lparen Pos
	X      Expr
}

// Unary is `Op X` with Op one of Neg, Plus, Not.
type Unary struct {
	OpPos Pos
	Op    Op
	X     Expr
}

// Binary is `X Op Y`.
type Binary struct {
	X     Expr
	OpPos Pos
	Op    Op
	Y     Expr
}

// Sum is `sum(Index, Body)` or `sum(Index in Lo..Hi, Body)`. Lo and Hi are
// nil when the range is to be inferred.
type Sum struct {
	Sum   Pos // position of "sum"
	Index *Ident
	Lo    Expr
	Hi    Expr
	Body  Expr
}

// If is `if(Cond, Then, Else)`.
type If struct {
	If   Pos // position of "if"
	Cond Expr
	Then Expr
	Else Expr
}

// Diff is `diff(X, Var)`: the derivative of X with respect to Var.
type Diff struct {
	Diff Pos // position of "diff"
	X    Expr
	Var  *Ident
}

func (x *Number) Pos() Pos { return x.At }
func (x *Ident) Pos() Pos  { return x.At }
func (x *Call) Pos() Pos   { return x.Fun.At }
func (x *Index) Pos() Pos  { return x.X.Pos() }
func (x *Paren) Pos() Pos  { return x.Lparen }
func (x *Unary) Pos() Pos  { return x.OpPos }
func (x *Binary) Pos() Pos { return x.X.Pos() }
func (x *Sum) Pos() Pos    { return x.Sum }
func (x *If) Pos() Pos     { return x.If }
func (x *Diff) Pos() Pos   { return x.Diff }

func (*Number) exprNode() {}
func (*Ident) exprNode()  {}
func (*Call) exprNode()   {}
func (*Index) exprNode()  {}
func (*Paren) exprNode()  {}
func (*Unary) exprNode()  {}
func (*Binary) exprNode() {}
func (*Sum) exprNode()    {}
func (*If) exprNode()     {}
func (*Diff) exprNode()   {}

func (d *ConstDecl) Pos() Pos { return d.Const }
func (d *FnDecl) Pos() Pos    { return d.Fn }

func (*ConstDecl) declNode() {}
func (*FnDecl) declNode()    {}

// Unparen returns x without any enclosing parentheses.
func Unparen(x Expr) Expr {
	for {
		p, ok := x.(*Paren)
		if !ok {
			return x
		}
		x = p.X
	}
}

// Pos returns the start of the file.
func (f *File) Pos() Pos { return Pos{Line: 1, Col: 1} }
