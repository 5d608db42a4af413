package gradc_test

import (
	"fmt"
	"log"

	"github.com/gradc/gradc"
)

func Example() {
	src := []byte(`fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`)
	m, err := gradc.Compile("rosen.expr", src)
	if err != nil {
		log.Fatal(err)
	}
	f, err := m.Func("rosenbrock")
	if err != nil {
		log.Fatal(err)
	}
	ev := f.NewEvaluator() // one per goroutine
	x := []float64{-1.2, 1}
	grad := make([]float64, len(x))
	v, err := ev.Grad(grad, x)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("f = %.4g, grad = %.4g\n", v, grad)
	// Output: f = 24.2, grad = [-215.6 -88]
}

// Data parameters follow the variables, in declaration order: a float64
// for a scalar, a []float64 for a vector, a [][]float64 of rows for a
// matrix. Sizes come from the data first, then from len(x).
func ExampleEvaluator_Grad_data() {
	src := []byte(`fn loss(w[d], b; X[m, d], y[m]) = sum(k, (sum(j, X[k, j]*w[j]) + b - y[k])^2) / m`)
	m, err := gradc.Compile("loss.expr", src)
	if err != nil {
		log.Fatal(err)
	}
	f, _ := m.Func("loss")
	ev := f.NewEvaluator()
	X := [][]float64{{1, 0}, {0, 1}, {1, 1}}
	y := []float64{1, 2, 3}
	x := []float64{1, 2, 0} // w = (1, 2), b = 0: a perfect fit
	grad := make([]float64, len(x))
	v, _ := ev.Grad(grad, x, X, y)
	fmt.Println(v, grad, ev.Sizes())
	// Output: 0 [0 0 0] map[d:2 m:3]
}

func ExampleEvaluator_Hess() {
	m, _ := gradc.Compile("f.expr", []byte(`fn f(x, y) = x^2*y + y^3`))
	f, _ := m.Func("f")
	ev := f.NewEvaluator()
	hess := make([]float64, 4)
	v, _ := ev.Hess(hess, []float64{1, 2})
	fmt.Println(v, hess)
	hv := make([]float64, 2)
	ev.HessVec(hv, []float64{1, 2}, []float64{1, 0})
	fmt.Println(hv)
	// Output:
	// 10 [4 2 2 12]
	// [4 2]
}

// Errors in the source are positioned; so are mismatched arguments.
func ExampleCompile_errors() {
	_, err := gradc.Compile("bad.expr", []byte("fn f(x) = x + y\n"))
	fmt.Println(err)
	m, _ := gradc.Compile("good.expr", []byte("fn f(x[3]) = x[0]*x[2]\n"))
	f, _ := m.Func("f")
	_, err = f.NewEvaluator().Value([]float64{1, 2})
	fmt.Println(err)
	// Output:
	// bad.expr:1:15: undefined: y
	// good.expr:1:4: fn f: len(x) = 2, want 3 (x packs x[3])
}
