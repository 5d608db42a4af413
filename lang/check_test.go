package lang

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gradc/gradc/ast"
)

// errorCase is one case of testdata/check/errors.expr.
type errorCase struct {
	line  int    // the line of the case in errors.expr, for messages
	title string // its first comment or line
	src   string
	marks []mark
}

// mark is one expected error.
type mark struct {
	line, col int
	re        *regexp.Regexp
}

var markRE = regexp.MustCompile(`###\s+(\d+)\s+"([^"]*)"`)

// readErrorCases splits an errors file into cases and reads their marks.
func readErrorCases(t *testing.T, path string) []errorCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []errorCase
	lines := strings.Split(string(data), "\n")
	start := 0
	flush := func(end int) {
		chunk := lines[start:end]
		ec := errorCase{line: start + 1, src: strings.Join(chunk, "\n")}
		for i, l := range chunk {
			if ec.title == "" && strings.TrimSpace(l) != "" {
				ec.title = strings.TrimSpace(strings.SplitN(l, "###", 2)[0])
			}
			for _, m := range markRE.FindAllStringSubmatch(l, -1) {
				col, _ := strconv.Atoi(m[1])
				re, err := regexp.Compile(m[2])
				if err != nil {
					t.Fatalf("%s:%d: bad regexp: %v", path, start+i+1, err)
				}
				ec.marks = append(ec.marks, mark{line: i + 1, col: col, re: re})
			}
		}
		cases = append(cases, ec)
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "---" {
			flush(i)
			start = i + 1
		}
	}
	flush(len(lines))
	return cases
}

// TestCheckErrors checks each case of testdata/check/errors.expr: every
// marked error is reported at its line and column, and nothing else is.
func TestCheckErrors(t *testing.T) {
	path := filepath.Join("testdata", "check", "errors.expr")
	for _, ec := range readErrorCases(t, path) {
		t.Run(fmt.Sprintf("line%d", ec.line), func(t *testing.T) {
			_, err := Load("case.expr", []byte(ec.src))
			var got ErrorList
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("%s:%d: %s: error is %T, not an ErrorList: %v", path, ec.line, ec.title, err, err)
			}
			used := make([]bool, len(got))
			for _, m := range ec.marks {
				found := false
				for i, e := range got {
					if !used[i] && e.Pos.Line == m.line && e.Pos.Col == m.col && m.re.MatchString(e.Msg) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("%s:%d: want an error at %d:%d matching %q; got:\n%s", path, ec.line+m.line-1, m.line, m.col, m.re, got)
				}
			}
			for i, e := range got {
				if !used[i] {
					t.Errorf("%s:%d: unexpected error %s", path, ec.line+e.Pos.Line-1, e)
				}
				if e.File != "case.expr" {
					t.Errorf("error %s names file %q", e, e.File)
				}
			}
			if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Pos.Before(got[j].Pos) }) {
				t.Errorf("errors are not in source order:\n%s", got)
			}
		})
	}
}

// load loads src and fails the test on an error.
func load(t *testing.T, src string) *Program {
	t.Helper()
	p, err := Load("test.expr", []byte(src))
	if err != nil {
		var list ErrorList
		if errors.As(err, &list) {
			t.Fatalf("Load:\n%s\nsource:\n%s", list, src)
		}
		t.Fatalf("Load: %v", err)
	}
	return p
}

// specFiles are the files of examples that must check.
var specFiles = []string{
	"testdata/check/taste.expr",
	"testdata/check/spec.expr",
	"testdata/conformance/good/taste.expr",
	"testdata/conformance/good/scalar.expr",
}

// TestSpecExamples checks every example of LANGUAGE.md.
func TestSpecExamples(t *testing.T) {
	for _, name := range specFiles {
		t.Run(filepath.Base(filepath.Dir(name))+"/"+filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			p := load(t, string(src))
			if len(p.Fns) == 0 {
				t.Fatal("no fns")
			}
			checkInfo(t, p)
		})
	}
}

