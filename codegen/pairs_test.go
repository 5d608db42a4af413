package codegen

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

var pairsOut = flag.String("pairs", "", "write the most frequent pairs of prepared instructions in the corpus to this file (internal/vmgen/pairs.txt)")

// maxPairs is the number of pair forms: the prepared opcodes must stay
// below 255 (runFast's switch covers every byte).
const maxPairs = 88

// pairCorpus is the .expr files whose tapes choose the pair forms: the
// benchmark problems, the examples, the test programs.
var pairCorpus = []string{
	"../benchmarks/funcs.expr",
	"../examples/lecture.expr",
	"../examples/differentiate/differentiate.expr",
	"../examples/hillclimb/hillclimb.expr",
	"../examples/race/race.expr",
	"../examples/train/train.expr",
	"../examples/external/models.expr",
	"testdata/gonum.expr",
	"testdata/taste.expr",
	"testdata/scalar.expr",
	"testdata/packing.expr",
}

// execName is the name of a prepared opcode, as the disassembler and
// pairs.txt spell it.
func execName(op Opcode) string {
	if op < numOpcodes {
		return op.String()
	}
	return execNames[op]
}

// pairable reports whether op may be half of a pair: runFast runs it, and
// it neither jumps nor ends the code.
func pairable(op Opcode) bool {
	switch op {
	case JGE, NEXT, VLOOP, NOP, opEnd:
		return false
	}
	if op < numOpcodes {
		return unaryFuncs[op] == nil && binaryFuncs[op] == nil
	}
	return op < numExecOpcodes
}

