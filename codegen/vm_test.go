package codegen

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gradc/gradc/simplify"
)

// TestOpcodeTable: every opcode has a distinct name and operand kinds, and
// the VM executes it (no "bad opcode" panic); every operation that a
// program's SOp can hold has an opcode.
func TestOpcodeTable(t *testing.T) {
	seen := map[string]Opcode{}
	for op := Opcode(0); op < numOpcodes; op++ {
		name := op.String()
		if name == "" || name == "op?" {
			t.Errorf("opcode %d has no name", op)
		}
		if prev, ok := seen[name]; ok {
			t.Errorf("opcodes %d and %d are both named %q", prev, op, name)
		}
		seen[name] = op
		if op != NOP && opcodeArgs[op] == [5]uint8{} {
			t.Errorf("opcode %s has no operand kinds", op)
		}
		// Execute it once on a small machine, operands 0 (jump targets
		// past the end).
		in := Instr{Op: op}
		if opcodeArgs[op][3] == argPC {
			in.C = 1
		}
		if opcodeArgs[op][0] == argFloat {
			in.Dst = 1 // slot 0 is the constant
		}
		tp := &Tape{Name: "op", Code: []Instr{in}, Consts: []float64{0.5}, NumSlots: 2, NumInts: 1}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("opcode %s: %v", op, r)
				}
			}()
			m := NewMachine()
			m.grow(tp)
			m.dat = []float64{0}
			m.exec(tp, []float64{1}, []float64{1}, []float64{0})
		}()
	}
	for op := simplify.Op(0); ; op++ {
		info := op.Info()
		if info.Name == "?" && op != simplify.OpInvalid {
			break
		}
		switch op {
		case simplify.OpInvalid, simplify.OpConst, simplify.OpIn, simplify.OpSize, simplify.OpIndex, simplify.OpHole, simplify.OpSum:
			continue
		}
		if _, ok := opcodeOf[op]; !ok {
			t.Errorf("simplify op %s (%d) has no opcode", info.Name, op)
		}
	}
}

const vmSrc = `
fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)
fn logistic(w[d], b; X[m, d], y[m], lambda) =
    sum(k, softplus(-y[k] * (sum(j, X[k, j]*w[j]) + b))) / m + lambda*sum(j, w[j]^2)
fn two(a[n], b[n, 2]) = sum(i, a[i]*b[i, 1])
fn fixed(v[3]) = v[0]*v[1]*v[2]
fn bounded(x[n]; y[m]) = sum(i in 0..m, x[i]*y[i])
fn square(A[n, n], c) = sum(i, A[i, i]) * c
`

func vmTapes(t *testing.T) map[string]tapes {
	prog := loadSrc(t, vmSrc)
	out := map[string]tapes{}
	for _, fn := range prog.Fns {
		out[fn.Name()] = compileFn(t, prog, fn)
	}
	return out
}

// TestAllocs: once the buffers have grown, a call allocates nothing, with
// and without data, for the value and the gradient.
func TestAllocs(t *testing.T) {
	tp := vmTapes(t)
	m := NewMachine()
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i%7) / 7
	}
	grad := make([]float64, len(x))
	X := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	y := []float64{1, -1, 1}
	w := []float64{0.1, 0.2, 0.3}
	wg := make([]float64, 3)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"value", func() { m.Run(tp["rosenbrock"].value, nil, x, nil) }},
		{"grad", func() { m.Run(tp["rosenbrock"].grad, grad, x, nil) }},
		{"value with data", func() { m.Run(tp["logistic"].value, nil, w, nil, X, y, 0.5) }},
		{"grad with data", func() { m.Run(tp["logistic"].grad, wg, w, nil, X, y, 0.5) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, c.f); n != 0 {
				t.Errorf("%v allocations per call, want 0", n)
			}
		})
	}
}

