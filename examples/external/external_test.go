package external

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// BFGS with the generated gradient finds Rosenbrock's minimum at x = 1.
func TestBFGSRosenbrock(t *testing.T) {
	x0 := make([]float64, 10)
	for i := range x0 {
		x0[i] = -1.2
		if i%2 == 1 {
			x0[i] = 1
		}
	}
	res, err := optimize.Minimize(RosenbrockProblem(), x0, nil, &optimize.BFGS{})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range res.X {
		if math.Abs(v-1) > 1e-5 {
			t.Errorf("x[%d] = %v, want 1", i, v)
		}
	}
	if res.F > 1e-10 {
		t.Errorf("f = %v at the minimum, want 0", res.F)
	}
}

// Newton's method with the generated Hessian fits a logistic regression:
// the gradient vanishes at the result.
func TestNewtonLogistic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const m, d = 200, 3
	X := make([][]float64, m)
	y := make([]float64, m)
	for k := range X {
		X[k] = []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		z := 1.5*X[k][0] - 2*X[k][1] + 0.5 + rng.NormFloat64()
		y[k] = 1
		if z < 0 {
			y[k] = -1
		}
	}
	const lambda = 1e-3
	res, err := optimize.Minimize(LogisticProblem(X, y, lambda), make([]float64, d+1), nil, &optimize.Newton{})
	if err != nil {
		t.Fatal(err)
	}
	grad := make([]float64, d+1)
	LogisticGrad(grad, res.X, X, y, lambda)
	if n := floats.Norm(grad, math.Inf(1)); n > 1e-6 {
		t.Errorf("|grad| = %v at the result %v, want 0", n, res.X)
	}
	if res.X[0] < 0.5 || res.X[1] > -0.5 {
		t.Errorf("weights %v do not have the signs of the model (1.5, -2)", res.X)
	}
}

// The committed models_gradc.go is what gradc generates from models.expr
// now: run go generate after changing either.
func TestGeneratedUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gradc")
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tmp := filepath.Join(t.TempDir(), "models_gradc.go")
	cmd := exec.Command(gotool, "tool", "gradc", "build", "-hess", "-gonum", "-pkg", "external", "-o", tmp, "models.expr")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool gradc build: %v\n%s", err, out)
	}
	got, err := os.ReadFile(tmp)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("models_gradc.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("models_gradc.go is stale: run go generate")
	}
}

func ExampleRosenbrockGrad() {
	x := []float64{-1.2, 1}
	grad := make([]float64, len(x))
	f := RosenbrockGrad(grad, x)
	fmt.Printf("f = %.4g, grad = %.4g\n", f, grad)
	// Output: f = 24.2, grad = [-215.6 -88]
}
