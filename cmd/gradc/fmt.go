package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
)

func init() {
	register(&command{
		name:    "fmt",
		args:    "[-w] [-l] [FILE.expr...]",
		summary: "format .expr files in the canonical layout",
		doc: `Formats .expr files in the canonical layout: one declaration per line,
blocks indented by 4 spaces, the fewest parentheses that keep the meaning,
comments kept. Without -w or -l it prints the formatted files to standard
output. With no files it formats standard input to standard output.

A file with a syntax error is reported (and left untouched) and the exit
status is 1; the other files are still formatted.`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			write := fs.Bool("w", false, "write the result to each file instead of standard output (only files whose formatting changes)")
			list := fs.Bool("l", false, "list the files whose formatting differs from the canonical one")
			return func(e *env, args []string) int {
				return runFmt(e, args, *write, *list)
			}
		},
	})
}

func runFmt(e *env, files []string, write, list bool) int {
	if len(files) == 0 {
		if write {
			fmt.Fprintln(e.stderr, "gradc fmt: -w needs file names; with none, fmt reads standard input")
			return exitUsage
		}
		src, err := io.ReadAll(io.LimitReader(e.stdin, lang.MaxFileSize+1))
		if err != nil {
			fmt.Fprintf(e.stderr, "gradc fmt: reading standard input: %v\n", err)
			return exitInput
		}
		out, ok := formatSource(e, "<stdin>", src)
		if !ok {
			return exitInput
		}
		if list {
			if !bytes.Equal(out, src) {
				fmt.Fprintln(e.stdout, "<stdin>")
			}
			return exitOK
		}
		e.stdout.Write(out)
		return exitOK
	}
	status := exitOK
	for _, name := range files {
		if !fmtFile(e, name, write, list) {
			status = exitInput
		}
	}
	return status
}

// fmtFile formats one file as the flags say and reports whether it went
// well.
func fmtFile(e *env, name string, write, list bool) bool {
	info, err := os.Stat(name)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc fmt: %v\n", err)
		return false
	}
	if info.IsDir() {
		fmt.Fprintf(e.stderr, "gradc fmt: %s is a directory\n", name)
		return false
	}
	if info.Size() > lang.MaxFileSize {
		fmt.Fprintf(e.stderr, "gradc fmt: %s: input too large: %d bytes (the limit is %d bytes)\n", name, info.Size(), lang.MaxFileSize)
		return false
	}
	src, err := lang.ReadFile(name)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc fmt: %v\n", err)
		return false
	}
	out, ok := formatSource(e, name, src)
	if !ok {
		return false
	}
	changed := !bytes.Equal(out, src)
	if list && changed {
		fmt.Fprintln(e.stdout, name)
	}
	if write {
		if changed {
			if err := replaceFile(name, out); err != nil {
				fmt.Fprintf(e.stderr, "gradc fmt: %v\n", err)
				return false
			}
		}
		return true
	}
	if !list {
		e.stdout.Write(out)
	}
	return true
}

// formatSource parses src and returns its canonical layout, or reports
// the errors and returns false.
func formatSource(e *env, name string, src []byte) ([]byte, bool) {
	f, err := lang.Parse(name, src)
	if err != nil {
		reportErrors(e.stderr, err, map[string][]byte{name: src})
		return nil, false
	}
	return ast.Format(f), true
}
