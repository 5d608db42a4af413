package ast

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the canonical printer, used by gradc fmt.
//
// Layout:
//
//   - One declaration per line for "=" bodies and consts, whatever their
//     length: expressions are never broken over lines.
//   - A block body puts each let and the return on a line of its own,
//     indented by 4 spaces, and the closing } on a line of its own.
//   - Where the source had one or more blank lines between two
//     declarations, lets or comments, the output has exactly one; there are
//     none after { or before }.
//   - Comments keep their text. A comment on its own line stays before the
//     declaration, let or return that follows it (or before the closing }
//     or at the end of the file, where it was). A comment at the end of a
//     line stays at the end of that line; the trailing comments of
//     consecutive lines at one indentation are aligned one space after the
//     longest line, as gofmt aligns them, except on a line that is a
//     closing brace alone.
//   - A comment inside a declaration, let or return that spans several
//     lines (for example between two lines of an expression), which the
//     printer writes on one line, moves to its own line before that
//     declaration, let or return.
//
// Expressions (ExprString) are written with the fewest parentheses that
// keep the tree's meaning: the parser's Paren nodes are dropped and
// parentheses are put back from the precedence and associativity of the
// operator table. *, / and ^ are written without spaces (2*x, x^2, 1/x);
// +, -, comparisons, && and || with a space on each side, except inside
// index brackets and sum ranges, where + and - are tight too (x[i+1],
// 0..n-1). Numbers are written as in the source (Number.Lit), or, for a
// number built by a program (empty Lit), in the shortest form that reads
// back to the same float64.
//
// Printing then parsing gives the same tree, Paren nodes and positions
// aside, and printing is idempotent.

// Format returns the canonical text of f.
func Format(f *File) []byte {
	p := &filePrinter{comments: f.Comments}
	p.file(f)
	return p.finish()
}

// Fprint writes the canonical text of f to w.
func Fprint(w io.Writer, f *File) error {
	_, err := w.Write(Format(f))
	return err
}

// ExprString returns x written on one line with the fewest parentheses
// that keep its meaning.
func ExprString(x Expr) string {
	var p exprPrinter
	p.expr(x, false)
	return p.String()
}

// line is one output line: indentation, code and an optional trailing
// comment.
type line struct {
	indent  int
	code    string
	comment string
}

// filePrinter lays out a file as lines, then aligns trailing comments.
type filePrinter struct {
	lines    []line
	comments []*Comment
	next     int  // the next comment to print
	last     int  // source line of the last thing printed; 0 before any
	indent   int  // current indentation level
	noBlank  bool // right after "{": no blank line
	lastCode bool
}

// blank adds a blank line when the source had one between the last thing
// printed and something starting at source line at.
func (p *filePrinter) blank(at int) {
	if p.last > 0 && at > p.last+1 && !p.noBlank && len(p.lines) > 0 {
		p.lines = append(p.lines, line{})
	}
}

// leading prints, each on its own line, the comments that start before
// source line before.
func (p *filePrinter) leading(before int) {
	for p.next < len(p.comments) && p.comments[p.next].Hash.Line < before {
		c := p.comments[p.next]
		p.next++
		p.blank(c.Hash.Line)
		p.lines = append(p.lines, line{indent: p.indent, code: c.Text})
		p.last = max(p.last, c.Hash.Line)
		p.noBlank = false
	}
}

// item prints code that the source had from line start to line end; next
// is the source line where the following item starts (0 when unknown or
// none). A comment on line end that no later item on that line claims
// becomes the trailing comment.
func (p *filePrinter) item(code string, start, end, next int) {
	if start <= 0 {
		start = p.last
	}
	end = max(end, start)
	p.leading(end)
	p.blank(start)
	l := line{indent: p.indent, code: code}
	if p.next < len(p.comments) && p.comments[p.next].Hash.Line == end && end > 0 && (next <= 0 || next > end) {
		l.comment = p.comments[p.next].Text
		p.next++
	}
	p.lines = append(p.lines, l)
	p.last = max(p.last, end)
	p.noBlank = false
}

