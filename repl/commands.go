package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// Command is one REPL command, a line that starts with ':'.
type Command struct {
	Name string // without the colon
	Args string // the synopsis of its arguments
	Help string // one line for :help
	run  func(s *Session, c *chunk, arg string, col int) error
}

// commands is the command table; Commands returns it. It is filled in init
// because :help reads it.
var commands []*Command

func init() {
	commands = []*Command{
		{"help", "", "show this help", (*Session).help},
		{"quit", "", "end the session (also Ctrl-D on an empty line)", (*Session).quitCmd},
		{"latex", "", "toggle LaTeX output", (*Session).latexCmd},
		{"at", "[x=1 y=2 ...]", "set the point where results also print their value (none: clear it)", (*Session).atCmd},
		{"load", "FILE.expr", "add the fns and consts of a file to the session", (*Session).load},
		{"go", "NAME", "show the generated Go of fn NAME", (*Session).goCmd},
		{"tape", "NAME [value|grad|hessvec]", "show the disassembled tape of fn NAME (default grad)", (*Session).tape},
		{"list", "", "list the session's definitions", (*Session).list},
	}
}

// Commands returns the REPL's commands, in the order :help lists them.
func Commands() []*Command { return commands }

// command runs a ':' line.
func (s *Session) command(c *chunk) error {
	t := c.text
	lead := len(t) - len(strings.TrimLeft(t, " \t"))
	t = t[lead:]
	name, arg, _ := strings.Cut(t[1:], " ")
	argCol := 1 + len([]rune(c.text[:lead])) + 1 + len([]rune(name))
	trimmed := strings.TrimLeft(arg, " \t")
	argCol += 1 + len([]rune(arg)) - len([]rune(trimmed))
	arg = strings.TrimSpace(trimmed)
	var names []string
	for _, cmd := range commands {
		if cmd.Name == name || (name == "q" && cmd.Name == "quit") || (name == "h" && cmd.Name == "help") || (name == "exit" && cmd.Name == "quit") {
			return cmd.run(s, c, arg, argCol)
		}
		names = append(names, cmd.Name)
	}
	msg := fmt.Sprintf("unknown command :%s", name)
	if n := lang.Nearest(name, names); n != "" {
		msg += fmt.Sprintf(" (did you mean :%s?)", n)
	}
	return errAt(c, lead+1, "%s; :help lists the commands", msg)
}

func (s *Session) help(c *chunk, arg string, col int) error {
	w := s.out
	fmt.Fprint(w, `Type an expression to see it simplified; free names are variables.
  x^2*sin(x) + x*x                 an expression
  diff(x^2*y, x)                   a derivative
  grad(x^2*y)                      every partial derivative (or grad(e, x, y))
  hess(x^2*y)                      the second derivatives (or hess(e, x, y))
  fn f(x, y) = x^2*y               a fn, with the file syntax; later lines can call it
  f(1, 2)                          a value (fns of vectors: the numbers fill x in order)
  let a = x^2 + 1                  a name for a value or an expression
Commands:
`)
	for _, cmd := range commands {
		syn := ":" + cmd.Name
		if cmd.Args != "" {
			syn += " " + cmd.Args
		}
		fmt.Fprintf(w, "  %-32s %s\n", syn, cmd.Help)
	}
	return nil
}

func (s *Session) quitCmd(c *chunk, arg string, col int) error {
	s.quit = true
	return nil
}

func (s *Session) latexCmd(c *chunk, arg string, col int) error {
	if arg != "" {
		return errAt(c, col, ":latex takes no argument: it toggles LaTeX output")
	}
	s.latex = !s.latex
	fmt.Fprintln(s.out, map[bool]string{true: "LaTeX output on", false: "LaTeX output off"}[s.latex])
	return nil
}

