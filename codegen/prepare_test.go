package codegen

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gradc/gradc/simplify"
	"pgregory.net/rapid"
)

// straightOps are the opcodes of the random tapes below: every opcode of
// runFast but the jumps, and two builtins, which step runs between runs of
// runFast.
var straightOps = []Opcode{
	ADD, SUB, MUL, DIV, NEG, MULADD, MULSUB, NMULADD, NMUL, MUL3, MUL3ADD, MUL3SUB, NMUL3ADD,
	SUBSQ, SUBSQADD, SQRT, ABS, LT, LE, GT, GE, EQ, NE, AND, OR, NOT, SELECT, ZERO, MOVE, ACC,
	ITOF, LOADX, LOADX2, LOADV, LOADD, OUT, OUT2, ICONST, IMOVE, IADD, IMUL, IMADD, IMADDK, NOP, SIN, ATAN2,
}

// randomTape draws a gradient tape over 3 variables, straight-line or
// with one loop: slots 0-2 constants, 3-9 temporaries; register 0 the
// offset of x (0), 1-3 scratch (1 only, in a loop). With outputsOnce it ends with stores that cover the output
// once and has no other OUT, so that prepare picks the store forms.
func randomTape(t *rapid.T, outputsOnce bool) *Tape {
	const nconst, nslots, nx = 3, 10, 3
	slot := rapid.Int32Range(0, nslots-1)
	temp := rapid.Int32Range(nconst, nslots-1)
	n := rapid.IntRange(1, 30).Draw(t, "n")
	var code []Instr
	// Without stores, the middle of the code may be the body of a loop
	// (r3 its index, r2 its count): the instruction a jump lands on
	// neither reads acc nor ends a pair.
	loopFrom, loopTo := -1, -1
	if !outputsOnce && rapid.Bool().Draw(t, "loop") {
		loopFrom = rapid.IntRange(0, n-1).Draw(t, "loopFrom")
		loopTo = rapid.IntRange(loopFrom+1, n).Draw(t, "loopTo") // the body: loopFrom+1 .. loopTo-1
	}
	var body int32
	for k := 0; k < n; k++ {
		if k == loopFrom {
			// The body starts after instruction k, which leaves its
			// result in acc on the way in, not on the way round.
			code = append(code, Instr{Op: ICONST, Dst: 3, A: 0}, Instr{Op: ICONST, Dst: 2, A: rapid.Int32Range(1, 3).Draw(t, "count")})
			body = int32(len(code)) + 1
		}
		if k == loopTo {
			code = append(code, Instr{Op: NEXT, A: 3, B: 2, C: body})
		}
		op := rapid.SampledFrom(straightOps).Draw(t, "op")
		if outputsOnce && (op == OUT || op == OUT2) {
			op = MOVE
		}
		in := Instr{Op: op}
		for j, p := range in.fields() {
			switch opcodeArgs[op][j] {
			case argFloat:
				if j == 0 || (op == LOADX2 && j == 3) || ((op == SUBSQ || op == SUBSQADD) && j == 4) {
					*p = temp.Draw(t, "dst")
				} else {
					*p = slot.Draw(t, "src")
				}
			case argInt:
				*p = 0
				if j == 0 {
					*p = rapid.Int32Range(1, 3).Draw(t, "ireg")
					if loopFrom >= 0 {
						*p = 1 // r2 and r3 run the loop
					}
				}
			case argImm:
				*p = rapid.Int32Range(0, nx-1).Draw(t, "imm")
			}
		}
		code = append(code, in)
	}
	if loopTo == n {
		code = append(code, Instr{Op: NEXT, A: 3, B: 2, C: body})
	}
	if outputsOnce {
		code = append(code,
			Instr{Op: OUT2, Dst: temp.Draw(t, "o1"), A: 0, B: temp.Draw(t, "o0"), C: 0, D: 1},
			Instr{Op: OUT, A: 0, B: slot.Draw(t, "o2"), C: 2})
	}
	tp := &Tape{Name: "random", Kind: simplify.KindGradient, Code: code,
		Consts: []float64{0.5, -2, 0}, NumSlots: nslots, NumInts: 4,
		Inputs: []simplify.Input{{Name: "x", Kind: simplify.InVar, Dims: []simplify.Dim{{Size: -1, Fixed: nx}}}},
		Result: temp.Draw(t, "result")}
	tp.layout()
	return tp
}