func (p *filePrinter) file(f *File) {
	for i, d := range f.Decls {
		next := 0
		if i+1 < len(f.Decls) {
			next = declStart(f.Decls[i+1])
		}
		switch d := d.(type) {
		case *ConstDecl:
			p.item("const "+identName(d.Name)+" = "+ExprString(d.Value), d.Const.Line, lastLine(d), next)
		case *FnDecl:
			p.fn(d, next)
		}
	}
	p.leading(math.MaxInt)
}

// declStart returns the source line where d starts.
func declStart(d Decl) int {
	if d == nil {
		return 0
	}
	return d.Pos().Line
}

func (p *filePrinter) fn(d *FnDecl, next int) {
	var b strings.Builder
	b.WriteString("fn ")
	b.WriteString(identName(d.Name))
	b.WriteByte('(')
	writeParams(&b, d.Vars)
	if len(d.Data) > 0 {
		// The grammar has no ";" without data after it, so Semi is
		// implied.
		b.WriteString("; ")
		writeParams(&b, d.Data)
	}
	b.WriteByte(')')
	if !d.Block {
		b.WriteString(" = ")
		b.WriteString(ExprString(d.Result))
		p.item(b.String(), d.Fn.Line, lastLine(d), next)
		return
	}
	b.WriteString(" {")
	header := d.Fn.Line
	Inspect(d.Name, func(n Node) bool { header = max(header, n.Pos().Line); return true })
	for _, ps := range [][]*Param{d.Vars, d.Data} {
		for _, prm := range ps {
			Inspect(prm, func(n Node) bool { header = max(header, n.Pos().Line); return true })
		}
	}
	// The first line inside the block.
	inside := d.Return.Line
	if len(d.Lets) > 0 {
		inside = d.Lets[0].Let.Line
	}
	p.item(b.String(), d.Fn.Line, header, inside)
	p.indent++
	p.noBlank = true
	for i, l := range d.Lets {
		nl := d.Return.Line
		if i+1 < len(d.Lets) {
			nl = d.Lets[i+1].Let.Line
		}
		p.item("let "+identName(l.Name)+" = "+ExprString(l.Value), l.Let.Line, lastLine(l), nl)
	}
	end := lastLine(d.Result)
	p.item("return "+ExprString(d.Result), d.Return.Line, max(end, d.Return.Line), d.Rbrace.Line)
	rbrace := d.Rbrace.Line
	if rbrace <= 0 {
		rbrace = p.last
	}
	p.leading(rbrace)
	p.indent--
	p.noBlank = true // no blank line before "}"
	p.item("}", rbrace, rbrace, next)
}

func writeParams(b *strings.Builder, ps []*Param) {
	for i, prm := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		if prm == nil {
			b.WriteString("<nil>")
			continue
		}
		b.WriteString(identName(prm.Name))
		if len(prm.Dims) == 0 {
			continue
		}
		b.WriteByte('[')
		for j, d := range prm.Dims {
			if j > 0 {
				b.WriteString(", ")
			}
			switch {
			case d == nil:
				b.WriteString("<nil>")
			case d.Name != "":
				b.WriteString(d.Name)
			default:
				b.WriteString(strconv.Itoa(d.Size))
			}
		}
		b.WriteByte(']')
	}
}

func identName(id *Ident) string {
	if id == nil {
		return "<nil>"
	}
	return id.Name
}

// lastLine returns the largest source line of the nodes under n: where
// n's text ends, to a token (a closing bracket may sit on a later line).
// It reads a Binary's OpPos rather than its Pos, which walks down the left
// operand: on the long left-leaning tree of x + x + ... + x, Pos on every
// node would take time quadratic in its length.
func lastLine(n Node) int {
	end := 0
	Inspect(n, func(m Node) bool {
		switch m := m.(type) {
		case nil:
			return false
		case *Binary:
			end = max(end, m.OpPos.Line)
		default:
			end = max(end, m.Pos().Line)
		}
		return true
	})
	return end
}

