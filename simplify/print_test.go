package simplify

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDiffTable: GENERATED.md's table and conformance/diff.txt, exactly.
func TestDiffTable(t *testing.T) {
	file, err := os.Open("testdata/diff.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rows := 0
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		expr, v, want := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
		rows++
		t.Run(expr, func(t *testing.T) {
			_, fs := load(t, "fn f(x, y) = "+expr)
			f := fs["f"]
			k := map[string]int{"x": 0, "y": 1}[v]
			got := f.Graph.String(f.Graph.Deriv(f.Result, f.VarLeaf(k)))
			if got != want {
				t.Errorf("diff(%s, %s) = %s, want %s", expr, v, got, want)
			}
		})
	}
	if rows < 9 {
		t.Errorf("only %d rows in testdata/diff.txt", rows)
	}
}

// printCases are expressions whose printing is pinned exactly.
var printCases = []struct{ src, want string }{
	{"x - y", "x - y"},
	{"-x + y", "y - x"},
	{"1 - x", "1 - x"},
	{"x + 1", "x + 1"},
	{"x - 1", "x - 1"},
	{"-(x + y)", "-(x + y)"},
	{"x/(y*x^2)", "1/(y*x)"},
	{"2*x/y", "2*x/y"},
	{"-2*x/y^2", "-2*x/y^2"},
	{"x^-1", "1/x"},
	{"x^-2.5", "1/x^2.5"},
	{"(x + y)^2", "(x + y)^2"},
	{"x^y^2", "x^y^2"},
	{"(x^y)^2", "(x^y)^2"},
	{"2^-x", "2^-x"},
	{"(-x)^2", "(-x)^2"},
	{"-x^2", "-x^2"},
	{"(-2)^x", "(-2)^x"},
	{"sin(x)*cos(y)", "sin(x)*cos(y)"},
	{"x*(y + 1)", "x*(y + 1)"},
	{"x/(y + 1)", "x/(y + 1)"},
	{"if(x < y && !(x > 0), x, y)", "if(x < y && !(x > 0), x, y)"},
	{"atan2(y, x) + hypot(x, y)", "atan2(y, x) + hypot(x, y)"},
	{"x + x + y*y", "y^2 + 2*x"},
	{"0.1 + 0.2", "0.30000000000000004"},
	{"1e300*1e300", "1e+300*1e+300"},
	{"pi", "3.141592653589793"},
}

func TestPrint(t *testing.T) {
	for _, c := range printCases {
		t.Run(c.src, func(t *testing.T) {
			_, fs := load(t, "fn f(x, y) = "+c.src)
			f := fs["f"]
			if got := f.Graph.String(f.Result); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// paramList writes the parameter list of a fn over g's inputs.
func paramList(g *Graph) string {
	var vars, data []string
	for _, in := range g.Inputs {
		s := in.Name
		if len(in.Dims) > 0 {
			ds := make([]string, len(in.Dims))
			for i, d := range in.Dims {
				if d.Size >= 0 {
					ds[i] = g.Sizes[d.Size]
				} else {
					ds[i] = fmt.Sprint(d.Fixed)
				}
			}
			s += "[" + strings.Join(ds, ", ") + "]"
		}
		switch in.Kind {
		case InVar:
			vars = append(vars, s)
		case InData:
			data = append(data, s)
		}
	}
	if len(data) > 0 {
		return strings.Join(vars, ", ") + "; " + strings.Join(data, ", ")
	}
	return strings.Join(vars, ", ")
}

// reparse writes printed lets and expression as a fn, loads it and
// returns its graph's value node.
func reparse(t *testing.T, g *Graph, lets []Let, expr string) *Func {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "fn back(%s) {\n", paramList(g))
	for _, l := range lets {
		fmt.Fprintf(&b, "\tlet %s = %s\n", l.Name, l.Expr)
	}
	fmt.Fprintf(&b, "\treturn %s\n}\n", expr)
	_, fs := load(t, b.String())
	return fs["back"]
}

// TestPrintParsesBack: the printed values, derivatives and gradient
// components of every testdata fn parse back as .expr to the same value.
func TestPrintParsesBack(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.expr")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		prog, fs := load(t, string(src))
		for _, fn := range prog.Fns {
			f := fs[fn.Name()]
			g := f.Graph
			roots := []Node{f.Result}
			for k, in := range g.Inputs {
				if in.Kind == InVar && len(in.Dims) == 0 {
					roots = append(roots, g.Deriv(f.Result, f.VarLeaf(k)))
				}
			}
			pr := g.Print(roots...)
			rng := rand.New(rand.NewSource(2))
			for i, r := range roots {
				t.Run(fmt.Sprintf("%s/%s/%d", filepath.Base(file), fn.Name(), i), func(t *testing.T) {
					back := reparse(t, g, pr.Lets, pr.Exprs[i])
					orig := Value(NewFunc("orig", g, r))
					again := Value(back)
					for trial := 0; trial < 3; trial++ {
						sizes, x, data := point(f, rng)
						v1, _ := runProgram(orig, x, data, nil, sizes)
						v2, _ := runProgram(again, x, data, nil, sizes)
						if !near(v1, v2, 1e-12) {
							t.Errorf("%s: %v, parsed back %v", pr.Exprs[i], v1, v2)
						}
					}
				})
			}
		}
	}
}

// TestGolden pins the printed derivatives (text and LaTeX) and the
// gradient programs of the testdata fns. go test -run TestGolden -update
// rewrites testdata/*.golden.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.expr")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		prog, fs := load(t, string(src))
		var text, progs strings.Builder
		for _, fn := range prog.Fns {
			f := fs[fn.Name()]
			g := f.Graph
			fmt.Fprintf(&text, "fn %s(%s)\n", fn.Name(), paramList(g))
			roots := []Node{f.Result}
			names := []string{"f"}
			for k, in := range g.Inputs {
				if in.Kind == InVar && len(in.Dims) == 0 {
					roots = append(roots, g.Deriv(f.Result, f.VarLeaf(k)))
					names = append(names, "d/d"+in.Name)
				}
			}
			for _, pr := range []Printed{g.Print(roots...), g.PrintLatex(roots...)} {
				for _, l := range pr.Lets {
					fmt.Fprintf(&text, "\tlet %s = %s\n", l.Name, l.Expr)
				}
				for i, e := range pr.Exprs {
					fmt.Fprintf(&text, "\t%s = %s\n", names[i], e)
				}
			}
			progs.WriteString(Gradient(f).String())
			progs.WriteString("\n")
		}
		base := strings.TrimSuffix(file, ".expr")
		golden(t, base+".diff.golden", text.String())
		golden(t, base+".grad.golden", progs.String())
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update)", err)
	}
	if string(want) != got {
		os.WriteFile(filepath.Join(os.TempDir(), filepath.Base(path)+".got"), []byte(got), 0o644)
		t.Errorf("%s differs from the output:\n%s", path, got)
	}
}

func TestLatex(t *testing.T) {
	cases := []struct{ src, want string }{
		{"x^2/y", "\\frac{x^{2}}{y}"},
		{"sin(x)*sqrt(y)", "\\sin\\left(x\\right) \\cdot \\sqrt{y}"},
		{"abs(x) - 1", "\\left|x\\right| - 1"},
	}
	for _, c := range cases {
		_, fs := load(t, "fn f(x, y) = "+c.src)
		f := fs["f"]
		if got := f.Graph.PrintLatex(f.Result).Exprs[0]; got != c.want {
			t.Errorf("%s: got %q, want %q", c.src, got, c.want)
		}
	}
}