// runTape runs tp on a fresh machine at fixed x, v and data, the output
// first filled with garbage when the tape stores, and returns the slots
// and the output.
func runTape(tp *Tape) (slots, out []float64) {
	m := NewMachine()
	m.grow(tp)
	copy(m.mem, tp.Consts)
	for k := len(tp.Consts); k < tp.NumSlots; k++ {
		m.mem[k] = float64(k) / 7
	}
	clear(m.ints)
	m.dat = []float64{3, -4, 5}
	out = make([]float64, 8) // room for the pairs' outputs too
	if tp.storesOut {
		for k := range out[:tp.fixed.nx] { // what it stores, not zeroed
			out[k] = 1e300
		}
	}
	m.exec(tp, []float64{0.25, -1.5, 2}, []float64{9, 10, 11}, out)
	return append([]float64(nil), m.mem[:tp.NumSlots]...), out
}

func sameFloats(a, b []float64) bool {
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) && !(math.IsNaN(a[k]) && math.IsNaN(b[k])) {
			return false
		}
	}
	return true
}

// TestPreparedAgrees: the prepared code (acc, store and pair forms) run
// by runFast leaves every slot and output element bit for bit as the
// plain code run by runLarge does, for random tapes.
func TestPreparedAgrees(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		plain := randomTape(t, rapid.Bool().Draw(t, "outputsOnce"))
		prepared := *plain
		prepared.prepare()
		if prepared.fast == nil {
			t.Fatalf("a small checked tape was not prepared")
		}
		s0, o0 := runTape(plain)
		s1, o1 := runTape(&prepared)
		if !sameFloats(s0, s1) || !sameFloats(o0, o1) {
			t.Fatalf("plain and prepared differ\nslots %v\n      %v\nout %v\n    %v\n%s", s0, s1, o0, o1, plain.Disasm())
		}
	})
}

// TestPrepareForms: prepare picks an acc form where an instruction reads
// the result of the one before, and not where a jump lands or where the
// instruction writes that slot before reading it; store forms only when
// the outputs are covered once.
func TestPrepareForms(t *testing.T) {
	x := []simplify.Input{{Name: "x", Kind: simplify.InVar, Dims: []simplify.Dim{{Size: -1, Fixed: 2}}}}
	cases := []struct {
		name string
		code []Instr
		want []Opcode // the prepared opcodes, without opEnd
		sets bool     // storesOut
	}{
		{"chain", []Instr{{Op: ADD, Dst: 3, A: 0, B: 1}, {Op: MUL, Dst: 4, A: 2, B: 3}},
			[]Opcode{ADD, opMULaccB}, false},
		{"not the one before", []Instr{{Op: ADD, Dst: 3, A: 0, B: 1}, {Op: ZERO, Dst: 4}, {Op: MUL, Dst: 4, A: 3, B: 3}},
			[]Opcode{ADD, ZERO, MUL}, false},
		{"jump target", []Instr{{Op: ADD, Dst: 3, A: 0, B: 1}, {Op: MUL, Dst: 4, A: 3, B: 1}, {Op: NEXT, A: 1, B: 2, C: 1}},
			[]Opcode{ADD, MUL, NEXT}, false},
		{"written first", []Instr{{Op: ADD, Dst: 3, A: 0, B: 1}, {Op: SUBSQADD, Dst: 4, A: 0, B: 1, C: 3, D: 3}},
			[]Opcode{ADD, SUBSQADD}, false},
		{"after a builtin", []Instr{{Op: SIN, Dst: 3, A: 0}, {Op: MUL, Dst: 4, A: 3, B: 1}},
			[]Opcode{SIN, MUL}, false},
		{"stores", []Instr{{Op: ADD, Dst: 3, A: 0, B: 1}, {Op: OUT2, Dst: 3, A: 0, B: 1, C: 0, D: 1}},
			[]Opcode{ADD, opOUT2SETaccDst}, true},
		{"an element twice", []Instr{{Op: OUT, A: 0, B: 1, C: 0}, {Op: OUT2, Dst: 3, A: 0, B: 1, C: 0, D: 1}},
			[]Opcode{OUT, OUT2}, false},
		{"an element missing", []Instr{{Op: OUT, A: 0, B: 1, C: 1}},
			[]Opcode{OUT}, false},
	}
	for _, c := range cases {
		tp := &Tape{Name: c.name, Kind: simplify.KindGradient, Code: c.code, Consts: []float64{1, 2, 3}, NumSlots: 5, NumInts: 3, Inputs: x}
		tp.layout()
		tp.prepareWith(false) // the forms, before pairing
		var got []Opcode
		for _, in := range tp.fast[:len(tp.fast)-1] {
			got = append(got, in.Op)
		}
		if !equalOps(got, c.want) || tp.storesOut != c.sets {
			t.Errorf("%s: prepared %v (storesOut %v), want %v (%v)", c.name, got, tp.storesOut, c.want, c.sets)
		}
	}
}

