package repl

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// replName is the file name of typed input in error positions.
const replName = "<repl>"

// Session is the state of one REPL: its definitions, the point of :at, the
// output mode, and the text of every input for error positions. Feed it
// lines with Line. A Session is not safe for concurrent use.
type Session struct {
	// Echo, when not empty, makes Line write each input line to the output
	// after this prompt (and continuation lines after "... "), so that the
	// output of a scripted session reads as a transcript.
	Echo string

	out, errw io.Writer
	src       sources
	defs      []*def
	point     []binding // the point of :at, in the order given
	latex     bool

	pending      []string // the lines of an input that continues
	pendingFirst int      // the input number of its first line
	pendingOpen  int      // brackets its lines leave open
	pendingTail  string   // its last non-blank line, trimmed
	pendingSize  int      // its length in bytes
	inputs       int      // lines read so far
	errors       int      // inputs that failed
	quit         bool
}

// def is one definition of the session: a fn or const declaration
// (decl), or what let binds (expr, with its free identifiers): a number for
// a value, an expression otherwise. Later lines, and the fns and consts
// typed after it, see a let as its expression in parentheses.
type def struct {
	name string
	decl ast.Decl
	expr ast.Expr
	vars []string
}

// binding is one NAME=VALUE of :at.
type binding struct {
	name string
	val  float64
}

// New returns an empty session that prints results to out and errors to
// errOut (which may be the same writer).
func New(out, errOut io.Writer) *Session {
	return &Session{out: out, errw: errOut}
}

// Line feeds one line of input (without its newline) to the session and
// reports whether the session wants more input: false after :quit. A line
// that leaves brackets open, or a fn or let line that ends with "=",
// continues on the next line: nothing runs until the input is complete.
func (s *Session) Line(text string) bool {
	if s.quit {
		return false
	}
	s.inputs++
	if s.Echo != "" {
		prompt := s.Echo
		if len(s.pending) > 0 {
			prompt = "... "
		}
		fmt.Fprintf(s.out, "%s%s\n", prompt, text)
	}
	if len(s.pending) == 0 {
		s.pendingFirst = s.inputs
		s.pendingOpen, s.pendingTail, s.pendingSize = 0, "", 0
	}
	// The state of the input is kept line by line, so that a long
	// continued input costs linear time, not a rescan per line.
	s.pending = append(s.pending, text)
	s.pendingOpen += balance(text)
	s.pendingSize += len(text) + 1
	if t := strings.TrimSpace(text); t != "" {
		s.pendingTail = t
	}
	// Past lang.MaxFileSize the input runs, and its error says it is too
	// large: a stream of open brackets must not grow without end.
	if s.pendingSize <= lang.MaxFileSize && continuesWith(strings.TrimSpace(s.pending[0]), s.pendingOpen, s.pendingTail) {
		return true
	}
	all := strings.Join(s.pending, "\n")
	s.pending = nil
	s.exec(all, s.pendingFirst)
	return !s.quit
}

// continues reports whether input text is incomplete: open brackets, or a
// definition that ends with "=".
func continues(text string) bool {
	t := strings.TrimSpace(text)
	return continuesWith(t, balance(t), t)
}

// continuesWith is continues for an input whose first line, trimmed, is
// head, whose lines leave open brackets open, and whose last non-blank
// line, trimmed, is tail.
func continuesWith(head string, open int, tail string) bool {
	if strings.HasPrefix(head, ":") || head == "" {
		return false
	}
	if open > 0 {
		return true
	}
	return strings.HasSuffix(tail, "=") && !strings.HasSuffix(tail, "==") && !strings.HasSuffix(tail, "<=") &&
		!strings.HasSuffix(tail, ">=") && !strings.HasSuffix(tail, "!=")
}

// Pending reports whether an incomplete input waits for more lines (the
// terminal front end then prompts with "... ").
func (s *Session) Pending() bool { return len(s.pending) > 0 }

// Cancel drops an incomplete input, as Ctrl-C does.
func (s *Session) Cancel() { s.pending = nil }

// Flush runs an incomplete input as it is, at the end of the input: its
// error says what is missing.
func (s *Session) Flush() {
	if len(s.pending) > 0 {
		all := strings.Join(s.pending, "\n")
		s.pending = nil
		s.exec(all, s.pendingFirst)
	}
}

// Errors returns how many inputs have failed so far.
func (s *Session) Errors() int { return s.errors }

// Done reports whether the session has ended (:quit).
func (s *Session) Done() bool { return s.quit }

