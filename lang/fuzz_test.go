package lang

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gradc/gradc/ast"
)

// fuzzSeeds are inputs beyond the files of testdata/parse: corners of the
// grammar and of the printer.
var fuzzSeeds = []string{
	"fn f(x) = -x^2 + 2^-x - a^b^c + (a^b)^c - (a - (b - c))",
	"fn f(x, y; A[m, n], b[3]) = sum(i in 0..n-1, sum(j, A[i, j]*x[j])) + if(x < y && !(x == 0) || y >= 1, 1, -1)",
	"fn f(x) { let a = sin(x) let b = f()[1, 2] return diff(a*b, x) }",
	"fn f(; a) = a\nfn g(x; b[2]) = x\nfn h() = 1",
	"const c = (((1.5e-3)))  # comment\n\n\n# another\nconst d = .5",
	"fn f(x) {  # c1\n  # c2\n  let a = x +  # c3\n    1  # c4\n  return a  # c5\n  # c6\n}  # c7\n# c8",
	"fn f(x) = x ** 2",
	"fn f(x) = (x + 1",
	"fn f(x) = a < b < c",
	"fn θ(λ) = λ*2 # é",
	"fn f(x) = x[i - -1] - - -x + +x",
	"fn f(x) = sum",
}

// FuzzParse checks, for any input, that Parse does not panic; that the
// fast path and participle alone agree; and, for accepted input, that the
// canonical layout parses to the same tree (modulo parentheses and
// positions), keeps the comments, and is a fixed point of Format. Check
// must not panic either.
//
//	go test ./lang/ -run XXX -fuzz 'FuzzParse$' -fuzztime 20s -fuzzminimizetime 1s
//
// Each run does a few milliseconds of work (participle alone is the slow
// part), so the fuzzer's default minimisation of every new input (up to a
// minute each) would take most of a short run: -fuzzminimizetime 1s keeps
// it fuzzing.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.expr")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, e := range diffExprs(f) {
		f.Add("fn f(x, y) = " + e)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse("f.expr", []byte(src))
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("Parse panicked: %v", err)
		}
		if file == nil {
			t.Fatal("Parse returned no file")
		}
		if len(src) < 4096 {
			checkFastPath(t, src)
		}
		if err != nil {
			return
		}
		out := ast.Format(file)
		again, err := Parse("f.expr", out)
		if err != nil {
			t.Fatalf("the formatted text does not parse: %v\ninput:\n%s\nformatted:\n%s", err, src, out)
		}
		if diff := cmp.Diff(file, again, sameTree...); diff != "" {
			t.Fatalf("formatting changed the meaning (-input +formatted):\n%s\ninput:\n%s\nformatted:\n%s", diff, src, out)
		}
		if out2 := ast.Format(again); !bytes.Equal(out, out2) {
			t.Fatalf("Format is not idempotent:\n%s\nthen:\n%s", out, out2)
		}
		if len(again.Comments) != len(file.Comments) {
			t.Fatalf("%d comments became %d", len(file.Comments), len(again.Comments))
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Check panicked on %q: %v", src, r)
				}
			}()
			_, err := Check(file)
			if err != nil && strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Check failed inside on %q: %v", src, err)
			}
		}()
	})
}

// FuzzParseExpr checks ParseExpr and ExprString as FuzzParse checks
// Parse and Format.
func FuzzParseExpr(f *testing.F) {
	for _, e := range diffExprs(f) {
		f.Add(e)
	}
	for _, s := range []string{"-x^2", "2^-x", "a<b", "x[i+1]", "sum(i in 0..n, x[i])", "((x))", "1e-3*.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := ParseExpr(src)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("ParseExpr panicked: %v", err)
			}
			return
		}
		s := ast.ExprString(x)
		y, err := ParseExpr(s)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", src, s, err)
		}
		if diff := cmp.Diff(ast.Unparen(x), ast.Unparen(y), sameTree...); diff != "" {
			t.Fatalf("%q printed as %q, which means something else:\n%s", src, s, diff)
		}
		if s2 := ast.ExprString(y); s2 != s {
			t.Fatalf("not idempotent: %q then %q", s, s2)
		}
	})
}

// diffExprs returns the expressions of testdata/parse/diff.txt, the
// conformance cases of gradc diff.
func diffExprs(tb testing.TB) []string {
	fh, err := os.Open("testdata/parse/diff.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	var exprs []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		exprs = append(exprs, strings.TrimSpace(strings.Split(line, "|")[0]))
	}
	return exprs
}
