package optim

import (
	"slices"

	"gonum.org/v1/gonum/optimize"
)

// Trace records a run, one entry per iteration (the start included): the
// point, the value and the evaluation counts so far. It is what the examples
// plot: X as a trajectory over contours, F against the index or against
// FuncEvals+GradEvals as a loss curve.
//
// Set it as Settings.Trace for this package's drivers, or as the Recorder of
// gonum's optimize.Settings to trace BFGS, L-BFGS, CG or Newton the same way.
type Trace struct {
	X         [][]float64 // X[k] is a copy of the point at iteration k
	F         []float64   // F[k] is the value at X[k]
	FuncEvals []int       // function evaluations made up to iteration k
	GradEvals []int       // gradient evaluations made up to iteration k
}

// Len returns the number of recorded iterations.
func (t *Trace) Len() int { return len(t.F) }

// append records one iteration, copying x.
func (t *Trace) append(x []float64, f float64, fe, ge int) {
	t.X = append(t.X, slices.Clone(x))
	t.F = append(t.F, f)
	t.FuncEvals = append(t.FuncEvals, fe)
	t.GradEvals = append(t.GradEvals, ge)
}

// Init implements gonum's optimize.Recorder; it keeps what is recorded.
func (t *Trace) Init() error { return nil }

// Record implements gonum's optimize.Recorder. It records each accepted
// iterate (MajorIteration: gonum's first is the evaluated start; its
// InitIteration carries no point yet and is skipped), and at the end
// (PostIteration) the optimum if it differs from the last point recorded,
// since gonum does not report the iterate on which it converges. Evaluations
// made inside line searches are counted, not recorded.
func (t *Trace) Record(loc *optimize.Location, op optimize.Operation, stats *optimize.Stats) error {
	switch op {
	case optimize.MajorIteration:
	case optimize.PostIteration:
		if n := len(t.X); n > 0 && slices.Equal(t.X[n-1], loc.X) {
			return nil
		}
	default:
		return nil
	}
	t.append(loc.X, loc.F, stats.FuncEvaluations, stats.GradEvaluations)
	return nil
}

var _ optimize.Recorder = (*Trace)(nil)
