package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGraph(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "g.expr")
	src := "fn shared(x, y) = sin(x*y) + x*y\nfn r(x[n]) = sum(i, x[i]^2)\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCmdIn("", "graph", file, "shared")
	if code != 0 || errs != "" || !strings.HasPrefix(out, `digraph "shared value" {`) || strings.Count(out, `label="*"`) != 1 {
		t.Errorf("gradc graph shared: exit %d, stderr %q, stdout:\n%s\nwant a digraph with x*y drawn once", code, errs, out)
	}
	out, errs, code = runCmdIn("", "graph", "-grad", file, "r")
	if code != 0 || errs != "" || !strings.HasPrefix(out, `digraph "r gradient" {`) ||
		!strings.Contains(out, "subgraph cluster_") || !strings.Contains(out, `"∂/∂x[i1]"`) {
		t.Errorf("gradc graph -grad r: exit %d, stderr %q, stdout:\n%s\nwant a cluster and a gradient sink", code, errs, out)
	}

	errTests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"graph", file}, exitUsage, "want FILE.expr FUNC"},
		{[]string{"graph", file, "sharde"}, exitInput, "has no fn sharde (did you mean shared?)"},
		{[]string{"graph", filepath.Join(dir, "none.expr"), "f"}, exitInput, "no such file"},
	}
	for _, tt := range errTests {
		_, errs, code := runCmdIn("", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("gradc %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.err)
		}
	}
	bad := filepath.Join(dir, "bad.expr")
	os.WriteFile(bad, []byte("fn f(x) = x + y\n"), 0o644)
	_, errs, code = runCmdIn("", "graph", bad, "f")
	if code != exitInput || !strings.Contains(errs, "bad.expr:1:15: undefined: y") || !strings.Contains(errs, "^") {
		t.Errorf("gradc graph bad.expr: exit %d, stderr %q; want the positioned error with a caret", code, errs)
	}
}