// TestTasteIsTheSpec checks that testdata/check/taste.expr is the block
// under "## A taste" of LANGUAGE.md, when the spec is beside the repo.
func TestTasteIsTheSpec(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "..", "shared", "spec", "LANGUAGE.md"))
	if err != nil {
		t.Skip("no ../shared/spec beside the repo:", err)
	}
	s := string(spec)
	i := strings.Index(s, "## A taste")
	if i < 0 {
		t.Fatal("LANGUAGE.md has no taste section")
	}
	s = s[i:]
	start := strings.Index(s, "```\n") + len("```\n")
	end := start + strings.Index(s[start:], "```")
	want := s[start:end]
	got, err := os.ReadFile("testdata/check/taste.expr")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("testdata/check/taste.expr differs from the taste block of LANGUAGE.md:\n%s\nwant:\n%s", got, want)
	}
}

// checkInfo checks that Info describes every node of a checked program:
// each identifier is a use or a definition, each sum has a range, each
// index its affine forms, each call of a user fn its CallInfo.
func checkInfo(t *testing.T, p *Program) {
	t.Helper()
	for _, d := range p.File.Decls {
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				use, def := p.Info.Uses[n], p.Info.Defs[n]
				if (use == nil) == (def == nil) {
					t.Errorf("%s: identifier %s: use %v, def %v; want exactly one", n.At, n.Name, use, def)
				}
				if obj := use; obj != nil && obj.Name() != n.Name {
					t.Errorf("%s: %s resolves to %s", n.At, n.Name, obj.Name())
				}
			case *ast.Sum:
				r := p.Info.Sums[n]
				if r == nil {
					t.Errorf("%s: sum has no range", n.Sum)
				} else if r.Inferred != (n.Lo == nil) {
					t.Errorf("%s: Inferred = %v for a sum with Lo %v", n.Sum, r.Inferred, n.Lo)
				}
			case *ast.Index:
				if got := p.Info.Indexes[n]; len(got) != len(n.Indices) {
					t.Errorf("%s: %d affine forms for %d indices", n.Pos(), len(got), len(n.Indices))
				}
			case *ast.Call:
				_, builtin := p.Info.Uses[n.Fun].(*Builtin)
				if ci := p.Info.Calls[n]; (ci == nil) != builtin {
					t.Errorf("%s: call of %s: CallInfo %v", n.Pos(), n.Fun.Name, ci)
				} else if ci != nil && len(ci.Sizes) != len(ci.Fn.Sizes) {
					t.Errorf("%s: call of %s binds %d sizes of %d", n.Pos(), n.Fun.Name, len(ci.Sizes), len(ci.Fn.Sizes))
				}
			}
			return true
		})
	}
	for _, f := range p.Fns {
		for i, v := range f.Vars {
			if v.Index != i || v.Data || v.Fn != f {
				t.Errorf("fn %s: variable %s: Index %d Data %v", f.Name(), v.Name(), v.Index, v.Data)
			}
		}
		for i, v := range f.Data {
			if v.Index != i || !v.Data || v.Fn != f {
				t.Errorf("fn %s: data %s: Index %d Data %v", f.Name(), v.Name(), v.Index, v.Data)
			}
		}
		if f.Result == nil || f.Result != f.Decl.Result {
			t.Errorf("fn %s: Result %v", f.Name(), f.Result)
		}
		if len(f.Lets) != len(f.Decl.Lets) {
			t.Errorf("fn %s: %d lets, want %d", f.Name(), len(f.Lets), len(f.Decl.Lets))
		}
	}
}

