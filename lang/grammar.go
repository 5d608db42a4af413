package lang

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// This file is the participle grammar: plain structs whose tags are the
// productions, kept apart from the ast and turned into it by lower.go.
//
// The expression grammar is flat: an expression is a list of operands
// separated by binary operators, and each operand carries its prefix
// operators. lower.go applies precedence and associativity from the table
// in ast/op.go (precedence climbing), which keeps participle's recursion to
// the brackets and lets the front end bound nesting before participle runs
// (see MaxDepth). The flat grammar accepts the language of the spec's
// layered grammar, with four checks moved to lower.go: each operator
// token is a binary operator where one is expected and a prefix operator
// (- + !) where those are (the grammar accepts any operator token, Op, in
// both places), comparisons do not chain, names are not keywords, and
// dimensions are positive integers or names. It is wider in one place:
// the bounds of a sum range and the indices of x[...] are any expression
// (the spec's Add), and the checker rejects conditions there with a
// message that says why.
//
// Names (of fns, consts, parameters, dimensions, lets, sum indices and
// diff variables) accept keywords too, so that `let sum = 1` parses and
// lower.go can say that sum is a keyword instead of a bare "unexpected".

// gFile is File = { Decl } .
type gFile struct {
	Decls []*gDecl `parser:"@@*"`
}

// gDecl is Decl = ConstDecl | FnDecl .
type gDecl struct {
	Const *gConst `parser:"@@"`
	Fn    *gFn    `parser:"| @@"`
}

// gConst is ConstDecl = "const" Name "=" Expr .
type gConst struct {
	Pos   lexer.Position
	Name  *gName    `parser:"'const' @@"`
	Value gExprNode `parser:"'=' @@"`
}

// gFn is FnDecl = "fn" Name "(" [ Param { "," Param } ] [ Data ] ")" Body .
type gFn struct {
	Pos  lexer.Position
	Name *gName    `parser:"'fn' @@ '('"`
	Vars []*gParam `parser:"( @@ ( ',' @@ )* )?"`
	Data *gData    `parser:"@@? ')'"`
	Body *gBody    `parser:"@@"`
}

// gData is Data = ";" Param { "," Param } . As in the spec, the data
// list is not empty when ";" is written.
type gData struct {
	Semi   string    `parser:"@';'"`
	Params []*gParam `parser:"@@ ( ',' @@ )*"`
}

// gParam is Param = Name [ "[" Dim { "," Dim } "]" ] .
type gParam struct {
	Name *gName  `parser:"@@"`
	Dims []*gDim `parser:"( '[' @@ ( ',' @@ )* ']' )?"`
}

// gDim is Dim = ident | number . lower.go checks that a number is a
// positive integer.
type gDim struct {
	Pos   lexer.Position
	Value string `parser:"@( Ident | Keyword | Number )"`
}

// gBody is Body = "=" Expr | Block .
type gBody struct {
	Expr  gExprNode `parser:"'=' @@"`
	Block *gBlock   `parser:"| @@"`
}

// gBlock is Block = "{" { Let } Return "}" .
type gBlock struct {
	Lets   []*gLet  `parser:"'{' @@*"`
	Return *gReturn `parser:"@@"`
	Rbrace *gRbrace `parser:"@@"`
}

// gLet is Let = "let" Name "=" Expr .
type gLet struct {
	Pos   lexer.Position
	Name  *gName    `parser:"'let' @@"`
	Value gExprNode `parser:"'=' @@"`
}

// gReturn is Return = "return" Expr .
type gReturn struct {
	Pos   lexer.Position
	Value gExprNode `parser:"'return' @@"`
}

// gRbrace is Rbrace = "}" .
type gRbrace struct {
	Pos   lexer.Position
	Brace string `parser:"@'}'"`
}

// gName is Name = ident . Keywords are accepted here and rejected by
// lower.go with a message that names them.
type gName struct {
	Pos  lexer.Position
	Name string `parser:"@( Ident | Keyword )"`
}

// gExpr is Expr = Operand { op Operand } . lower.go checks that each op
// is a binary operator.
type gExpr struct {
	Head *gOperand  `parser:"@@"`
	Tail []*gBinary `parser:"@@*"`
}

