package lang

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// This file is the parser's fast path. participle spends microseconds per
// token in reflection, allocation and backtracking: about 1 MB/s on this
// grammar, short of the goal of issue 2 (parse and check at 2 MB/s). The
// fast path is a hand-written recursive descent over the same tokens that
// builds the same grammar structs (grammar.go) for well-formed input, at
// tens of MB/s. It has no error messages of its own: where it meets
// anything unexpected it rewinds and hands over to participle, which then
// produces the same structs or reports the error. So participle remains
// the definition of the syntax and the source of every syntax error, and
// the fast path is an optimisation that tests hold to it:
// TestFastPathMatchesReference and FuzzParse compare the structs it builds
// with those of referenceParser (participle alone) on every input.
//
// Two entry points:
//
//   - fastDecl parses a whole declaration, or fails;
//   - parseExprFast is registered with participle (ParseTypeWith) for
//     Expr, so that an expression inside a declaration that participle
//     parses (because fastDecl failed on an error elsewhere) is still
//     parsed fast, falling back to participle operand by operand.
//
// Its recursion follows brackets, bounded by MaxDepth before parsing.

// parseDecl parses the declaration in toks[start:end], toks[end] being
// the next declaration's keyword or EOF: with the fast path, else with
// participle.
func parseDecl(toks []lexer.Token, start, end int) (*gDecl, error) {
	lex := newPeekingLexer(toks[start:])
	if d := fastDecl(lex); d != nil && lex.Cursor() == end-start {
		return d, nil
	}
	lex = newPeekingLexer(toks[start:])
	g, err := declParser.ParseFromLexer(lex, participle.AllowTrailing(true))
	if err == nil && lex.Cursor() != end-start {
		// The declaration ended before the next one begins.
		err = &participle.UnexpectedTokenError{Unexpected: toks[start+lex.Cursor()]}
	}
	return g, err
}

// fastDecl parses Decl = ConstDecl | FnDecl by hand, or returns nil.
func fastDecl(lex *lexer.PeekingLexer) *gDecl {
	t := lex.Next()
	if t.Type != tokKeyword {
		return nil
	}
	switch t.Value {
	case "const":
		// "const" Name "=" Expr
		c := &gConst{Pos: t.Pos}
		if c.Name = fastName(lex); c.Name == nil || !fastPunct(lex, "=") {
			return nil
		}
		if c.Value = pureExpr(lex); c.Value == nil {
			return nil
		}
		return &gDecl{Const: c}
	case "fn":
		// "fn" Name "(" [ Param { "," Param } ] [ Data ] ")" Body
		f := &gFn{Pos: t.Pos}
		if f.Name = fastName(lex); f.Name == nil || !fastPunct(lex, "(") {
			return nil
		}
		var ok bool
		if n := lex.Peek(); n.Type != tokPunct || n.Value != ")" && n.Value != ";" {
			if f.Vars, ok = fastParams(lex); !ok {
				return nil
			}
		}
		if n := lex.Peek(); n.Type == tokPunct && n.Value == ";" {
			lex.Next()
			f.Data = &gData{Semi: n.Value}
			if f.Data.Params, ok = fastParams(lex); !ok {
				return nil
			}
		}
		if !fastPunct(lex, ")") {
			return nil
		}
		if f.Body = fastBody(lex); f.Body == nil {
			return nil
		}
		return &gDecl{Fn: f}
	}
	return nil
}

// fastParams parses Param { "," Param }.
func fastParams(lex *lexer.PeekingLexer) ([]*gParam, bool) {
	var ps []*gParam
	for {
		// Param = Name [ "[" Dim { "," Dim } "]" ]
		p := &gParam{Name: fastName(lex)}
		if p.Name == nil {
			return nil, false
		}
		if fastPunct(lex, "[") {
			for {
				d := lex.Next()
				if d.Type != tokIdent && d.Type != tokKeyword && d.Type != tokNumber {
					return nil, false
				}
				p.Dims = append(p.Dims, &gDim{Pos: d.Pos, Value: d.Value})
				if fastPunct(lex, "]") {
					break
				}
				if !fastPunct(lex, ",") {
					return nil, false
				}
			}
		}
		ps = append(ps, p)
		if n := lex.Peek(); n.Type != tokPunct || n.Value != "," {
			return ps, true
		}
		lex.Next()
	}
}

