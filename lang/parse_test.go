package lang

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/ast"
)

// parenthesize writes x with every operation in parentheses, so that a
// test can state the tree the parser built.
func parenthesize(x ast.Expr) string {
	switch x := x.(type) {
	case nil:
		return "<nil>"
	case *ast.Paren:
		return parenthesize(x.X)
	case *ast.Number:
		return x.Lit
	case *ast.Ident:
		return x.Name
	case *ast.Unary:
		return "(" + x.Op.String() + parenthesize(x.X) + ")"
	case *ast.Binary:
		return "(" + parenthesize(x.X) + " " + x.Op.String() + " " + parenthesize(x.Y) + ")"
	case *ast.Call:
		return x.Fun.Name + "(" + parenthesizeList(x.Args) + ")"
	case *ast.Index:
		return parenthesize(x.X) + "[" + parenthesizeList(x.Indices) + "]"
	case *ast.Sum:
		if x.Lo != nil {
			return "sum(" + x.Index.Name + " in " + parenthesize(x.Lo) + ".." + parenthesize(x.Hi) + ", " + parenthesize(x.Body) + ")"
		}
		return "sum(" + x.Index.Name + ", " + parenthesize(x.Body) + ")"
	case *ast.If:
		return "if(" + parenthesizeList([]ast.Expr{x.Cond, x.Then, x.Else}) + ")"
	case *ast.Diff:
		return "diff(" + parenthesize(x.X) + ", " + x.Var.Name + ")"
	}
	return fmt.Sprintf("<%T>", x)
}

func parenthesizeList(xs []ast.Expr) string {
	var s []string
	for _, x := range xs {
		s = append(s, parenthesize(x))
	}
	return strings.Join(s, ", ")
}

