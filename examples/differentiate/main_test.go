package main

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gradc/gradc/examples/internal/pics"
)

// TestCompare checks the accuracy of every method (exact ones to round-off,
// finite differences to their expected orders), the V of the error against
// the step, and how the times grow with n: n-fold for finite differences
// and forward mode, linearly in n for reverse mode and gradc, with margins
// of 10x or more so that a loaded machine does not fail it.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	c := config{sizes: []int{10, 3000}, stepN: 100, seed: 1, minTime: 20 * time.Millisecond, dir: dir}
	var out bytes.Buffer
	ms, steps, err := run(c, &out)
	if err != nil {
		t.Fatal(err)
	}
	get := func(m string, n int) measure {
		for _, r := range ms {
			if r.Method == m && r.N == n {
				return r
			}
		}
		t.Fatalf("no measure of %s at n=%d", m, n)
		return measure{}
	}
	for _, n := range c.sizes {
		for _, m := range methods[2:] {
			if e := get(m.name, n).RelErr; e > 1e-14 {
				t.Errorf("%s at n=%d: error %g, want round-off (<= 1e-14)", m.name, n, e)
			}
		}
		fwd, cen := get(methods[0].name, n).RelErr, get(methods[1].name, n).RelErr
		if !(fwd > 1e-10 && fwd < 1e-4 && cen < fwd/10) {
			t.Errorf("n=%d: forward difference error %g, central %g; want forward in (1e-10, 1e-4), central 10x smaller", n, fwd, cen)
		}
	}
	ratio := func(m string) float64 {
		return float64(get(m, 3000).Time) / float64(get(m, 10).Time)
	}
	for _, m := range methods {
		r := ratio(m.name)
		if m.perX && r < 3000 {
			t.Errorf("%s: time grew %.0fx from n=10 to 3000, want about 90000x (n passes of O(n))", m.name, r)
		}
		if !m.perX && r > 3000 {
			t.Errorf("%s: time grew %.0fx from n=10 to 3000, want about 300x (one O(n) pass)", m.name, r)
		}
	}

	best := func(e func(stepPoint) float64) stepPoint {
		b := steps[0]
		for _, s := range steps {
			if e(s) < e(b) {
				b = s
			}
		}
		return b
	}
	fwd := func(s stepPoint) float64 { return s.Forward }
	cen := func(s stepPoint) float64 { return s.Central }
	for _, tc := range []struct {
		name   string
		err    func(stepPoint) float64
		lo, hi float64 // where the best step should be
	}{
		{"forward", fwd, 1e-10, 1e-6},
		{"central", cen, 1e-7, 1e-3},
	} {
		b := best(tc.err)
		if b.H < tc.lo || b.H > tc.hi {
			t.Errorf("%s difference: best step %g, want within [%g, %g]", tc.name, b.H, tc.lo, tc.hi)
		}
		// The V: a hundred times worse at both ends.
		large, small := tc.err(steps[0]), tc.err(steps[44]) // h = 1e-1, 1e-12
		if !(large > 100*tc.err(b) && small > 100*tc.err(b)) {
			t.Errorf("%s difference: error %g at h=0.1, %g at the best h=%g, %g at h=1e-12: no V", tc.name, large, tc.err(b), b.H, small)
		}
	}
	for _, want := range []string{"time per gradient", "gradc (generated Go)", "forward difference: best", "central difference: best"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if math.Abs(steps[44].H-1e-12) > 1e-20 {
		t.Errorf("steps[44].H = %g, want 1e-12", steps[44].H)
	}
	if err := pics.CheckPNG(filepath.Join(dir, "differentiate_step.png"), 600, 450); err != nil {
		t.Error(err)
	}
	if err := pics.CheckPNG(filepath.Join(dir, "differentiate_time.png"), 600, 450); err != nil {
		t.Error(err)
	}
}