// TestResolve checks what the identifiers of a fn name.
func TestResolve(t *testing.T) {
	src := `const c = 0.1
fn g(u, v) = u*v
fn f(w[d], b; X[m, d], y[m]) {
    let r = sum(k, y[k] * sum(j, X[k, j]*w[j])) / m
    return g(r, b) + c*pi + diff(b^2, b) + exp(d)
}`
	p := load(t, src)
	f := p.Fn("f")
	if f == nil {
		t.Fatal("no fn f")
	}
	want := map[string]string{ // name → what it names, at each use
		"y": "*lang.Param", "X": "*lang.Param", "w": "*lang.Param", "b": "*lang.Param",
		"k": "*lang.SumIndex", "j": "*lang.SumIndex", "m": "*lang.Size", "d": "*lang.Size",
		"r": "*lang.Let", "g": "*lang.Fn", "c": "*lang.Const", "pi": "*lang.Builtin", "exp": "*lang.Builtin",
	}
	seen := make(map[string]bool)
	for id, obj := range p.Info.Uses {
		if w, ok := want[id.Name]; ok {
			seen[id.Name] = true
			if got := fmt.Sprintf("%T", obj); got != w {
				t.Errorf("%s at %s names a %s, want %s", id.Name, id.At, got, w)
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("no use of %s recorded", name)
		}
	}
	if got := names(f.Sizes); got != "d m" {
		t.Errorf("sizes %q, want \"d m\"", got)
	}
	if len(f.Vars) != 2 || len(f.Data) != 2 || f.Data[0].Name() != "X" || f.Data[0].Dims[1].Size != f.Vars[0].Dims[0].Size {
		t.Errorf("params: vars %v data %v", f.Vars, f.Data)
	}
	if c := p.Consts[0]; c.Value != 0.1 {
		t.Errorf("const c = %v", c.Value)
	}
	checkInfo(t, p)
}

func names[T Object](objs []T) string {
	var s []string
	for _, o := range objs {
		s = append(s, o.Name())
	}
	return strings.Join(s, " ")
}

// TestConstFold checks the folded values of consts.
func TestConstFold(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want float64
	}{
		{"2", 2},
		{"-2^2", -4},
		{"2^3^2", 512},
		{"1/4 + 0.5", 0.75},
		{"pi/2", math.Pi / 2},
		{"sqrt(16) + exp(0)", 5},
		{"atan2(1, 1)", math.Pi / 4},
		{"max(2, 3) - min(2, 3)", 1},
		{"if(1 < 2 && !(3 > 4), 10, 20)", 10},
		{"if(1 == 2 || 2 != 2, 10, 20)", 20},
		{"sigmoid(0) + softplus(-1000) + sign(-3)", -0.5},
		{"1/0", math.Inf(1)},
		{"earlier * 2", 6},
	} {
		t.Run(tc.src, func(t *testing.T) {
			p := load(t, "const earlier = 3\nconst c = "+tc.src)
			if got := p.Consts[1].Value; got != tc.want {
				t.Errorf("const c = %s is %v, want %v", tc.src, got, tc.want)
			}
		})
	}
	p := load(t, "const c = log(-1)")
	if !math.IsNaN(p.Consts[0].Value) {
		t.Errorf("log(-1) = %v, want NaN", p.Consts[0].Value)
	}
}

