package optim

import (
	"math"
	"strings"
	"testing"
)

// The update rules against steps computed by hand. Every row starts at
// x0 = (1, -2) and is fed the gradients g1 = (0.5, -1), g2 = (0.25, 2),
// g3 = (-1, 0.5), whatever x is (Update does not look at a function), and
// lists x after 1, 2 and 3 steps. The first step of each row is worked out
// in its comment; the others follow the formula of the rule's doc comment
// (they were computed independently, in Python, from those formulas).
var handSteps = []struct {
	name string
	m    Method
	want [3][2]float64
}{
	// x1 = x0 − 0.1 g1 = (1 − 0.05, −2 + 0.1)
	{"GD", &GD{LearningRate: 0.1}, [3][2]float64{{0.95, -1.9}, {0.925, -2.1}, {1.025, -2.15}}},
	// default η = 0.01: x1 = (1 − 0.005, −2 + 0.01)
	{"GD/defaults", &GD{}, [3][2]float64{{0.995, -1.99}, {0.9925, -2.01}, {1.0025, -2.015}}},
	// v1 = −0.1 g1 = (−0.05, 0.1); x1 = x0 + v1
	// v2 = 0.5 v1 − 0.1 g2 = (−0.05, −0.15); x2 = (0.9, −2.05)
	{"Momentum", &Momentum{LearningRate: 0.1, Momentum: 0.5}, [3][2]float64{{0.95, -1.9}, {0.9, -2.05}, {0.975, -2.175}}},
	// default η = 0.01, μ = 0.9: v1 = (−0.005, 0.01)
	{"Momentum/defaults", &Momentum{}, [3][2]float64{{0.995, -1.99}, {0.988, -2.001}, {0.9917, -2.0159}}},
	// v1 = (−0.05, 0.1); x1 = x0 + 0.5 v1 − 0.1 g1 = (1 − 0.025 − 0.05, −2 + 0.05 + 0.1)
	{"Nesterov", &Nesterov{LearningRate: 0.1, Momentum: 0.5}, [3][2]float64{{0.925, -1.85}, {0.875, -2.125}, {1.0125, -2.2375}}},
	// default η = 0.01, μ = 0.9: x1 = (1 − 0.0045 − 0.005, −2 + 0.009 + 0.01)
	{"Nesterov/defaults", &Nesterov{}, [3][2]float64{{0.9905, -1.981}, {0.9817, -2.0109}, {0.99503, -2.02931}}},
	// G1 = (0.25, 1); x1 = (1 − 0.1·0.5/(0.5+0.5), −2 + 0.1·1/(1+0.5)) = (0.95, −1.9333...)
	{"Adagrad", &Adagrad{LearningRate: 0.1, Epsilon: 0.5}, [3][2]float64{
		{0.95, -1.9333333333333333}, {0.926393202250021, -2.006430932385956}, {0.9871596891901584, -2.024343810860735}}},
	// default η = 0.01, ε = 1e-8: x1 = x0 − 0.01 g1/(|g1| + 1e-8)
	{"Adagrad/defaults", &Adagrad{}, [3][2]float64{
		{0.9900000002, -1.9900000001}, {0.9855278643250004, -1.9989442719699992}, {0.9942565798582497, -2.0011264508628352}}},
	// s1 = 0.5 g1² = (0.125, 0.5); x1 = (1 − 0.1·0.5/√0.125, −2 + 0.1/√0.5) = (1 − 0.1√2, −2 + 0.1√2)
	{"RMSprop", &RMSprop{LearningRate: 0.1, Decay: 0.5}, [3][2]float64{
		{0.8585786477626904, -1.8585786457626905}, {0.7769289923365844, -1.9919119782071348}, {0.9121536712645757, -2.036633337357131}}},
	// default η = 1e-3, ρ = 0.9: x1 = (1 − 1e-3·0.5/√0.025, −2 + 1e-3/√0.1)
	{"RMSprop/defaults", &RMSprop{}, [3][2]float64{
		{0.9968377225398316, -1.9968377224398317}, {0.9953633030652391, -1.9996948652561581}, {0.9981818822866265, -2.0004273136645647}}},
	// t = 1: m̂ = g1, v̂ = g1², so x1 = x0 − 0.1 g1/(|g1| + 1e-8) ≈ x0 − 0.1 sign(g1)
	{"Adam", &Adam{LearningRate: 0.1, Beta1: 0.5, Beta2: 0.75}, [3][2]float64{
		{0.900000002, -1.900000001}, {0.8118082939645135, -1.9606976984982674}, {0.8716146401234437, -2.016327550618734}}},
	// default η = 1e-3, β₁ = 0.9, β₂ = 0.999: x1 ≈ x0 − 1e-3 sign(g1)
	{"Adam/defaults", &Adam{}, [3][2]float64{
		{0.99900000002, -1.99900000001}, {0.9980678204047746, -1.9993661035347206}, {0.998274177428854, -1.9997817547314676}}},
}

