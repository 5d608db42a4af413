// Command gradc turns math written in .expr files into Go that computes
// values, gradients and Hessians, and prints derivatives for people to read.
//
// Usage:
//
//	gradc COMMAND [flags] [arguments]
//
// Run `gradc help` for the list of commands and `gradc help COMMAND` (or
// `gradc COMMAND -h`) for the flags of one. Exit status: 0 on success, 1 on
// an error in the input or a failed check, 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit statuses, as the spec defines them.
const (
	exitOK    = 0
	exitInput = 1 // an error in the input, or a failed check
	exitUsage = 2
)

// env is what a command may touch: its streams and its name for errors.
// Tests run commands with buffers.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one row of the command table.
type command struct {
	name    string
	args    string // the synopsis after the name: "[-w] [-l] FILE.expr..."
	summary string // one line for `gradc help`
	doc     string // paragraphs for `gradc help NAME`, after the synopsis
	// flags declares the command's flags on fs and returns the function that
	// runs it with the remaining arguments.
	flags func(fs *flag.FlagSet) func(e *env, args []string) int
}

// commands is filled by the init functions of the command files, one row
// each, so that a command lives in one file.
var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

// run executes one gradc invocation and returns its exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(e, rest)
	case "-version", "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "gradc: unknown command %q\n", name)
		usage(e.stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("gradc "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	runCmd := c.flags(fs)
	fs.Usage = func() {} // printed below, to the right stream
	if err := fs.Parse(negativeOperands(fs, rest)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(e.stdout, c, fs)
			return exitOK
		}
		commandUsage(e.stderr, c, fs)
		return exitUsage
	}
	return runCmd(e, fs.Args())
}

// negativeOperands returns args with "--" inserted before the first
// operand that starts with "-" but is no flag: an expression or a number
// such as "-x^2", "-(a+b)" or "-1.5" (gradc diff '-x^2'). Without it the
// flag package would take "-x^2" for an undefined flag and print the
// usage. An argument counts as such an operand when what follows its
// dashes, up to any "=", is not a flag of fs and is not a flag's name
// either: it starts with a digit or '.', or holds a character other than
// a letter, digit or '_'. An unknown flag such as -frob is left for Parse
// to report.
func negativeOperands(fs *flag.FlagSet, args []string) []string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			return args
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
				i++ // the flag's value
			}
			continue
		}
		if !flagName(name) {
			out := append(append(append([]string{}, args[:i]...), "--"), args[i:]...)
			return out
		}
		return args
	}
	return args
}

// flagName reports whether s could be the name of a flag: a letter or
// '_', then letters, digits, '_' and '-'.
func flagName(s string) bool {
	for i, r := range s {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !letter && (i == 0 || !(r == '-' || ('0' <= r && r <= '9'))) {
			return false
		}
	}
	return s != ""
}

func help(e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" {
		usage(e.stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "gradc help: unknown command %q\n", args[0])
		return exitUsage
	}
	fs := flag.NewFlagSet("gradc "+c.name, flag.ContinueOnError)
	c.flags(fs)
	commandUsage(e.stdout, c, fs)
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gradc turns math in .expr files into Go that computes exact gradients.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "\tgradc COMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The commands are:")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "\t%-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Use \"gradc help COMMAND\" or \"gradc COMMAND -h\" for more about a command.")
	fmt.Fprintln(w, "Exit status: 0 on success, 1 on an error in the input or a failed check, 2 on a usage error.")
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n\n", strings.TrimSpace("gradc "+c.name+" "+c.args))
	if c.doc != "" {
		fmt.Fprintln(w, strings.TrimSpace(c.doc))
		fmt.Fprintln(w)
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "Flags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