// TestCalls checks the CallInfo of calls: the callee and the binding of
// its sizes to the caller's dimensions.
func TestCalls(t *testing.T) {
	src := `fn sinc2(x, y) {
    let r = sqrt(x^2 + y^2)
    return sin(r) / r
}
fn shifted(x) = x^2 + 0.1*x
fn uses_another(x, y) = sinc2(x, y) + shifted(y)
fn norm(v[n]) = sum(i, v[i]^2)
fn dot(a[n], b[n]) = sum(i, a[i]*b[i])
fn quad(x[k]; A[k, k]) = sum(i, sum(j, x[i]*A[i, j]*x[j]))
fn caller(x[m], z[3]; B[m, m]) = norm(x) + norm((z)) + dot(x, x) + quad(x, B)
`
	p := load(t, src)
	checkInfo(t, p)
	var got []string
	for _, d := range p.File.Decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if call, ok := n.(*ast.Call); ok {
				if ci := p.Info.Calls[call]; ci != nil {
					var dims []string
					for i, s := range ci.Fn.Sizes {
						dims = append(dims, s.Name()+"="+dimText(ci.Sizes[i]))
					}
					got = append(got, call.Fun.Name+"("+strings.Join(dims, ",")+")")
					if ci.Fn != p.Fn(call.Fun.Name) {
						t.Errorf("%s: CallInfo.Fn is %s", call.Pos(), ci.Fn.Name())
					}
				}
			}
			return true
		})
	}
	want := "sinc2() shifted() norm(n=m) norm(n=3) dot(n=m) quad(k=m)"
	if strings.Join(got, " ") != want {
		t.Errorf("calls:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	// The sizes bound are the caller's own objects.
	caller := p.Fn("caller")
	for call, ci := range p.Info.Calls {
		if call.Fun.Name == "dot" && ci.Sizes[0].Size != caller.Sizes[0] {
			t.Errorf("dot's n is bound to %v, want caller's m", ci.Sizes[0])
		}
	}
}

// TestFixedSizeCall checks that a fixed size met by a size symbol becomes
// a run-time check, and that one met by its own value needs none.
func TestFixedSizeCall(t *testing.T) {
	p := load(t, "fn g(v[3]) = v[0] + v[2]\nfn f(x[n], y[3]) = g(x) + g(y)")
	var msgs []string
	for _, c := range p.Fn("f").Checks {
		msgs = append(msgs, c.Need.String()+" >= 0: "+c.Msg)
	}
	want := "n-3 >= 0: g(x) needs n == 3; -n+3 >= 0: g(x) needs n == 3"
	if got := strings.Join(msgs, "; "); got != want {
		t.Errorf("checks:\n got %s\nwant %s", got, want)
	}
}

// TestNearest checks the suggestions of "did you mean".
func TestNearest(t *testing.T) {
	builtins := make([]string, len(Builtins))
	for i, b := range Builtins {
		builtins[i] = b.Name_
	}
	sort.Strings(builtins)
	for _, tc := range []struct{ name, want string }{
		{"sinn", "sin"},
		{"sine", "sin"},
		{"coss", "cos"},
		{"exq", "exp"},
		{"Sqrt", "sqrt"},
		{"log_1p", "log1p"},
		{"sigmod", "sigmoid"},
		{"hypto", "hypot"},
		{"y", ""},
		{"zzzz", ""},
		{"arctan", "atan"},
		{"arcsinus", ""},
	} {
		if got := Nearest(tc.name, builtins); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := Nearest("x", []string{"x"}); got != "" {
		t.Errorf("Nearest suggests the name itself: %q", got)
	}
}

// TestNoPanic loads every prefix of the test files: whatever the parser
// accepts, Check returns a program or positioned errors, never an
// internal error.
func TestNoPanic(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.expr")
	more, _ := filepath.Glob("testdata/conformance/*/*.expr")
	files = append(files, more...)
	if len(files) < 5 {
		t.Fatalf("found only %d files", len(files))
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		step := 1
		if len(src) > 2000 {
			step = 7
		}
		for n := 0; n <= len(src); n += step {
			loadNoPanic(t, name, src[:n])
		}
	}
}

func loadNoPanic(t *testing.T, name string, src []byte) {
	t.Helper()
	_, err := Load("f.expr", src)
	if err == nil {
		return
	}
	var list ErrorList
	if !errors.As(err, &list) {
		var one *Error
		if !errors.As(err, &one) {
			t.Fatalf("%s: %q: error %T is not positioned: %v", name, src, err, err)
		}
		list = ErrorList{one}
	}
	for _, e := range list {
		if strings.Contains(e.Msg, "internal error") || !e.Pos.IsValid() {
			t.Fatalf("%s: %q: %s", name, src, e)
		}
	}
}

// FuzzLoad checks that no input makes Load panic or report an error
// without a position.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.expr")
	more, _ := filepath.Glob("testdata/conformance/*/*.expr")
	for _, name := range append(files, more...) {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		loadNoPanic(t, "fuzz", src)
	})
}