func equalOps(a, b []Opcode) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// TestBlocksAreTheTapes: the machine runs the block loops as Compile made
// them: changing a tape's VLoops by hand changes nothing, and a hand-made
// tape whose block loop names a vector register out of range panics
// rather than reading past the registers.
func TestBlocksAreTheTapes(t *testing.T) {
	prog := loadSrc(t, "fn f(x[n]) = sum(i, x[i]^2)\n")
	tp := compileFn(t, prog, prog.Fn("f"))
	if len(tp.grad.VLoops) == 0 {
		t.Fatalf("no block loop:\n%s", tp.grad.Disasm())
	}
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8} // enough iterations for blocks (minBlock)
	grad := make([]float64, len(x))
	m := NewMachine()
	want, err := m.Run(tp.grad, grad, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := range tp.grad.VLoops[0].Code {
		tp.grad.VLoops[0].Code[k].A = 1 << 20
		tp.grad.VLoops[0].Code[k].Dst = 1 << 20
	}
	if got, err := NewMachine().Run(tp.grad, grad, x, nil); err != nil || got != want {
		t.Errorf("after changing VLoops: %v, %v; want %v", got, err, want)
	}

	bad := &Tape{Name: "bad", Kind: simplify.KindValue, NumSlots: 4, NumInts: 4, Result: 0,
		Code:   []Instr{{Op: ICONST, Dst: 1, A: 0}, {Op: ICONST, Dst: 2, A: 8}, {Op: VLOOP, Dst: 0, A: 1, B: 2, C: 3}},
		VLoops: []VLoop{{NumVecs: 1, Code: []VInstr{{Op: ADD, Dst: 0, A: 0, B: 1 << 20}}}}}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "bad block loop") {
			t.Errorf("a bad block loop: recovered %v", r)
		}
	}()
	m = NewMachine()
	m.grow(bad)
	m.exec(bad, nil, nil, nil)
}

// TestValueLeavesOut: a value tape does not touch out, whether Run takes
// its straight path (the same tape again) or not.
func TestValueLeavesOut(t *testing.T) {
	prog := loadSrc(t, "fn g(x[2]) = 5*x[0] + 7*x[1]\n")
	tp := compileFn(t, prog, prog.Fn("g"))
	m := NewMachine()
	for run := 0; run < 2; run++ {
		out := []float64{42, 42}
		v, err := m.Run(tp.value, out, []float64{1, 2}, nil)
		if err != nil || v != 19 || out[0] != 42 || out[1] != 42 {
			t.Errorf("run %d: %v, %v, out %v; want 19, out [42 42]", run, v, err, out)
		}
	}
}