// exec runs one complete input, under the recover boundary.
func (s *Session) exec(text string, first int) {
	c := s.src.add(replName, first, text)
	defer func() {
		if r := recover(); r != nil {
			s.errors++
			fmt.Fprintf(s.errw, "internal error: %v (please report this input)\n", r)
		}
	}()
	if err := runInput(s, c); err != nil {
		s.errors++
		s.src.report(s.errw, err)
	}
}

// runInput runs a complete input; a variable so that a test can make it
// panic and see the recover boundary at work.
var runInput = (*Session).run

var letRE = regexp.MustCompile(`^(\s*let\s+)([^\s=]*)(\s*=\s*)`)

// run dispatches an input on its first word.
func (s *Session) run(c *chunk) error {
	t := strings.TrimSpace(c.text)
	word := t
	if i := strings.IndexAny(t, " \t\n(=#"); i >= 0 {
		word = t[:i]
	}
	switch {
	case t == "" || strings.HasPrefix(t, "#"):
		return nil
	case strings.HasPrefix(t, ":"):
		return s.command(c)
	case word == "fn" || word == "const":
		return s.define(c)
	case word == "let":
		return s.let(c)
	}
	return s.expression(c)
}

// errAt returns an error at column col of the first line of chunk c.
func errAt(c *chunk, col int, format string, args ...any) error {
	return &lang.Error{File: c.name, Pos: ast.Pos{Line: c.start, Col: col}, Msg: fmt.Sprintf(format, args...)}
}

// lookup returns the definition called name, or nil.
func (s *Session) lookup(name string) *def {
	for _, d := range s.defs {
		if d.name == name {
			return d
		}
	}
	return nil
}

// names returns the names of the definitions, for "did you mean".
func (s *Session) names(fnsOnly bool) []string {
	var ns []string
	for _, d := range s.defs {
		if _, ok := d.decl.(*ast.FnDecl); ok || !fnsOnly {
			ns = append(ns, d.name)
		}
	}
	return ns
}

// with returns the definitions with d added, replacing in place a
// definition of the same name.
func with(defs []*def, d *def) []*def {
	out := slices.Clone(defs)
	for i, o := range out {
		if o.name == d.name {
			out[i] = d
			return out
		}
	}
	return append(out, d)
}

// check checks the session's declarations (defs) with extra ones after
// them, as one file.
func check(defs []*def, extra ...ast.Decl) (*lang.Program, error) {
	f := &ast.File{Name: replName}
	for _, d := range defs {
		if d.decl != nil {
			f.Decls = append(f.Decls, d.decl)
		}
	}
	f.Decls = append(f.Decls, extra...)
	return lang.Check(f)
}

// letExprs returns the expressions bound by let, by name.
func (s *Session) letExprs() map[string]ast.Expr {
	m := map[string]ast.Expr{}
	for _, d := range s.defs {
		if d.expr != nil {
			m[d.name] = d.expr
		}
	}
	return m
}

// compiled is an expression of a line built into a graph: f's variables
// are vars, in order.
type compiled struct {
	f    *simplify.Func
	vars []string
	expr ast.Expr // after substitution of let-bound expressions
}

// compile wraps x in a synthesized fn of its free identifiers (and of
// extra, which x need not use), checks it with the session and builds it.
func (s *Session) compile(x0 ast.Expr, extra []string) (*compiled, error) {
	x := x0
	x, ok := subst(x, s.letExprs())
	if !ok {
		return nil, tooLarge(x0)
	}
	vars := freeVars(x, func(name string) bool {
		d := s.lookup(name)
		return d != nil && d.decl != nil
	})
	for _, v := range extra {
		if !slices.Contains(vars, v) {
			vars = append(vars, v)
		}
	}
	name := "expr"
	for slices.Contains(vars, name) || s.lookup(name) != nil {
		name += "_"
	}
	decl := &ast.FnDecl{Fn: x.Pos(), Name: &ast.Ident{At: x.Pos(), Name: name}, Result: x}
	for _, v := range vars {
		decl.Vars = append(decl.Vars, &ast.Param{Name: &ast.Ident{At: x.Pos(), Name: v}})
	}
	prog, err := check(s.defs, decl)
	if err != nil {
		return nil, err
	}
	f, err := simplify.Build(prog, prog.Fn(name))
	if err != nil {
		return nil, err
	}
	return &compiled{f: f, vars: vars, expr: x}, nil
}

