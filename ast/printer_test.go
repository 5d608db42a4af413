package ast_test

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/lang"
)

var update = flag.Bool("update", false, "rewrite the .golden files under testdata")

// sameTree compares trees, ignoring positions and parentheses.
var sameTree = []cmp.Option{
	cmpopts.IgnoreTypes(ast.Pos{}),
	cmp.FilterValues(func(x, y ast.Expr) bool {
		_, px := x.(*ast.Paren)
		_, py := y.(*ast.Paren)
		return px || py
	}, cmp.Transformer("Unparen", ast.Unparen)),
	cmpopts.IgnoreFields(ast.File{}, "Name", "Comments"),
	cmpopts.EquateEmpty(),
}

// TestFormatGolden formats each testdata/*.input and compares it with its
// .golden file (go test -update rewrites them), then checks that the
// output parses to the same tree, keeps every comment in order, and
// formats to itself.
func TestFormatGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			f, err := lang.Parse(in, src)
			if err != nil {
				t.Fatal(err)
			}
			got := ast.Format(f)
			golden := strings.TrimSuffix(in, ".input") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			g, err := lang.Parse(golden, got)
			if err != nil {
				t.Fatalf("the output does not parse: %v", err)
			}
			if diff := cmp.Diff(f, g, sameTree...); diff != "" {
				t.Errorf("the output means something else (-input +output):\n%s", diff)
			}
			if again := ast.Format(g); !bytes.Equal(again, got) {
				t.Errorf("not idempotent; formatting the output gives:\n%s", again)
			}
			var texts []string
			for _, c := range g.Comments {
				texts = append(texts, c.Text)
			}
			var orig []string
			for _, c := range f.Comments {
				orig = append(orig, c.Text)
			}
			if diff := cmp.Diff(orig, texts); diff != "" {
				t.Errorf("comments changed (-input +output):\n%s", diff)
			}
			var buf bytes.Buffer
			if err := ast.Fprint(&buf, f); err != nil || !bytes.Equal(buf.Bytes(), got) {
				t.Errorf("Fprint differs from Format (err %v)", err)
			}
		})
	}
}

func TestExprString(t *testing.T) {
	tests := []struct{ src, want string }{
		{"-x^2", "-x^2"},
		{"-(x^2)", "-x^2"},
		{"(-x)^2", "(-x)^2"},
		{"a^b^c", "a^b^c"},
		{"a^(b^c)", "a^b^c"},
		{"(a^b)^c", "(a^b)^c"},
		{"a-(b-c)", "a - (b - c)"},
		{"(a-b)-c", "a - b - c"},
		{"a+(b+c)", "a + (b + c)"},
		{"a-(b+c)", "a - (b + c)"},
		{"(a*b)*c", "a*b*c"},
		{"a/(b*c)", "a/(b*c)"},
		{"a*(b/c)", "a*(b/c)"},
		{"(a+b)*c", "(a + b)*c"},
		{"2^-x", "2^-x"},
		{"2^(-x)", "2^-x"},
		{"x^-2", "x^-2"},
		{"2^(-x)^2", "2^(-x)^2"},
		{"2^-x^2", "2^-x^2"},
		{"2^-(x^2)", "2^-x^2"},
		{"2^((-x)^2)", "2^(-x)^2"},
		{"x^-(a*b)", "x^-(a*b)"},
		{"(x^-y)*z", "x^-y*z"},
		{"x^(-y*z)", "x^(-y*z)"},
		{"(a<b)<c", "(a < b) < c"},
		{"a<(b<c)", "a < (b < c)"},
		{"a<b+1", "a < b + 1"},
		{"(a||b)&&c", "(a || b) && c"},
		{"a||(b&&c)", "a || b && c"},
		{"!(a&&b)", "!(a && b)"},
		{"!!a", "!!a"},
		{"- -x", "- -x"},
		{"-(-x)", "- -x"},
		{"+(+x)", "+ +x"},
		{"-(+x)", "-+x"},
		{"x - -y", "x - -y"},
		{"x + +y", "x + +y"},
		{"x[i - -1]", "x[i - -1]"},
		{"x[i+(-1)]", "x[i+-1]"},
		{"x[(i+1)*2, j-1]", "x[(i+1)*2, j-1]"},
		{"sum(i in 0..n - 1, x[i] + 1)", "sum(i in 0..n-1, x[i] + 1)"},
		{"f(a+b, (c))", "f(a + b, c)"},
		{"if((a<b), (1), -1)", "if(a < b, 1, -1)"},
		{"diff((x^2), x)", "diff(x^2, x)"},
		{"(((1.50)))", "1.50"},
		{"1e-3 + .5 + 2.5E+10", "1e-3 + .5 + 2.5E+10"},
		{"sin(x)^2", "sin(x)^2"},
		{"-sum(i, x[i])", "-sum(i, x[i])"},
		{"f(x)[0]", "f(x)[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			x, err := lang.ParseExpr(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got := ast.ExprString(x)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			y, err := lang.ParseExpr(got)
			if err != nil {
				t.Fatalf("%s does not parse: %v", got, err)
			}
			if diff := cmp.Diff(ast.Unparen(x), ast.Unparen(y), sameTree...); diff != "" {
				t.Errorf("%s means something else (-source +printed):\n%s", got, diff)
			}
			if again := ast.ExprString(y); again != got {
				t.Errorf("not idempotent: %s then %s", got, again)
			}
		})
	}
}