// gBinary is op Operand .
type gBinary struct {
	Op *lexer.Token `parser:"@Op"`
	Y  *gOperand    `parser:"@@"`
}

// gOperand is
//
//	Operand = { op } ( ident [ Args ] [ Indices ] | number | Paren | Sum | If | Diff | ( "sum" | "if" | "diff" ) ) .
//
// The leading ops are the prefix operators; lower.go checks that each is
// one (- + !). It is one struct rather than a tree of small ones because
// it is the hot spot of the parser: every operand of every expression goes
// through it. The last alternative, a bare keyword, is there so that
// lower.go can say that sum, if and diff are keywords.
type gOperand struct {
	Prefix  []lexer.Token `parser:"@( Op* )"`
	Name    *lexer.Token  `parser:"( @Ident"`
	Args    *gArgs        `parser:"  @@?"`
	Index   *gIndices     `parser:"  @@?"`
	Number  *lexer.Token  `parser:"| @Number"`
	Paren   *gParen       `parser:"| @@"`
	Sum     *gSum         `parser:"| @@"`
	If      *gIf          `parser:"| @@"`
	Diff    *gDiff        `parser:"| @@"`
	Keyword *lexer.Token  `parser:"| @( 'sum' | 'if' | 'diff' ) )"`
}

// gSum is Sum = "sum" "(" Name [ "in" Expr ".." Expr ] "," Expr ")" .
type gSum struct {
	Pos   lexer.Position
	Index *gName    `parser:"'sum' '(' @@"`
	Lo    gExprNode `parser:"( 'in' @@"`
	Hi    gExprNode `parser:"'..' @@ )?"`
	Body  gExprNode `parser:"',' @@ ')'"`
}

// gIf is If = "if" "(" Expr "," Expr "," Expr ")" .
type gIf struct {
	Pos  lexer.Position
	Cond gExprNode `parser:"'if' '(' @@"`
	Then gExprNode `parser:"',' @@"`
	Else gExprNode `parser:"',' @@ ')'"`
}

// gDiff is Diff = "diff" "(" Expr "," Name ")" .
type gDiff struct {
	Pos lexer.Position
	X   gExprNode `parser:"'diff' '(' @@"`
	Var *gName    `parser:"',' @@ ')'"`
}

// gParen is Paren = "(" Expr ")" .
type gParen struct {
	Pos lexer.Position
	X   gExprNode `parser:"'(' @@ ')'"`
}

// gArgs is Args = "(" [ Expr { "," Expr } ] ")" .
type gArgs struct {
	Pos    lexer.Position
	Lparen string      `parser:"@'('"`
	List   []gExprNode `parser:"( @@ ( ',' @@ )* )? ')'"`
}

// gIndices is Indices = "[" Expr { "," Expr } "]" .
type gIndices struct {
	Pos  lexer.Position
	List []gExprNode `parser:"'[' @@ ( ',' @@ )* ']'"`
}

// gExprNode is an expression in the grammar structs: always a *gExpr.
// It is an interface so that participle can parse it two ways (see
// parseExprFast): with the grammar's own production (the reference
// parser, through participle.Union) or with the fast path
// (participle.ParseTypeWith).
type gExprNode interface{ exprNode() }

func (*gExpr) exprNode() {}

// The parsers. referenceParser is participle alone on the grammar above:
// its EBNF is the language's (grammar_test.go compares it with a golden
// file), and tests check that the fast parsers build the same structs
// from every input. declParser and operandParser use parseExprFast for
// expressions.
var (
	referenceParser *participle.Parser[gFile]
	declParser      *participle.Parser[gDecl]
	operandParser   *participle.Parser[gOperand]
)

func init() {
	lex := participle.Lexer(definition{})
	ref := participle.Union[gExprNode](&gExpr{})
	referenceParser = participle.MustBuild[gFile](lex, ref)
	fast := participle.ParseTypeWith(parseExprFast)
	declParser = participle.MustBuild[gDecl](lex, fast)
	operandParser = participle.MustBuild[gOperand](lex, fast)
}
