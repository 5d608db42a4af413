package randprog

import (
	"strings"
	"testing"

	"github.com/gradc/gradc/lang"
	"pgregory.net/rapid"
)

// TestProgramsCheck: every generated program is valid .expr with the
// documented fns.
func TestProgramsCheck(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		src := Program().Draw(t, "src")
		prog, err := lang.Load("rand.expr", []byte(src))
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		for _, name := range []string{"g", "h", "f"} {
			if prog.Fn(name) == nil {
				t.Fatalf("no fn %s in\n%s", name, src)
			}
		}
	})
}

// TestCoverage: over many programs, every builtin and every construct
// appears.
func TestCoverage(t *testing.T) {
	var all strings.Builder
	rapid.Check(t, func(t *rapid.T) { all.WriteString(Program().Draw(t, "src")) })
	text := all.String()
	want := []string{"sum(i0, ", " in 0..n", " in 1..n", "+1]", "-1]", "if(", "diff(", "let ", "h(", "g(",
		"&&", "||", "!(", "<=", ">=", "==", "!=", "A[", "e[", "^k", "^-1", "pow("}
	for _, b := range lang.Builtins {
		want = append(want, b.Name_)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("no generated program contains %q", w)
		}
	}
}
