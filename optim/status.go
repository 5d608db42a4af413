package optim

import "strconv"

// Status says why a run stopped.
type Status int8

// The statuses a run ends with.
const (
	NotTerminated     Status = iota // the run has not stopped (never returned by a driver)
	IterationLimit                  // Settings.MaxIterations steps were taken
	EvaluationLimit                 // Settings.MaxEvaluations evaluations were made
	EpochLimit                      // Batches.Epochs epochs were completed
	TargetReached                   // the value reached Settings.Target
	GradientConverged               // the gradient norm fell to Settings.GradTol
	Stopped                         // Settings.Observe or Batches.EpochEnd asked to stop
	NotFinite                       // the value or the gradient became NaN or infinite (diverged)
)

var statusNames = [...]string{
	NotTerminated:     "NotTerminated",
	IterationLimit:    "IterationLimit",
	EvaluationLimit:   "EvaluationLimit",
	EpochLimit:        "EpochLimit",
	TargetReached:     "TargetReached",
	GradientConverged: "GradientConverged",
	Stopped:           "Stopped",
	NotFinite:         "NotFinite",
}

// String returns the name of the status, as in the constant's identifier.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) && statusNames[s] != "" {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}
