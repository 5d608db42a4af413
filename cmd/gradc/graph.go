package main

import (
	"bytes"
	"flag"
	"fmt"

	"github.com/gradc/gradc/dot"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

func init() {
	register(&command{
		name:    "graph",
		args:    "[-grad] FILE.expr FUNC",
		summary: "print the computational graph of a fn as Graphviz DOT",
		doc: `Prints the computational graph of fn FUNC of FILE.expr as Graphviz DOT, for
"dot -Tsvg": one node per value, drawn once however often it is used,
labelled by its operation; sums are loops, drawn as clusters. With -grad,
the graph of the value and the gradient: the adjoint nodes too, in a second
color, and a node for each part of the gradient.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			grad := fs.Bool("grad", false, "draw the gradient's adjoint nodes too")
			return func(e *env, args []string) int { return runGraph(e, args, *grad) }
		},
	})
}

func runGraph(e *env, args []string, grad bool) int {
	if len(args) != 2 {
		fmt.Fprintln(e.stderr, "gradc graph: want FILE.expr FUNC; usage: gradc graph [-grad] FILE.expr FUNC")
		return exitUsage
	}
	file, name := args[0], args[1]
	src, err := lang.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc graph: %v\n", err)
		return exitInput
	}
	srcs := map[string][]byte{file: src}
	prog, err := lang.Load(file, src)
	if err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	fn := prog.Fn(name)
	if fn == nil {
		var names []string
		for _, f := range prog.Fns {
			names = append(names, f.Name())
		}
		msg := fmt.Sprintf("gradc graph: %s has no fn %s", file, name)
		if n := lang.Nearest(name, names); n != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", n)
		}
		fmt.Fprintln(e.stderr, msg)
		return exitInput
	}
	f, err := simplify.Build(prog, fn)
	if err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	var out bytes.Buffer
	if err := dot.Func(&out, f, grad); err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	e.stdout.Write(out.Bytes())
	return exitOK
}
