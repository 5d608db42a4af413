package autodiff

import (
	"testing"

	"github.com/gradc/gradc/lang"
)

// load checks src and returns its fn called name.
func load(t testing.TB, src, name string) *Func {
	t.Helper()
	prog, err := lang.Load("test.expr", []byte(src))
	if err != nil {
		t.Fatalf("load: %v\n%s", err, src)
	}
	f, err := Lookup(prog, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// point makes a point or fails.
func point(t testing.TB, f *Func, x []float64, data ...any) *Point {
	t.Helper()
	pt, err := f.NewPoint(x, data...)
	if err != nil {
		t.Fatalf("point: %v", err)
	}
	return pt
}

// oracles runs Forward, Reverse and Hessian at pt and checks that they
// agree to within tol on the value and gradient; it returns the Hessian's
// result.
func oracles(t testing.TB, f *Func, pt *Point, tol float64) *Result {
	t.Helper()
	fw, err := f.Forward(pt)
	if err != nil {
		t.Fatalf("forward: %v", err)
	}
	rv, err := f.Reverse(pt)
	if err != nil {
		t.Fatalf("reverse: %v", err)
	}
	h, err := f.Hessian(pt)
	if err != nil {
		t.Fatalf("hessian: %v", err)
	}
	for _, r := range []*Result{rv, h} {
		if e := RelErr(fw.Value, r.Value); e > tol {
			t.Errorf("value: forward %v, other %v (err %.3g)", fw.Value, r.Value, e)
		}
		if e := MaxRelErr(fw.Grad, r.Grad); e > tol {
			t.Errorf("grad: forward %v, other %v (err %.3g)", fw.Grad, r.Grad, e)
		}
	}
	return h
}