// parseExpr parses the expression that starts at column col of chunk c
// (its text from there on is text).
func parseExpr(c *chunk, col int, text string) (ast.Expr, error) {
	pc := *c
	pc.text = text
	x, err := lang.ParseExpr(pc.pad(col))
	if err != nil {
		return nil, err
	}
	if x == nil {
		return nil, errAt(c, col, "missing expression")
	}
	return x, nil
}

// expression runs a line that is an expression: grad, hess, the
// evaluation of a fn with array variables at a point, or any expression.
func (s *Session) expression(c *chunk) error {
	x, err := parseExpr(c, 1, c.text)
	if err != nil {
		return hint(c, err)
	}
	if call, ok := ast.Unparen(x).(*ast.Call); ok {
		switch name := call.Fun.Name; {
		case (name == "grad" || name == "hess") && s.lookup(name) == nil:
			return s.derivatives(c, call)
		case s.isArrayFn(name):
			if done, err := s.evalArrayFn(call); done || err != nil {
				return err
			}
		}
	}
	e, err := s.compile(x, nil)
	if err != nil {
		return err
	}
	s.show(e, []string{""}, []simplify.Node{e.f.Result})
	return nil
}

// show prints roots of e's graph, each after its label, with shared let
// lines first; with a point set by :at, each line also shows its value.
// Without variables, a result is a number and prints as one.
func (s *Session) show(e *compiled, labels []string, roots []simplify.Node) {
	g := e.f.Graph
	var out simplify.Printed
	if s.latex {
		out = g.PrintLatex(roots...)
	} else {
		out = g.Print(roots...)
	}
	if len(e.vars) == 0 {
		for i, r := range roots {
			v, err := g.Eval(r, nil, nil)
			if err != nil {
				fmt.Fprintf(s.out, "%s%s\n", labels[i], out.Exprs[i])
				continue
			}
			fmt.Fprintf(s.out, "%s%s\n", labels[i], simplify.FormatNumber(v))
		}
		return
	}
	for _, l := range out.Lets {
		if s.latex {
			fmt.Fprintf(s.out, "%s = %s\n", l.Name, l.Expr) // a line of math, not of .expr
		} else {
			fmt.Fprintf(s.out, "let %s = %s\n", l.Name, l.Expr)
		}
	}
	in, ok := s.at(e.vars)
	comment := "  # = " // a comment, in .expr as in LaTeX
	if s.latex {
		comment = "  % = "
	}
	for i, r := range roots {
		line := labels[i] + out.Exprs[i]
		if ok {
			if v, err := g.Eval(r, in, nil); err == nil {
				line += comment + simplify.FormatNumber(v)
			}
		}
		fmt.Fprintln(s.out, line)
	}
}

// at returns the inputs of variables vars at the point of :at, when the
// point gives each of them a value.
func (s *Session) at(vars []string) ([][]float64, bool) {
	if len(s.point) == 0 {
		return nil, false
	}
	in := make([][]float64, len(vars))
	for i, v := range vars {
		k := slices.IndexFunc(s.point, func(b binding) bool { return b.name == v })
		if k < 0 {
			return nil, false
		}
		in[i] = []float64{s.point[k].val}
	}
	return in, true
}

// maxHess is the most variables hess prints the Hessian of: beyond, the
// n(n+1)/2 lines help nobody.
const maxHess = 12

// derivatives runs grad(e), grad(e, x, y), hess(e) and hess(e, x, y).
func (s *Session) derivatives(c *chunk, call *ast.Call) error {
	name := call.Fun.Name
	if len(call.Args) == 0 {
		return &lang.Error{Pos: call.Lparen, Msg: fmt.Sprintf("%s wants an expression: %s(e), or %s(e, x, y) for some variables", name, name, name)}
	}
	var listed []string
	for _, a := range call.Args[1:] {
		id, ok := a.(*ast.Ident)
		if !ok || lang.LookupBuiltin(id.Name) != nil {
			return &lang.Error{Pos: a.Pos(), Msg: fmt.Sprintf("%s: after the expression come variable names, as in %s(x^2*y, x, y)", name, name)}
		}
		if d := s.lookup(id.Name); d != nil {
			return &lang.Error{Pos: a.Pos(), Msg: fmt.Sprintf("%s: %s is defined in the session, not a variable", name, id.Name)}
		}
		if slices.Contains(listed, id.Name) {
			return &lang.Error{Pos: a.Pos(), Msg: fmt.Sprintf("%s: %s is listed twice", name, id.Name)}
		}
		listed = append(listed, id.Name)
	}
	e, err := s.compile(call.Args[0], listed)
	if err != nil {
		return err
	}
	wanted := listed
	if wanted == nil {
		wanted = e.vars
	}
	if len(wanted) == 0 {
		return &lang.Error{Pos: call.Fun.At, Msg: fmt.Sprintf("%s: the expression has no variables; its derivative is 0", name)}
	}
	g, f := e.f.Graph, e.f
	first := make([]simplify.Node, len(wanted))
	for i, v := range wanted {
		first[i] = g.Deriv(f.Result, f.VarLeaf(slices.Index(e.vars, v)))
	}
	if name == "grad" {
		labels := make([]string, len(wanted))
		for i, v := range wanted {
			labels[i] = s.partial(v, "")
		}
		s.show(e, labels, first)
		return nil
	}
	if len(wanted) > maxHess {
		return &lang.Error{Pos: call.Fun.At, Msg: fmt.Sprintf("hess: %d variables are too many to print (at most %d); list some: hess(e, x, y)", len(wanted), maxHess)}
	}
	var labels []string
	var roots []simplify.Node
	for i, vi := range wanted {
		for _, vj := range wanted[i:] {
			labels = append(labels, s.partial(vi, vj))
			roots = append(roots, g.Deriv(first[i], f.VarLeaf(slices.Index(e.vars, vj))))
		}
	}
	s.show(e, labels, roots)
	return nil
}

