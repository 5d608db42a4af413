package codegen

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/ast"
	"github.com/gradc/gradc/autodiff"
	"github.com/gradc/gradc/autodiff/randprog"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
	"gonum.org/v1/gonum/diff/fd"
	"pgregory.net/rapid"
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

var update = flag.Bool("update", false, "rewrite the golden files of testdata/tape")

// tapes is the value, gradient and Hessian-vector tapes of one fn, and
// the programs they were compiled from.
type tapes struct {
	value, grad, hv *Tape
	progs           [3]*simplify.Program
}

func compileFn(t tb, prog *lang.Program, fn *lang.Fn) tapes {
	t.Helper()
	var out tapes
	for i, k := range []struct {
		dst  **Tape
		make func(*simplify.Func) *simplify.Program
	}{{&out.value, simplify.Value}, {&out.grad, simplify.Gradient}, {&out.hv, simplify.HessVec}} {
		f, err := simplify.Build(prog, fn)
		if err != nil {
			t.Fatalf("build %s: %v", fn.Name(), err)
		}
		out.progs[i] = k.make(f)
		tp, err := Compile(out.progs[i], fn)
		if err != nil {
			t.Fatalf("compile %s: %v", fn.Name(), err)
		}
		if err := tp.verify(); err != nil {
			t.Fatalf("%s: %v\n%s", fn.Name(), err, tp.Disasm())
		}
		*k.dst = tp
	}
	return out
}

func loadFile(t tb, path string) *lang.Program {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := lang.Load(filepath.Base(path), src)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return prog
}