// TestRandomPrograms checks random programs that parse, most of them
// wrong: Check never panics, every error has a position, and a program
// that checks has a complete Info.
func TestRandomPrograms(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	r := rand.New(rand.NewPCG(1, 2))
	parsed, checked := 0, 0
	for k := 0; k < n; k++ {
		src := randomProgram(r)
		if k%2 == 1 {
			src = randomValidProgram(r)
		}
		if _, err := Parse("r.expr", []byte(src)); err != nil {
			continue
		}
		parsed++
		p, err := Load("r.expr", []byte(src))
		if err != nil {
			loadNoPanic(t, "random", []byte(src))
			continue
		}
		checked++
		checkInfo(t, p)
		if t.Failed() {
			t.Fatalf("source:\n%s", src)
		}
	}
	t.Logf("of %d programs %d parsed and %d checked", n, parsed, checked)
	if parsed < n/2 || checked < n/5 {
		t.Errorf("of %d programs %d parsed and %d checked: the generator needs work", n, parsed, checked)
	}
}

// randomProgram writes a program from small pools of names, so that names
// meet, clash and shadow often.
func randomProgram(r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	var b strings.Builder
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "const %s = %s\n", pick("c", "d", "sin"), randomExpr(r, 2, true))
	}
	for f := 0; f < 1+r.IntN(3); f++ {
		fmt.Fprintf(&b, "fn %s(", pick("f", "g", "h"))
		np := r.IntN(4)
		for p := 0; p < np; p++ {
			if p > 0 {
				b.WriteString(pick(", ", ", ", "; "))
			}
			b.WriteString(pick("x", "y", "z", "A", "n"))
			switch r.IntN(3) {
			case 1:
				fmt.Fprintf(&b, "[%s]", pick("n", "m", "3", "n"))
			case 2:
				fmt.Fprintf(&b, "[%s, %s]", pick("n", "m", "2"), pick("n", "m"))
			}
		}
		b.WriteString(")")
		if r.IntN(3) == 0 {
			b.WriteString(" {\n")
			for l := 0; l < r.IntN(3); l++ {
				fmt.Fprintf(&b, "  let %s = %s\n", pick("a", "b", "x"), randomExpr(r, 3, false))
			}
			fmt.Fprintf(&b, "  return %s\n}\n", randomExpr(r, 4, false))
		} else {
			fmt.Fprintf(&b, " = %s\n", randomExpr(r, 4, false))
		}
	}
	return b.String()
}

func randomExpr(r *rand.Rand, depth int, simple bool) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	if depth <= 0 {
		return pick("1", "2.5", "x", "y", "i", "j", "n", "m", "pi", "c", "a")
	}
	sub := func() string { return randomExpr(r, depth-1, simple) }
	idx := func() string {
		return pick("i", "j", "i+1", "n-1", "0", "2*i", "i-j", "x", "1.5", "i*j", "3")
	}
	switch k := r.IntN(12); {
	case k < 3:
		return sub() + pick(" + ", " - ", " * ", " / ", "^", " < ", " && ") + sub()
	case k == 3:
		return pick("-", "!", "+") + sub()
	case k == 4:
		return "(" + sub() + ")"
	case k == 5:
		args := make([]string, r.IntN(3)+1)
		for i := range args {
			args[i] = sub()
			if r.IntN(3) == 0 {
				args[i] = pick("x", "y", "A", "z")
			}
		}
		return pick("sin", "f", "g", "h", "atan2", "pi", "x") + "(" + strings.Join(args, ", ") + ")"
	case simple:
		return sub()
	case k == 6, k == 7:
		if r.IntN(2) == 0 {
			return pick("x", "y", "A", "z") + "[" + idx() + "]"
		}
		return pick("A", "x") + "[" + idx() + ", " + idx() + "]"
	case k == 8, k == 9:
		rng := ""
		if r.IntN(3) == 0 {
			rng = " in " + pick("0", "1", "i") + ".." + pick("n", "n-1", "3", "m", "j")
		}
		return "sum(" + pick("i", "j", "i", "j", "n", "x") + rng + ", " + sub() + ")"
	case k == 10:
		return "if(" + sub() + ", " + sub() + ", " + sub() + ")"
	default:
		return "diff(" + sub() + ", " + pick("x", "y", "i", "a", "n", "q") + ")"
	}
}