// fastBody parses Body = "=" Expr | "{" { Let } Return "}" .
func fastBody(lex *lexer.PeekingLexer) *gBody {
	t := lex.Next()
	switch {
	case t.Type == tokPunct && t.Value == "=":
		x := pureExpr(lex)
		if x == nil {
			return nil
		}
		return &gBody{Expr: x}
	case t.Type == tokPunct && t.Value == "{":
		b := &gBlock{}
		for {
			k := lex.Next()
			if k.Type != tokKeyword {
				return nil
			}
			switch k.Value {
			case "let":
				// "let" Name "=" Expr
				l := &gLet{Pos: k.Pos}
				if l.Name = fastName(lex); l.Name == nil || !fastPunct(lex, "=") {
					return nil
				}
				if l.Value = pureExpr(lex); l.Value == nil {
					return nil
				}
				b.Lets = append(b.Lets, l)
			case "return":
				// "return" Expr "}"
				b.Return = &gReturn{Pos: k.Pos}
				if b.Return.Value = pureExpr(lex); b.Return.Value == nil {
					return nil
				}
				r := lex.Next()
				if r.Type != tokPunct || r.Value != "}" {
					return nil
				}
				b.Rbrace = &gRbrace{Pos: r.Pos, Brace: r.Value}
				return &gBody{Block: b}
			default:
				return nil
			}
		}
	}
	return nil
}

// fastName parses Name = ident | keyword, or returns nil.
func fastName(lex *lexer.PeekingLexer) *gName {
	t := lex.Peek()
	if t.Type != tokIdent && t.Type != tokKeyword {
		return nil
	}
	lex.Next()
	return &gName{Pos: t.Pos, Name: t.Value}
}

// parseExprFast parses Expr = Operand { op Operand } into a *gExpr, as
// the grammar's production does, but by hand. Any operand that the fast
// path does not recognise or that holds a syntax error is handed to
// participle's Operand production, which then gives the same structs, or
// the same error, as the reference parser: the fast path needs no error
// messages of its own.
//
// participle spends microseconds per operand in reflection and
// backtracking; this loop spends nanoseconds, which is what lets a flat
// 1 MB expression parse at several MB/s. Tests and FuzzParse check it
// against referenceParser. Its recursion (through brackets) is bounded by
// MaxDepth, checked before parsing.
func parseExprFast(lex *lexer.PeekingLexer) (gExprNode, error) {
	e := &gExpr{}
	var err error
	if e.Head, err = fastOperand(lex); err != nil {
		return e, err
	}
	for lex.Peek().Type == tokOp {
		b := &gBinary{Op: lex.Next()}
		e.Tail = append(e.Tail, b)
		if b.Y, err = fastOperand(lex); err != nil {
			return e, err
		}
	}
	return e, nil
}

// fastOperand parses one Operand (see parseExprFast): by hand if it can,
// else with participle.
func fastOperand(lex *lexer.PeekingLexer) (*gOperand, error) {
	prefix := []lexer.Token{} // empty, not nil, as participle leaves it
	for lex.Peek().Type == tokOp {
		prefix = append(prefix, *lex.Next())
	}
	cp := lex.MakeCheckpoint()
	if o := fastPrimary(lex); o != nil {
		o.Prefix = prefix
		return o, nil
	}
	lex.LoadCheckpoint(cp)
	o, err := operandParser.ParseFromLexer(lex, participle.AllowTrailing(true))
	if o != nil {
		o.Prefix = prefix
	}
	return o, err
}

// pureExpr parses an expression by hand only, without falling back to
// participle: it returns nil on anything it does not recognise. The
// operands inside an operand are parsed this way, so that an error deep
// in brackets is met once by the hand-written path, which then gives up
// on the whole outer operand, and participle takes over from there.
// Falling back at every level instead would parse the inside again for
// each enclosing bracket, twice per level: exponential in the depth.
func pureExpr(lex *lexer.PeekingLexer) gExprNode {
	e := &gExpr{}
	if e.Head = pureOperand(lex); e.Head == nil {
		return nil
	}
	for lex.Peek().Type == tokOp {
		b := &gBinary{Op: lex.Next()}
		if b.Y = pureOperand(lex); b.Y == nil {
			return nil
		}
		e.Tail = append(e.Tail, b)
	}
	return e
}

// pureOperand parses an operand by hand only (see pureExpr).
func pureOperand(lex *lexer.PeekingLexer) *gOperand {
	prefix := []lexer.Token{} // empty, not nil, as participle leaves it
	for lex.Peek().Type == tokOp {
		prefix = append(prefix, *lex.Next())
	}
	o := fastPrimary(lex)
	if o != nil {
		o.Prefix = prefix
	}
	return o
}

