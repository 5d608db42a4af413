package main

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"unicode"

	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/lang"
)

func init() {
	register(&command{
		name:    "build",
		args:    "[-o FILE] [-pkg NAME] [-hess] [-gonum] [-func a,b] FILE.expr...",
		summary: "write Go that computes the values and gradients of the fns",
		doc: `Build writes one gofmt-ed Go file with, for each fn name of the inputs,
Name(x, DATA...) (the value) and NameGrad(grad, x, DATA...) (value and
gradient in one pass); with -hess also NameHess and NameHessVec, with
-gonum NameProblem(DATA...) returning a gonum optimize.Problem.

The output is NAME_gradc.go beside the first input (NAME its base name),
or the -o file; "-o -" writes to standard output. The package is -pkg,
else $GOPACKAGE (set by go generate), else the package of the Go files in
the output folder, else the folder's name. The file is written whole or
not at all (an error leaves an existing file untouched), and it is not
rewritten when its bytes would not change, so that go generate leaves
its time stamp alone.

In a Go project:

	//go:generate go tool gradc build rosen.expr`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			out := fs.String("o", "", "write the Go to `FILE` (\"-\": standard output); default NAME_gradc.go beside the first input")
			pkg := fs.String("pkg", "", "the package `NAME` of the generated file")
			hess := fs.Bool("hess", false, "also write NameHess and NameHessVec")
			gonum := fs.Bool("gonum", false, "also write NameProblem, a gonum optimize.Problem")
			funcs := fs.String("func", "", "write only the fns of these comma-separated `names`")
			return func(e *env, args []string) int {
				return build(e, args, *out, *pkg, *hess, *gonum, *funcs)
			}
		},
	})
}

func build(e *env, args []string, out, pkg string, hess, gonum bool, funcs string) int {
	// A build is short and allocates much that stays live (graphs,
	// programs, source): collect less often.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "gradc build: no input files; usage: gradc build [-o FILE] [-pkg NAME] [-hess] [-gonum] [-func a,b] FILE.expr...")
		return exitUsage
	}
	if pkg != "" && !goIdent(pkg) {
		fmt.Fprintf(e.stderr, "gradc build: -pkg %q is not a Go package name\n", pkg)
		return exitUsage
	}
	var names []string
	if funcs != "" {
		for _, n := range strings.Split(funcs, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	for i, a := range args {
		for _, b := range args[:i] {
			if filepath.Clean(a) == filepath.Clean(b) || sameFile(a, b) {
				fmt.Fprintf(e.stderr, "gradc build: %s is given twice; name each input once\n", a)
				return exitUsage
			}
		}
	}
	srcs := map[string][]byte{}
	var progs []*lang.Program
	var errs lang.ErrorList
	for _, path := range args {
		src, err := lang.ReadFile(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "gradc build: %v\n", err)
			return exitInput
		}
		srcs[path] = src
		p, err := lang.Load(path, src)
		if err != nil {
			if l, ok := err.(lang.ErrorList); ok {
				errs = append(errs, l...)
			} else if one, ok := err.(*lang.Error); ok {
				errs = append(errs, one)
			} else {
				fmt.Fprintf(e.stderr, "gradc build: %v\n", err)
				return exitInput
			}
			continue
		}
		progs = append(progs, p)
	}
	if len(errs) > 0 {
		reportErrors(e.stderr, errs, srcs)
		return exitInput
	}
	if out == "" {
		first := args[0]
		base := strings.TrimSuffix(filepath.Base(first), filepath.Ext(first))
		out = filepath.Join(filepath.Dir(first), base+"_gradc.go")
	}
	if out != "-" {
		for _, in := range args {
			if filepath.Clean(out) == filepath.Clean(in) || sameFile(out, in) {
				fmt.Fprintf(e.stderr, "gradc build: -o %s would overwrite the input %s; name a .go file\n", out, in)
				return exitUsage
			}
		}
	}
	if pkg == "" {
		dir := "."
		if out != "-" {
			dir = filepath.Dir(out)
		}
		pkg = packageName(dir, out)
	}
	prog := newProgress(e, "gradc build: %d/%d fns written")
	code, err := codegen.Go(progs, codegen.GoOptions{Package: pkg, Hess: hess, Gonum: gonum, Funcs: names, Progress: prog.update})
	prog.finish()
	if err != nil {
		reportErrors(e.stderr, err, srcs)
		return exitInput
	}
	if out == "-" {
		if _, err := e.stdout.Write(code); err != nil {
			fmt.Fprintf(e.stderr, "gradc build: %v\n", err)
			return exitInput
		}
		return exitOK
	}
	if err := replaceFile(out, code); err != nil {
		fmt.Fprintf(e.stderr, "gradc build: %v\n", err)
		return exitInput
	}
	return exitOK
}

// packageName returns the package of the generated file in dir:
// $GOPACKAGE when go generate runs gradc, else the package of the
// (non-test) Go files already there, else the folder's name made into an
// identifier.
func packageName(dir, out string) string {
	if p := os.Getenv("GOPACKAGE"); goIdent(p) {
		return p
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(matches)
	fset := token.NewFileSet()
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") || filepath.Clean(m) == filepath.Clean(out) {
			continue
		}
		f, err := parser.ParseFile(fset, m, nil, parser.PackageClauseOnly)
		if err == nil && goIdent(f.Name.Name) {
			return f.Name.Name
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "main"
	}
	return identFrom(filepath.Base(abs))
}

// identFrom makes a package name of a folder name: lower case letters and
// digits, other characters dropped, a leading digit prefixed with "p".
func identFrom(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	id := b.String()
	if id == "" || !goIdent(id) {
		id = "p" + id
	}
	if !goIdent(id) {
		return "main"
	}
	return id
}

func goIdent(s string) bool { return s != "" && s != "_" && token.IsIdentifier(s) }