func loadSrc(t tb, src string) *lang.Program {
	t.Helper()
	prog, err := lang.Load("test.expr", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return prog
}

// tapeResults evaluates the tapes at pt: value, gradient, Hessian and H·v.
// It checks them against a direct interpretation of their programs
// (refRun), which must agree but for rounding in the order of out's
// terms, and returns the largest magnitude of a temporary there.
func tapeResults(t tb, m *Machine, tp tapes, pt *autodiff.Point, v []float64) (val float64, grad, hess, hv []float64, mag float64) {
	t.Helper()
	n := len(pt.X)
	val, err := m.Run(tp.value, nil, pt.X, nil, pt.Data...)
	if err != nil {
		t.Fatalf("value: %v", err)
	}
	grad = make([]float64, n)
	gv, err := m.Run(tp.grad, grad, pt.X, nil, pt.Data...)
	if err != nil {
		t.Fatalf("grad: %v", err)
	}
	if autodiff.RelErr(gv, val) > 1e-12 {
		t.Fatalf("the gradient tape's value %v differs from the value tape's %v", gv, val)
	}
	// The block loops and the scalar loops agree (up to the order in
	// which out receives its terms).
	m.Scalar = true
	sgrad := make([]float64, n)
	sv, err := m.Run(tp.grad, sgrad, pt.X, nil, pt.Data...)
	m.Scalar = false
	if err != nil {
		t.Fatalf("scalar grad: %v", err)
	}
	if e := autodiff.MaxRelErr(append(sgrad, sv), append(grad, gv)); e > 1e-13 {
		t.Fatalf("block loops give %v %v, scalar loops %v %v", gv, grad, sv, sgrad)
	}
	hess = make([]float64, n*n)
	if _, err := m.Hessian(tp.hv, hess, pt.X, pt.Data...); err != nil {
		t.Fatalf("hessian: %v", err)
	}
	hv = make([]float64, n)
	if _, err := m.Run(tp.hv, hv, pt.X, v, pt.Data...); err != nil {
		t.Fatalf("hessvec: %v", err)
	}
	data := flatData(pt.Data)
	for i, c := range []struct {
		val float64
		out []float64
		dir []float64
	}{{val, nil, nil}, {gv, grad, nil}, {math.NaN(), hv, v}} {
		rv, rout, rmag := refRun(tp.progs[i], pt.X, c.dir, data, pt.Sizes)
		mag = max(mag, rmag)
		if i < 2 && autodiff.RelErr(rv, c.val) > 1e-12 {
			t.Fatalf("%s tape: value %v, its program %v", tp.progs[i].Kind, c.val, rv)
		}
		if c.out != nil && autodiff.MaxRelErr(rout, c.out) > 1e-12 {
			t.Fatalf("%s tape: out %v, its program %v", tp.progs[i].Kind, c.out, rout)
		}
	}
	return val, grad, hess, hv, mag
}

// flatData flattens data arguments row-major.
func flatData(data []any) [][]float64 {
	var out [][]float64
	for _, d := range data {
		switch d := d.(type) {
		case float64:
			out = append(out, []float64{d})
		case []float64:
			out = append(out, d)
		case [][]float64:
			var flat []float64
			for _, row := range d {
				flat = append(flat, row...)
			}
			out = append(out, flat)
		}
	}
	return out
}

// refRun interprets a program statement by statement, as simplify's doc
// defines it: the reference the tape must reproduce. It returns the
// value, out and the largest magnitude of a finite temporary.
func refRun(p *simplify.Program, x, dir []float64, data [][]float64, sizes []int) (float64, []float64, float64) {
	T := make([]float64, p.Temps)
	idx := make([]int, simplify.MaxLevel+2)
	out := make([]float64, len(x))
	mag := 0.0
	aff := func(a simplify.Affine) int {
		v := a.Const
		for _, t := range a.Terms {
			if t.Sym.Kind == simplify.SymSize {
				v += t.Coef * sizes[t.Sym.Num]
			} else {
				v += t.Coef * idx[t.Sym.Num]
			}
		}
		return v
	}
	length := func(in simplify.Input) int {
		n := 1
		for _, d := range in.Dims {
			if d.Size >= 0 {
				n *= sizes[d.Size]
			} else {
				n *= d.Fixed
			}
		}
		return n
	}
	var arrays [][]float64
	var offs []int
	off, di := 0, 0
	varOff := map[int]int{}
	for _, in := range p.Inputs {
		if in.Kind == simplify.InVar {
			varOff[in.Param] = off
			off += length(in)
		}
	}
	for _, in := range p.Inputs {
		switch in.Kind {
		case simplify.InVar:
			arrays = append(arrays, x[varOff[in.Param]:])
			offs = append(offs, varOff[in.Param])
		case simplify.InData:
			arrays = append(arrays, data[di])
			offs = append(offs, 0)
			di++
		case simplify.InDir:
			arrays = append(arrays, dir[varOff[in.Param]:])
			offs = append(offs, 0)
		}
	}
	flat := func(k int, ix []simplify.Affine) int {
		f := 0
		for j, a := range ix {
			d := p.Inputs[k].Dims[j]
			n := d.Fixed
			if d.Size >= 0 {
				n = sizes[d.Size]
			}
			f = f*n + aff(a)
		}
		return f
	}
	set := func(t int, v float64) {
		T[t] = v
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			mag = max(mag, math.Abs(v))
		}
	}
	var run func(ss []simplify.Stmt)
	run = func(ss []simplify.Stmt) {
		for _, s := range ss {
			switch s.Kind {
			case simplify.SConst:
				set(s.Dst, s.Value)
			case simplify.SLoad:
				set(s.Dst, arrays[s.In][flat(s.In, s.Index)])
			case simplify.SAffine:
				set(s.Dst, float64(aff(s.Index[0])))
			case simplify.SOp:
				a := make([]float64, len(s.Args))
				for k, t := range s.Args {
					a[k] = T[t]
				}
				set(s.Dst, s.Op.Eval(a))
			case simplify.SAccum:
				set(s.Dst, T[s.Dst]+T[s.Args[0]])
			case simplify.SLoop:
				hi := aff(s.Loop.Hi)
				for idx[s.Loop.Level] = aff(s.Loop.Lo); idx[s.Loop.Level] < hi; idx[s.Loop.Level]++ {
					run(s.Loop.Body)
				}
			case simplify.SOut:
				out[offs[s.In]+flat(s.In, s.Index)] += T[s.Args[0]]
			}
		}
	}
	run(p.Body)
	return T[p.Result], out, mag
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// checkAgainstOracles compares every tape of every fn of prog with the
// oracles at n random points: value and gradient with forward and reverse
// mode, the Hessian with forward-over-reverse, H·v with its HessVec, all
// within autodiff.TolExact.
func checkAgainstOracles(t tb, prog *lang.Program, n int, seed uint64, src string) {
	t.Helper()
	m := NewMachine()
	m.minBlock = 1 // the block form however short the loop (tapeResults compares it with Scalar)
	for i, fn := range prog.Fns {
		tp := compileFn(t, prog, fn)
		f := &autodiff.Func{Prog: prog, Fn: fn}
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		for k := 0; k < n; k++ {
			pt, err := f.RandomPoint(rng, nil)
			if err != nil {
				continue // no finite value: nothing to compare
			}
			v := make([]float64, len(pt.X))
			for j := range v {
				v[j] = 2*rng.Float64() - 1
			}
			val, grad, hess, hv, _ := tapeResults(t, m, tp, pt, v)
			fw, err := f.Forward(pt)
			if err != nil {
				t.Fatal(err)
			}
			rv, err := f.Reverse(pt)
			if err != nil {
				t.Fatal(err)
			}
			h, err := f.Hessian(pt)
			if err != nil {
				t.Fatal(err)
			}
			ohv, err := f.HessVec(pt, v)
			if err != nil {
				t.Fatal(err)
			}
			vg := func(v float64, g []float64) []float64 { return append([]float64{v}, g...) }
			for _, c := range []struct {
				what      string
				got, want []float64
			}{
				{"value and gradient vs forward", vg(val, grad), vg(fw.Value, fw.Grad)},
				{"value and gradient vs reverse", vg(val, grad), vg(rv.Value, rv.Grad)},
				{"hessian vs forward-over-reverse", hess, h.Hess},
				{"hessvec vs forward-over-reverse", hv, ohv},
			} {
				if e := autodiff.MaxRelErr(c.got, c.want); e > autodiff.TolExact {
					t.Fatalf("fn %s at x=%v sizes=%v data=%v: %s: tape %v, oracle %v (err %.3g)\n%s",
						fn.Name(), pt.X, pt.Sizes, pt.Data, c.what, c.got, c.want, e, src)
				}
			}
		}
	}
}

// TestOracleFiles: the tapes agree with the oracles on every fn of the
// spec's examples, the conformance files and the lecture examples.
func TestOracleFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.expr")
	if len(files) == 0 {
		t.Fatal("no testdata/*.expr")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			checkAgainstOracles(t, loadFile(t, path), 10, 1, "")
		})
	}
}