// randomValidProgram writes a program that mostly checks: it uses only
// names in scope, and indexes arrays with the sum indices around.
func randomValidProgram(r *rand.Rand) string {
	g := &validGen{r: r}
	return "fn h(u[k]) = sum(i, u[i]^2)\n" +
		"fn f(x, y[n]; A[n, n], b) {\n  let a = " + g.expr(3) + "\n  return " + g.expr(4) + "\n}\n"
}

type validGen struct {
	r   *rand.Rand
	idx []string // the sum indices in scope
}

func (g *validGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g *validGen) index() string {
	if len(g.idx) == 0 || g.r.IntN(5) == 0 {
		return g.pick("0", "n-1")
	}
	i := g.idx[g.r.IntN(len(g.idx))]
	return g.pick(i, i, i+"+1", "n-1-"+i)
}

func (g *validGen) expr(depth int) string {
	if depth <= 0 {
		leaves := []string{"1", "x", "b", "n", "pi", "y[" + g.index() + "]"}
		leaves = append(leaves, g.idx...)
		return g.pick(leaves...)
	}
	sub := func() string { return g.expr(depth - 1) }
	switch g.r.IntN(9) {
	case 0, 1:
		return sub() + g.pick(" + ", " - ", " * ", " / ", "^") + sub()
	case 2:
		return g.pick("-", "+") + "(" + sub() + ")"
	case 3:
		return g.pick("sin", "exp", "log", "sqrt") + "(" + sub() + ")"
	case 4:
		return "A[" + g.index() + ", " + g.index() + "]"
	case 5:
		return g.pick("h(y)", "atan2("+sub()+", x)", "max(x, "+sub()+")")
	case 6:
		name := g.pick("i", "j", "l")
		for _, i := range g.idx {
			if i == name {
				return sub()
			}
		}
		g.idx = append(g.idx, name)
		defer func() { g.idx = g.idx[:len(g.idx)-1] }()
		body := sub() + " * y[" + g.pick(name, name+"+1", "n-1-"+name) + "]"
		if g.r.IntN(3) == 0 {
			return "sum(" + name + " in 0.." + g.pick("n", "n-1", "2") + ", " + body + ")"
		}
		return "sum(" + name + ", " + body + ")"
	case 7:
		return "if(" + sub() + g.pick(" < ", " >= ", " == ") + sub() + ", " + sub() + ", " + sub() + ")"
	default:
		return "diff(" + sub() + ", " + g.pick("x", "b") + ")"
	}
}

// TestLongChains checks that long sums and chains of conditions, which
// the parser builds as trees as deep as they are long, neither overflow
// the stack nor fold wrongly.
func TestLongChains(t *testing.T) {
	const n = 100000
	src := "const c = 0" + strings.Repeat(" + 1", n) + "\n" +
		"const d = if(1 < 2 && 2 < 3" + strings.Repeat(" && 1 < 2", n) + " || 1 > 2, 1, 0)\n" +
		"fn f(x[m]) = x[0]" + strings.Repeat(" + x[1+1-1]", n) + "\n"
	p := load(t, src)
	if p.Consts[0].Value != n || p.Consts[1].Value != 1 {
		t.Errorf("c = %v, d = %v; want %d, 1", p.Consts[0].Value, p.Consts[1].Value, n)
	}
	_, err := Load("long.expr", []byte("fn f(x) = x"+strings.Repeat(" + x", n)+" + y"))
	if got := firstError(err); !strings.HasSuffix(got, ": undefined: y") {
		t.Errorf("got %s", got)
	}
}

