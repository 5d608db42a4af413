package repl

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSession feeds a session arbitrary lines, after a few definitions:
// nothing typed may panic, and no input may reach the recover boundary
// (an "internal error" is a bug somewhere below the REPL).
func FuzzSession(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		for _, l := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(l, Prompt); ok && !strings.HasPrefix(rest, ":load") {
				f.Add(rest)
			}
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, ":load") {
			return // reads files
		}
		var out strings.Builder
		s := New(io.Discard, &out)
		for _, def := range []string{"fn f(x, y) = x^2*y", "fn r(x[n]) = sum(i, x[i]^2)", "let e = x + 1", ":at x=1 y=2"} {
			s.Line(def)
		}
		for _, l := range strings.Split(line, "\n") {
			s.Line(l)
		}
		s.Flush()
		if strings.Contains(out.String(), "internal error") {
			t.Errorf("input %q: %s", line, out.String())
		}
	})
}
