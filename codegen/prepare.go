package codegen

import (
	"math/bits"
	"unsafe"

	"github.com/gradc/gradc/simplify"
)

//go:generate go run ./internal/vmgen -o vm_run.go -pairs internal/vmgen/pairs.txt

// instrSize is the size of an Instr, the stride of runFast's walk.
const instrSize = unsafe.Sizeof(Instr{})

// accForm is a form of an opcode that reads acc for the fields of mask
// (bit k for field k, in the order Dst, A, B, C, D).
type accForm struct {
	mask uint8
	op   Opcode
}

// prepare builds t's prepared code, which runFast runs, when t is small
// and its code checks out (every opcode known, every jump inside the
// code); otherwise it leaves t.fast nil and the tape runs in runLarge.
// The prepared code is t.Code with opEnd after it and, where the code
// allows, forms of the opcodes that run faster:
//
//   - An instruction that reads the float result of the instruction just
//     before it reads it from acc, the local that holds the last result,
//     instead of from the slot (accForms), unless a jump lands on it, the
//     instruction overwrites that slot before reading it, or the one
//     before wrote the slot again after its result (LOADX2 into one slot
//     twice).
//   - When the tape has no loops and its OUT and OUT2 instructions write
//     each element of the output once, they store rather than add
//     (storeForms), and Run need not zero the output first
//     (t.storesOut).
//   - Two instructions in a row that have a pair form run as one
//     dispatch (pairUp), the second reading the first's result in acc.
func (t *Tape) prepare() { t.prepareWith(true) }

// prepareWith is prepare, with pairs or without (to count them).
func (t *Tape) prepareWith(pairs bool) {
	t.fast, t.storesOut = nil, false
	if !t.small() {
		return
	}
	code := t.Code
	target := make([]bool, len(code)+1)
	for _, in := range code {
		if in.Op >= numOpcodes {
			return
		}
		switch in.Op {
		case JGE, NEXT, VLOOP:
			if in.C < 0 || int(in.C) > len(code) {
				return
			}
			target[in.C] = true
		}
	}
	fast := make([]Instr, len(code)+1)
	copy(fast, code)
	fast[len(code)] = Instr{Op: opEnd}
	if t.outputsOnce() {
		for pc := range code {
			if s := storeForms[code[pc].Op]; s != 0 {
				fast[pc].Op = s
			}
		}
		t.storesOut = true
	}
	for pc := 1; pc < len(code); pc++ {
		prev, in := &fast[pc-1], &fast[pc]
		if !setsAcc[prev.Op] || target[pc] || writesLate(prev, prev.Dst) {
			continue
		}
		if writesFirst(in, prev.Dst) {
			continue
		}
		var reads uint8 // the fields that read the result before
		for k, slot := range in.operands() {
			if slot == prev.Dst {
				reads |= 1 << k
			}
		}
		best, most := Opcode(0), 0
		for _, f := range accForms[in.Op] {
			if n := bits.OnesCount8(f.mask); f.mask&^reads == 0 && n > most {
				best, most = f.op, n
			}
		}
		if best != 0 {
			in.Op = best
		}
	}
	if pairs {
		pairUp(fast, target)
	}
	t.fast = fast
}

// pairUp gives each pair of instructions that has a pair form (pairForms)
// that form, left to right: the first of the two becomes the pair, which
// runs both and steps past the second. The second keeps its own form, so
// a jump may land on it; pairUp leaves such pairs alone all the same, as
// the loop's way round would not use them.
func pairUp(fast []Instr, target []bool) {
	for pc := 0; pc+1 < len(fast); pc++ {
		if target[pc+1] {
			continue
		}
		if op, ok := pairForms[[2]Opcode{fast[pc].Op, fast[pc+1].Op}]; ok {
			fast[pc].Op = op
			pc++
		}
	}
}

// writesFirst reports whether in writes slot before it has read all its
// operands.
func writesFirst(in *Instr, slot int32) bool { return writesIn(earlyWrites[in.Op], in, slot) }

// writesLate reports whether in writes slot after its result.
func writesLate(in *Instr, slot int32) bool { return writesIn(lateWrites[in.Op], in, slot) }

// writesIn reports whether one of the fields of in that bits marks names
// slot.
func writesIn(bits uint8, in *Instr, slot int32) bool {
	for k, v := range in.operands() {
		if bits&(1<<k) != 0 && v == slot {
			return true
		}
	}
	return false
}

// outputsOnce reports whether t has no loops and its OUT and OUT2
// instructions add to each element of the output exactly once, at
// offsets known since Compile: then storing is adding to zero.
func (t *Tape) outputsOnce() bool {
	if t.fixed == nil || t.fixed.nx == 0 {
		return false
	}
	switch t.Kind {
	case simplify.KindGradient, simplify.KindHessVec, simplify.KindHessian:
	default:
		return false
	}
	base := map[int32]int{} // register → the offset it holds
	for k, in := range t.Inputs {
		if in.Kind == simplify.InVar || in.Kind == simplify.InDir {
			base[t.regBase(k)] = t.fixed.bases[k]
		}
	}
	seen := make([]bool, t.fixed.nx)
	n := 0
	mark := func(reg, off int32) bool {
		b, ok := base[reg]
		i := b + int(off)
		if !ok || i < 0 || i >= len(seen) || seen[i] {
			return false
		}
		seen[i] = true
		n++
		return true
	}
	for _, in := range t.Code {
		switch in.Op {
		case JGE, NEXT, VLOOP:
			return false
		case OUT:
			if !mark(in.A, in.C) {
				return false
			}
		case OUT2:
			if !mark(in.A, in.C) || !mark(in.A, in.D) {
				return false
			}
		default:
			// A write to a register that holds an offset would move it.
			if opcodeArgs[in.Op][0] == argInt {
				if _, ok := base[in.Dst]; ok {
					return false
				}
			}
		}
	}
	return n == len(seen)
}