// TestConcurrent: one tape, many goroutines, each with its own machine,
// all get the serial result (run under -race).
func TestConcurrent(t *testing.T) {
	tp := vmTapes(t)["rosenbrock"].grad
	x := make([]float64, 50)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	want := make([]float64, len(x))
	wantV, err := NewMachine().Run(tp, want, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := NewMachine()
			grad := make([]float64, len(x))
			for k := 0; k < 200; k++ {
				v, err := m.Run(tp, grad, x, nil)
				if err != nil || v != wantV || !equal(grad, want) {
					errs <- "a goroutine got a different result"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRunErrors: every mismatch of lengths or types is an error that
// names the fn and the argument, never a panic.
func TestRunErrors(t *testing.T) {
	tp := vmTapes(t)
	X := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	for _, c := range []struct {
		name      string
		tape      *Tape
		out, x, v []float64
		data      []any
		want      string
	}{
		{"rosenbrock empty x", tp["rosenbrock"].value, nil, nil, nil, nil, "len(x) = 0 fits no size n"},
		{"grad too short", tp["rosenbrock"].grad, make([]float64, 1), []float64{1, 2}, nil, nil, "len(out) = 1, want len(x) = 2"},
		{"missing data", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{X}, "takes 3 data arguments, got 1"},
		{"wrong data type", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{[]float64{1}, []float64{1}, 0.5}, "data X is a matrix ([][]float64 of rows), got []float64"},
		{"scalar data type", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{X, []float64{1, 2, 3}, 1}, "data lambda is a scalar (float64), got int"},
		{"data sizes disagree", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{X, []float64{1, 2}, 0.5}, "len(y) = 2, but size m is 3"},
		{"x disagrees with data", tp["logistic"].value, nil, []float64{1, 2, 3, 4}, nil, []any{X, []float64{1, 2, 3}, 0.5}, "len(x) = 4, want 3 (x packs w[d], b)"},
		{"ragged", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{[][]float64{{1, 2}, {3}}, []float64{1, 2}, 0.5}, "data X is ragged: len(X[1]) = 1, len(X[0]) = 2"},
		{"nil data", tp["logistic"].value, nil, []float64{1, 2, 3}, nil, []any{nil, []float64{1, 2}, 0.5}, "got nil"},
		{"not a packing", tp["two"].value, nil, []float64{1, 2, 3, 4}, nil, nil, "len(x) = 4 fits no size n (x packs a[n], b[n, 2])"},
		{"fixed size", tp["fixed"].value, nil, []float64{1, 2}, nil, nil, "len(x) = 2, want 3"},
		{"bound", tp["bounded"].value, nil, []float64{1, 2}, nil, []any{[]float64{1, 2, 3}}, "fn bounded: "},
		{"hessvec v", tp["rosenbrock"].hv, make([]float64, 2), []float64{1, 2}, []float64{1}, nil, "len(v) = 1, want len(x) = 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewMachine()
			v, err := m.Run(c.tape, c.out, c.x, c.v, c.data...)
			if err == nil {
				t.Fatalf("no error, value %v", v)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "fn "+c.tape.Name) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
			if !math.IsNaN(v) {
				t.Errorf("value %v on error, want NaN", v)
			}
		})
	}
	m := NewMachine()
	if _, err := m.Hessian(tp["rosenbrock"].grad, make([]float64, 4), []float64{1, 2}); err == nil {
		t.Error("Hessian of a gradient tape: no error")
	}
	if _, err := m.Hessian(tp["rosenbrock"].hv, make([]float64, 3), []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "len(hess) = 3, want len(x)*len(x) = 4") {
		t.Errorf("short hess: %v", err)
	}
}

// TestSizesFromData: sizes come from the data first, then from len(x).
func TestSizesFromData(t *testing.T) {
	tp := vmTapes(t)
	m := NewMachine()
	X := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	if _, err := m.Run(tp["logistic"].value, nil, []float64{1, 2, 3}, nil, X, []float64{1, -1, 1}, 0.5); err != nil {
		t.Fatal(err)
	}
	if got := m.Sizes(tp["logistic"].value); !equalInts(got, []int{2, 3}) {
		t.Errorf("sizes %v, want d=2 m=3", got)
	}
	if _, err := m.Run(tp["two"].value, nil, make([]float64, 9), nil); err != nil {
		t.Fatal(err)
	}
	if got := m.Sizes(tp["two"].value); !equalInts(got, []int{3}) {
		t.Errorf("sizes %v, want n=3", got)
	}
	// Not linear in n: found by bisection.
	if _, err := m.Run(tp["square"].value, nil, make([]float64, 17), nil); err != nil {
		t.Fatal(err)
	}
	if got := m.Sizes(tp["square"].value); !equalInts(got, []int{4}) {
		t.Errorf("sizes %v, want n=4", got)
	}
	if _, err := m.Run(tp["square"].value, nil, make([]float64, 9), nil); err == nil || !strings.Contains(err.Error(), "len(x) = 9 fits no size n") {
		t.Errorf("len(x) = 9 for A[n, n], c: %v", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBlockLoops: the innermost loops of these fns get a block form (the
// oracle tests check that it computes what the scalar loop does).
func TestBlockLoops(t *testing.T) {
	for _, src := range []string{
		"fn f(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
		"fn f(w[d], b; X[m, d], y[m]) = sum(k, log(1 + exp(-y[k] * (sum(j, X[k, j]*w[j]) + b)))) / m",
		"fn f(x[n]) = sum(i, if(x[i] > 0 && i != 1, x[i]^2, -x[i]) + max(x[i], 0.5))",
		"fn f(A[n, n]) = sum(j, sum(i, A[i, j]^2*sin(A[j, i])))",
	} {
		prog := loadSrc(t, src)
		tp := compileFn(t, prog, prog.Fns[0])
		for _, k := range []*Tape{tp.value, tp.grad, tp.hv} {
			if len(k.VLoops) == 0 {
				t.Errorf("%s: the %s tape has no block loop:\n%s", src, k.Kind, k.Disasm())
			}
		}
	}
}

// TestCompileSizes: sizes the arguments cannot determine are compile
// errors.
func TestCompileSizes(t *testing.T) {
	prog := loadSrc(t, "fn f(x[n], y[m]) = sum(i, x[i]) * sum(j, y[j])\nfn g(x[n], y[m]; z[m]) = sum(i, x[i]) * sum(j, y[j]*z[j])")
	f, err := simplify.Build(prog, prog.Fns[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(simplify.Value(f), prog.Fns[0]); err == nil || !strings.Contains(err.Error(), "fn f: sizes m and n are ambiguous") {
		t.Errorf("f: %v", err)
	}
	compileFn(t, prog, prog.Fns[1]) // m comes from z, n from len(x)
}

// TestFusedOpcodes: each fused instruction computes what its pair of
// instructions does, rounding included, in the small and the large
// machine (smallRegs) and in a block loop.
func TestFusedOpcodes(t *testing.T) {
	a, b, c, e := 0.1, 3.0000000000000004, -7.3, 1e-17
	cases := []struct {
		op   Opcode
		want float64
	}{
		{MULADD, float64(a*b) + c},
		{MULSUB, float64(a*b) - c},
		{NMULADD, c - float64(a*b)},
		{NMUL, -float64(a * b)},
		{MUL3, float64(a*b) * c},
		{MUL3ADD, float64(float64(a*b)*c) + e},
		{MUL3SUB, float64(float64(a*b)*c) - e},
		{NMUL3ADD, e - float64(float64(a*b)*c)},
	}
	for _, tc := range cases {
		t.Run(tc.op.String(), func(t *testing.T) {
			for _, slots := range []int{8, smallRegs + 44} {
				// f0..f3 = a, b, c, e; the result in the last slot.
				dst := int32(slots - 1)
				tp := &Tape{Name: "fused", Code: []Instr{{Op: tc.op, Dst: dst, A: 0, B: 1, C: 2, D: 3}},
					Consts: []float64{a, b, c, e}, NumSlots: slots, NumInts: 1, Result: dst}
				got, err := NewMachine().Run(tp, nil, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("%d slots: %s = %v, want %v", slots, tc.op, got, tc.want)
				}
			}
			// The block form: out[i] += op(a, b, c, e) for i < 3.
			m := NewMachine()
			m.vec = make([][VecWidth]float64, 5)
			vl := &VLoop{
				Code:    []VInstr{{Op: tc.op, Dst: 4, A: 0, B: 1, C: 2, D: 3}, {Op: OUT, Dst: 4, A: 0, B: 1, C: -1}},
				Splats:  []Splat{{Vec: 0, Slot: 0}, {Vec: 1, Slot: 1}, {Vec: 2, Slot: 2}, {Vec: 3, Slot: 3}},
				NumVecs: 5,
			}
			out := make([]float64, 3)
			m.vloop(vl, 0, 3, []float64{a, b, c, e}, []int{0}, nil, nil, out)
			for i, y := range out {
				if y != tc.want {
					t.Errorf("block lane %d: %s = %v, want %v", i, tc.op, y, tc.want)
				}
			}
		})
	}
	// LOADX2 and OUT2 run their two halves in order: out[1] += x[2],
	// then out[1] += x[0] (the same element twice), out[0] += x[2].
	for _, slots := range []int{4, smallRegs + 1} {
		tp := &Tape{Name: "pairs", Code: []Instr{
			{Op: LOADX2, Dst: 1, A: 0, B: 2, C: 2, D: 0},
			{Op: OUT2, Dst: 2, A: 0, B: 1, C: 1, D: 1},
			{Op: OUT, A: 0, B: 1, C: 0},
		}, Consts: []float64{0}, NumSlots: slots, NumInts: 1, Result: 2}
		out := make([]float64, 3)
		m := NewMachine()
		m.grow(tp)
		v := m.exec(tp, []float64{10, 20, 30}, nil, out)
		if want := []float64{30, 40, 0}; v != 10 || out[0] != want[0] || out[1] != want[1] || out[2] != want[2] {
			t.Errorf("%d slots: value %v, out %v; want 10, %v", slots, v, out, want)
		}
	}
}

// TestRunCache: a machine that runs one tape at several lengths, and
// other tapes in between, binds anew each time the tape or len(x)
// changes (the sizes and the constants are those of the current run).
func TestRunCache(t *testing.T) {
	prog := loadSrc(t, "fn f(x[n]) = sum(i, 3*x[i]^2)\nfn g(x[2]) = 5*x[0] + 7*x[1]\nfn h(x[n]) = sum(i, 11*x[i]^3)\n")
	f := compileFn(t, prog, prog.Fn("f"))
	g := compileFn(t, prog, prog.Fn("g"))
	h := compileFn(t, prog, prog.Fn("h"))
	if len(f.grad.VLoops) == 0 || f.grad.VLoops[0].ConstSplats == 0 {
		t.Fatalf("f's gradient has no block loop with constant splats:\n%s", f.grad.Disasm())
	}
	m := NewMachine()
	// f alone at a growing number of lanes: its splats must cover them.
	for _, n := range []int{1, 5, 2, 9} {
		x := make([]float64, n)
		for i := range x {
			x[i] = 1
		}
		grad := make([]float64, n)
		if _, err := m.Run(f.grad, grad, x, nil); err != nil {
			t.Fatal(err)
		}
		for i, g := range grad {
			if g != 6 {
				t.Errorf("n=%d: f grad[%d] = %v, want 6", n, i, g)
			}
		}
	}
	for _, n := range []int{1, 4, 4, 2, 7, 7, 300, 3} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i + 1)
		}
		grad := make([]float64, n)
		v, err := m.Run(f.grad, grad, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		for i, xi := range x {
			want += 3 * xi * xi
			if grad[i] != 6*xi {
				t.Errorf("n=%d: grad[%d] = %v, want %v", n, i, grad[i], 6*xi)
			}
		}
		if v != want {
			t.Errorf("n=%d: f = %v, want %v", n, v, want)
		}
		if s := m.Sizes(f.grad); len(s) != 1 || s[0] != n {
			t.Errorf("n=%d: sizes %v", n, s)
		}
		if _, err := m.Run(f.grad, grad, make([]float64, 0), nil); err == nil {
			t.Errorf("len(x) = 0 accepted after n=%d", n)
		}
		// h's block loop overwrites the vector registers of f's splats.
		hv, err := m.Run(h.grad, grad, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = 0
		for i, xi := range x {
			want += 11 * xi * xi * xi
			if grad[i] != 33*xi*xi {
				t.Errorf("n=%d: h grad[%d] = %v, want %v", n, i, grad[i], 33*xi*xi)
			}
		}
		if hv != want {
			t.Errorf("n=%d: h = %v, want %v", n, hv, want)
		}
		gv, err := m.Run(g.value, nil, []float64{1, 2}, nil)
		if err != nil || gv != 19 {
			t.Errorf("g = %v, %v; want 19", gv, err)
		}
		if _, err := m.Run(g.value, nil, []float64{1, 2, 3}, nil); err == nil {
			t.Errorf("g accepted len(x) = 3")
		}
	}
}

// TestSmallLargeAgree: every opcode but the jumps computes the same in a
// small tape (runFast, arrays) as in a large one (runLarge, slices), and
// step runs what they leave.
func TestSmallLargeAgree(t *testing.T) {
	consts := []float64{0.5, 1.5, -2, 0.25}
	for op := Opcode(1); op < numOpcodes; op++ {
		if op == JGE || op == NEXT || op == VLOOP {
			continue
		}
		// Float operands read consts; Dst (and C for LOADX2) is slot 5,
		// integer operands register 1 (which holds 1), immediates 1.
		in := Instr{Op: op}
		for k, p := range in.fields() {
			switch opcodeArgs[op][k] {
			case argFloat:
				*p = int32(k % len(consts))
				if k == 0 || (op == LOADX2 && k == 3) {
					*p = 5
				}
			case argInt:
				*p = 1
				if k == 0 {
					*p = 2
				}
			case argImm:
				*p = 1
			}
		}
		var got [2][]float64
		for j, slots := range []int{8, smallRegs + 8} {
			tp := &Tape{Name: "op", Code: []Instr{in}, Consts: consts, NumSlots: slots, NumInts: 3, Result: 5}
			tp.prepare() // the small one runs in runFast
			if (tp.fast != nil) != (slots <= smallRegs) {
				t.Fatalf("%d slots: prepared %v", slots, tp.fast != nil)
			}
			m := NewMachine()
			m.grow(tp)
			copy(m.mem, consts)
			m.mem[5] = 0.75 // read by OUT2
			m.ints[1] = 1
			m.dat = []float64{3, 4, 5}
			out := []float64{0, 0, 0}
			res := m.exec(tp, []float64{6, 7, 8}, []float64{9, 10, 11}, out)
			got[j] = append(out, res, float64(m.ints[2]))
		}
		for k := range got[0] {
			if a, b := got[0][k], got[1][k]; a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Errorf("%s: small %v, large %v", in.Op, got[0], got[1])
				break
			}
		}
	}
}

// TestSubSq: SUBSQ and SUBSQADD keep the difference in D and square it,
// in the small and the large machine; the compiler fuses the pair, and
// the block form splits it again.
func TestSubSq(t *testing.T) {
	a, b, c := 0.1, 3.0000000000000004, -7.3
	dd := a - b
	for _, tc := range []struct {
		op   Opcode
		want float64
	}{
		{SUBSQ, dd * dd},
		{SUBSQADD, float64(dd*dd) + c},
	} {
		for _, slots := range []int{8, smallRegs + 8} {
			tp := &Tape{Name: "subsq", Code: []Instr{{Op: tc.op, Dst: 5, A: 0, B: 1, C: 2, D: 4}},
				Consts: []float64{a, b, c}, NumSlots: slots, NumInts: 1, Result: 5}
			m := NewMachine()
			got, err := m.Run(tp, nil, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || m.mem[4] != dd {
				t.Errorf("%s, %d slots: f5 = %v, f4 = %v; want %v, %v", tc.op, slots, got, m.mem[4], tc.want, dd)
			}
		}
	}
	prog := loadSrc(t, "fn f(x[n]) = sum(i, (x[i] - 1)^2 + (x[i] - 2)^2)\nfn g(x[2]) = (x[0] - 1)^2 + (x[1] - 2)^2\n")
	g := compileFn(t, prog, prog.Fn("g"))
	if dis := g.value.Disasm(); !strings.Contains(dis, "subsqadd") {
		t.Errorf("g's value has no subsqadd:\n%s", dis)
	}
	f := compileFn(t, prog, prog.Fn("f"))
	x := []float64{0.5, 1.5, 4}
	want := 0.0
	for _, xi := range x {
		want += (xi-1)*(xi-1) + (xi-2)*(xi-2)
	}
	m := NewMachine()
	m.minBlock = 1 // three iterations: blocks all the same
	for _, scalar := range []bool{false, true} {
		m.Scalar = scalar
		if v, err := m.Run(f.value, nil, x, nil); err != nil || math.Abs(v-want) > 1e-12 {
			t.Errorf("scalar=%v: f = %v, %v; want %v", scalar, v, err, want)
		}
	}
}
