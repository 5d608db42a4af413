package lang

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/gradc/gradc/ast"
)

// This file holds the entry points of the parser and its error recovery.
//
// Parse runs in four steps:
//
//  1. scan (lexer.go) turns the source into tokens and comments;
//  2. the tokens are split into declarations at each "fn" and "const"
//     keyword (they are reserved and begin nothing else), so that a syntax
//     error in one declaration does not hide errors in the others;
//  3. each declaration's tokens are checked for balanced brackets and for
//     nesting deeper than MaxDepth (participle recurses without a limit,
//     its issue #480), then parsed into grammar structs (grammar.go): by
//     the fast path (fastpath.go) when it can, else by participle, which
//     reports the syntax error;
//  4. lower.go turns the structs into ast nodes, applying precedence.
//
// Each declaration yields at most one syntax error (participle stops at
// the first); lowering may add more. Messages are rewritten into plain
// words: `unexpected *, expected an expression`.

// Parse parses the source of one .expr file. The error, if any, is an
// ErrorList sorted in source order; the file returned with it holds the
// declarations that parsed. Every comment is in File.Comments.
func Parse(filename string, src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = &ast.File{Name: filename}, ErrorList{{File: filename, Msg: fmt.Sprintf("internal error in the parser: %v", r)}}
		}
	}()
	toks, comments, errs := scan(filename, string(src))
	p := &parser{filename: filename, toks: toks, lexErrs: errs}
	f = &ast.File{Name: filename, Comments: comments}
	p.file(f)
	all := append(p.lexErrs, p.errs...)
	all.Sort()
	return f, all.Err()
}

// ParseExpr parses one expression, as gradc diff and the REPL read it.
// Positions are relative to src and errors carry no file name.
func ParseExpr(src string) (x ast.Expr, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, ErrorList{{Msg: fmt.Sprintf("internal error in the parser: %v", r)}}
		}
	}()
	toks, _, errs := scan("", src)
	p := &parser{toks: toks, lexErrs: errs}
	x = p.expr()
	all := append(p.lexErrs, p.errs...)
	all.Sort()
	if len(all) > 0 {
		return nil, all
	}
	return x, nil
}

// parser holds the state of one Parse or ParseExpr.
type parser struct {
	filename string
	toks     []lexer.Token // ends with EOF
	lexErrs  ErrorList
	errs     ErrorList
}

func (p *parser) errorf(pos lexer.Position, format string, args ...any) {
	p.errs.Add(p.filename, astPos(pos), format, args...)
}

// isDeclStart reports whether t begins a declaration.
func isDeclStart(t *lexer.Token) bool {
	return t.Type == tokKeyword && (t.Value == "fn" || t.Value == "const")
}

// file parses every declaration of the file into f.
func (p *parser) file(f *ast.File) {
	eof := len(p.toks) - 1
	start := 0
	for start < eof {
		end := start + 1
		for end < eof && !isDeclStart(&p.toks[end]) {
			end++
		}
		if d := p.decl(start, end); d != nil {
			f.Decls = append(f.Decls, d)
		}
		if len(p.errs) > MaxErrors {
			return // the rest could not be reported
		}
		start = end
	}
}

// decl parses the declaration in p.toks[start:end]; p.toks[end] is the
// next declaration's keyword or EOF.
func (p *parser) decl(start, end int) ast.Decl {
	toks := p.toks[start:end]
	if p.lexErrorIn(toks[0].Pos.Offset, p.toks[end].Pos.Offset) {
		return nil // the scanner said what is wrong; parsing would only add noise
	}
	if !isDeclStart(&toks[0]) {
		p.errorf(toks[0].Pos, "unexpected %s, expected fn or const to begin a declaration", tokenText(&toks[0]))
		return nil
	}
	bad, ok := p.checkNesting(toks)
	if !ok {
		return nil
	}
	g, err := parseDecl(p.toks, start, end)
	if err != nil {
		if bad != nil && !after(bad.Pos, errorPos(err)) {
			p.errs = append(p.errs, bad)
		} else {
			p.syntaxError(err, end)
		}
		return nil
	}
	l := &lowerer{filename: p.filename, errs: &p.errs}
	return l.decl(g)
}

