package codegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gradc/gradc/simplify"
)

// Disasm returns the tape as text: a header with the sizes, the inputs and
// the constant pool, then one instruction a line with its index. Float
// slots print as f3, integer registers as r2, immediates as $5 and jump
// targets as @12; a constant slot shows its value: f0(=100).
//
//	fn rosenbrock value: 16 instructions, 6 slots (2 constants), 7 registers
//	r0 = size n
//	r1 = offset of x[n] (var)
//	r2 = 0
//	     0  iconst   r2, $0
//	     ...
//	     7  loadx    f3, r6, $1
//	     ...
//	vloop 0: 5 vector registers
//	        splat    v3, f0(=100)
//	     0  loadx    v0, x[r1 +1 + 1*i]
func (t *Tape) Disasm() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fn %s %s: %d instructions, %d slots (%d constants), %d registers\n",
		t.Name, t.Kind, len(t.Code), t.NumSlots, len(t.Consts), t.NumInts)
	for k, s := range t.Sizes {
		fmt.Fprintf(&b, "r%d = size %s\n", k, s)
	}
	kinds := [...]string{simplify.InVar: "var", simplify.InData: "data", simplify.InDir: "dir"}
	for k, in := range t.Inputs {
		fmt.Fprintf(&b, "r%d = offset of %s%s (%s)\n", t.regBase(k), in.Name, t.shape(in), kinds[in.Kind])
	}
	fmt.Fprintf(&b, "r%d = 0\n", t.regZero())
	for pc, in := range t.Code {
		fmt.Fprintf(&b, "%6d  %s\n", pc, t.instr(in))
	}
	fmt.Fprintf(&b, "result %s\n", t.operand(argFloat, t.Result))
	for k, vl := range t.VLoops {
		fmt.Fprintf(&b, "vloop %d: %d vector registers\n", k, vl.NumVecs)
		for _, s := range vl.Splats {
			fmt.Fprintf(&b, "        splat    v%d, %s\n", s.Vec, t.operand(argFloat, s.Slot))
		}
		for pc, in := range vl.Code {
			fmt.Fprintf(&b, "%6d  %s\n", pc, t.vinstr(in))
		}
	}
	return b.String()
}

// vinstr formats an instruction of a block loop: vector registers print
// as v3, an address as x[r4 +1 + 1*i] (a register, an immediate offset,
// and the step, an immediate or a register).
func (t *Tape) vinstr(in VInstr) string {
	addr := func() string {
		step := strconv.Itoa(int(in.B))
		if in.C >= 0 {
			step = "r" + strconv.Itoa(int(in.C))
		}
		off := ""
		if in.Off != 0 {
			off = fmt.Sprintf(" %+d", in.Off)
		}
		return fmt.Sprintf("r%d%s + %s*i", in.A, off, step)
	}
	v := func(r int32) string { return "v" + strconv.Itoa(int(r)) }
	switch in.Op {
	case LOADX, LOADV, LOADD:
		mem := map[Opcode]string{LOADX: "x", LOADV: "v", LOADD: "data"}[in.Op]
		return fmt.Sprintf("%-8s %s, %s[%s]", in.Op, v(in.Dst), mem, addr())
	case ITOF:
		return fmt.Sprintf("%-8s %s, %s", in.Op, v(in.Dst), addr())
	case OUT:
		return fmt.Sprintf("%-8s out[%s], %s", in.Op, addr(), v(in.Dst))
	case ACC:
		return fmt.Sprintf("%-8s %s, %s", in.Op, t.operand(argFloat, in.Dst), v(in.A))
	}
	if in.Op >= numOpcodes {
		return fmt.Sprintf("op?%d", in.Op)
	}
	var ops []string
	for k, r := range [5]int32{in.Dst, in.A, in.B, in.C, in.D} {
		if opcodeArgs[in.Op][k] == argFloat {
			ops = append(ops, v(r))
		}
	}
	return fmt.Sprintf("%-8s %s", in.Op, strings.Join(ops, ", "))
}

func (t *Tape) shape(in simplify.Input) string {
	if len(in.Dims) == 0 {
		return ""
	}
	ds := make([]string, len(in.Dims))
	for i, d := range in.Dims {
		if d.Size >= 0 && d.Size < len(t.Sizes) {
			ds[i] = t.Sizes[d.Size]
		} else {
			ds[i] = strconv.Itoa(d.Fixed)
		}
	}
	return "[" + strings.Join(ds, ", ") + "]"
}

// instr formats one instruction: the opcode, then its operands.
func (t *Tape) instr(in Instr) string {
	if in.Op >= numOpcodes {
		return fmt.Sprintf("op?%d %d, %d, %d, %d, %d", in.Op, in.Dst, in.A, in.B, in.C, in.D)
	}
	kinds := opcodeArgs[in.Op]
	var ops []string
	for k, v := range in.operands() {
		if kinds[k] != argNone {
			ops = append(ops, t.operand(kinds[k], v))
		}
	}
	return fmt.Sprintf("%-8s %s", in.Op, strings.Join(ops, ", "))
}

func (t *Tape) operand(kind uint8, v int32) string {
	switch kind {
	case argFloat:
		s := "f" + strconv.Itoa(int(v))
		if v >= 0 && int(v) < len(t.Consts) {
			s += "(=" + strconv.FormatFloat(t.Consts[v], 'g', -1, 64) + ")"
		}
		return s
	case argInt:
		return "r" + strconv.Itoa(int(v))
	case argImm:
		return "$" + strconv.Itoa(int(v))
	case argPC:
		return "@" + strconv.Itoa(int(v))
	}
	return "?"
}