// TestOracleCases: small programs, each aimed at one feature of the tape.
func TestOracleCases(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"scalar", "fn f(x, y) = x^2*y + sin(x)/y - exp(2*x)"},
		{"const", "fn f(x) = 5"},
		{"novars", "fn f(; a, v[n]) = a*sum(i, v[i])"},
		{"shifted", "fn f(x[n]) = sum(i, x[i+2]*x[i] - x[i+1])"},
		{"reverse index", "fn f(x[n]) = sum(i, x[n-1-i]*(i+1)*x[i])"},
		{"nested", "fn f(x[n]) = sum(i, sum(j in 0..i+1, x[i]*x[j]^2))"},
		{"triangle", "fn f(A[n, n]) = sum(i, sum(j in i..n, A[i, j]*A[j, i]))"},
		{"matrix data", "fn f(w[d]; X[m, d], y[m]) = sum(k, (sum(j, X[k, j]*w[j]) - y[k])^2) / m"},
		{"fixed", "fn f(v[3], M[2, 3]) = v[0]*v[1] + v[2]^2 + sum(i, sum(j, M[i, j]*v[j]))"},
		{"two vars", "fn f(a[n], b, c[n]) = b*sum(i, a[i]*c[i]) + b^3"},
		{"sizes as numbers", "fn f(x[n]) = sum(i, x[i]) / n + n*x[0]"},
		{"if", "fn f(x, y) = if(x > y || x < -1, x*y, y^2) + max(x, y) - min(x, 2*y) + abs(x - y)"},
		{"let", "fn f(x, y) {\n let r = x^2 + y^2\n let s = sqrt(r)\n return s*r + sin(s)\n}"},
		{"call", "fn g(a, v[m]) = a*sum(i, v[i]^2)\nfn f(x[n], y) = g(y, x) + g(x[0], x)"},
		{"diff", "fn f(x, y) = diff(x^3*y, x) + diff(diff(sin(x*y), y), x)"},
		{"powers", "fn f(x, y) = x^y + pow(y, 2.5) + 2^x + x^-2 + (x^2+1)^0.5 + y^7"},
		{"builtins", "fn f(x) = tan(x) + atan(x) + sinh(x) + cosh(x) + tanh(x) + asinh(x) + expm1(x) + log1p(x^2) + log2(1+x^2) + log10(2+x^2) + cbrt(x) + erf(x) + erfc(x) + sigmoid(x) + softplus(x) + atan2(x, 2) + hypot(x, 3) + asin(x/3) + acos(x/3) + atanh(x/3) + acosh(2+x^2) + sign(x) + floor(x) + ceil(x)"},
		{"empty sum", "fn f(x[n]) = sum(i in 0..n-1, x[i]*x[i+1]) + x[0]"},
		{"sum outer values", "fn f(x[n], s) = sum(i, exp(s)*x[i]) * s"},
		{"index numbers", "fn f(x[n]) = sum(i, sum(j in 0..n, (i - j)*x[i]*x[j]))"},
		{"if in a loop", "fn f(x[n]) = sum(i, if(x[i] > 0 && i != 1, x[i]^2, -x[i]) + max(x[i], 0.5) + abs(x[i]) + sign(x[i])*floor(x[i]))"},
		{"column steps", "fn f(x[n], A[n, 2]; B[3, n]) = sum(i, A[i, 1]*x[i] + B[2, i]*A[i, 0]^2)"},
		{"column of a square", "fn f(A[n, n]) = sum(j, sum(i, A[i, j]^2*sin(A[j, i])))"},
		{"loop invariants", "fn f(x[n], s, t) = sum(i, s*x[i] + exp(t)*x[i]^2) + sum(i, s^i*x[i])"},
		{"data in loops", "fn f(w[d]; X[m, d], y[m]) = sum(k, softplus(-y[k]*sum(j, X[k, j]*w[j]))) + sum(j, w[j]^2)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkAgainstOracles(t, loadSrc(t, c.src), 8, 2, c.src)
		})
	}
}