// expr parses the whole token list as one expression (ParseExpr).
func (p *parser) expr() ast.Expr {
	eof := len(p.toks) - 1
	if len(p.lexErrs) > 0 {
		return nil
	}
	toks := p.toks[:eof]
	if len(toks) == 0 {
		p.errorf(p.toks[eof].Pos, "empty expression")
		return nil
	}
	bad, ok := p.checkNesting(toks)
	if !ok {
		return nil
	}
	g, err := parseExprTokens(p.toks)
	if err != nil {
		if bad != nil && !after(bad.Pos, errorPos(err)) {
			p.errs = append(p.errs, bad)
		} else {
			p.syntaxError(err, eof)
		}
		return nil
	}
	l := &lowerer{filename: p.filename, errs: &p.errs}
	return l.expr(g)
}

// parseExprTokens parses toks, which end with EOF, as one expression.
func parseExprTokens(toks []lexer.Token) (gExprNode, error) {
	lex := newPeekingLexer(toks)
	x, err := parseExprFast(lex)
	if err != nil {
		return nil, err
	}
	if t := lex.Peek(); !t.EOF() {
		return nil, &participle.UnexpectedTokenError{Unexpected: *t}
	}
	return x, nil
}

// peekingLexer mirrors the layout of participle's lexer.PeekingLexer
// (v2.1.4), so that newPeekingLexer can make one over a token slice
// without copying it: lexer.Upgrade, the only constructor, appends the
// tokens one by one, which for a 1 MB expression (a million tokens)
// allocated five times the slice and was the largest cost of parsing.
// peekingLexerFits checks the layout field by field when the package
// starts; where it does not fit (another participle version),
// newPeekingLexer falls back to Upgrade.
type peekingLexer struct {
	lexer.Checkpoint
	tokens []lexer.Token
	elide  map[lexer.TokenType]bool
}

var peekingLexerFits = func() bool {
	a, b := reflect.TypeOf(lexer.PeekingLexer{}), reflect.TypeOf(peekingLexer{})
	if a.Size() != b.Size() || a.NumField() != b.NumField() {
		return false
	}
	for i := 0; i < a.NumField(); i++ {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Type != fb.Type || fa.Offset != fb.Offset {
			return false
		}
	}
	// With nothing elided, the zero checkpoint is the start of the
	// tokens, as Upgrade leaves it.
	c := reflect.TypeOf(lexer.Checkpoint{})
	return c.NumField() == 3 && c.Field(0).Name == "rawCursor" && c.Field(1).Name == "nextCursor" && c.Field(2).Name == "cursor"
}()

// newPeekingLexer returns a participle lexer over toks, which must end
// with an EOF token. It shares toks.
func newPeekingLexer(toks []lexer.Token) *lexer.PeekingLexer {
	if peekingLexerFits {
		return (*lexer.PeekingLexer)(unsafe.Pointer(&peekingLexer{tokens: toks}))
	}
	lex, err := lexer.Upgrade(&segmentLexer{toks: toks[:len(toks)-1], eof: toks[len(toks)-1]})
	if err != nil {
		panic(err) // segmentLexer returns no errors
	}
	return lex
}

// segmentLexer hands participle the tokens of one declaration.
type segmentLexer struct {
	toks []lexer.Token
	eof  lexer.Token
	i    int
}

func (l *segmentLexer) Next() (lexer.Token, error) {
	if l.i < len(l.toks) {
		l.i++
		return l.toks[l.i-1], nil
	}
	return l.eof, nil
}

// lexErrorIn reports whether the scanner reported an error between the
// byte offsets from (inclusive) and to (exclusive).
func (p *parser) lexErrorIn(from, to int) bool {
	for _, e := range p.lexErrs {
		if from <= e.Pos.Offset && e.Pos.Offset < to {
			return true
		}
	}
	return false
}

// after reports whether a comes after b.
func after(a, b ast.Pos) bool { return b.Before(a) }

// errorPos returns the position of a participle error.
func errorPos(err error) ast.Pos {
	var pe participle.Error
	if errors.As(err, &pe) {
		return astPos(pe.Position())
	}
	return ast.Pos{}
}

// closers maps each opening bracket to its closing one.
var closers = map[string]string{"(": ")", "[": "]", "{": "}"}

