package main

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/examples/internal/pics"
)

func TestLocalMax(t *testing.T) {
	tm := localMax()
	// The derivative of -(t sin t + 0.1 t) vanishes there: sin t + t cos t = -0.1.
	if d := math.Sin(tm) + tm*math.Cos(tm) + 0.1; math.Abs(d) > 1e-9 || tm < 4.8 || tm > 5 {
		t.Errorf("localMax = %g (derivative residual %g), want the root near 4.89", tm, d)
	}
}

// TestRace runs the n-D race on small sizes and checks what the lecture
// claims and the README quotes: gradient ascent reaches the target from
// every start in a handful of steps whatever n, hill-climbing needs far more
// evaluations, and more as n grows.
func TestRace(t *testing.T) {
	dir := t.TempDir()
	cfg := config{dims: []int{10, 100}, starts: 3, seed: 1, budget: 20000, gap: 0.01, lr: 0.1, step: 0.5,
		out2D: filepath.Join(dir, "2d.png"), outND: filepath.Join(dir, "nd.png")}
	var out bytes.Buffer
	rows, err := run(cfg, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 4", len(rows))
	}
	find := func(method string, n int) row {
		for _, r := range rows {
			if r.Method == method && r.N == n {
				return r
			}
		}
		t.Fatalf("no row for %s at n=%d", method, n)
		return row{}
	}
	hc10, ga10 := find(hillClimbing, 10), find(gradientAscent, 10)
	hc100, ga100 := find(hillClimbing, 100), find(gradientAscent, 100)
	for _, ga := range []row{ga10, ga100} {
		if ga.Reached != ga.Runs || ga.Evals > 20 || ga.Gap > cfg.gap {
			t.Errorf("gradient ascent at n=%d: reached %d/%d in %d evaluations, gap %g; want all, <= 20, <= %g",
				ga.N, ga.Reached, ga.Runs, ga.Evals, ga.Gap, cfg.gap)
		}
	}
	if d := ga10.Evals - ga100.Evals; d < -2 || d > 2 {
		t.Errorf("gradient ascent evaluations depend on n: %d at n=10, %d at n=100", ga10.Evals, ga100.Evals)
	}
	if hc10.Reached != hc10.Runs || hc10.Evals < 20*ga10.Evals {
		t.Errorf("hill-climbing at n=10: reached %d/%d in %d evaluations; want all, and >= 20x gradient ascent's %d",
			hc10.Reached, hc10.Runs, hc10.Evals, ga10.Evals)
	}
	if hc100.Evals <= 5*hc10.Evals {
		t.Errorf("hill-climbing evaluations %d at n=100, %d at n=10: want growth with n", hc100.Evals, hc10.Evals)
	}
	for _, want := range []string{"method", "hill-climbing", "gradient ascent", "f1* = 4.3241"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := pics.CheckPNG(cfg.out2D, 600, 520); err != nil {
		t.Error(err)
	}
	if err := pics.CheckPNG(cfg.outND, 800, 380); err != nil {
		t.Error(err)
	}
}
