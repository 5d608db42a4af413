package autodiff

import (
	"testing"

	"github.com/gradc/gradc/lang"
)

// TestOpTable: every row is filled, and every builtin of the language has
// an op of its arity (pi, of arity 0, is a number).
func TestOpTable(t *testing.T) {
	for op := opcode(0); op < numOpcodes; op++ {
		d := opTable[op]
		if d.name == "" || d.partial == nil || (d.arity == 1) == (d.f1 == nil) || (d.arity == 2) == (d.f2 == nil) {
			t.Errorf("op %d (%q) is incomplete", op, d.name)
		}
	}
	for _, b := range lang.Builtins {
		if b.Arity == 0 {
			continue
		}
		op, ok := builtinOps[b.Name_]
		if !ok {
			t.Errorf("builtin %s has no op", b.Name_)
			continue
		}
		if opTable[op].arity != b.Arity {
			t.Errorf("builtin %s: arity %d, op has %d", b.Name_, b.Arity, opTable[op].arity)
		}
	}
	if len(builtinOps) != len(lang.Builtins)-1 {
		t.Errorf("%d builtin ops for %d builtins with arguments", len(builtinOps), len(lang.Builtins)-1)
	}
}