// checkNesting checks the brackets of one declaration (or expression) and
// how deeply it nests, before participle sees it, and rewrites "**" to "^"
// after reporting it. It returns ok == false, having reported the error,
// when the nesting is deeper than MaxDepth. Otherwise it returns the first
// bracket error, if any, for the caller to report when participle fails
// there or later.
//
// The depth of a token counts the brackets open around it and, within the
// innermost bracket, the chain of prefix operators and ^ it sits under;
// any other binary operator or separator ends the chain, because it ends
// the operand that the chain applies to.
func (p *parser) checkNesting(toks []lexer.Token) (bad *Error, ok bool) {
	type open struct {
		tok         *lexer.Token
		base, chain int
	}
	var stack []open
	base, chain := 0, 0
	operandEnd := false // whether the previous token ends an operand
	tooDeep := func(t *lexer.Token) bool {
		if base+chain <= MaxDepth {
			return false
		}
		p.errorf(t.Pos, "expression nested too deeply (more than %d levels); split it with let", MaxDepth)
		return true
	}
	for i := range toks {
		t := &toks[i]
		wasOperandEnd := operandEnd
		operandEnd = t.Type == tokIdent || t.Type == tokNumber
		if t.Type != tokPunct && t.Type != tokOp {
			if t.Type == tokKeyword {
				chain = 0
			}
			continue
		}
		switch v := t.Value; v {
		case "(", "[", "{":
			stack = append(stack, open{t, base, chain})
			base, chain = base+chain+1, 0
			if tooDeep(t) {
				return nil, false
			}
		case ")", "]", "}":
			operandEnd = true
			if len(stack) == 0 {
				if bad == nil {
					bad = &Error{File: p.filename, Pos: astPos(t.Pos), Msg: fmt.Sprintf("unexpected %s: no opening bracket to match it", v)}
				}
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if want := closers[top.tok.Value]; v != want && bad == nil {
				bad = &Error{File: p.filename, Pos: astPos(t.Pos),
					Msg: fmt.Sprintf("unexpected %s, expected %s to close %s at %s", v, want, top.tok.Value, astPos(top.tok.Pos))}
			}
			base, chain = top.base, top.chain
		case "**":
			p.errorf(t.Pos, "use ^ for powers, not **")
			t.Value = "^"
			chain++
			if tooDeep(t) {
				return nil, false
			}
		case "^":
			chain++
			if tooDeep(t) {
				return nil, false
			}
		case "-", "+", "!":
			if wasOperandEnd {
				chain = 0 // a binary operator
				break
			}
			chain++
			if tooDeep(t) {
				return nil, false
			}
		default:
			chain = 0
		}
	}
	if len(stack) > 0 && bad == nil {
		top := stack[len(stack)-1]
		last := &toks[len(toks)-1]
		at := last.Pos
		at.Offset += len(last.Value)
		at.Column += len([]rune(last.Value))
		bad = &Error{File: p.filename, Pos: astPos(at),
			Msg: fmt.Sprintf("missing %s to close %s at %s", closers[top.tok.Value], top.tok.Value, astPos(top.tok.Pos))}
	}
	return bad, true
}

// syntaxError reports a participle error in plain words. end is the index
// of the token that follows the declaration (or expression) parsed.
func (p *parser) syntaxError(err error, end int) {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		tok := ute.Unexpected
		if next := p.next(tok); next != nil && tok.Type == tokPunct && next.Type == tokPunct && (next.Value == ")" || next.Value == "]") {
			switch tok.Value {
			case ",":
				p.errorf(next.Pos, "unexpected %s after a comma: remove the comma", next.Value)
				return
			case ";":
				p.errorf(next.Pos, "unexpected ) after ;: write the data parameters after ; (fn f(x; a)), or remove the ;")
				return
			}
		}
		what := tokenText(&tok)
		if tok.EOF() {
			what = tokenText(&p.toks[end])
		}
		msg := "unexpected " + what
		exp := expected(ute.Message())
		if exp == "" {
			exp = p.follow(tok)
		}
		if exp != "" {
			msg += ", expected " + exp
		}
		if tok.Type == tokKeyword && !isDeclStart(&tok) {
			msg += " (" + tok.Value + " is a keyword)"
		}
		if tok.Value == ";" && exp == ")" {
			msg += ": one ; separates the variables from the data in a fn's parameters (fn f(x; a)); a call separates all its arguments with commas (f(x, a))"
		}
		p.errorf(tok.Pos, "%s", msg)
		return
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		msg := pe.Message()
		if strings.Contains(msg, "too many iterations") {
			// participle's repetition limit (a million), met only while
			// reporting an error in a gigantic expression.
			msg = "syntax error in an expression too long to diagnose; split it with let"
		}
		p.errorf(pe.Position(), "%s", msg)
		return
	}
	p.errorf(p.toks[end].Pos, "%v", err)
}

