package simplify_test

import (
	"fmt"

	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// Differentiate a checked fn symbolically and print the derivatives.
func ExampleGraph_Deriv() {
	prog, err := lang.Load("f.expr", []byte("fn f(x, y) = x^2*y + sin(x*y)"))
	if err != nil {
		panic(err)
	}
	f, err := simplify.Build(prog, prog.Fns[0])
	if err != nil {
		panic(err)
	}
	g := f.Graph
	for k, name := range []string{"x", "y"} {
		fmt.Printf("d/d%s = %s\n", name, g.String(g.Deriv(f.Result, f.VarLeaf(k))))
	}
	// Output:
	// d/dx = 2*x*y + y*cos(x*y)
	// d/dy = x^2 + x*cos(x*y)
}

// The gradient of Rosenbrock is one loop that computes the value and
// scatters into the gradient.
func ExampleGradient() {
	prog, err := lang.Load("r.expr", []byte("fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)"))
	if err != nil {
		panic(err)
	}
	f, err := simplify.Build(prog, prog.Fns[0])
	if err != nil {
		panic(err)
	}
	fmt.Print(simplify.Gradient(f))
	// Output:
	// rosenbrock gradient: 21 temps, depth 1, 13 ops
	// input 0: var x[n]
	// t0 = 100
	// t1 = 2
	// t2 = 1
	// t3 = 200
	// t4 = 400
	// t5 = 0
	// for i1 in 0..n-1 {
	// 	t6 = x[i1+1]
	// 	t7 = x[i1]
	// 	t8 = t7 * t7
	// 	t9 = t6 - t8
	// 	t10 = t9 * t9
	// 	t11 = t0 * t10
	// 	t12 = t2 - t7
	// 	t13 = t12 * t12
	// 	t14 = t11 + t13
	// 	t15 = t1 * t12
	// 	t16 = -t15
	// 	t17 = t7 * t9
	// 	t18 = t4 * t17
	// 	t19 = t16 - t18
	// 	t20 = t3 * t9
	// 	out x[i1] += t19
	// 	out x[i1+1] += t20
	// 	t5 += t14
	// }
	// result t5
}