var handGrads = [3][]float64{{0.5, -1}, {0.25, 2}, {-1, 0.5}}

func TestUpdateByHand(t *testing.T) {
	for _, tc := range handSteps {
		t.Run(tc.name, func(t *testing.T) {
			// Run twice: Init must clear the state of the first run.
			for run := range 2 {
				if err := tc.m.Init(2); err != nil {
					t.Fatal(err)
				}
				x := []float64{1, -2}
				for k, g := range handGrads {
					g0 := append([]float64(nil), g...)
					tc.m.Update(x, g)
					for i := range x {
						if !near(x[i], tc.want[k][i], 1e-12) {
							t.Errorf("run %d, step %d: x[%d] = %.17g, want %.17g", run+1, k+1, i, x[i], tc.want[k][i])
						}
						if g[i] != g0[i] {
							t.Fatalf("step %d: Update modified g: %v, was %v", k+1, g, g0)
						}
					}
				}
			}
		})
	}
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// Invalid hyper-parameters are errors from Init that name the field.
func TestInitErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Method
		n    int
		want string
	}{
		{"GD/negative rate", &GD{LearningRate: -1}, 2, "GD.LearningRate = -1"},
		{"GD/NaN rate", &GD{LearningRate: math.NaN()}, 2, "GD.LearningRate = NaN"},
		{"GD/infinite rate", &GD{LearningRate: math.Inf(1)}, 2, "GD.LearningRate = +Inf"},
		{"GD/no variables", &GD{}, 0, "GD.Init(0): want at least one variable"},
		{"Momentum/one", &Momentum{Momentum: 1}, 2, "Momentum.Momentum = 1: want 0 < Momentum < 1"},
		{"Nesterov/negative", &Nesterov{Momentum: -0.5}, 2, "Nesterov.Momentum = -0.5"},
		{"Adagrad/epsilon", &Adagrad{Epsilon: -1e-8}, 2, "Adagrad.Epsilon = -1e-08"},
		{"RMSprop/decay", &RMSprop{Decay: 1.5}, 2, "RMSprop.Decay = 1.5"},
		{"RMSprop/no variables", &RMSprop{}, -1, "RMSprop.Init(-1)"},
		{"Adam/beta1", &Adam{Beta1: 1}, 2, "Adam.Beta1 = 1: want 0 < Beta1 < 1"},
		{"Adam/beta2", &Adam{Beta2: 2}, 2, "Adam.Beta2 = 2"},
		{"Adam/rate", &Adam{LearningRate: -0.1}, 2, "Adam.LearningRate = -0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.Init(tc.n)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Init(%d) = %v, want an error containing %q", tc.n, err, tc.want)
			}
		})
	}
}

// Update panics, naming the lengths, when x or g do not match Init.
func TestUpdateMismatch(t *testing.T) {
	for _, tc := range handSteps {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.m.Init(2); err != nil {
				t.Fatal(err)
			}
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "len(x) = 3, len(g) = 2, want 2") {
					t.Fatalf("panic %q, want one naming the lengths", msg)
				}
			}()
			tc.m.Update(make([]float64, 3), make([]float64, 2))
		})
	}
}

func TestStatusNames(t *testing.T) {
	for s := NotTerminated; s <= NotFinite; s++ {
		if int(s) >= len(statusNames) || statusNames[s] == "" {
			t.Errorf("Status %d has no name", s)
		}
	}
	if len(statusNames) != int(NotFinite)+1 {
		t.Errorf("statusNames has %d entries, want %d", len(statusNames), NotFinite+1)
	}
	if got := TargetReached.String(); got != "TargetReached" {
		t.Errorf("TargetReached.String() = %q", got)
	}
	if got := Status(42).String(); got != "Status(42)" {
		t.Errorf("Status(42).String() = %q", got)
	}
}
