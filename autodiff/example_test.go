package autodiff_test

import (
	"fmt"
	"log"

	"github.com/gradc/gradc/autodiff"
	"github.com/gradc/gradc/lang"
)

func Example() {
	src := `fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`
	prog, err := lang.Load("rosen.expr", []byte(src))
	if err != nil {
		log.Fatal(err)
	}
	f, err := autodiff.Lookup(prog, "rosenbrock")
	if err != nil {
		log.Fatal(err)
	}
	pt, err := f.NewPoint([]float64{-1.2, 1}) // n = 2 from len(x)
	if err != nil {
		log.Fatal(err)
	}
	fw, _ := f.Forward(pt)
	rv, _ := f.Reverse(pt)
	h, _ := f.Hessian(pt)
	fmt.Printf("value %.4g\n", fw.Value)
	fmt.Printf("forward %.4g\n", fw.Grad)
	fmt.Printf("reverse %.4g\n", rv.Grad)
	fmt.Printf("hessian %.4g\n", h.Hess)
	// Output:
	// value 24.2
	// forward [-215.6 -88]
	// reverse [-215.6 -88]
	// hessian [1330 480 480 200]
}

func ExampleCheck() {
	src := `fn hinge(z) = if(z < 1, 1 - z, 0)
fn logistic_loss(w[d], b; X[m, d], y[m]) =
    sum(k, log(1 + exp(-y[k] * (sum(j, X[k, j]*w[j]) + b)))) / m`
	prog, err := lang.Load("check.expr", []byte(src))
	if err != nil {
		log.Fatal(err)
	}
	reports, err := autodiff.Check(prog, autodiff.CheckOptions{N: 10, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range reports {
		fmt.Printf("%s ok=%v points=%d near a switch=%d\n", r.Fn, r.OK(), r.Points, r.Kinks)
		for _, c := range r.Comparisons {
			fmt.Printf("  %s vs %s: %d points, within %g: %v\n", c.A, c.B, c.Points, c.Tol, c.OK())
		}
	}
	// Output:
	// hinge ok=true points=10 near a switch=1
	//   forward vs reverse: 10 points, within 1e-09: true
	//   forward vs central: 9 points, within 1e-05: true
	//   reverse vs central: 9 points, within 1e-05: true
	// logistic_loss ok=true points=10 near a switch=0
	//   forward vs reverse: 10 points, within 1e-09: true
	//   forward vs central: 10 points, within 1e-05: true
	//   reverse vs central: 10 points, within 1e-05: true
}