// verify checks the static invariants of a tape: every operand in range
// for its kind, jumps inside the code, constant slots never written.
func (t *Tape) verify() error {
	for pc, in := range t.Code {
		if in.Op >= numOpcodes {
			return errorf("%d: bad opcode %d", pc, in.Op)
		}
		kinds := opcodeArgs[in.Op]
		for k, v := range in.operands() {
			switch kinds[k] {
			case argFloat:
				if v < 0 || int(v) >= t.NumSlots {
					return errorf("%d: %s: slot %d out of range", pc, t.instr(in), v)
				}
				if k == 0 && in.Op != OUT2 && int(v) < len(t.Consts) { // OUT2 reads Dst
					return errorf("%d: %s writes a constant", pc, t.instr(in))
				}
			case argInt:
				if v < 0 || int(v) >= t.NumInts {
					return errorf("%d: %s: register %d out of range", pc, t.instr(in), v)
				}
			case argPC:
				if v < 0 || int(v) > len(t.Code) {
					return errorf("%d: %s: target out of range", pc, t.instr(in))
				}
			}
		}
	}
	if t.Result < 0 || int(t.Result) >= t.NumSlots {
		return errorf("result slot %d out of range", t.Result)
	}
	for k, vl := range t.VLoops {
		vec := func(r int32) bool { return r >= 0 && int(r) < vl.NumVecs }
		reg := func(r int32) bool { return r >= 0 && int(r) < t.NumInts }
		for _, s := range vl.Splats {
			if !vec(s.Vec) || s.Slot < 0 || int(s.Slot) >= t.NumSlots {
				return errorf("vloop %d: bad splat %+v", k, s)
			}
		}
		for pc, in := range vl.Code {
			switch in.Op {
			case LOADX, LOADV, LOADD, ITOF, OUT:
				if !vec(in.Dst) || !reg(in.A) || (in.C >= 0 && !reg(in.C)) {
					return errorf("vloop %d: %d: %s: operand out of range", k, pc, t.vinstr(in))
				}
			case ACC:
				if in.Dst < int32(len(t.Consts)) || int(in.Dst) >= t.NumSlots || !vec(in.A) {
					return errorf("vloop %d: %d: %s: operand out of range", k, pc, t.vinstr(in))
				}
			default:
				for j, r := range [5]int32{in.Dst, in.A, in.B, in.C, in.D} {
					if opcodeArgs[in.Op][j] == argFloat && !vec(r) {
						return errorf("vloop %d: %d: %s: vector register out of range", k, pc, t.vinstr(in))
					}
				}
			}
		}
	}
	for pc, in := range t.Code {
		if in.Op == VLOOP && (in.Dst < 0 || int(in.Dst) >= len(t.VLoops)) {
			return errorf("%d: vloop %d out of range", pc, in.Dst)
		}
	}
	return nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// TestDisasm compares the disassembly of tapes of the spec's examples with
// testdata/tape/FN.KIND.golden (go test -update rewrites them).
func TestDisasm(t *testing.T) {
	prog := loadFile(t, "testdata/taste.expr")
	for _, c := range []struct{ fn, kind string }{
		{"rosenbrock", "value"},
		{"rosenbrock", "grad"},
		{"rosenbrock", "hessvec"},
		{"neg_alpine", "grad"},
		{"logistic_loss", "grad"},
		{"sinc2", "grad"},
		{"hinge", "grad"},
		{"uses_another", "value"},
	} {
		name := c.fn + "." + c.kind
		t.Run(name, func(t *testing.T) {
			fn := prog.Fn(c.fn)
			if fn == nil {
				t.Fatalf("no fn %s", c.fn)
			}
			tp := compileFn(t, prog, fn)
			got := map[string]*Tape{"value": tp.value, "grad": tp.grad, "hessvec": tp.hv}[c.kind].Disasm()
			path := filepath.Join("testdata", "tape", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("disassembly of %s differs from %s (go test -update rewrites it):\n%s", name, path, got)
			}
		})
	}
}

// TestRandomPrograms: on random programs (every builtin, powers, sums with
// shifted indices, nested sums, matrices, data, if, let, calls, diff: see
// autodiff/randprog), the tape's value and gradient equal forward and
// reverse mode within autodiff.TolExact, its Hessian and H·v equal
// forward-over-reverse, and away from switches its gradient is within
// autodiff.TolCentral of central differences.
func TestRandomPrograms(t *testing.T) {
	rapid.Check(t, checkRandomProgram)
}

// FuzzRandomPrograms runs the same property under go test -fuzz.
func FuzzRandomPrograms(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkRandomProgram))
}

