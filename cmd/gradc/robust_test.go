package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// robustRun runs gradc in-process with stdin and returns what it printed.
func robustRun(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// robustFiles are the inputs of the end-to-end cases, written into a
// fresh folder; "$D" in arguments stands for it.
var robustFiles = map[string]string{
	"ok.expr":      "fn f(x) = x^2\nfn v(x[n]) = sum(i, x[i]^2)\nfn d(x; a, w[3]) = a*x + w[2]\n",
	"empty.expr":   "",
	"binary.expr":  "\xff\xfe\x00\x01\x1b[2J\n",
	"badutf.expr":  "fn f(x) = x\xff + 1\n",
	"bom.expr":     "\uFEFFfn f(x) = x^2\n",
	"crlf.expr":    "fn f(x) = x^2\r\nfn g(y) = y\r\n",
	"crlfbad.expr": "fn f(x) = x^2\r\nfn g(y) = y +\r\n",
	"unicode.expr": "fn θ(λ, μ) = λ^2*μ # Greek\n",
	"deep.expr":    "fn f(x) = " + strings.Repeat("(", 100000) + "x" + strings.Repeat(")", 100000) + "\n",
	"weird.expr": `const c = pi
fn e(x[n]) = sum(i in 3..1, x[i])
fn neg(x[n]) = sum(i in 1..n, x[i-1]*x[i])
fn one(x[1]) = x[0]^2
fn row(A[1, 3]) = sum(j, A[0, j]^2)
fn nov(; a) = a^2
fn unused(x, y; z) = x^2
fn dd(x, y) = diff(diff(x^3*y, x), x)
fn cc(x[n]) = one(x)
fn big(x) = 1e308*x + 5e-324 - 0*x
`,
	"vals.txt":    "1, 2\n3 # a comment\n",
	"garbled.txt": "1 two 3\n",
	"a.txt":       "2\n",
	"w.txt":       "1 2 3\n",
	"w2.txt":      "1 2\n",
	"rag.txt":     "1 2\n3\n",
	"many.txt":    strings.Repeat("1 ", 5000),
	"bomvals.txt": "\uFEFF1, 2\r\n3\r\n",
}

// TestRobustCommands attacks every command from the outside: malformed
// inputs, missing and strange files, wrong flags and argument counts. No
// case may crash; each exits with the spec's status and says what is
// wrong.
func TestRobustCommands(t *testing.T) {
	dir := t.TempDir()
	for name, text := range robustFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		wantOut    string // a substring of stdout
		wantErr    string // a substring of stderr
		notInErr   string // must not be in stderr
		linuxOnly  bool
		errIsEmpty bool
	}{
		// Files that are no .expr.
		{name: "empty file builds", args: []string{"build", "-o", "-", "$D/empty.expr"}, code: exitOK, wantOut: "package "},
		{name: "binary", args: []string{"build", "-o", "-", "$D/binary.expr"}, code: exitInput, wantErr: "binary.expr:1:1: invalid UTF-8 encoding", notInErr: "\x1b"},
		{name: "bad UTF-8", args: []string{"build", "-o", "-", "$D/badutf.expr"}, code: exitInput, wantErr: "badutf.expr:1:12: invalid UTF-8 encoding\n\tfn f(x) = x\uFFFD + 1\n\t           ^"},
		{name: "BOM", args: []string{"eval", "$D/bom.expr", "f", "3"}, code: exitOK, wantOut: "value 9\n"},
		{name: "CRLF", args: []string{"eval", "$D/crlf.expr", "g", "3"}, code: exitOK, wantOut: "value 3\n"},
		{name: "CRLF error", args: []string{"build", "-o", "-", "$D/crlfbad.expr"}, code: exitInput, wantErr: "crlfbad.expr:3:1: unexpected end of file"},
		{name: "Unicode names", args: []string{"eval", "$D/unicode.expr", "θ", "2", "3"}, code: exitOK, wantOut: "grad  12 4\n"},
		{name: "deep nesting", args: []string{"build", "-o", "-", "$D/deep.expr"}, code: exitInput, wantErr: "nested too deeply"},
		{name: "directory input", args: []string{"build", "$D"}, code: exitInput, wantErr: "is a directory"},
		{name: "missing input", args: []string{"eval", "$D/none.expr", "f", "1"}, code: exitInput, wantErr: "none.expr: no such file"},
		{name: "endless device", args: []string{"build", "-o", "-", "/dev/zero"}, code: exitInput, wantErr: "input too large", linuxOnly: true},
		{name: "endless device eval", args: []string{"eval", "/dev/zero", "f"}, code: exitInput, wantErr: "input too large", linuxOnly: true},
		{name: "endless device graph", args: []string{"graph", "/dev/zero", "f"}, code: exitInput, wantErr: "input too large", linuxOnly: true},
		{name: "endless device fmt", args: []string{"fmt", "/dev/zero"}, code: exitInput, wantErr: "input too large", linuxOnly: true},
		{name: "endless @FILE", args: []string{"eval", "$D/ok.expr", "f", "@/dev/zero"}, code: exitInput, wantErr: "input too large", linuxOnly: true},

		// Strange but valid programs.
		{name: "empty range", args: []string{"eval", "$D/weird.expr", "e", "1", "2"}, code: exitOK, wantOut: "value 0\ngrad  0 0\n"},
		{name: "shifted sum", args: []string{"eval", "$D/weird.expr", "neg", "1", "2", "3"}, code: exitOK, wantOut: "value 8\ngrad  2 4 2\n"},
		{name: "fixed size 1", args: []string{"eval", "$D/weird.expr", "one", "3"}, code: exitOK, wantOut: "value 9\ngrad  6\n"},
		{name: "one row", args: []string{"eval", "$D/weird.expr", "row", "1", "2", "3"}, code: exitOK, wantOut: "value 14\ngrad  2 4 6\n"},
		{name: "no variables", args: []string{"eval", "-data", "a=$D/a.txt", "$D/weird.expr", "nov"}, code: exitOK, wantOut: "value 4\ngrad  \n"},
		{name: "unused params", args: []string{"eval", "-data", "z=$D/a.txt", "$D/weird.expr", "unused", "1", "2"}, code: exitOK, wantOut: "grad  2 0\n"},
		{name: "diff of diff", args: []string{"eval", "-hess", "$D/weird.expr", "dd", "1", "2"}, code: exitOK, wantOut: "value 12\ngrad  12 6\nhess  0 6\n      6 0\n"},
		{name: "call fixes a size", args: []string{"eval", "$D/weird.expr", "cc", "3"}, code: exitOK, wantOut: "value 9\n"},
		{name: "huge and tiny numbers", args: []string{"eval", "-json", "$D/weird.expr", "big", "10"}, code: exitOK, wantOut: `{"value": null, "grad": [1e+308]}`},
		{name: "negative zero", args: []string{"eval", "$D/ok.expr", "f", "-0"}, code: exitOK, wantOut: "value 0\n"},

		// eval's values and data.
		{name: "eval too few args", args: []string{"eval", "$D/ok.expr"}, code: exitUsage, wantErr: "want FILE.expr FUNC VALUE"},
		{name: "eval unknown fn", args: []string{"eval", "$D/ok.expr", "nosuch", "1"}, code: exitInput, wantErr: "no fn nosuch"},
		{name: "eval wrong count", args: []string{"eval", "$D/ok.expr", "f", "1", "2"}, code: exitInput, wantErr: "len(x) = 2, want 1"},
		{name: "eval no values", args: []string{"eval", "$D/ok.expr", "v"}, code: exitInput, wantErr: "len(x) = 0 fits no size n"},
		{name: "eval not a number", args: []string{"eval", "$D/ok.expr", "f", "abc"}, code: exitUsage, wantErr: `value "abc" is not a number`},
		{name: "eval @FILE", args: []string{"eval", "$D/ok.expr", "v", "@$D/vals.txt"}, code: exitOK, wantOut: "value 14\n"},
		{name: "eval @FILE with BOM and CRLF", args: []string{"eval", "$D/ok.expr", "v", "@$D/bomvals.txt"}, code: exitOK, wantOut: "value 14\n"},
		{name: "eval @ alone", args: []string{"eval", "$D/ok.expr", "f", "@"}, code: exitUsage, wantErr: "@ needs a file name"},
		{name: "eval @missing", args: []string{"eval", "$D/ok.expr", "f", "@$D/none.txt"}, code: exitInput, wantErr: "none.txt: no such file"},
		{name: "eval @garbled", args: []string{"eval", "$D/ok.expr", "v", "@$D/garbled.txt"}, code: exitInput, wantErr: `garbled.txt:1: "two" is not a number`},
		{name: "eval @directory", args: []string{"eval", "$D/ok.expr", "v", "@$D"}, code: exitInput, wantErr: "is a directory"},
		{name: "data missing", args: []string{"eval", "$D/ok.expr", "d", "1"}, code: exitUsage, wantErr: "give -data a=FILE"},
		{name: "data malformed flag", args: []string{"eval", "-data", "a", "$D/ok.expr", "d", "1"}, code: exitUsage, wantErr: "want NAME=FILE"},
		{name: "data unknown name", args: []string{"eval", "-data", "q=$D/a.txt", "$D/ok.expr", "d", "1"}, code: exitUsage, wantErr: "has no data parameter q"},
		{name: "data twice", args: []string{"eval", "-data", "a=$D/a.txt", "-data", "a=$D/a.txt", "$D/ok.expr", "d", "1"}, code: exitUsage, wantErr: "given twice"},
		{name: "data wrong length", args: []string{"eval", "-data", "a=$D/a.txt", "-data", "w=$D/w2.txt", "$D/ok.expr", "d", "1"}, code: exitInput, wantErr: "len(w) = 2, want 3"},
		{name: "data scalar from vector", args: []string{"eval", "-data", "a=$D/w.txt", "-data", "w=$D/w.txt", "$D/ok.expr", "d", "1"}, code: exitInput, wantErr: "data a is a scalar"},
		{name: "data ragged", args: []string{"eval", "-data", "a=$D/a.txt", "-data", "w=$D/rag.txt", "$D/ok.expr", "d", "1"}, code: exitOK, wantOut: "value 5\n"},

		{name: "eval -hess too many variables", args: []string{"eval", "-hess", "$D/ok.expr", "v", "@$D/many.txt"}, code: exitInput, wantErr: "-hess with 5000 variables would print a 5000×5000 Hessian"},

		// build's arguments.
		{name: "build same file twice", args: []string{"build", "-o", "-", "$D/ok.expr", "$D/./ok.expr"}, code: exitUsage, wantErr: "ok.expr is given twice"},
		{name: "build over its input", args: []string{"build", "-o", "$D/ok.expr", "$D/ok.expr"}, code: exitUsage, wantErr: "would overwrite the input"},
		{name: "build into missing folder", args: []string{"build", "-o", "$D/no/such/out.go", "$D/ok.expr"}, code: exitInput, wantErr: "folder $D/no/such does not exist", notInErr: ".tmp"},
		{name: "build into a folder", args: []string{"build", "-o", "$D", "$D/ok.expr"}, code: exitInput, wantErr: "is a directory", notInErr: ".tmp"},
		{name: "build unknown -func", args: []string{"build", "-o", "-", "-func", "nosuch", "$D/ok.expr"}, code: exitInput, wantErr: "-func nosuch: no fn nosuch"},

		// diff.
		{name: "diff empty", args: []string{"diff", ""}, code: exitInput, wantErr: "<expr>:1:1: empty expression"},
		{name: "diff fn inside", args: []string{"diff", "fn f(x) = x"}, code: exitInput, wantErr: "<expr>:1:1: unexpected fn"},
		{name: "diff flag after EXPR", args: []string{"diff", "x^2", "-at", "x=1"}, code: exitUsage, wantErr: "flags go before it"},
		{name: "diff repeated -at", args: []string{"diff", "-at", "x=1", "-at", "y=2", "x*y"}, code: exitOK, wantOut: "d/dx = y  # = 2\nd/dy = x  # = 1\n"},
		{name: "diff index outside its sum", args: []string{"diff", "i + sum(i in 0..3, i*x)"}, code: exitInput, wantErr: "<expr>:1:9: sum index i shadows the parameter i (declared at 1:1)"},
		{name: "diff var declared where used", args: []string{"diff", "sum(i in 0..3, i*x) + i"}, code: exitInput, wantErr: "(declared at 1:23)"},
		{name: "diff leading minus", args: []string{"diff", "-x^2"}, code: exitOK, wantOut: "d/dx = -2*x\n"},
		{name: "diff leading minus after flags", args: []string{"diff", "-at", "x=2", "-sin(x)*1.5"}, code: exitOK, wantOut: "d/dx = -1.5*cos(x)  # = 0.6242202548207136\n"},
		{name: "diff negative number", args: []string{"diff", "-2.5*x"}, code: exitOK, wantOut: "d/dx = -2.5\n"},
		{name: "diff unknown flag still one", args: []string{"diff", "-frob", "x"}, code: exitUsage, wantErr: "flag provided but not defined: -frob"},
		{name: "diff pi", args: []string{"diff", "pi*x^2"}, code: exitOK, wantOut: "d/dx = 6.283185307179586*x\n"},

		// graph, fmt, repl, help.
		{name: "graph unknown fn", args: []string{"graph", "$D/ok.expr", "nosuch"}, code: exitInput, wantErr: "has no fn nosuch"},
		{name: "graph no fn", args: []string{"graph", "$D/ok.expr"}, code: exitUsage, wantErr: "want FILE.expr FUNC"},
		{name: "fmt binary stdin", args: []string{"fmt"}, stdin: "\x00\x1b\xff", code: exitInput, wantErr: "invalid", notInErr: "\x1b"},
		{name: "repl garbage", args: []string{"repl"}, stdin: "\xff\x00\n)))\n:nosuch\nfn\nx+x\n", code: exitInput, wantOut: "2*x\n", notInErr: "internal error"},
		{name: "repl BOM", args: []string{"repl"}, stdin: "\uFEFFx*x\n", code: exitOK, wantOut: "x^2\n", errIsEmpty: true},
		{name: "--version", args: []string{"--version"}, code: exitOK, wantOut: "gradc "},
		{name: "help help", args: []string{"help", "help"}, code: exitOK, wantOut: "The commands are:"},
		{name: "unknown command", args: []string{"frob"}, code: exitUsage, wantErr: `unknown command "frob"`},
		{name: "help unknown", args: []string{"help", "frob"}, code: exitUsage, wantErr: `unknown command "frob"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.linuxOnly && runtime.GOOS != "linux" {
				t.Skip("needs /dev/zero")
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$D", dir)
			}
			code, out, errs := robustRun(tt.stdin, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			if tt.wantOut != "" && !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout %q, want it to contain %q", out, tt.wantOut)
			}
			if want := strings.ReplaceAll(tt.wantErr, "$D", dir); !strings.Contains(errs, want) {
				t.Errorf("stderr %q, want it to contain %q", errs, want)
			}
			if tt.notInErr != "" && strings.Contains(errs, tt.notInErr) {
				t.Errorf("stderr %q contains %q", errs, tt.notInErr)
			}
			if tt.errIsEmpty && errs != "" {
				t.Errorf("stderr %q, want nothing", errs)
			}
			if strings.Contains(errs, "goroutine ") || strings.Contains(errs, "panic:") {
				t.Errorf("crashed: %s", errs)
			}
		})
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "ok.expr")); string(got) != robustFiles["ok.expr"] {
		t.Errorf("an input was overwritten: %q", got)
	}
}

// TestRobustHelpEverywhere: -h on every command prints its usage to
// stdout and exits 0, and so does gradc help COMMAND.
func TestRobustHelpEverywhere(t *testing.T) {
	for name := range commands {
		for _, args := range [][]string{{name, "-h"}, {"help", name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errs := robustRun("", args...)
				if code != exitOK || !strings.HasPrefix(out, "usage: gradc "+name) || errs != "" {
					t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", code, out, errs)
				}
			})
		}
	}
}

// TestRobustOutputFiles: build writes its output whole or not at all,
// keeps an existing file's mode, follows a symbolic link instead of
// replacing it, writes through a device instead of replacing it, and does
// not rewrite a file that would not change.
func TestRobustOutputFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "m.expr")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(out string) (int, string) {
		code, _, errs := robustRun("", "build", "-pkg", "m", "-o", out, in)
		return code, errs
	}
	write("fn f(x) = x^2\n")

	t.Run("failure keeps the old file", func(t *testing.T) {
		out := filepath.Join(dir, "keep.go")
		if err := os.WriteFile(out, []byte("package keep\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		write("fn f(x) = x^2\nfn g(x) = \n")
		defer write("fn f(x) = x^2\n")
		if code, _ := build(out); code != exitInput {
			t.Fatalf("exit %d, want 1", code)
		}
		if got, _ := os.ReadFile(out); string(got) != "package keep\n" {
			t.Errorf("the old output changed to %q", got)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".keep.go.*")); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})

	t.Run("mode kept, unchanged not rewritten", func(t *testing.T) {
		out := filepath.Join(dir, "mode.go")
		if code, errs := build(out); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if err := os.Chmod(out, 0o600); err != nil {
			t.Fatal(err)
		}
		before, _ := os.Stat(out)
		if code, errs := build(out); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		after, _ := os.Stat(out)
		if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
			t.Errorf("an unchanged output was rewritten")
		}
		write("fn f(x) = x^3\n")
		defer write("fn f(x) = x^2\n")
		if code, errs := build(out); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		info, _ := os.Stat(out)
		if info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v after a rewrite, want 0600 kept", info.Mode().Perm())
		}
	})

	t.Run("symbolic link followed", func(t *testing.T) {
		target := filepath.Join(dir, "target.go")
		link := filepath.Join(dir, "link.go")
		if err := os.WriteFile(target, []byte("package old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, link); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		if code, errs := build(link); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if li, err := os.Lstat(link); err != nil || li.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced by a file")
		}
		if got, _ := os.ReadFile(target); !bytes.Contains(got, []byte("func FGrad(")) {
			t.Errorf("the link's target was not written: %q", got)
		}
		dangling := filepath.Join(dir, "dangling.go")
		if err := os.Symlink(filepath.Join(dir, "nowhere.go"), dangling); err != nil {
			t.Fatal(err)
		}
		if code, errs := build(dangling); code != exitInput || !strings.Contains(errs, "symbolic link to a missing file") {
			t.Errorf("dangling link: exit %d, stderr %q", code, errs)
		}
	})

	t.Run("device written in place", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("needs /dev/null")
		}
		// A link to /dev/null in the temporary folder: the build must write
		// through it, never create a file in /dev or replace the device.
		link := filepath.Join(dir, "null.go")
		if err := os.Symlink("/dev/null", link); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		if code, errs := build(link); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		info, err := os.Stat("/dev/null")
		if err != nil || info.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/null is no longer a device: %v %v", info.Mode(), err)
		}
		if li, err := os.Lstat(link); err != nil || li.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link to /dev/null was replaced by a file")
		}
	})
}

// TestRobustAgreement: for varied programs, gradc eval (the tape), the
// generated Go run by a small driver, and gradc check agree.
func TestRobustAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs Go")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	const src = `const c = 0.1
fn rosen(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)
fn sinc2(x, y) {
    let r = sqrt(x^2 + y^2)
    return sin(r) / r
}
fn hinge(z) = if(z < 1, 1 - z, 0)
fn slope(x, y) = diff(x^2*y, x)
fn mix(x, y) = atan2(y, x) + hypot(x, y) + pow(x, y) + min(x, y)*max(x, y) + sigmoid(x) + softplus(y) + c*pi
fn quad(A[n, n], v[n]) = sum(i, sum(j, v[i]*A[i, j]*v[j]))
fn tri(x[n]) = sum(i in 0..n, sum(j in 0..i, x[i]*x[j]*(i-j+1)))
fn calls(x[n], y) = rosen(x) * y + sinc2(y, x[0])
fn spec(x) = erf(x) + erfc(x) + cbrt(x) + log1p(x^2) + expm1(x) + tanh(x) + asinh(x) + abs(x) + sign(x)*floor(x) + ceil(x)
fn conds(x, y) = if(x > 0 && !(y >= 1) || x == y, x*y, x - y)
fn neg(x[n]) = sum(i, x[-i]*x[n-1+i]) + sum(i in 1..n, x[i-1])
`
	points := []struct {
		fn string
		x  []float64
	}{
		{"rosen", []float64{0.5, 1.5, -0.3, 2}},
		{"sinc2", []float64{0.7, -1.2}},
		{"hinge", []float64{0.3}},
		{"hinge", []float64{1.3}},
		{"slope", []float64{1.5, -2}},
		{"mix", []float64{0.7, 1.3}},
		{"quad", []float64{1, 2, 3, 4, 0.5, -1}},
		{"tri", []float64{1, -2, 3}},
		{"calls", []float64{0.5, 1.5, -0.3, 2}},
		{"spec", []float64{0.7}},
		{"spec", []float64{-1.3}},
		{"conds", []float64{0.5, 0.2}},
		{"conds", []float64{-0.5, 0.2}},
		{"neg", []float64{1, -2, 3, 0.5}},
	}
	dir := t.TempDir()
	exprPath := filepath.Join(dir, "progs.expr")
	if err := os.WriteFile(exprPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := robustRun("", "build", "-hess", "-pkg", "main", "-o", filepath.Join(dir, "gen.go"), exprPath); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	var calls strings.Builder
	for _, p := range points {
		name := goName(p.fn)
		fmt.Fprintf(&calls, "\tout(%#v, %sGrad, %sHess)\n", p.x, name, name)
	}
	driver := `package main

import (
	"encoding/json"
	"math"
	"os"
)

func clean(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func out(x []float64, grad func(g, x []float64) float64, hess func(h, x []float64)) {
	g := make([]float64, len(x))
	v := grad(g, x)
	h := make([]float64, len(x)*len(x))
	hess(h, x)
	rec := map[string]any{"value": clean(v)}
	var gs, hs []any
	for _, e := range g {
		gs = append(gs, clean(e))
	}
	for _, e := range h {
		hs = append(hs, clean(e))
	}
	rec["grad"], rec["hess"] = gs, hs
	json.NewEncoder(os.Stdout).Encode(rec)
}

func main() {
` + calls.String() + "}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(driver), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module drv\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	goOut, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, goOut)
	}
	lines := strings.Split(strings.TrimSpace(string(goOut)), "\n")
	if len(lines) != len(points) {
		t.Fatalf("driver printed %d lines, want %d:\n%s", len(lines), len(points), goOut)
	}
	for i, p := range points {
		args := []string{"eval", "-json", "-hess", exprPath, p.fn}
		for _, v := range p.x {
			args = append(args, fmt.Sprint(v))
		}
		code, evalOut, errs := robustRun("", args...)
		if code != exitOK {
			t.Errorf("%s: eval exit %d: %s", p.fn, code, errs)
			continue
		}
		var tape, gen struct {
			Value *float64     `json:"value"`
			Grad  []*float64   `json:"grad"`
			Hess  [][]*float64 `json:"hess"`
		}
		if err := json.Unmarshal([]byte(evalOut), &tape); err != nil {
			t.Fatalf("%s: eval -json: %v: %s", p.fn, err, evalOut)
		}
		var flat struct {
			Value *float64   `json:"value"`
			Grad  []*float64 `json:"grad"`
			Hess  []*float64 `json:"hess"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &flat); err != nil {
			t.Fatalf("%s: driver: %v: %s", p.fn, err, lines[i])
		}
		gen.Value, gen.Grad = flat.Value, flat.Grad
		n := len(p.x)
		for r := 0; r < n && len(flat.Hess) == n*n; r++ {
			gen.Hess = append(gen.Hess, flat.Hess[r*n:(r+1)*n])
		}
		near := func(what string, a, b *float64) {
			switch {
			case a == nil && b == nil:
			case a == nil || b == nil:
				t.Errorf("%s at %v: %s: tape %v, Go %v", p.fn, p.x, what, a, b)
			case math.Abs(*a-*b) > 1e-12*math.Max(1, math.Max(math.Abs(*a), math.Abs(*b))):
				t.Errorf("%s at %v: %s: tape %v, Go %v", p.fn, p.x, what, *a, *b)
			}
		}
		near("value", tape.Value, gen.Value)
		if len(tape.Grad) != n || len(gen.Grad) != n || len(tape.Hess) != n || len(gen.Hess) != n {
			t.Errorf("%s: lengths: tape grad %d hess %d, Go grad %d hess %d, want %d", p.fn, len(tape.Grad), len(tape.Hess), len(gen.Grad), len(gen.Hess), n)
			continue
		}
		for j := range n {
			near(fmt.Sprintf("grad[%d]", j), tape.Grad[j], gen.Grad[j])
			for k := range n {
				near(fmt.Sprintf("hess[%d][%d]", j, k), tape.Hess[j][k], gen.Hess[j][k])
			}
		}
	}
	code, out, errs := robustRun("", "check", "-n", "10", exprPath)
	if code != exitOK {
		t.Errorf("check: exit %d: %s\n%s", code, errs, out)
	}
	if !strings.Contains(out, "fn neg:") || strings.Contains(out, "FAIL") {
		t.Errorf("check report lacks a fn or has a failure:\n%s", out)
	}
}

// goName is the exported Go name of an .expr fn, as GENERATED.md makes it
// for the simple names of TestRobustAgreement.
func goName(fn string) string {
	var b strings.Builder
	up := true
	for _, r := range fn {
		if r == '_' {
			up = true
			continue
		}
		if up {
			r = []rune(strings.ToUpper(string(r)))[0]
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestRobustProgress: the progress line stays quiet during the first
// second, then rewrites one line at most ten times a second, and clears
// it at the end; a nil progress (no terminal) shows nothing.
func TestRobustProgress(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Unix(0, 0)
	p := &progress{w: &buf, what: "gradc build: %d/%d fns written", now: func() time.Time { return clock }, start: clock}
	p.update(1, 9)
	clock = clock.Add(1500 * time.Millisecond)
	p.update(2, 9)
	clock = clock.Add(10 * time.Millisecond)
	p.update(3, 9)
	clock = clock.Add(200 * time.Millisecond)
	p.update(4, 9)
	p.finish()
	if want := "\rgradc build: 2/9 fns written\x1b[K\rgradc build: 4/9 fns written\x1b[K\r\x1b[K"; buf.String() != want {
		t.Errorf("progress printed %q, want %q", buf.String(), want)
	}
	var none *progress
	none.update(1, 2)
	none.finish()
	if p := newProgress(&env{stderr: &buf}, "%d/%d"); p != nil {
		t.Errorf("a progress line on a buffer, want none off a terminal")
	}
}

// TestRobustAgreementSpecial: at the special values of IEEE-754 (±0,
// ±Inf, NaN, ties of min and max, the edges of the domains), gradc eval
// and the generated Go print the same value and gradient, to the bit and
// the sign. The generated Go used to compute x^0.5 as math.Sqrt(x), which
// keeps the sign of -0 where math.Pow (the tape, and the spec) does not:
// at x = -0 the gradient was -Inf against +Inf.
func TestRobustAgreementSpecial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs Go")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	const src = `fn mn(x, y) = min(x, y)
fn mx(x, y) = max(x, y)
fn cmp(x, y) = if(x < y, 1, 2) + if(x == y, 10, 20) + if(!(x >= y), 100, 200)
fn ab(x) = abs(x) + sign(x)
fn sg(x) = sigmoid(x) + softplus(x)
fn fl(x) = floor(x) + ceil(x)
fn pw(x, y) = x^y + pow(x, 0.5) + x^-1
fn sq(x) = x^0.5 + 2*x^-0.5
fn hy(x, y) = hypot(x, y) + atan2(y, x)
fn lg(x) = log(x) + log1p(x) + log2(x) + log10(x) + sqrt(x) + cbrt(x)
fn tr(x) = asin(x) + acos(x) + atanh(x) + acosh(x)
`
	cases := []string{
		"mn NaN 1", "mn 1 NaN", "mn -0 0", "mn 0 -0", "mn 1 1", "mx NaN 1", "mx -0 0", "mx 0 -0",
		"cmp NaN 1", "cmp 1 NaN", "cmp 1 1", "ab -0", "ab NaN", "ab 0", "sg 1000", "sg -1000", "sg NaN", "sg -0",
		"fl NaN", "fl -0.5", "fl Inf", "pw 0 0", "pw -8 0.5", "pw 0 -1", "pw Inf 0", "pw NaN 0", "pw -0 2",
		"sq -0", "sq 0", "sq 4", "sq -4", "sq Inf",
		"hy Inf NaN", "hy 0 0", "hy -0 -0", "lg 0", "lg -1", "lg Inf", "lg -0", "tr 1", "tr -1", "tr 2", "tr 0.5",
	}
	dir := t.TempDir()
	exprPath := filepath.Join(dir, "special.expr")
	if err := os.WriteFile(exprPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := robustRun("", "build", "-pkg", "main", "-o", filepath.Join(dir, "gen.go"), exprPath); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	var table strings.Builder
	for _, fn := range []string{"mn", "mx", "cmp", "ab", "sg", "fl", "pw", "sq", "hy", "lg", "tr"} {
		fmt.Fprintf(&table, "\t%q: %sGrad,\n", fn, goName(fn))
	}
	driver := `package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

var fns = map[string]func(g, x []float64) float64{
` + table.String() + `}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		var x []float64
		for _, a := range f[1:] {
			v, _ := strconv.ParseFloat(a, 64)
			x = append(x, v)
		}
		g := make([]float64, len(x))
		v := fns[f[0]](g, x)
		parts := make([]string, len(g))
		for i, e := range g {
			parts[i] = num(e)
		}
		fmt.Printf("value %s\ngrad  %s\n", num(v), strings.Join(parts, " "))
	}
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(driver), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module drv\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdin = strings.NewReader(strings.Join(cases, "\n") + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 2*len(cases) {
		t.Fatalf("driver printed %d lines, want %d:\n%s", len(lines), 2*len(cases), out)
	}
	for i, c := range cases {
		code, evalOut, errs := robustRun("", append([]string{"eval", exprPath}, strings.Fields(c)...)...)
		if code != exitOK {
			t.Errorf("eval %s: exit %d: %s", c, code, errs)
			continue
		}
		if want := lines[2*i] + "\n" + lines[2*i+1] + "\n"; evalOut != want {
			t.Errorf("%s: tape printed\n%sgenerated Go printed\n%s", c, evalOut, want)
		}
	}
}