// partial returns the label of a first (v) or second (v, w) partial
// derivative, in text or LaTeX.
func (s *Session) partial(v, w string) string {
	switch {
	case s.latex && w == "":
		return `\frac{\partial}{\partial ` + latexVar(v) + `} = `
	case s.latex && v == w:
		return `\frac{\partial^2}{\partial ` + latexVar(v) + `^2} = `
	case s.latex:
		return `\frac{\partial^2}{\partial ` + latexVar(v) + ` \partial ` + latexVar(w) + `} = `
	case w == "":
		return "d/d" + v + " = "
	case v == w:
		return "d2/d" + v + "2 = "
	}
	return "d2/d" + v + " d" + w + " = "
}

// latexVar writes a variable name as the LaTeX printer does for one
// letter, and in \mathrm otherwise.
func latexVar(v string) string {
	if len([]rune(v)) == 1 {
		return v
	}
	return `\mathrm{` + strings.ReplaceAll(v, "_", `\_`) + `}`
}

// define runs a fn or const line.
func (s *Session) define(c *chunk) error {
	f, err := lang.Parse(replName, []byte(c.pad(1)))
	if err != nil {
		return err
	}
	if len(f.Decls) == 0 {
		return errAt(c, 1, "nothing defined")
	}
	lets := s.letExprs()
	for i, d := range f.Decls {
		var ok bool
		if f.Decls[i], ok = substDecl(d, lets); !ok {
			return tooLarge(d)
		}
	}
	return s.adopt(f.Decls, "")
}

// adopt adds decls to the session (replacing definitions of the same
// names), checks it and prints what each defines; on error the session
// stays as it was. from names a loaded file.
func (s *Session) adopt(decls []ast.Decl, from string) error {
	defs := s.defs
	for _, d := range decls {
		var name string
		switch d := d.(type) {
		case *ast.FnDecl:
			name = d.Name.Name
		case *ast.ConstDecl:
			name = d.Name.Name
		}
		defs = with(defs, &def{name: name, decl: d})
	}
	prog, err := check(defs)
	if err != nil {
		return err
	}
	var lines []string
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FnDecl:
			fn := prog.Fn(d.Name.Name)
			if from != "" {
				lines = append(lines, "fn "+header(fn))
				continue
			}
			f, err := simplify.Build(prog, fn)
			if err != nil {
				return err
			}
			p := f.Graph.Print(f.Result)
			if s.latex {
				p = f.Graph.PrintLatex(f.Result)
			}
			for _, l := range p.Lets {
				lines = append(lines, fmt.Sprintf("let %s = %s", l.Name, l.Expr))
			}
			lines = append(lines, fmt.Sprintf("%s = %s", header(fn), p.Exprs[0]))
		case *ast.ConstDecl:
			for _, k := range prog.Consts {
				if k.Decl == d {
					lines = append(lines, fmt.Sprintf("%s%s = %s", map[bool]string{true: "const "}[from != ""], k.Name(), simplify.FormatNumber(k.Value)))
				}
			}
		}
	}
	s.defs = defs
	if from != "" {
		fmt.Fprintf(s.out, "loaded %s: %s\n", from, strings.Join(lines, ", "))
		return nil
	}
	for _, l := range lines {
		fmt.Fprintln(s.out, l)
	}
	return nil
}