// TestExprStringBuilt prints trees that programs build rather than parse:
// numbers without a literal, negative and non-finite values.
func TestExprStringBuilt(t *testing.T) {
	num := func(v float64) ast.Expr { return &ast.Number{Value: v} }
	x := &ast.Ident{Name: "x"}
	bin := func(op ast.Op, a, b ast.Expr) ast.Expr { return &ast.Binary{X: a, Op: op, Y: b} }
	neg := func(a ast.Expr) ast.Expr { return &ast.Unary{Op: ast.Neg, X: a} }
	tests := []struct {
		name string
		x    ast.Expr
		want string
	}{
		{"2*x", bin(ast.Mul, num(2), x), "2*x"},
		{"1/x", bin(ast.Div, num(1), x), "1/x"},
		{"3*x^2", bin(ast.Mul, num(3), bin(ast.Pow, x, num(2))), "3*x^2"},
		{"-sin(x)", neg(&ast.Call{Fun: &ast.Ident{Name: "sin"}, Args: []ast.Expr{x}}), "-sin(x)"},
		{"fraction", num(0.1), "0.1"},
		{"large", num(1e21), "1e+21"},
		{"small", num(1e-7), "1e-07"},
		{"negative", bin(ast.Add, x, num(-2)), "x + -2"},
		{"negative base", bin(ast.Pow, num(-2), x), "(-2)^x"},
		{"negative exponent", bin(ast.Pow, x, num(-2)), "x^-2"},
		{"minus negative", neg(num(-2)), "- -2"},
		{"minus minus negative", bin(ast.Sub, x, num(-2)), "x - -2"},
		{"inf", bin(ast.Mul, x, num(math.Inf(1))), "x*(1/0)"},
		{"minus inf", bin(ast.Add, x, num(math.Inf(-1))), "x + -1/0"},
		{"nan", bin(ast.Pow, num(math.NaN()), x), "(0/0)^x"},
		{"nil", bin(ast.Add, x, nil), "x + <nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ast.ExprString(tt.x)
			if got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			if strings.Contains(got, "<nil>") || strings.Contains(got, "/0") {
				return // not a tree of the same shape when read back
			}
			y, err := lang.ParseExpr(got)
			if err != nil {
				t.Fatalf("%s does not parse: %v", got, err)
			}
			if got2 := ast.ExprString(y); got2 != got {
				t.Errorf("read back and printed: %s", got2)
			}
			// The value of a read-back number is the built one.
			ast.Inspect(y, func(n ast.Node) bool {
				if n, ok := n.(*ast.Number); ok && n.Value == 0 {
					t.Errorf("number %q lost its value", n.Lit)
				}
				return true
			})
		})
	}
}

// TestFormatBuilt formats a file built by a program: no positions, no
// comments.
func TestFormatBuilt(t *testing.T) {
	f := &ast.File{Decls: []ast.Decl{
		&ast.ConstDecl{Name: &ast.Ident{Name: "c"}, Value: &ast.Number{Value: 0.5}},
		&ast.FnDecl{
			Name:  &ast.Ident{Name: "f"},
			Vars:  []*ast.Param{{Name: &ast.Ident{Name: "x"}, Dims: []*ast.Dim{{Name: "n"}, {Size: 2}}}},
			Semi:  true,
			Data:  []*ast.Param{{Name: &ast.Ident{Name: "a"}}},
			Block: true,
			Lets:  []*ast.Let{{Name: &ast.Ident{Name: "y"}, Value: &ast.Ident{Name: "a"}}},
			Result: &ast.Binary{Op: ast.Mul, X: &ast.Ident{Name: "y"},
				Y: &ast.Index{X: &ast.Ident{Name: "x"}, Indices: []ast.Expr{&ast.Number{Value: 0}, &ast.Number{Value: 1}}}},
		},
	}}
	want := "const c = 0.5\nfn f(x[n, 2]; a) {\n    let y = a\n    return y*x[0, 1]\n}\n"
	if got := string(ast.Format(f)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSameTreeSees checks the comparison the round-trip tests rely on:
// it ignores parentheses and positions, not structure.
func TestSameTreeSees(t *testing.T) {
	parse := func(s string) ast.Expr {
		x, err := lang.ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return ast.Unparen(x)
	}
	if cmp.Equal(parse("a-(b-c)"), parse("a-b-c"), sameTree...) {
		t.Error("a-(b-c) and a-b-c compare equal")
	}
	if !cmp.Equal(parse("(a)-((b))"), parse(" a - b"), sameTree...) {
		t.Error("(a)-((b)) and a - b compare different")
	}
}

// TestFormatLong formats a 1 MB sum: the printer walks the long left
// spine in loops and in linear time (a quadratic walk would take minutes).
func TestFormatLong(t *testing.T) {
	const n = 1 << 18
	src := "fn f(x) = x" + strings.Repeat("+x", n) + " # end\n"
	f, err := lang.Parse("long.expr", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "fn f(x) = x" + strings.Repeat(" + x", n) + " # end\n"
	if got := string(ast.Format(f)); got != want {
		t.Errorf("got %d bytes, want %d", len(got), len(want))
	}
}