func TestPrecedence(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a - b - c", "((a - b) - c)"},
		{"a - (b - c)", "(a - (b - c))"},
		{"a / b / c", "((a / b) / c)"},
		{"a / b * c", "((a / b) * c)"},
		{"a ^ b ^ c", "(a ^ (b ^ c))"},
		{"(a ^ b) ^ c", "((a ^ b) ^ c)"},
		{"-x^2", "(-(x ^ 2))"},
		{"(-x)^2", "((-x) ^ 2)"},
		{"2^-x", "(2 ^ (-x))"},
		{"2^-x^2", "(2 ^ (-(x ^ 2)))"},
		{"-a^-b^c", "(-(a ^ (-(b ^ c))))"},
		{"a^-b*c", "((a ^ (-b)) * c)"},
		{"-x*y", "((-x) * y)"},
		{"- -x", "(-(-x))"},
		{"+x - -y", "((+x) - (-y))"},
		{"!a && b", "((!a) && b)"},
		{"a || b && c", "(a || (b && c))"},
		{"a && b || c", "((a && b) || c)"},
		{"a || b || c", "((a || b) || c)"},
		{"a < b && b <= c", "((a < b) && (b <= c))"},
		{"a + 1 == b * 2", "((a + 1) == (b * 2))"},
		{"a != b", "(a != b)"},
		{"x >= -1", "(x >= (-1))"},
		{"x[i+1] * A[i, j]", "(x[(i + 1)] * A[i, j])"},
		{"f(x)[0]", "f(x)[0]"},
		{"sin(x)^2", "(sin(x) ^ 2)"},
		{"sum(i, x[i])^2", "(sum(i, x[i]) ^ 2)"},
		{"sum(i in 0..n-1, x[i])", "sum(i in 0..(n - 1), x[i])"},
		{"if(a < b, 1, -1)", "if((a < b), 1, (-1))"},
		{"diff(x^2*y, x)", "diff(((x ^ 2) * y), x)"},
		{"1e-3 + .5 + 2.5E+10", "((1e-3 + .5) + 2.5E+10)"},
		{"x ** 2", "(x ^ 2)"}, // reported, then read as ^
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := Parse("p.expr", []byte("fn f(x) = "+tt.src))
			if err != nil && !strings.Contains(tt.src, "**") {
				t.Fatal(err)
			}
			if len(f.Decls) != 1 {
				t.Fatalf("got %d decls", len(f.Decls))
			}
			if got := parenthesize(f.Decls[0].(*ast.FnDecl).Result); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			x, err := ParseExpr(tt.src)
			if strings.Contains(tt.src, "**") {
				if err == nil {
					t.Fatal("ParseExpr accepted **")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := parenthesize(x); got != tt.want {
				t.Errorf("ParseExpr: got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestSyntaxErrors lists every kind of syntax error with its place and
// message. Each line of want is "LINE:COL: message".
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"double star", "fn f(x) = x ** 2", []string{"1:13: use ^ for powers, not **"}},
		{"double star twice", "fn f(x) = x ** 2 + y**3", []string{
			"1:13: use ^ for powers, not **", "1:21: use ^ for powers, not **"}},
		{"unclosed paren", "fn f(x) = (x + 1", []string{"1:17: missing ) to close ( at 1:11"}},
		{"unclosed paren before next decl", "fn f(x) = (x + 1\nfn g(x) = x", []string{"1:17: missing ) to close ( at 1:11"}},
		{"unclosed call", "fn f(x) = sin(x", []string{"1:16: missing ) to close ( at 1:14"}},
		{"wrong closer", "fn f(x) = x[i)", []string{"1:14: unexpected ), expected ] to close [ at 1:12"}},
		{"stray closer", "fn f(x) = x + 1)", []string{"1:16: unexpected ): no opening bracket to match it"}},
		{"missing operand", "fn f(x) = x * * 2", []string{"1:15: unexpected *, expected an expression"}},
		{"missing operand at end", "fn f(x) = x +", []string{"1:14: unexpected end of file, expected an expression"}},
		{"empty body", "fn f(x) = ", []string{"1:11: unexpected end of file, expected an expression"}},
		{"empty body before next decl", "fn f(x) =\nfn g(x) = x", []string{"2:1: unexpected fn, expected an expression"}},
		{"missing operator", "fn f(x) = x y", []string{"1:13: unexpected y, expected an operator"}},
		{"number glued to name", "fn f(x) = 2x", []string{"1:12: missing operator between 2 and x: write 2*x for a product"}},
		{"chained comparison", "fn f(x) = if(0 < x < 1, x, 0)", []string{
			"1:20: comparisons do not chain: a < b < c is an error; write a < b && b < c"}},
		{"keyword as let", "fn f(x) { let sum = 1 return x }", []string{
			"1:15: cannot use keyword sum as the name of a let; choose another name"}},
		{"keyword as param", "fn f(in) = 1", []string{"1:6: cannot use keyword in as the name of a parameter; choose another name"}},
		{"keyword as fn", "fn if(x) = x", []string{"1:4: cannot use keyword if as the name of a fn; choose another name"}},
		{"keyword as value", "fn f(x) = sum + 1", []string{
			"1:11: sum is a keyword, not a name: write sum(i, body) or sum(i in lo..hi, body)"}},
		{"bare sum", "fn f(x) = sum , 1", []string{"1:15: unexpected comma, expected ( after sum"}},
		{"keyword in expression", "fn f(x) = x + let", []string{"1:15: unexpected let, expected an expression (let is a keyword)"}},
		{"fractional dim", "fn f(x[2.5]) = x", []string{"1:8: dimension 2.5 must be a positive integer or a size name"}},
		{"zero dim", "fn f(x[0]) = x", []string{"1:8: dimension must be positive, not 0"}},
		{"huge dim", "fn f(x[99999999999999999999]) = x", []string{
			"1:8: dimension 99999999999999999999 is too large (the limit is 16777216); use a size name such as n"}},
		{"expression dim", "fn f(x[n+1]) = x", []string{"1:9: unexpected +, expected ]"}},
		{"trailing comma in params", "fn f(x, ) = x", []string{"1:9: unexpected ) after a comma: remove the comma"}},
		{"trailing comma in args", "fn f(x) = atan2(x, )", []string{"1:20: unexpected ) after a comma: remove the comma"}},
		{"trailing comma in index", "fn f(x) = x[1, ]", []string{"1:16: unexpected ] after a comma: remove the comma"}},
		{"semicolon without data", "fn f(x;) = x", []string{"1:8: unexpected ) after ;: write the data parameters after ; (fn f(x; a)), or remove the ;"}},
		{"missing body", "fn f(x) x", []string{"1:9: unexpected x, expected = or {"}},
		{"missing name", "fn (x) = x", []string{"1:4: unexpected (, expected a name"}},
		{"block without return", "fn f(x) { let a = 1 }", []string{"1:21: unexpected }, expected return"}},
		{"if with two arguments", "fn f(x) = if(x < 1, 1)", []string{"1:22: unexpected ), expected comma"}},
		{"no declaration", "x + 1", []string{"1:1: unexpected x, expected fn or const to begin a declaration"}},
		{"junk after block", "fn f(x) { return x } y", []string{"1:22: unexpected y, expected fn or const to begin a declaration"}},
		{"invalid character", "fn f(x) = x $ 2", []string{"1:13: invalid character '$'"}},
		{"single ampersand", "fn f(x) = if(x & x, 1, 0)", []string{"1:16: unexpected &: use && for a logical and"}},
		{"single bar", "fn f(x) = if(x | x, 1, 0)", []string{"1:16: unexpected |: use || for a logical or"}},
		{"trailing point", "fn f(x) = 1. + x", []string{"1:12: malformed number: write a digit after the point (1.0, not 1.)"}},
		{"empty exponent", "fn f(x) = 1e+ x", []string{"1:11: malformed number 1e+: the exponent has no digits"}},
		{"huge number", "fn f(x) = 1e400", []string{"1:11: number 1e400 is too large for a float64 (the largest is about 1.8e308)"}},
		{"bad utf8", "fn f(x) = x\xff", []string{"1:12: invalid UTF-8 encoding"}},
		{"control character", "fn f(x) = x\x01", []string{"1:12: invalid character U+0001"}},
		{"not a letter", "fn f(x) = x·2", []string{"1:12: invalid character U+00B7 '·'"}},
		{"errors in several decls", "fn f(x) = x *\nfn g(y) = (y\nconst c = 1 ** 2\nfn h(z) = z z", []string{
			"2:1: unexpected fn, expected an expression",
			"2:13: missing ) to close ( at 2:11",
			"3:13: use ^ for powers, not **",
			"4:13: unexpected z, expected an operator",
		}},
		{"unicode columns", "fn θ(λ) = λ + * 2", []string{"1:15: unexpected *, expected an expression"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("e.expr", []byte(tt.src))
			var got []string
			var list ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					if e.File != "e.expr" {
						t.Errorf("error %v has file %q", e, e.File)
					}
					got = append(got, fmt.Sprintf("%s: %s", e.Pos, e.Msg))
				}
			} else if err != nil {
				t.Fatalf("error is a %T, not an ErrorList: %v", err, err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestTooManyErrors(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "fn f%d(x) = x ** %d\n", i, i)
	}
	_, err := Parse("m.expr", []byte(b.String()))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	lines := list.Lines()
	if len(lines) != MaxErrors+1 || lines[MaxErrors] != "too many errors" {
		t.Fatalf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
	for i, l := range lines[:MaxErrors] {
		want := fmt.Sprintf("m.expr:%d:", i+1)
		if !strings.HasPrefix(l, want) {
			t.Errorf("line %d = %q, want prefix %q (source order)", i, l, want)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "# θ comment\nfn θ(λ, x[n]) {\n\tlet μ = λ*x[0] # é\n\treturn μ^2\n}\n"
	f, err := Parse("u.expr", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[0].(*ast.FnDecl)
	let := fn.Lets[0]
	bin := let.Value.(*ast.Binary)
	tests := []struct {
		name string
		got  ast.Pos
		want string // line:col
		text string // the source at the position's offset
	}{
		{"fn", fn.Fn, "2:1", "fn θ"},
		{"name θ", fn.Name.At, "2:4", "θ(λ"},
		{"param λ", fn.Vars[0].Name.At, "2:6", "λ, x"},
		{"param x", fn.Vars[1].Name.At, "2:9", "x[n]"},
		{"dim n", fn.Vars[1].Dims[0].At, "2:11", "n]"},
		{"let", let.Let, "3:2", "let μ"},
		{"let μ", let.Name.At, "3:6", "μ ="},
		{"λ use", bin.X.Pos(), "3:10", "λ*x"},
		{"op *", bin.OpPos, "3:11", "*x[0]"},
		{"index [", bin.Y.(*ast.Index).Lbrack, "3:13", "[0]"},
		{"return", fn.Return, "4:2", "return μ^2"},
		{"rbrace", fn.Rbrace, "5:1", "}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.String() != tt.want || !strings.HasPrefix(src[tt.got.Offset:], tt.text) {
				t.Errorf("got %s offset %d (%q), want %s at %q", tt.got, tt.got.Offset, src[tt.got.Offset:], tt.want, tt.text)
			}
		})
	}
	if len(f.Comments) != 2 || f.Comments[0].Text != "# θ comment" || f.Comments[1].Text != "# é" ||
		f.Comments[1].Hash.String() != "3:17" {
		t.Errorf("comments: %+v %+v", f.Comments[0], f.Comments[1])
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		lit  string
		want float64
	}{
		{"2", 2}, {"0.5", 0.5}, {".5", 0.5}, {"1e-3", 1e-3}, {"2.5E+10", 2.5e10}, {"007", 7}, {"1e-400", 0},
	}
	for _, tt := range tests {
		t.Run(tt.lit, func(t *testing.T) {
			x, err := ParseExpr(tt.lit)
			if err != nil {
				t.Fatal(err)
			}
			n := x.(*ast.Number)
			if n.Lit != tt.lit || n.Value != tt.want {
				t.Errorf("got %q = %v", n.Lit, n.Value)
			}
		})
	}
}

func TestParseExpr(t *testing.T) {
	x, err := ParseExpr("  sin(θ)*2")
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Pos().String(); got != "1:3" {
		t.Errorf("position %s, want 1:3", got)
	}
	for _, tt := range []struct{ src, want string }{
		{"", "1:1: empty expression"},
		{"x y", "1:3: unexpected y, expected an operator"},
		{"x +", "1:4: unexpected end of file, expected an expression"},
		{"(x", "1:3: missing ) to close ( at 1:1"},
		{"fn f(x) = x", "1:1: unexpected fn, expected an expression"},
	} {
		t.Run(tt.src, func(t *testing.T) {
			_, err := ParseExpr(tt.src)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}

// TestDepthLimit feeds nesting far past MaxDepth: the parser must give
// one clear error, not overflow its stack.
func TestDepthLimit(t *testing.T) {
	const n = 100000
	want := fmt.Sprintf("expression nested too deeply (more than %d levels); split it with let", MaxDepth)
	tests := []struct{ name, src string }{
		{"parens", strings.Repeat("(", n) + "x" + strings.Repeat(")", n)},
		{"unclosed parens", strings.Repeat("(", n) + "x"},
		{"calls", strings.Repeat("sin(", n) + "x" + strings.Repeat(")", n)},
		{"brackets", "x" + strings.Repeat("[x", n) + strings.Repeat("]", n)},
		{"minus", strings.Repeat("-", n) + "x"},
		{"not", strings.Repeat("!", n) + "x"},
		{"powers", "a" + strings.Repeat("^a", n)},
		{"powers of negatives", strings.Repeat("-a^", n) + "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("d.expr", []byte("fn f(x) = "+tt.src+"\nfn g(x) = x ** 2"))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 2 || list[0].Msg != want || list[1].Msg != "use ^ for powers, not **" {
				t.Fatalf("got %v", err)
			}
			_, err = ParseExpr(tt.src)
			if !errors.As(err, &list) || len(list) != 1 || list[0].Msg != want {
				t.Fatalf("ParseExpr: got %v", err)
			}
		})
	}
	// Just under the limit is fine.
	ok := strings.Repeat("(", MaxDepth-1) + "x" + strings.Repeat(")", MaxDepth-1)
	if _, err := Parse("d.expr", []byte("fn f(x) = "+ok)); err != nil {
		t.Errorf("depth %d: %v", MaxDepth-1, err)
	}
}

// TestFlatMegabyte parses a 1 MB sum x+x+...+x: long, but not deep.
func TestFlatMegabyte(t *testing.T) {
	src := "fn f(x) = x" + strings.Repeat("+x", 1<<19)
	f, err := Parse("big.expr", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// The tree leans left: walk down its spine.
	n := 0
	x := f.Decls[0].(*ast.FnDecl).Result
	for {
		b, ok := x.(*ast.Binary)
		if !ok {
			break
		}
		n++
		x = b.X
	}
	if n != 1<<19 {
		t.Errorf("got %d additions, want %d", n, 1<<19)
	}
	if got := len(ast.ExprString(f.Decls[0].(*ast.FnDecl).Result)); got != 2*(1<<19)+1 {
		// ExprString writes "x + x + ..." with spaces: 4 bytes a term.
		if got != 4*(1<<19)+1 {
			t.Errorf("printed %d bytes", got)
		}
	}
}

func TestInputLimits(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	for i := range big {
		big[i] = ' '
	}
	_, err := Parse("huge.expr", big)
	if err == nil || !strings.Contains(err.Error(), "input too large") {
		t.Errorf("got %v", err)
	}
	many := "fn f(x) = x" + strings.Repeat("+x", MaxTokens/2)
	_, err = Parse("many.expr", []byte(many))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d tokens", MaxTokens)) {
		t.Errorf("got %v", err)
	}
}

// TestConformanceFiles parses the spec's files: the good ones without
// error, the bad ones that are syntax errors with one.
func TestConformanceFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*.expr")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	syntaxBad := map[string]string{
		"bad_double_star.expr": "1:13: use ^ for powers, not **",
		"bad_unclosed.expr":    "1:17: missing ) to close ( at 1:11",
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(name, src)
			switch want, bad := syntaxBad[name]; {
			case bad:
				if err == nil || err.Error() != name+":"+want {
					t.Errorf("got %v, want %s", err, want)
				}
			case err != nil:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
}

func TestNoPanicOnJunk(t *testing.T) {
	inputs := []string{
		"", "#", "\n\n", "fn", "fn f", "fn f(", "fn f(x", "fn f(x)", "fn f(x) {", "fn f(x) { return",
		"const", "const c", "const c =", ")", "]]]", "}{", "fn f(x) = sum(", "fn f(x) = sum(i in", "fn f(x) = sum(i in 0..",
		"fn f(x) = if(", "fn f(x) = diff(x,", "fn f(;", "fn f(x;", "fn f(x[", "fn f(x[n,", "\uFEFFfn f(x) = x",
		"fn f(x) = x\r\n", "fn f(x) = ....", "fn f(x) = 1..2", "let", "return", "in", "fn f(x) = x[]", "fn f(x) = f()[0]",
	}
	for _, src := range inputs {
		t.Run(fmt.Sprintf("%q", src), func(t *testing.T) {
			f, err := Parse("j.expr", []byte(src))
			if f == nil {
				t.Fatalf("nil file (err %v)", err)
			}
			var list ErrorList
			if err != nil && !errors.As(err, &list) {
				t.Fatalf("error is a %T", err)
			}
			for _, e := range list {
				if !e.Pos.IsValid() {
					t.Errorf("error without a position: %v", e)
				}
			}
		})
	}
}
