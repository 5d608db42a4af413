package lang

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gradc/gradc/ast"
)

// referenceDecls parses src with participle alone (referenceParser), one
// declaration at a time as Parse splits them, and returns the grammar
// structs of each, or the first error.
func referenceDecls(src string) ([]*gDecl, error) {
	toks, _, errs := scan("r.expr", src)
	if len(errs) > 0 {
		return nil, errs
	}
	var decls []*gDecl
	eof := len(toks) - 1
	for start := 0; start < eof; {
		end := start + 1
		for end < eof && !isDeclStart(&toks[end]) {
			end++
		}
		lex, err := lexer.Upgrade(&segmentLexer{toks: toks[start:end], eof: lexer.EOFToken(toks[end].Pos)})
		if err != nil {
			return nil, err
		}
		g, err := referenceParser.ParseFromLexer(lex)
		if err != nil {
			return nil, err
		}
		decls = append(decls, g.Decls...)
		start = end
	}
	return decls, nil
}

// fastDecls parses src as Parse does (parseExprFast for expressions).
func fastDecls(src string) ([]*gDecl, error) {
	toks, _, errs := scan("r.expr", src)
	if len(errs) > 0 {
		return nil, errs
	}
	var decls []*gDecl
	eof := len(toks) - 1
	for start := 0; start < eof; {
		end := start + 1
		for end < eof && !isDeclStart(&toks[end]) {
			end++
		}
		if !isDeclStart(&toks[start]) {
			return nil, &participle.UnexpectedTokenError{Unexpected: toks[start]}
		}
		g, err := parseDecl(toks, start, end)
		if err != nil {
			return nil, err
		}
		decls = append(decls, g)
		start = end
	}
	return decls, nil
}

// checkFastPath asserts that the fast path and participle alone agree on
// src: both accept it with the same structs, or both reject it.
func checkFastPath(t *testing.T, src string) {
	t.Helper()
	if !nestingOK(src) {
		return // the reference parser has no depth limit
	}
	want, werr := referenceDecls(src)
	got, gerr := fastDecls(src)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("reference error %v, fast path error %v, for %q", werr, gerr, src)
	}
	if werr != nil {
		return
	}
	if reflect.DeepEqual(want, got) {
		return // the fast check; cmp explains a difference
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("fast path differs from the reference for %q (-reference +fast):\n%s", src, diff)
	}
}

// nestingOK reports whether src nests within MaxDepth.
func nestingOK(src string) bool {
	toks, _, _ := scan("", src)
	p := &parser{toks: toks}
	_, ok := p.checkNesting(toks[:len(toks)-1])
	return ok && len(p.errs) == 0
}

func TestFastPathMatchesReference(t *testing.T) {
	srcs := []string{
		"fn f(x) = x",
		"fn f(x) = -x^2 + 2^-x - a^b^c",
		"fn f(x, y; A[m, n], b[3]) = sum(i in 0..n-1, sum(j, A[i, j]*x[j])) + if(x < y && !(x == 0), 1, -1)",
		"fn f(x) { let a = sin(x)[0] let b = f()[1, 2] return diff(a*b, x) }",
		"const c = (((1)))",
		"fn f(x) = sum",            // bare keyword
		"fn f(x) = sum(i, x",       // errors: both reject
		"fn f(x) = sum(i in 0, x)", // missing ..
		"fn f(x) = if(a, b)",
		"fn f(x) = diff(x, 2)",
		"fn f(x) = f(x,)",
		"fn f(x) = x[]",
		"fn f(x) = f()",
		"fn f(x) = (x",
		"fn f(x) = x +",
		"fn f(x) = x * * y",
		"fn f(x) = x ! y",
		"fn f(x) = diff(x, sum)",
		"fn f(x) = sum(in in 0..1, 1)",
	}
	files, _ := filepath.Glob("testdata/parse/*.expr")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	for _, src := range srcs {
		name := src
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) { checkFastPath(t, src) })
	}
}

// TestLowerChecks covers what lower.go reports rather than the grammar.
func TestLowerChecks(t *testing.T) {
	tests := []struct{ src, want string }{
		{"fn f(x) = x ! y", "1:13: unexpected !, expected an operator such as + or *"},
		{"fn f(x) = ** y", "1:11: use ^ for powers, not **"},
		{"fn f(x) = x / * y", "1:15: unexpected *, expected an expression"},
		{"fn f(x) = a == b != c", "1:18: comparisons do not chain: a == b != c is an error; write a == b && b != c"},
		{"fn f(x) = diff(x, sum)", "1:19: cannot use keyword sum as the name of a diff variable; choose another name"},
		{"fn f(x) = sum(in in 0..1, 1)", "1:15: cannot use keyword in as the name of a sum index; choose another name"},
		{"fn f(x[let]) = x", "1:8: cannot use keyword let as a size name"},
		{"fn f(x[1e3]) = x", "1:8: dimension 1e3 must be a positive integer or a size name"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse("", []byte(tt.src))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// sameTree compares two trees, ignoring positions and parentheses.
var sameTree = []cmp.Option{
	cmpopts.IgnoreTypes(ast.Pos{}),
	cmp.FilterValues(func(x, y ast.Expr) bool {
		_, px := x.(*ast.Paren)
		_, py := y.(*ast.Paren)
		return px || py
	}, cmp.Transformer("Unparen", ast.Unparen)),
	cmpopts.IgnoreFields(ast.File{}, "Name", "Comments"),
}

func TestLowerDims(t *testing.T) {
	f, err := Parse("", []byte("fn f(x[3], A[m, 4]; b[k]) = 1"))
	if err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[0].(*ast.FnDecl)
	want := &ast.FnDecl{
		Name: &ast.Ident{Name: "f"},
		Vars: []*ast.Param{
			{Name: &ast.Ident{Name: "x"}, Dims: []*ast.Dim{{Size: 3}}},
			{Name: &ast.Ident{Name: "A"}, Dims: []*ast.Dim{{Name: "m"}, {Size: 4}}},
		},
		Data:   []*ast.Param{{Name: &ast.Ident{Name: "b"}, Dims: []*ast.Dim{{Name: "k"}}}},
		Semi:   true,
		Result: &ast.Number{Lit: "1", Value: 1},
	}
	if diff := cmp.Diff(want, fn, sameTree...); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}