// finish aligns the trailing comments of consecutive lines and joins the
// lines.
func (p *filePrinter) finish() []byte {
	ls := p.lines
	for i := 0; i < len(ls); {
		if ls[i].comment == "" {
			i++
			continue
		}
		// A run of lines with trailing comments at one indentation; a
		// closing brace stands alone.
		j := i + 1
		width := 4*ls[i].indent + utf8.RuneCountInString(ls[i].code)
		for ls[i].code != "}" && j < len(ls) && ls[j].comment != "" && ls[j].indent == ls[i].indent && ls[j].code != "}" {
			width = max(width, 4*ls[j].indent+utf8.RuneCountInString(ls[j].code))
			j++
		}
		for k := i; k < j; k++ {
			pad := width - 4*ls[k].indent - utf8.RuneCountInString(ls[k].code)
			ls[k].code += strings.Repeat(" ", pad+1) + ls[k].comment
			ls[k].comment = ""
		}
		i = j
	}
	var buf bytes.Buffer
	for _, l := range ls {
		if l.code != "" {
			buf.WriteString(strings.Repeat("    ", l.indent))
			buf.WriteString(l.code)
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// precPrimary is the binding power of operands that never need
// parentheses: numbers, names, calls, indexing, sum, if, diff.
const precPrimary = PrecPow + 1

// exprPrinter writes expressions.
type exprPrinter struct {
	strings.Builder
}

// prec returns the binding power of x as printed.
func prec(x Expr) int {
	switch x := x.(type) {
	case *Paren:
		return prec(x.X)
	case *Binary:
		return x.Op.Prec()
	case *Unary:
		return PrecUnary
	case *Number:
		if x.Lit == "" {
			switch s := numberText(x.Value); {
			case strings.Contains(s, "/"):
				return PrecMul
			case strings.HasPrefix(s, "-"):
				return PrecUnary
			}
		}
	}
	return precPrimary
}

// numberText writes a number that has no literal: the shortest decimal
// that reads back to v, or a quotient for the values a literal cannot
// spell (1/0 for +Inf, -1/0 for -Inf, 0/0 for NaN).
func numberText(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "1/0"
	case math.IsInf(v, -1):
		return "-1/0"
	case math.IsNaN(v):
		return "0/0"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// spaced reports whether op is written with spaces around it; tight is
// true inside index brackets and sum ranges.
func spaced(op Op, tight bool) bool {
	switch op {
	case Mul, Div, Pow:
		return false
	case Add, Sub:
		return !tight
	}
	return true
}

// expr writes x; tight is true inside index brackets and sum ranges.
func (p *exprPrinter) expr(x Expr, tight bool) {
	switch x := x.(type) {
	case nil:
		p.WriteString("<nil>")
	case *Paren:
		p.expr(Unparen(x), tight)
	case *Number:
		if x.Lit != "" {
			p.WriteString(x.Lit)
		} else {
			p.WriteString(numberText(x.Value))
		}
	case *Ident:
		p.WriteString(x.Name)
	case *Call:
		p.WriteString(identName(x.Fun))
		p.WriteByte('(')
		p.list(x.Args, false)
		p.WriteByte(')')
	case *Index:
		p.operand(x.X, precPrimary, tight)
		p.WriteByte('[')
		p.list(x.Indices, true)
		p.WriteByte(']')
	case *Unary:
		op := x.Op.String()
		p.WriteString(op)
		if c := firstByte(x.X, PrecUnary); c == op[0] && (c == '-' || c == '+') {
			p.WriteByte(' ') // - -x, not --x
		}
		p.operand(x.X, PrecUnary, tight)
	case *Binary:
		p.binary(x, tight)
	case *Sum:
		p.WriteString("sum(")
		p.WriteString(identName(x.Index))
		if x.Lo != nil || x.Hi != nil {
			p.WriteString(" in ")
			p.expr(x.Lo, true)
			p.WriteString("..")
			p.expr(x.Hi, true)
		}
		p.WriteString(", ")
		p.expr(x.Body, false)
		p.WriteByte(')')
	case *If:
		p.WriteString("if(")
		p.list([]Expr{x.Cond, x.Then, x.Else}, false)
		p.WriteByte(')')
	case *Diff:
		p.WriteString("diff(")
		p.expr(x.X, false)
		p.WriteString(", ")
		p.WriteString(identName(x.Var))
		p.WriteByte(')')
	default:
		p.WriteString("<unknown>")
	}
}

func (p *exprPrinter) list(xs []Expr, tight bool) {
	for i, x := range xs {
		if i > 0 {
			p.WriteString(", ")
		}
		p.expr(x, tight)
	}
}

// operand writes x where an operand of binding power at least min is
// expected, in parentheses when x binds more loosely.
func (p *exprPrinter) operand(x Expr, min int, tight bool) {
	x = Unparen(x)
	if prec(x) < min {
		p.WriteByte('(')
		p.expr(x, tight)
		p.WriteByte(')')
		return
	}
	p.expr(x, tight)
}

// binary writes a binary expression. The left spine of a chain of
// left-associative operators of one precedence (x + x + ... + x) is walked
// in a loop, so that a long sum does not recurse once per term.
func (p *exprPrinter) binary(x *Binary, tight bool) {
	prec := x.Op.Prec()
	chain := []*Binary{x}
	if info := x.Op.Info(); !info.RightAssoc && !info.NonAssoc {
		for {
			l, ok := Unparen(chain[len(chain)-1].X).(*Binary)
			if !ok || l.Op.Prec() != prec || l.Op.Info().RightAssoc || l.Op.Info().NonAssoc {
				break
			}
			chain = append(chain, l)
		}
	}
	// The leftmost operand.
	first := chain[len(chain)-1]
	p.left(first, tight)
	for i := len(chain) - 1; i >= 0; i-- {
		b := chain[i]
		p.right(b, tight)
	}
}

// left writes the left operand of b.
func (p *exprPrinter) left(b *Binary, tight bool) {
	info := b.Op.Info()
	min := info.Prec
	if info.RightAssoc || info.NonAssoc {
		min++ // (a^b)^c and (a < b) < c keep their parentheses
	}
	p.operand(b.X, min, tight)
}

// right writes the operator of b and its right operand.
func (p *exprPrinter) right(b *Binary, tight bool) {
	info := b.Op.Info()
	min := info.Prec
	if !info.RightAssoc {
		min++ // a - (b - c) keeps its parentheses
	}
	if b.Op == Pow {
		min = PrecUnary // 2^-x: the right operand of ^ may be a prefix operation
	}
	op := b.Op.String()
	if spaced(b.Op, tight) || firstByte(b.Y, min) == op[len(op)-1] {
		p.WriteByte(' ') // i - -1, not i--1
		p.WriteString(op)
		p.WriteByte(' ')
	} else {
		p.WriteString(op)
	}
	p.operand(b.Y, min, tight)
}

// firstByte returns the first byte that writing x as an operand of
// binding power at least min produces.
func firstByte(x Expr, min int) byte {
	for {
		x = Unparen(x)
		if prec(x) < min {
			return '('
		}
		switch t := x.(type) {
		case *Unary:
			return t.Op.String()[0]
		case *Number:
			s := t.Lit
			if s == "" {
				s = numberText(t.Value)
			}
			return s[0]
		case *Binary:
			info := t.Op.Info()
			min = info.Prec
			if info.RightAssoc || info.NonAssoc {
				min++
			}
			x = t.X
		default:
			return 'a' // a name, call, sum, if or diff
		}
	}
}
