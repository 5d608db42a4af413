package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/examples/internal/pics"
)

// TestRace runs the whole race and checks the order in which the methods
// arrive, as measured and quoted in the README: a change of a learning rate,
// of an update rule or of a generated gradient that changes the race fails.
func TestRace(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := run(&out, 5000, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		problem string
		order   []string // methods that reach the target, fastest first
		never   []string // methods that do not
	}{
		{"rosenbrock", []string{"L-BFGS", "BFGS", "momentum", "Nesterov", "Adam"}, []string{"GD", "Adagrad", "RMSprop"}},
		{"beale", []string{"BFGS", "momentum", "Nesterov", "Adam", "Adagrad", "GD"}, []string{"RMSprop"}},
		{"saddle", []string{"Adagrad", "Adam", "Nesterov", "momentum", "RMSprop", "GD"}, []string{"BFGS", "L-BFGS"}},
	} {
		t.Run(tc.problem, func(t *testing.T) {
			rs := res[tc.problem]
			get := func(m string) result {
				for _, r := range rs {
					if r.Method == m {
						return r
					}
				}
				t.Fatalf("no result for %s", m)
				return result{}
			}
			prev := -1
			for _, m := range tc.order {
				r := get(m)
				if r.Arrived < 0 {
					t.Errorf("%s never reached the target (final f %g, %s)", m, r.Final, r.Note)
					continue
				}
				if r.Arrived < prev {
					t.Errorf("%s arrived after %d iterations, before the method listed ahead of it (%d)", m, r.Arrived, prev)
				}
				prev = r.Arrived
			}
			for _, m := range tc.never {
				if r := get(m); r.Arrived >= 0 {
					t.Errorf("%s reached the target after %d iterations; the README says it does not", m, r.Arrived)
				}
			}
			if err := pics.CheckPNG(filepath.Join(dir, "race_"+tc.problem+".png"), 1000, 450); err != nil {
				t.Error(err)
			}
		})
	}
	// BFGS and L-BFGS solve the two problems that have a minimum to
	// round-off, in few iterations.
	for _, p := range []string{"rosenbrock", "beale"} {
		for _, r := range res[p] {
			if (r.Method == "BFGS" || r.Method == "L-BFGS") && (r.Final > 1e-20 || r.Arrived > 40) {
				t.Errorf("%s on %s: final f %g after arriving at %d; want < 1e-20 within 40", r.Method, p, r.Final, r.Arrived)
			}
		}
	}
	if !strings.Contains(out.String(), "iterations to target") {
		t.Errorf("no table printed:\n%s", out.String())
	}
}

func TestOnly(t *testing.T) {
	var out bytes.Buffer
	res, err := run(&out, 50, "", "saddle")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || len(res["saddle"]) != len(methods) {
		t.Errorf("run -only saddle gave %d problems, %d results", len(res), len(res["saddle"]))
	}
	if _, err := run(&out, 50, "", "nope"); err == nil {
		t.Error("run -only nope: no error")
	}
}
