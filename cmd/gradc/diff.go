package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// exprFile is the file name that errors in a command-line expression carry.
const exprFile = "<expr>"

func init() {
	register(&command{
		name:    "diff",
		args:    "[-latex] [-at NAME=V,...] EXPR [VAR...]",
		summary: "print the simplified derivative of an expression",
		doc: `Prints the simplified derivative of EXPR with respect to each VAR, one line
each: "d/dx = 2*x*y". Without VAR, with respect to every free variable of
EXPR, in order of first appearance. Free variables are scalars; a VAR that
EXPR does not use has derivative 0. Shared subexpressions of large results
print first as "let" lines. With -at, each line also shows the derivative's
value at the given point, after a "#": "d/dx = 2*x  # = 6".`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			latex := fs.Bool("latex", false, "print LaTeX instead of .expr syntax")
			var at atFlag
			fs.Var(&at, "at", "also print each derivative's value at `NAME=V,...` (repeatable)")
			return func(e *env, args []string) int { return runDiff(e, args, *latex, string(at)) }
		},
	})
}

func runDiff(e *env, args []string, latex bool, at string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "gradc diff: missing EXPR; usage: gradc diff [-latex] [-at NAME=V,...] EXPR [VAR...]")
		return exitUsage
	}
	src := args[0]
	srcs := map[string][]byte{exprFile: []byte(src)}
	x, err := lang.ParseExpr(src)
	if err != nil {
		reportErrors(e.stderr, withFile(err), srcs)
		return exitInput
	}
	first := map[string]ast.Pos{} // where each variable first appears
	vars := freeVars(x, first)
	wanted := vars
	if len(args) > 1 {
		wanted = nil
		for _, v := range args[1:] {
			if strings.HasPrefix(v, "-") && len(v) > 1 {
				fmt.Fprintf(e.stderr, "gradc diff: %s after EXPR: flags go before it, as in gradc diff %s ... EXPR\n", v, v)
				return exitUsage
			}
			if !isIdent(v) || lang.LookupBuiltin(v) != nil || isKeyword(v) {
				fmt.Fprintf(e.stderr, "gradc diff: %q is not a variable name\n", v)
				return exitInput
			}
			wanted = append(wanted, v)
			if !contains(vars, v) {
				vars = append(vars, v)
			}
		}
	}
	point := map[string]float64{}
	if at != "" {
		for _, kv := range strings.Split(at, ",") {
			k, v, ok := strings.Cut(kv, "=")
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if !ok || err != nil {
				fmt.Fprintf(e.stderr, "gradc diff: -at wants NAME=NUMBER,..., got %q\n", kv)
				return exitUsage
			}
			point[strings.TrimSpace(k)] = f
		}
		for k := range point {
			if !contains(vars, k) {
				fmt.Fprintf(e.stderr, "gradc diff: -at: %s is not a variable of the expression\n", k)
				return exitInput
			}
		}
		for _, v := range vars {
			if _, ok := point[v]; !ok {
				fmt.Fprintf(e.stderr, "gradc diff: -at: no value for %s\n", v)
				return exitInput
			}
		}
	}
	name := "expr"
	for contains(vars, name) {
		name += "_"
	}
	decl := &ast.FnDecl{Fn: x.Pos(), Name: &ast.Ident{At: x.Pos(), Name: name}, Result: x}
	for _, v := range vars {
		pos, ok := first[v]
		if !ok {
			pos = x.Pos() // a VAR that EXPR does not use
		}
		decl.Vars = append(decl.Vars, &ast.Param{Name: &ast.Ident{At: pos, Name: v}})
	}
	prog, err := lang.Check(&ast.File{Name: exprFile, Decls: []ast.Decl{decl}})
	if err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	f, err := simplify.Build(prog, prog.Fns[0])
	if err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	g := f.Graph
	roots := make([]simplify.Node, len(wanted))
	for i, v := range wanted {
		roots[i] = g.Deriv(f.Result, f.VarLeaf(indexOf(vars, v)))
	}
	var out simplify.Printed
	if latex {
		out = g.PrintLatex(roots...)
	} else {
		out = g.Print(roots...)
	}
	for _, l := range out.Lets {
		fmt.Fprintf(e.stdout, "let %s = %s\n", l.Name, l.Expr)
	}
	in := make([][]float64, len(vars))
	for i, v := range vars {
		in[i] = []float64{point[v]}
	}
	for i, v := range wanted {
		line := fmt.Sprintf("d/d%s = %s", v, out.Exprs[i])
		if at != "" {
			val, err := g.Eval(roots[i], in, nil)
			if err != nil {
				fmt.Fprintf(e.stderr, "gradc diff: %v\n", err)
				return exitInput
			}
			line += "  # = " + simplify.FormatNumber(val)
		}
		fmt.Fprintln(e.stdout, line)
	}
	return exitOK
}

// withFile names the command-line expression in parse errors.
func withFile(err error) error {
	if list, ok := err.(lang.ErrorList); ok {
		for _, e := range list {
			if e.File == "" {
				e.File = exprFile
			}
		}
	}
	return err
}

// freeVars returns the identifiers of x that name neither a builtin nor a
// sum index in whose body they are, in order of first appearance: the
// variables of gradc diff, and records in at where each first appears. A
// sum index is bound in its sum's body only: in i + sum(i in 0..3, i*x),
// the first i is a variable.
func freeVars(x ast.Expr, at map[string]ast.Pos) []string {
	var vars []string
	var walk func(n ast.Node, bound map[string]bool)
	walk = func(n ast.Node, bound map[string]bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Call:
				for _, a := range n.Args {
					walk(a, bound)
				}
				return false // n.Fun names a function
			case *ast.Sum:
				for _, r := range []ast.Expr{n.Lo, n.Hi} {
					if r != nil {
						walk(r, bound)
					}
				}
				inner := bound
				if n.Index != nil {
					inner = map[string]bool{n.Index.Name: true}
					for k := range bound {
						inner[k] = true
					}
				}
				if n.Body != nil {
					walk(n.Body, inner)
				}
				return false
			case *ast.Ident:
				if !bound[n.Name] && lang.LookupBuiltin(n.Name) == nil && !contains(vars, n.Name) {
					vars = append(vars, n.Name)
					at[n.Name] = n.At
				}
			}
			return true
		})
	}
	walk(x, map[string]bool{})
	return vars
}

// atFlag collects -at NAME=V,... flags: a repeated -at adds its values.
type atFlag string

func (a *atFlag) String() string { return string(*a) }

func (a *atFlag) Set(s string) error {
	if *a != "" {
		s = string(*a) + "," + s
	}
	*a = atFlag(s)
	return nil
}

func isIdent(s string) bool {
	x, err := lang.ParseExpr(s)
	if err != nil {
		return false
	}
	_, ok := x.(*ast.Ident)
	return ok
}

func isKeyword(s string) bool {
	for _, k := range lang.Keywords {
		if k == s {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool { return indexOf(ss, s) >= 0 }

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}
