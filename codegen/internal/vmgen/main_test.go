package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWithAcc: a form that reads acc replaces the reads of its field, and
// only the reads.
func TestWithAcc(t *testing.T) {
	for _, c := range []struct{ code, field, want string }{
		{"acc = $A + $B\n$Dst = acc", "A", "acc = acc + $B\n$Dst = acc"},
		{"acc = $A + $B\n$Dst = acc", "B", "acc = $A + acc\n$Dst = acc"},
		{"acc = $Dst + $A\n$Dst = acc", "Dst", "acc = acc + $A\n$Dst = acc"},
		{"d := $A - $B\n$D = d\nacc = float64(d*d) + $C\n$Dst = acc", "C", "d := $A - $B\n$D = d\nacc = float64(d*d) + acc\n$Dst = acc"},
		{"OUT[%A+#C] += $B", "B", "OUT[%A+#C] += acc"},
	} {
		if got := withAcc(c.code, c.field); got != c.want {
			t.Errorf("withAcc(%q, %s):\n%s", c.code, c.field, cmp.Diff(c.want, got))
		}
	}
}

// TestFloatReads: the fields whose slots an opcode reads, and not those
// it writes.
func TestFloatReads(t *testing.T) {
	for _, c := range []struct {
		code string
		want []int
	}{
		{"acc = float64($A*$B) + $C\n$Dst = acc", []int{1, 2, 3}},
		{"d := $A - $B\n$D = d\nacc = d * d\n$Dst = acc", []int{1, 2}},
		{"i := %A\nacc = X[i+#B]\n$Dst = acc\n$C = X[i+#D]", nil},
		{"i := %A\nOUT[i+#C] += $B\nOUT[i+#D] += $Dst", []int{0, 2}},
	} {
		if got := floatReads(c.code); !cmp.Equal(got, c.want) {
			t.Errorf("floatReads(%q) = %v, want %v", c.code, got, c.want)
		}
	}
}

// TestFresh: vm_run.go is what the table gives (go generate in codegen
// writes it).
func TestFresh(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "vm_run.go"))
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := os.ReadFile("pairs.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate(pairs)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("vm_run.go is stale: run go generate in codegen")
	}
}