// next returns the token after tok, or nil.
func (p *parser) next(tok lexer.Token) *lexer.Token {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].Pos.Offset > tok.Pos.Offset })
	if i < len(p.toks) && !tok.EOF() {
		return &p.toks[i]
	}
	return nil
}

// follow says what may follow the token before tok, for the errors where
// participle had a complete declaration (or expression) and found more.
func (p *parser) follow(tok lexer.Token) string {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].Pos.Offset >= tok.Pos.Offset })
	if i == 0 {
		return ""
	}
	prev := &p.toks[i-1]
	switch {
	case prev.Type == tokIdent || prev.Type == tokNumber || prev.Value == ")" || prev.Value == "]":
		return "an operator"
	case prev.Value == "}":
		return "fn or const to begin a declaration"
	case prev.Type == tokKeyword && keywordForms[prev.Value] != "":
		return "( after " + prev.Value
	}
	return ""
}

// productionWords names the grammar's productions in plain words, for
// "expected ..." in messages.
var productionWords = map[string]string{
	"GDecl":     "fn or const",
	"GConst":    "const",
	"GFn":       "fn",
	"GName":     "a name",
	"GExpr":     "an expression",
	"GOperand":  "an expression",
	"GPrimary":  "an expression",
	"GPrefix":   "an expression",
	"GBinary":   "an operator",
	"Op":        "an operator",
	"GParam":    "a parameter",
	"GData":     ";",
	"GDim":      "a dimension (a size name or a positive integer)",
	"GBody":     "= or {",
	"GBlock":    "{",
	"GLet":      "let",
	"GReturn":   "return",
	"GRbrace":   "}",
	"GArgs":     "(",
	"GIndices":  "[",
	"Ident":     "a name",
	"ident":     "a name",
	"Number":    "a number",
	"number":    "a number",
	"<ident>":   "a name",
	"<keyword>": "a name",
	"<number>":  "a number",
	"<op>":      "an operator",
}

// expected turns the "(expected ...)" part of a participle message, an
// EBNF fragment, into plain words: the first element of the sequence, or
// of each alternative of a leading group.
func expected(msg string) string {
	i := strings.Index(msg, "(expected ")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return ""
	}
	ebnf := msg[i+len("(expected ") : len(msg)-1]
	var alts []string
	for _, a := range firstElements(ebnf) {
		w := a
		if strings.HasPrefix(a, `"`) {
			w = punctText(strings.Trim(a, `"`))
		} else if pw, ok := productionWords[a]; ok {
			w = pw
		}
		dup := false
		for _, x := range alts {
			dup = dup || x == w
		}
		if !dup {
			alts = append(alts, w)
		}
	}
	for _, a := range alts {
		if a == "a number" {
			return "an expression" // the alternatives of Operand
		}
	}
	switch len(alts) {
	case 0:
		return ""
	case 1:
		return alts[0]
	}
	return strings.Join(alts[:len(alts)-1], ", ") + " or " + alts[len(alts)-1]
}

// firstElements returns the elements an EBNF fragment can begin with: its
// first element, or the first element of each alternative when it begins
// with a group or is a disjunction.
func firstElements(ebnf string) []string {
	ebnf = strings.TrimSpace(ebnf)
	if ebnf == "" {
		return nil
	}
	// Split the top level into alternatives.
	var alts []string
	depth, from := 0, 0
	inQuote := false
	for i := 0; i < len(ebnf); i++ {
		switch c := ebnf[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			alts = append(alts, ebnf[from:i])
			from = i + 1
		}
	}
	alts = append(alts, ebnf[from:])
	var out []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if a[0] == '(' {
			// A group: its content, up to the matching parenthesis.
			d := 0
			inQuote := false
			for i := 0; i < len(a); i++ {
				switch c := a[i]; {
				case c == '"':
					inQuote = !inQuote
				case inQuote:
				case c == '(':
					d++
				case c == ')':
					d--
					if d == 0 {
						out = append(out, firstElements(a[1:i])...)
						i = len(a)
					}
				}
			}
			continue
		}
		// The first element: a quoted literal or a word.
		if a[0] == '"' {
			if j := strings.IndexByte(a[1:], '"'); j >= 0 {
				out = append(out, a[:j+2])
				continue
			}
		}
		if j := strings.IndexAny(a, " ?*+!"); j > 0 {
			a = a[:j]
		}
		out = append(out, a)
	}
	return out
}