// fastPrimary parses the operand after its prefix operators, following
// the productions of gOperand, or returns nil, having consumed an unknown
// number of tokens, when the operand holds an error (or is a bare
// keyword, which lower.go reports).
func fastPrimary(lex *lexer.PeekingLexer) *gOperand {
	t := lex.Next()
	switch {
	case t.Type == tokNumber:
		return &gOperand{Number: t}
	case t.Type == tokIdent:
		o := &gOperand{Name: t}
		if n := lex.Peek(); n.Type == tokPunct && n.Value == "(" {
			lex.Next()
			list, ok := fastList(lex, ")", true)
			if !ok {
				return nil
			}
			o.Args = &gArgs{Pos: n.Pos, Lparen: n.Value, List: list}
		}
		if n := lex.Peek(); n.Type == tokPunct && n.Value == "[" {
			lex.Next()
			list, ok := fastList(lex, "]", false)
			if !ok {
				return nil
			}
			o.Index = &gIndices{Pos: n.Pos, List: list}
		}
		return o
	case t.Type == tokPunct && t.Value == "(":
		x := pureExpr(lex)
		if x == nil || !fastPunct(lex, ")") {
			return nil
		}
		return &gOperand{Paren: &gParen{Pos: t.Pos, X: x}}
	case t.Type == tokKeyword && t.Value == "sum":
		// "sum" "(" Name [ "in" Expr ".." Expr ] "," Expr ")"
		g := &gSum{Pos: t.Pos}
		if !fastPunct(lex, "(") {
			return nil
		}
		n := lex.Next()
		if n.Type != tokIdent && n.Type != tokKeyword {
			return nil
		}
		g.Index = &gName{Pos: n.Pos, Name: n.Value}
		if k := lex.Peek(); k.Type == tokKeyword && k.Value == "in" {
			lex.Next()
			if g.Lo = pureExpr(lex); g.Lo == nil || !fastPunct(lex, "..") {
				return nil
			}
			if g.Hi = pureExpr(lex); g.Hi == nil {
				return nil
			}
		}
		if !fastPunct(lex, ",") {
			return nil
		}
		if g.Body = pureExpr(lex); g.Body == nil || !fastPunct(lex, ")") {
			return nil
		}
		return &gOperand{Sum: g}
	case t.Type == tokKeyword && t.Value == "if":
		// "if" "(" Expr "," Expr "," Expr ")"
		if !fastPunct(lex, "(") {
			return nil
		}
		list, ok := fastList(lex, ")", false)
		if !ok || len(list) != 3 {
			return nil
		}
		return &gOperand{If: &gIf{Pos: t.Pos, Cond: list[0], Then: list[1], Else: list[2]}}
	case t.Type == tokKeyword && t.Value == "diff":
		// "diff" "(" Expr "," Name ")"
		if !fastPunct(lex, "(") {
			return nil
		}
		x := pureExpr(lex)
		if x == nil || !fastPunct(lex, ",") {
			return nil
		}
		n := lex.Next()
		if n.Type != tokIdent && n.Type != tokKeyword || !fastPunct(lex, ")") {
			return nil
		}
		return &gOperand{Diff: &gDiff{Pos: t.Pos, X: x, Var: &gName{Pos: n.Pos, Name: n.Value}}}
	}
	return nil
}

// fastList parses expressions separated by commas up to close; the list
// may be empty when empty is true.
func fastList(lex *lexer.PeekingLexer, close string, empty bool) ([]gExprNode, bool) {
	if n := lex.Peek(); n.Type == tokPunct && n.Value == close {
		lex.Next()
		return nil, empty
	}
	var list []gExprNode
	for {
		x := pureExpr(lex)
		if x == nil {
			return nil, false
		}
		list = append(list, x)
		n := lex.Next()
		switch {
		case n.Type == tokPunct && n.Value == close:
			return list, true
		case n.Type == tokPunct && n.Value == ",":
		default:
			return nil, false
		}
	}
}

// fastPunct consumes the punctuation v or reports that it is not next.
func fastPunct(lex *lexer.PeekingLexer, v string) bool {
	if n := lex.Peek(); n.Type == tokPunct && n.Value == v {
		lex.Next()
		return true
	}
	return false
}