// countPairs counts the adjacent pairable instructions of the corpus's
// prepared tapes (value, gradient, Hessian-vector), before pairing.
func countPairs(t *testing.T) (map[[2]Opcode]int, int) {
	counts := map[[2]Opcode]int{}
	total := 0
	for _, path := range pairCorpus {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := lang.Load(filepath.Base(path), src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, fn := range prog.Fns {
			tp := compileFn(t, prog, fn)
			for _, tape := range []*Tape{tp.value, tp.grad, tp.hv} {
				tape.prepareWith(false)
				if tape.fast == nil {
					continue
				}
				target := make([]bool, len(tape.fast))
				for _, in := range tape.Code {
					switch in.Op {
					case JGE, NEXT, VLOOP:
						target[in.C] = true
					}
				}
				for pc := 1; pc < len(tape.fast); pc++ {
					a, b := tape.fast[pc-1].Op, tape.fast[pc].Op
					if pairable(a) && pairable(b) && !target[pc] {
						counts[[2]Opcode{a, b}]++
						total++
					}
				}
			}
		}
	}
	return counts, total
}

// TestPairCounts: the pair forms cover most of the adjacent instructions
// of the corpus. With -pairs FILE, it writes the maxPairs most frequent
// pairs to FILE, from which internal/vmgen makes the pair forms:
//
//	go test ./codegen -run TestPairCounts -pairs internal/vmgen/pairs.txt
//	go generate ./codegen
func TestPairCounts(t *testing.T) {
	counts, total := countPairs(t)
	type pair struct {
		ops [2]Opcode
		n   int
	}
	var ps []pair
	for ops, n := range counts {
		ps = append(ps, pair{ops, n})
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(execName(a.ops[0])+execName(a.ops[1]), execName(b.ops[0])+execName(b.ops[1]))
	})
	if *pairsOut != "" {
		var b strings.Builder
		fmt.Fprintf(&b, "# The pairs of prepared instructions that get a form of their own, the\n")
		fmt.Fprintf(&b, "# most frequent of the corpus first (codegen/pairs_test.go writes this:\n")
		fmt.Fprintf(&b, "# go test ./codegen -run TestPairCounts -pairs internal/vmgen/pairs.txt).\n")
		fmt.Fprintf(&b, "# first second count\n")
		for _, p := range ps[:min(len(ps), maxPairs)] {
			fmt.Fprintf(&b, "%s %s %d\n", execName(p.ops[0]), execName(p.ops[1]), p.n)
		}
		if err := os.WriteFile(*pairsOut, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	covered := 0
	for ops, n := range counts {
		if _, ok := pairForms[ops]; ok {
			covered += n
		}
	}
	t.Logf("pair forms cover %d of %d adjacent pairs (%d distinct)", covered, total, len(counts))
	if total == 0 || covered*2 < total {
		t.Errorf("pair forms cover %d of %d adjacent pairs of the corpus: regenerate internal/vmgen/pairs.txt", covered, total)
	}
}

// canonOf returns the opcode that a prepared opcode (not a pair) is a
// form of, and whether it is a store form.
func canonOf(op Opcode) (Opcode, bool) {
	if op < numOpcodes {
		return op, false
	}
	for canon, s := range storeForms {
		if s == op {
			return Opcode(canon), true
		}
	}
	for base := range accForms {
		for _, f := range accForms[base] {
			if f.op == op {
				canon, store := canonOf(Opcode(base))
				return canon, store
			}
		}
	}
	return 0, false
}

// TestPairForms: each pair form computes what its two instructions do one
// after the other. For each pair, random three-instruction tapes (a
// producer, then the pair's opcodes) are drawn until preparing one without
// pairs gives the pair's two forms; with pairs, it must run to the same
// slots and outputs, bit for bit.
func TestPairForms(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	slot := func() int32 { return 3 + rng.Int32N(3) } // few slots: reads meet writes
	for ops, pairOp := range pairForms {
		canon := [2]Opcode{}
		store := false
		for k, op := range ops {
			c, s := canonOf(op)
			canon[k], store = c, store || s
		}
		found := false
		for try := 0; try < 20000 && !found; try++ {
			code := []Instr{{Op: MOVE, Dst: slot(), A: int32(rng.IntN(3))}}
			nout := int32(0)
			for _, op := range canon {
				in := Instr{Op: op}
				for j, p := range in.fields() {
					switch opcodeArgs[op][j] {
					case argFloat:
						*p = slot()
					case argInt:
						*p = 0
						if j == 0 {
							*p = 1 + rng.Int32N(2)
						}
					case argImm:
						*p = rng.Int32N(2)
					}
				}
				switch op {
				case OUT:
					in.C, nout = nout, nout+1
				case OUT2:
					in.C, in.D, nout = nout, nout+1, nout+2
				}
				code = append(code, in)
			}
			nx := int(nout) + 1 // an element no OUT writes: no store forms
			if store {
				nx = int(nout)
			}
			tp := &Tape{Name: "pair", Kind: simplify.KindGradient, Code: code, Consts: []float64{0.5, -2, 3},
				NumSlots: 6, NumInts: 3, Result: 3,
				Inputs: []simplify.Input{{Name: "x", Kind: simplify.InVar, Dims: []simplify.Dim{{Size: -1, Fixed: nx}}}}}
			tp.layout()
			tp.prepareWith(false)
			if tp.fast[1].Op != ops[0] || tp.fast[2].Op != ops[1] {
				continue
			}
			found = true
			plain := *tp
			plain.fast, plain.storesOut = nil, false
			paired := *tp
			paired.prepare()
			if paired.fast[1].Op != pairOp {
				t.Errorf("%s %s: prepared %s, want the pair", execName(ops[0]), execName(ops[1]), execName(paired.fast[1].Op))
				continue
			}
			s0, o0 := runTape(&plain)
			s1, o1 := runTape(&paired)
			if !sameFloats(s0, s1) || !sameFloats(o0[:nx], o1[:nx]) {
				t.Errorf("%s: slots %v, want %v; out %v, want %v\n%s", execName(pairOp), s1, s0, o1, o0, plain.Disasm())
			}
		}
		if !found {
			t.Errorf("no tape prepares to %s %s", execName(ops[0]), execName(ops[1]))
		}
	}
}