// atCmd parses "x=1 y=2" (commas also separate).
func (s *Session) atCmd(c *chunk, arg string, col int) error {
	if arg == "" {
		s.point = nil
		fmt.Fprintln(s.out, "no point")
		return nil
	}
	var point []binding
	i := 0
	rs := []rune(arg)
	for i < len(rs) {
		for i < len(rs) && (unicode.IsSpace(rs[i]) || rs[i] == ',') {
			i++
		}
		if i == len(rs) {
			break
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != ',' {
			i++
		}
		kv := string(rs[start:i])
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return errAt(c, col+start, ":at wants NAME=NUMBER pairs, as in :at x=1 y=2")
		}
		if err := checkName(k); err != nil {
			return errAt(c, col+start, "%v", err)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return errAt(c, col+start+len([]rune(k))+1, "%q is not a number", v)
		}
		point = append(point, binding{k, f})
	}
	s.point = point
	parts := make([]string, len(point))
	for i, b := range point {
		parts[i] = b.name + "=" + simplify.FormatNumber(b.val)
	}
	fmt.Fprintf(s.out, "at %s\n", strings.Join(parts, " "))
	return nil
}

func (s *Session) load(c *chunk, arg string, col int) error {
	if arg == "" {
		return errAt(c, col, ":load wants a file name: :load rosen.expr")
	}
	fi, err := os.Stat(arg)
	if err != nil {
		return errAt(c, col, "%v", unwrapPath(err))
	}
	if fi.IsDir() {
		return errAt(c, col, "%s is a directory, not an .expr file", arg)
	}
	if fi.Size() > lang.MaxFileSize {
		return errAt(c, col, "%s is too large (%d bytes; at most %d)", arg, fi.Size(), lang.MaxFileSize)
	}
	text, err := lang.ReadFile(arg)
	if err != nil {
		return errAt(c, col, "%v", unwrapPath(err))
	}
	fc := s.src.add(arg, 1, string(text))
	f, err := lang.Parse(arg, []byte(fc.pad(1)))
	if err != nil {
		return err
	}
	if len(f.Decls) == 0 {
		return errAt(c, col, "%s defines nothing", arg)
	}
	return s.adopt(f.Decls, arg)
}

// unwrapPath keeps the message of a file error without Go's "stat" or
// "open" prefix.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// sessionFn returns the checked session and its fn called name, or an
// error at col that says what name is instead.
func (s *Session) sessionFn(c *chunk, name string, col int) (*lang.Program, *lang.Fn, error) {
	if name == "" {
		return nil, nil, errAt(c, col, "missing fn name")
	}
	d := s.lookup(name)
	if d == nil {
		msg := fmt.Sprintf("no fn %s in the session", name)
		if n := lang.Nearest(name, s.names(true)); n != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", n)
		}
		return nil, nil, errAt(c, col, "%s", msg)
	}
	if _, ok := d.decl.(*ast.FnDecl); !ok {
		return nil, nil, errAt(c, col, "%s is not a fn: define one with fn %s(x, y) = ...", name, name)
	}
	prog, err := check(s.defs)
	if err != nil {
		return nil, nil, err
	}
	return prog, prog.Fn(name), nil
}

func (s *Session) goCmd(c *chunk, arg string, col int) error {
	prog, fn, err := s.sessionFn(c, arg, col)
	if err != nil {
		return err
	}
	src, err := codegen.Go([]*lang.Program{prog}, codegen.GoOptions{Package: "main", Funcs: []string{fn.Name()}})
	if err != nil {
		return err
	}
	_, err = io.WriteString(s.out, string(src))
	return err
}

// tapeKinds are the tapes :tape shows.
var tapeKinds = []struct {
	name string
	kind simplify.Kind
}{{"value", simplify.KindValue}, {"grad", simplify.KindGradient}, {"hessvec", simplify.KindHessVec}}