// TestOddTrees checks trees with missing parts, which the parser does not
// build but a program might: Check reports or ignores them, and never
// fails inside.
func TestOddTrees(t *testing.T) {
	at := ast.Pos{Line: 1, Col: 1}
	id := func(name string) *ast.Ident { return &ast.Ident{At: at, Name: name} }
	exprs := []ast.Expr{
		nil,
		&ast.Binary{Op: ast.Add},
		&ast.Binary{X: id("x"), Op: ast.Illegal, Y: id("x")},
		&ast.Binary{X: id("x"), Op: ast.Neg, Y: id("x")},
		&ast.Unary{Op: ast.Add, X: id("x")},
		&ast.Unary{Op: ast.Neg},
		&ast.Paren{},
		&ast.Call{},
		&ast.Call{Fun: id("sin"), Args: []ast.Expr{nil}},
		&ast.Call{Fun: id("g"), Args: []ast.Expr{nil, nil}},
		&ast.Index{},
		&ast.Index{X: id("v")},
		&ast.Index{X: id("v"), Indices: []ast.Expr{nil}},
		&ast.Index{X: &ast.Paren{X: id("v")}, Indices: []ast.Expr{&ast.Number{Value: 0, Lit: "0"}}},
		&ast.Index{X: &ast.Call{}, Indices: []ast.Expr{&ast.Number{Value: 0, Lit: "0"}}},
		&ast.Sum{},
		&ast.Sum{Index: id("i")},
		&ast.Sum{Index: id("i"), Lo: &ast.Number{Lit: "0"}, Body: &ast.Index{X: id("v"), Indices: []ast.Expr{id("i")}}},
		&ast.Sum{Index: id("i"), Body: &ast.Index{X: id("v"), Indices: []ast.Expr{&ast.Number{Value: math.Inf(1), Lit: "1e999"}}}},
		&ast.If{},
		&ast.Diff{},
		&ast.Diff{X: id("x")},
	}
	g := &ast.FnDecl{Name: id("g"), Vars: []*ast.Param{{Name: id("a")}, {Name: id("b"), Dims: []*ast.Dim{nil, {At: at, Size: 0}}}}, Result: id("a")}
	for i, e := range exprs {
		f := &ast.File{Name: "odd.expr", Decls: []ast.Decl{
			nil,
			(*ast.FnDecl)(nil),
			(*ast.ConstDecl)(nil),
			&ast.FnDecl{},
			&ast.ConstDecl{},
			&ast.ConstDecl{Name: id("k")},
			&ast.ConstDecl{Name: id("k2"), Value: e},
			g,
			&ast.FnDecl{Name: id("f"), Vars: []*ast.Param{nil, {Name: id("x")}, {Name: id("v"), Dims: []*ast.Dim{{At: at, Name: "n"}}}},
				Lets: []*ast.Let{nil, {Name: id("l")}, {Name: id("l2"), Value: e}}, Result: e},
		}}
		_, err := Check(f)
		if err == nil {
			t.Errorf("%d: %T accepted", i, e)
			continue
		}
		for _, e := range err.(ErrorList) {
			if strings.Contains(e.Msg, "internal error") {
				t.Errorf("%d: %s", i, e)
			}
		}
	}
	if _, err := Check(nil); err == nil {
		t.Error("Check(nil) succeeded")
	}
}

// BenchmarkCheck checks the spec's examples, parsed once.
func BenchmarkCheck(b *testing.B) {
	src, err := os.ReadFile("testdata/check/spec.expr")
	if err != nil {
		b.Fatal(err)
	}
	f, err := Parse("spec.expr", src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(f); err != nil {
			b.Fatal(err)
		}
	}
}
