package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/gradc/gradc/repl"
)

func init() {
	register(&command{
		name:    "repl",
		args:    "[-echo] [-history FILE]",
		summary: "interactive: simplify, differentiate and evaluate expressions",
		doc: `Reads expressions and commands, one a line, and prints their simplified
results: free names are variables; diff(e, x), grad(e), hess(e); fn and let
definitions; f(1, 2) evaluates; :at x=1 y=2 also prints values; :load
FILE.expr, :go NAME, :tape NAME, :latex, :list, :help, :quit.

On a terminal: line editing, the arrow keys, history kept across sessions
(in the user's cache directory), Ctrl-C cancels the line, Ctrl-D on an empty
line quits. Without a terminal (a pipe, a file): reads lines and prints
results without prompts or escape codes; the exit status is 1 when any input
failed.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			echo := fs.Bool("echo", false, "without a terminal, also print each input after a \"> \" prompt (a transcript)")
			hist := fs.String("history", "", "keep the history in `FILE` (default: gradc/history in the user's cache directory; \"off\": none)")
			return func(e *env, args []string) int { return runRepl(e, args, *echo, *hist) }
		},
	})
}

func runRepl(e *env, args []string, echo bool, histPath string) int {
	if len(args) != 0 {
		fmt.Fprintln(e.stderr, "gradc repl: takes no arguments; use :load FILE.expr inside")
		return exitUsage
	}
	s := repl.New(e.stdout, e.stderr)
	in, inOK := e.stdin.(*os.File)
	out, outOK := e.stdout.(*os.File)
	if inOK && outOK && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) {
		return runTerminal(e, s, in, out, histPath)
	}
	if echo {
		// A transcript: errors in order with the rest.
		s.Echo = repl.Prompt
		s.SetOutput(e.stdout, e.stdout)
	}
	if err := repl.Run(s, e.stdin); err != nil {
		fmt.Fprintf(e.stderr, "gradc repl: %v\n", err)
		return exitInput
	}
	if s.Errors() > 0 {
		return exitInput
	}
	return exitOK
}

func runTerminal(e *env, s *repl.Session, in, out *os.File, histPath string) int {
	switch histPath {
	case "off":
		histPath = ""
	case "":
		if p, err := repl.HistoryPath(); err == nil {
			histPath = p
		}
	}
	h, err := repl.LoadHistory(histPath, repl.DefaultHistoryMax)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc repl: history: %v (going on without it)\n", err)
	}
	old, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc repl: %v\n", err)
		return exitInput
	}
	defer term.Restore(int(in.Fd()), old)
	err = repl.Terminal(s, struct {
		io.Reader
		io.Writer
	}{in, out}, h)
	if err != nil {
		term.Restore(int(in.Fd()), old)
		fmt.Fprintf(e.stderr, "gradc repl: %v\n", err)
		return exitInput
	}
	return exitOK
}