// hessTol bounds the error of the tape's Hessian on random programs (the
// fixed examples hold it to autodiff.TolExact).
const hessTol = 1e-6

func checkRandomProgram(t *rapid.T) {
	src := randprog.Program().Draw(t, "src")
	seed := rapid.Uint64().Draw(t, "seed")
	// atan2(±0, ±0) and atan2(±0, x<0) depend on the sign of zero, which
	// the simplifier does not keep (x*0 = 0 and x+0 = x, where the oracles
	// have diff(y, x)*sin(v) = -0 for sin(v) < 0; p*sum(...) = -0 for an
	// empty sum hoisted out of its loop): atan2's arguments are made +0
	// where they are zero, for both.
	src = strings.ReplaceAll(src, "atan2(", "at2(") + "fn at2(a, b) = atan2(if(a == 0, 0, a), if(b == 0, 0, b))\n"
	msg := compareRandom(t, src, seed)
	if msg == "" {
		return
	}
	// min and max of a NaN: the program's (and the generated Go's) min(a, b)
	// is a where a <= b, else b, so min(NaN, b) = b; the oracles use
	// math.Min, which gives NaN. Where a mismatch goes away with min and
	// max written as that if, it came from a NaN (a domain error inside).
	if strings.Contains(src, "min(") || strings.Contains(src, "max(") {
		alt := strings.ReplaceAll(strings.ReplaceAll(src, "min(", "mn("), "max(", "mx(") +
			"fn mn(a, b) = if(a <= b, a, b)\nfn mx(a, b) = if(a >= b, a, b)\n"
		if compareRandom(t, alt, seed) == "" {
			return
		}
	}
	t.Fatalf("%s", msg)
}

