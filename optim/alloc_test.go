package optim

import (
	"testing"
)

// A step of every rule allocates nothing.
func TestUpdateAllocs(t *testing.T) {
	for _, tc := range handSteps {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.m.Init(100); err != nil {
				t.Fatal(err)
			}
			x, g := make([]float64, 100), make([]float64, 100)
			for i := range g {
				g[i] = float64(i%7) - 3
			}
			if a := testing.AllocsPerRun(100, func() { tc.m.Update(x, g) }); a != 0 {
				t.Errorf("Update allocates %v times per step", a)
			}
		})
	}
}

// The drivers allocate while setting up and never per step: a run of 1000
// steps allocates as much as a run of 10.
func TestDriverAllocs(t *testing.T) {
	q := newQuadratic()
	X, y, _ := regression(64)
	loss := Rows(lsqGrad, X, y)
	observe := func(it Iteration) bool { return it.F < -1 }
	runs := map[string]func(n int) (*Result, error){
		"Optimize/Adam": func(n int) (*Result, error) {
			return Optimize(q.grad, []float64{-3, 4}, &Adam{}, &Settings{MaxIterations: n, Observe: observe})
		},
		"Optimize/ascent": func(n int) (*Result, error) {
			return Optimize(q.grad, []float64{-3, 4}, &GD{LearningRate: 1e-9}, &Settings{MaxIterations: n, Maximize: true})
		},
		"OptimizeBatch/Rows/Adam": func(n int) (*Result, error) {
			return OptimizeBatch(loss, Batches{Samples: 64, Size: 8, Epochs: n}, []float64{0, 0, 0}, &Adam{}, &Settings{Observe: observe})
		},
		"HillClimb": func(n int) (*Result, error) {
			return HillClimb(q.value, []float64{-3, 4}, HillClimbing{}, &Settings{MaxIterations: n})
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			if res, err := run(1000); err != nil || res.Iterations < 1000 {
				t.Fatalf("run: %v, %v", res, err)
			}
			short := testing.AllocsPerRun(5, func() { run(10) })
			long := testing.AllocsPerRun(5, func() { run(1000) })
			if long != short {
				t.Errorf("%v allocations for 10 steps (or epochs), %v for 1000", short, long)
			}
		})
	}
}