func (s *Session) tape(c *chunk, arg string, col int) error {
	name, kindName, _ := strings.Cut(arg, " ")
	kindName = strings.TrimSpace(kindName)
	kind := simplify.KindGradient
	if kindName != "" {
		found := false
		for _, k := range tapeKinds {
			if k.name == kindName {
				kind, found = k.kind, true
			}
		}
		if !found {
			return errAt(c, col+len([]rune(arg))-len([]rune(kindName)), "unknown tape %q: value, grad or hessvec", kindName)
		}
	}
	prog, fn, err := s.sessionFn(c, name, col)
	if err != nil {
		return err
	}
	f, err := simplify.Build(prog, fn)
	if err != nil {
		return err
	}
	p, err := simplify.Compile(f, kind)
	if err != nil {
		return err
	}
	t, err := codegen.Compile(p, fn)
	if err != nil {
		return positioned(err, ast.Pos{Line: c.start, Col: col})
	}
	_, err = io.WriteString(s.out, t.Disasm())
	return err
}

func (s *Session) list(c *chunk, arg string, col int) error {
	if len(s.defs) == 0 {
		fmt.Fprintln(s.out, "nothing defined")
		return nil
	}
	prog, err := check(s.defs)
	if err != nil {
		return err
	}
	for _, d := range s.defs {
		switch decl := d.decl.(type) {
		case *ast.FnDecl:
			fmt.Fprintf(s.out, "fn %s\n", header(prog.Fn(d.name)))
		case *ast.ConstDecl:
			for _, k := range prog.Consts {
				if k.Decl == decl {
					fmt.Fprintf(s.out, "const %s = %s\n", d.name, simplify.FormatNumber(k.Value))
				}
			}
		default:
			fmt.Fprintf(s.out, "let %s = %s\n", d.name, ast.ExprString(ast.Unparen(d.expr)))
		}
	}
	return nil
}

// isArrayFn reports whether name is a session fn with array variables.
func (s *Session) isArrayFn(name string) bool {
	d := s.lookup(name)
	if d == nil {
		return false
	}
	fd, ok := d.decl.(*ast.FnDecl)
	if !ok {
		return false
	}
	for _, p := range fd.Vars {
		if len(p.Dims) > 0 {
			return true
		}
	}
	return false
}

// evalArrayFn evaluates f(1, 2, 3) for a fn with array variables and no
// data: the numbers are x, packed as the generated Go packs it, and the
// tape runs. It reports false (and no error) when the call is not of that
// form, for the ordinary path to check it.
func (s *Session) evalArrayFn(call *ast.Call) (bool, error) {
	x := make([]float64, len(call.Args))
	for i, a := range call.Args {
		v, ok := number(a)
		if !ok {
			return false, nil
		}
		x[i] = v
	}
	prog, err := check(s.defs)
	if err != nil {
		return true, err
	}
	fn := prog.Fn(call.Fun.Name)
	if len(fn.Data) > 0 {
		return true, &lang.Error{Pos: call.Fun.At, Msg: fmt.Sprintf("fn %s has data parameters: the REPL evaluates fns of variables only", fn.Name())}
	}
	f, err := simplify.Build(prog, fn)
	if err != nil {
		return true, err
	}
	p, err := simplify.Compile(f, simplify.KindValue)
	if err != nil {
		return true, err
	}
	t, err := codegen.Compile(p, fn)
	if err != nil {
		return true, positioned(err, call.Lparen)
	}
	v, err := codegen.NewMachine().Run(t, nil, x, nil)
	if err != nil {
		var list lang.ErrorList
		var one *lang.Error
		msg := err.Error()
		switch {
		case errors.As(err, &list) && len(list) > 0:
			msg = list[0].Msg
		case errors.As(err, &one):
			msg = one.Msg
		}
		return true, &lang.Error{Pos: call.Lparen, Msg: msg}
	}
	fmt.Fprintln(s.out, simplify.FormatNumber(v))
	return true, nil
}

// positioned returns err as it is when it has a position, and otherwise
// as an error at pos, so that it prints with a caret under the input.
func positioned(err error, pos ast.Pos) error {
	var list lang.ErrorList
	var one *lang.Error
	if errors.As(err, &list) || errors.As(err, &one) {
		return err
	}
	return &lang.Error{Pos: pos, Msg: err.Error()}
}
