package optim

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// anyFloat draws hyper-parameters and settings, mostly valid ones in
// [0, 1) (0 is the default), and a quarter of the time from the edges and
// the invalid: one, negatives, infinities and NaN.
func anyFloat() *rapid.Generator[float64] {
	valid := rapid.Float64Range(0, 0.99)
	return rapid.OneOf(valid, valid, valid,
		rapid.SampledFrom([]float64{0, 1, -1, 1e-300, 2, math.Inf(1), math.Inf(-1), math.NaN()}))
}

// mostlyInt draws from [lo, hi], and a quarter of the time bad instead
// (rapid leans toward the bounds of a range, so an invalid bound would
// make most runs errors).
func mostlyInt(lo, hi, bad int) *rapid.Generator[int] {
	valid := rapid.IntRange(lo, hi)
	return rapid.OneOf(valid, valid, valid, rapid.Just(bad))
}

func anyMethod(t *rapid.T) Method {
	f := func(name string) float64 { return anyFloat().Draw(t, name) }
	switch rapid.IntRange(0, 5).Draw(t, "rule") {
	case 0:
		return &GD{LearningRate: f("lr")}
	case 1:
		return &Momentum{LearningRate: f("lr"), Momentum: f("mu")}
	case 2:
		return &Nesterov{LearningRate: f("lr"), Momentum: f("mu")}
	case 3:
		return &Adagrad{LearningRate: f("lr"), Epsilon: f("eps")}
	case 4:
		return &RMSprop{LearningRate: f("lr"), Decay: f("rho"), Epsilon: f("eps")}
	}
	return &Adam{LearningRate: f("lr"), Beta1: f("b1"), Beta2: f("b2"), Epsilon: f("eps")}
}

func anySettings(t *rapid.T) *Settings {
	if rapid.IntRange(0, 9).Draw(t, "nil settings") == 0 {
		return nil
	}
	return &Settings{
		Maximize:       rapid.Bool().Draw(t, "maximize"),
		MaxIterations:  mostlyInt(0, 60, -1).Draw(t, "iters"),
		MaxEvaluations: mostlyInt(0, 60, -2).Draw(t, "evals"),
		StopAtTarget:   rapid.Bool().Draw(t, "stop at target"),
		Target:         anyFloat().Draw(t, "target"),
		GradTol:        anyFloat().Draw(t, "gradtol"),
		Seed:           rapid.Uint64().Draw(t, "seed"),
		Trace:          &Trace{},
	}
}

// Whatever the settings and hyper-parameters, a driver returns either an
// error and no result, or a result with a status and consistent counts: it
// never panics and never runs past its limits.
func TestDriversProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := mostlyInt(1, 4, 0).Draw(t, "n")
		x0 := rapid.SliceOfN(rapid.Float64Range(-10, 10), n, n).Draw(t, "x0")
		s := anySettings(t)
		// f(x) = Σ x_i² (or its negation when maximising), any dimension.
		sign := 1.0
		if s != nil && s.Maximize {
			sign = -1
		}
		g := func(grad, x []float64) float64 {
			f := 0.0
			for i, xi := range x {
				f += sign * xi * xi
				grad[i] = sign * 2 * xi
			}
			return f
		}
		var res *Result
		var err error
		driver := rapid.IntRange(0, 2).Draw(t, "driver")
		switch driver {
		case 0:
			res, err = Optimize(g, x0, anyMethod(t), s)
		case 1:
			b := Batches{
				Samples: mostlyInt(1, 20, -1).Draw(t, "samples"),
				Size:    mostlyInt(0, 8, -1).Draw(t, "size"),
				Epochs:  mostlyInt(0, 3, -1).Draw(t, "epochs"),
			}
			res, err = OptimizeBatch(func(grad, x []float64, batch []int) float64 { return g(grad, x) }, b, x0, anyMethod(t), s)
		case 2:
			res, err = HillClimb(func(x []float64) float64 { return g(make([]float64, len(x)), x) }, x0, HillClimbing{Step: anyFloat().Draw(t, "step")}, s)
		}
		if err != nil {
			if res != nil {
				t.Fatalf("error %v with a result %+v", err, res)
			}
			return
		}
		if res.Status == NotTerminated || res.Status > NotFinite {
			t.Fatalf("status %v", res.Status)
		}
		limit := 1000
		if s != nil && s.MaxIterations > 0 {
			limit = s.MaxIterations
		}
		if driver != 1 && res.Iterations > limit {
			t.Fatalf("%d iterations past the limit %d", res.Iterations, limit)
		}
		// Every evaluation is one iteration; each but the last is followed
		// by a step, except that a minibatch run ending with its epochs
		// (EpochLimit, or Stopped by EpochEnd) has stepped after its last.
		evals := res.FuncEvals + res.GradEvals
		if evals != res.Iterations+1 && !(driver == 1 && evals == res.Iterations) {
			t.Fatalf("%d evaluations for %d iterations, status %v", evals, res.Iterations, res.Status)
		}
		if len(res.X) != n {
			t.Fatalf("result has %d variables, want %d", len(res.X), n)
		}
		if s != nil && s.Trace.Len() != evals {
			t.Fatalf("trace of %d entries for %d evaluations", s.Trace.Len(), evals)
		}
	})
}