// header writes a fn's name and parameters: "f(x[n], b; y[m])".
func header(fn *lang.Fn) string {
	params := func(ps []*lang.Param) string {
		var parts []string
		for _, p := range ps {
			t := p.Name()
			if len(p.Dims) > 0 {
				ds := make([]string, len(p.Dims))
				for i, d := range p.Dims {
					if d.Size != nil {
						ds[i] = d.Size.Name()
					} else {
						ds[i] = fmt.Sprint(d.Fixed)
					}
				}
				t += "[" + strings.Join(ds, ", ") + "]"
			}
			parts = append(parts, t)
		}
		return strings.Join(parts, ", ")
	}
	h := fn.Name() + "(" + params(fn.Vars)
	if len(fn.Data) > 0 {
		h += "; " + params(fn.Data)
	}
	return h + ")"
}

// let runs `let NAME = EXPR`.
func (s *Session) let(c *chunk) error {
	m := letRE.FindStringSubmatchIndex(c.text)
	if m == nil || m[5] == m[4] {
		return errAt(c, 1+len([]rune(c.text))-len([]rune(strings.TrimLeft(c.text, " \t"))), "let wants a name and a value: let a = 2*x + 1")
	}
	name := c.text[m[4]:m[5]]
	nameCol := 1 + len([]rune(c.text[:m[4]]))
	if err := checkName(name); err != nil {
		return errAt(c, nameCol, "%v", err)
	}
	exprCol := 1 + len([]rune(c.text[:m[7]]))
	x, err := parseExpr(c, exprCol, c.text[m[7]:])
	if err != nil {
		return err
	}
	e, err := s.compile(x, nil)
	if err != nil {
		return err
	}
	d := &def{name: name, expr: e.expr, vars: e.vars}
	if len(e.vars) == 0 {
		// A value: evaluated once, and seen as a number from now on.
		v, err := e.f.Graph.Eval(e.f.Result, nil, nil)
		if err != nil {
			return errAt(c, exprCol, "%v", err)
		}
		d.expr = &ast.Number{At: ast.Pos{Line: c.start, Col: exprCol}, Lit: simplify.FormatNumber(v), Value: v}
	}
	defs := with(s.defs, d)
	if _, err := check(defs); err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return errAt(c, nameCol, "let %s breaks the session: %s", name, list[0].Msg)
		}
		return err
	}
	s.defs = defs
	s.show(e, []string{name + " = "}, []simplify.Node{e.f.Result})
	return nil
}

// checkName says why name cannot be defined, or returns nil.
func checkName(name string) error {
	switch {
	case lang.IsKeyword(name):
		return fmt.Errorf("%s is a keyword; choose another name", name)
	case lang.LookupBuiltin(name) != nil:
		return fmt.Errorf("%s is a builtin; choose another name", name)
	case name == "grad" || name == "hess":
		return fmt.Errorf("%s is a REPL command (%s(e)); choose another name", name, name)
	}
	x, err := lang.ParseExpr(name)
	if _, ok := x.(*ast.Ident); err != nil || !ok {
		return fmt.Errorf("%q is not a name: a name is a letter or _, then letters, digits and _", name)
	}
	return nil
}

// tooLarge is the error of an input that the session's lets make too
// large.
func tooLarge(n ast.Node) error {
	return &lang.Error{Pos: n.Pos(), Msg: fmt.Sprintf("too large once the lets it uses are substituted (more than %d nodes); define fns instead", maxSubst)}
}

// assignRE and defineRE recognize "x = 3" and "f(x) = x^2", which the
// REPL spells let x = 3 and fn f(x) = x^2.
var (
	assignRE = regexp.MustCompile(`^(\s*[\p{L}_][\p{L}\p{N}_]*\s*)=[^=]`)
	defineRE = regexp.MustCompile(`^(\s*[\p{L}_][\p{L}\p{N}_]*\s*\([^()]*\)\s*)=[^=]`)
)

// hint returns the parse error of an expression line, or, for a line
// that looks like a definition without its keyword, an error that says
// how to write it.
func hint(c *chunk, err error) error {
	text := c.text + "\n"
	if m := assignRE.FindStringSubmatch(text); m != nil {
		name := strings.TrimSpace(m[1])
		return errAt(c, 1+len([]rune(m[1])), "to name a value or an expression, write let %s = ...", name)
	}
	if m := defineRE.FindStringSubmatch(text); m != nil {
		return errAt(c, 1+len([]rune(m[1])), "to define a fn, write fn %s = ...", strings.TrimSpace(m[1]))
	}
	return err
}