// compareRandom compares the tapes of the program src with the oracles at
// a random point of each fn, and returns the first mismatch ("" for none).
func compareRandom(t *rapid.T, src string, seed uint64) (msg string) {
	prog, err := lang.Load("rand.expr", []byte(src))
	if err != nil {
		t.Fatalf("generated program does not check: %v\n%s", err, src)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	m := NewMachine()
	m.minBlock = 1 // the block form however short the loop (tapeResults compares it with Scalar)
	// The simplifier assumes finite values, where the oracles compute
	// 0/0 = NaN: in a program where that can matter (cancels), a mismatch
	// with the oracles is no failure. The tape must still compute exactly
	// what its program says (tapeResults checks it).
	skip := cancels(prog)
	fail := func(format string, args ...any) {
		if msg == "" && !skip {
			msg = fmt.Sprintf(format, args...)
		}
	}
	for _, fn := range prog.Fns {
		if msg != "" {
			return msg
		}
		tp := compileFn(t, prog, fn)
		f := &autodiff.Func{Prog: prog, Fn: fn}
		pt, err := f.RandomPoint(rng, nil)
		if err != nil {
			continue // no finite value found: nothing to compare
		}
		v := make([]float64, len(pt.X))
		for j := range v {
			v[j] = 2*rng.Float64() - 1
		}
		val, grad, hess, hv, mag := tapeResults(t, m, tp, pt, v)
		fw, err := f.Forward(pt)
		if err != nil {
			t.Fatalf("forward: %v", err)
		}
		rv, err := f.Reverse(pt)
		if err != nil {
			t.Fatalf("reverse: %v", err)
		}
		vg := func(v float64, g []float64) []float64 { return append([]float64{v}, g...) }
		// At a singular point the simplifier's rewrites that assume finite
		// values (x - x = 0, 0*y = 0) make the symbolic derivative finite
		// where the oracles' is 0/0 (atan2 at the origin of sin(x) - sin(x)),
		// or NaN where the oracles have a structural zero: compare only
		// where both are finite.
		if !finite(vg(val, grad)...) || !finite(vg(fw.Value, fw.Grad)...) {
			continue
		}
		// On a switch (a ceil at an integer, kink 0) the branch is decided
		// by rounding, which the simplifier changes ((q - p) + p is q):
		// both sides are right. Where the gradient is huge, the function is
		// too ill-conditioned for rounding differences (sin of 1e67) to be
		// small.
		// Likewise where the program computes with numbers far larger than
		// its results (asinh(sinh(282)) goes through 1e122): rounding there
		// swamps the results (the tape still equals its program exactly).
		if fw.Kink < 1e-9 || maxAbs(fw.Grad) > 1e8 || mag > 1e12*max(1, math.Abs(val), maxAbs(fw.Grad)) {
			continue
		}
		if e := autodiff.MaxRelErr(vg(val, grad), vg(fw.Value, fw.Grad)); e > autodiff.TolExact {
			fail("fn %s at %v (sizes %v, data %v): tape %v, forward %v (err %.3g)\n%s",
				fn.Name(), pt.X, pt.Sizes, pt.Data, vg(val, grad), vg(fw.Value, fw.Grad), e, src)
		}
		if e := autodiff.MaxRelErr(vg(val, grad), vg(rv.Value, rv.Grad)); e > autodiff.TolExact {
			fail("fn %s at %v: tape %v, reverse %v (err %.3g)\n%s", fn.Name(), pt.X, vg(val, grad), vg(rv.Value, rv.Grad), e, src)
		}
		h, err := f.Hessian(pt)
		if err != nil {
			t.Fatalf("hessian: %v", err)
		}
		// The same for the Hessian (cbrt'' at 0 times an empty sum, say).
		// The Hessian: its two formulas (symbolic second derivatives and
		// forward-over-reverse) round differently, and random programs are
		// often ill-conditioned (tan near a pole, powers of powers): within
		// hessTol; huge entries are skipped as above.
		if finite(h.Hess...) && finite(hess...) && maxAbs(h.Hess) <= 1e8 {
			if e := autodiff.MaxRelErr(hess, h.Hess); e > hessTol {
				fail("fn %s at %v: tape hessian %v, forward-over-reverse %v (err %.3g)\n%s", fn.Name(), pt.X, hess, h.Hess, e, src)
			}
			ohv, err := f.HessVec(pt, v)
			if err != nil {
				t.Fatalf("hessvec: %v", err)
			}
			if e := autodiff.MaxRelErr(hv, ohv); e > hessTol {
				fail("fn %s at %v: tape hessvec %v, oracle %v (err %.3g)\n%s", fn.Name(), pt.X, hv, ohv, e, src)
			}
		}
		if fw.Kink < autodiff.KinkGap || !finite(grad...) || math.Abs(val) > 1e8 {
			continue // near a switch, or too large for differences of step 6e-6
		}
		value := func(x []float64) float64 {
			y, err := m.Run(tp.value, nil, x, nil, pt.Data...)
			if err != nil {
				t.Fatalf("value: %v", err)
			}
			return y
		}
		cg := fd.Gradient(nil, value, pt.X, &fd.Settings{Formula: fd.Central, Step: autodiff.CentralStep})
		cg2 := fd.Gradient(nil, value, pt.X, &fd.Settings{Formula: fd.Central, Step: autodiff.CentralStep / 4})
		noise := autodiff.FDNoise(val, autodiff.CentralStep/4, 1)
		if autodiff.FDErr(cg, cg2, noise) > autodiff.TolCentral/10 {
			continue // the differences disagree with each other: they cannot judge here
		}
		// A switch whose argument is steep (floor(sinh(tan(p))) near a pole)
		// is crossed by the stencils although the oracle's kink distance,
		// in the argument's units, is large; a far smaller step does not
		// cross it.
		cg3 := fd.Gradient(nil, value, pt.X, &fd.Settings{Formula: fd.Central, Step: autodiff.CentralStep / 64})
		if autodiff.FDErr(cg, cg3, autodiff.FDNoise(val, autodiff.CentralStep/64, 1)) > autodiff.TolCentral/10 {
			continue
		}
		// Central differences judge only where they agree with an exact
		// oracle: elsewhere the function defeats them (sin(sin(x) + 2.7e11)
		// moves by whole ulps of its argument, more than a step).
		if autodiff.FDErr(fw.Grad, cg, noise) > autodiff.TolCentral {
			continue
		}
		if e := autodiff.FDErr(grad, cg, noise); e > autodiff.TolCentral {
			fail("fn %s at %v (sizes %v, data %v): tape %v, central %v (err %.3g)\n%s",
				fn.Name(), pt.X, pt.Sizes, pt.Data, grad, cg, e, src)
		}
	}
	return msg
}

// cancels reports whether the simplifier's assumption of finite values
// (see simplify's doc: x/x = 1, x-x = 0, x*0 = 0, factors hoisted out of
// sums) may change prog's value at some points: prog divides or subtracts
// an expression by or from itself (p/p, sin(x) - sin(x)), divides by an
// expression with a sum index (0.5/i is Inf at i = 0, and hoisted out of
// an empty sum it is Inf*0), or takes a diff and divides by anything but
// 0.5 + ... (a diff's structural zero, divided, is 0/0 = NaN for the
// oracles and 0 for the simplifier: g(x, x)/diff(y, x)). The oracles do
// not report meeting a NaN or an infinity on the way, which would single
// out those points.
func cancels(prog *lang.Program) bool {
	hasDiff, found := false, false
	var divisions []*ast.Binary
	ast.Inspect(prog.File, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Diff:
			hasDiff = true
		case *ast.Binary:
			if (n.Op == ast.Div || n.Op == ast.Sub) && ast.ExprString(ast.Unparen(n.X)) == ast.ExprString(ast.Unparen(n.Y)) {
				found = true
			}
			if n.Op == ast.Div {
				divisions = append(divisions, n)
				ast.Inspect(n.Y, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok {
						if _, isIndex := prog.Info.Uses[id].(*lang.SumIndex); isIndex {
							found = true
						}
					}
					return !found
				})
			}
		}
		return true
	})
	if hasDiff {
		for _, d := range divisions {
			sum, ok := ast.Unparen(d.Y).(*ast.Binary)
			if !ok || sum.Op != ast.Add {
				return true
			}
			if _, ok := ast.Unparen(sum.X).(*ast.Number); !ok {
				return true
			}
		}
	}
	return found
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

// TestOriginConventions: hypot and atan2 have derivative 0 where both
// arguments vanish (docs/decisions.md), so an argument that is an empty
// sum gives a gradient, not a NaN.
func TestOriginConventions(t *testing.T) {
	prog := loadSrc(t, "fn f(x[n]) = x[0] + hypot(sum(i in 1..1, x[i]*x[0]), 0) + atan2(sum(i in 1..1, x[i]), 0)\n")
	tp := compileFn(t, prog, prog.Fn("f"))
	grad := make([]float64, 2)
	v, err := NewMachine().Run(tp.grad, grad, []float64{2, 5}, nil)
	if err != nil || v != 2 || grad[0] != 1 || grad[1] != 0 {
		t.Errorf("f = %v, grad %v, %v; want 2, [1 0]", v, grad, err)
	}
}
