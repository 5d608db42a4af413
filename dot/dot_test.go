package dot

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

const src = `
fn shared(x, y) = sin(x*y) + x*y - x/y
fn rosen(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)
fn nested(A[m, n]) = sum(i, sum(j, A[i, j]^2))
`

func draw(t *testing.T, name string, grad bool) string {
	t.Helper()
	prog, err := lang.Load("t.expr", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f, err := simplify.Build(prog, prog.Fn(name))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Func(&b, f, grad); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// nodes returns the ids of the nodes with the given label.
func nodes(dot, label string) []string {
	re := regexp.MustCompile(`(?m)^  (n\d+) \[label="` + regexp.QuoteMeta(label) + `"`)
	var ids []string
	for _, m := range re.FindAllStringSubmatch(dot, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func count(dot, s string) int { return strings.Count(dot, s) }

func TestSharedNodeDrawnOnce(t *testing.T) {
	for _, grad := range []bool{false, true} {
		d := draw(t, "shared", grad)
		// x*y is used by sin and by +: one node, two edges out.
		muls := nodes(d, "*")
		if !grad && len(muls) != 1 {
			t.Fatalf("grad=%v: %d nodes labelled *, want 1 (x*y shared):\n%s", grad, len(muls), d)
		}
		if len(nodes(d, "x")) != 1 || len(nodes(d, "y")) != 1 {
			t.Errorf("grad=%v: inputs x and y must be drawn once each:\n%s", grad, d)
		}
		if !grad {
			if n := count(d, muls[0]+" -> "); n != 2 {
				t.Errorf("x*y feeds %d nodes, want 2 (sin and +):\n%s", n, d)
			}
			// The order of the operands of - and / is shown.
			if count(d, `[label="1"]`) != 2 || count(d, `[label="2"]`) != 2 {
				t.Errorf("the operands of - and / must be numbered:\n%s", d)
			}
			if strings.Contains(d, "mistyrose") {
				t.Errorf("the value graph has no adjoint node:\n%s", d)
			}
		}
	}
}

func TestSumsAreClusters(t *testing.T) {
	d := draw(t, "rosen", false)
	if count(d, "subgraph cluster_") != 1 || !strings.Contains(d, `label="sum over i1 in 0..n-1"`) {
		t.Fatalf("want one cluster for the sum over 0..n-1:\n%s", d)
	}
	// The loads of x[i] and x[i+1] are in the cluster, the accumulator outside.
	body := d[strings.Index(d, "subgraph cluster_"):]
	body = body[:strings.Index(body, "\n  }\n")]
	for _, label := range []string{"x[i1]", "x[i1+1]"} {
		ids := nodes(d, label)
		if len(ids) != 1 {
			t.Fatalf("%d nodes %s, want 1:\n%s", len(ids), label, d)
		}
		if !strings.Contains(body, "    "+ids[0]+";") {
			t.Errorf("%s is not in the loop's cluster:\n%s", label, d)
		}
	}
	sigma := nodes(d, "Σ")
	if len(sigma) != 1 || strings.Contains(body, "    "+sigma[0]+";") {
		t.Errorf("want one accumulator Σ, outside the cluster:\n%s", d)
	}

	nested := draw(t, "nested", false)
	if count(nested, "\n  subgraph cluster_") != 1 || count(nested, "\n    subgraph cluster_") != 1 {
		t.Errorf("want a cluster nested in a cluster for sum(i, sum(j, ...)):\n%s", nested)
	}
}

func TestGradientShowsAdjoints(t *testing.T) {
	d := draw(t, "rosen", true)
	for _, sink := range []string{"∂/∂x[i1]", "∂/∂x[i1+1]"} {
		ids := nodes(d, sink)
		if len(ids) != 1 {
			t.Fatalf("%d sinks %s, want 1:\n%s", len(ids), sink, d)
		}
		if count(d, "-> "+ids[0]+";") == 0 {
			t.Errorf("nothing flows into %s:\n%s", sink, d)
		}
	}
	if !strings.Contains(d, "fillcolor=mistyrose") || !strings.Contains(d, "fillcolor=lightblue") {
		t.Errorf("the value and adjoint nodes must have their colors:\n%s", d)
	}
	// The gradient reuses the value's nodes: x[i1] is loaded once.
	if len(nodes(d, "x[i1]")) != 1 {
		t.Errorf("x[i1] drawn more than once:\n%s", d)
	}
}

func TestQuote(t *testing.T) {
	if got := quote(`a"b\c`); got != `"a\"b\\c"` {
		t.Errorf("quote = %s", got)
	}
}
