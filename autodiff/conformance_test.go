package autodiff

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradc/gradc/lang"
)

// TestConformance runs every oracle on every fn of testdata/*.expr (the
// spec's examples, the conformance suite's good files and this package's
// own) at random points: forward = reverse within 1e-12, both ≈ central
// differences, the Hessian ≈ central differences, Hessian-vector products
// = the Hessian times v.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/*.expr")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := lang.Load(file, src)
			if err != nil {
				t.Fatal(err)
			}
			reports, err := Check(prog, CheckOptions{N: 30, Seed: 1, Hessian: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) != len(prog.Fns) {
				t.Fatalf("%d reports for %d fns", len(reports), len(prog.Fns))
			}
			for _, r := range reports {
				if r.Err != nil {
					t.Errorf("fn %s: %v", r.Fn, r.Err)
					continue
				}
				if r.Points != 30 {
					t.Errorf("fn %s: %d points, want 30", r.Fn, r.Points)
				}
				for _, c := range r.Comparisons {
					tol := c.Tol
					if c.A == "forward" && c.B == "reverse" {
						tol = 1e-12
					}
					if c.Max > tol || c.Points == 0 {
						t.Errorf("fn %s: %s vs %s (%s): largest error %.3g over %d points, tolerance %g",
							r.Fn, c.A, c.B, c.What, c.Max, c.Points, tol)
					}
				}
				if c := r.cmp("forward", "central", "grad", TolCentral); c.Points < 10 {
					t.Errorf("fn %s: only %d of 30 points compared with central differences", r.Fn, c.Points)
				}
			}
		})
	}
}

// TestCheckFails: Check reports a wrong candidate gradient.
func TestCheckFails(t *testing.T) {
	f := load(t, `fn f(x, y) = x^2*y`, "f")
	wrong := Candidate{Name: "wrong", Eval: func(f *Func, pt *Point) (float64, []float64, error) {
		r, err := f.Reverse(pt)
		if err != nil {
			return 0, nil, err
		}
		r.Grad[1] *= 1 + 1e-6
		return r.Value, r.Grad, nil
	}}
	right := Candidate{Name: "right", Eval: func(f *Func, pt *Point) (float64, []float64, error) {
		r, err := f.Reverse(pt)
		if err != nil {
			return 0, nil, err
		}
		return r.Value, r.Grad, nil
	}}
	reports, err := Check(f.Prog, CheckOptions{N: 5, Candidates: []Candidate{wrong, right}})
	if err != nil {
		t.Fatal(err)
	}
	r := reports[0]
	if r.OK() {
		t.Fatal("Check passed a wrong gradient")
	}
	for _, c := range r.Comparisons {
		bad := c.A == "wrong"
		if c.OK() == bad {
			t.Errorf("%s vs %s: max %.3g, OK %v", c.A, c.B, c.Max, c.OK())
		}
		if bad && c.Worst == nil {
			t.Error("no worst point reported")
		}
	}
	if _, err := Check(f.Prog, CheckOptions{}, "nope"); err == nil {
		t.Error("Check accepted an unknown fn")
	}
}

func TestWriteTable(t *testing.T) {
	reports := []*Report{
		{Fn: "f", Points: 2, Comparisons: []*Comparison{
			{A: "forward", B: "reverse", What: "grad", Max: 2.5e-16, Tol: 1e-9, Points: 2},
			{A: "tape", B: "forward", What: "grad", Max: 0.5, Tol: 1e-9, Points: 2},
		}},
		{Fn: "g", Err: errors.New("fn g: no point with a finite value")},
	}
	var b strings.Builder
	if err := WriteTable(&b, reports); err != nil {
		t.Fatal(err)
	}
	want := `fn  compared            what  points  largest error  tolerance  status
f   forward vs reverse  grad  2       2.5e-16        1e-09      ok
f   tape vs forward     grad  2       0.5            1e-09      FAIL
g   -                   -     0       -              -          ERROR: fn g: no point with a finite value
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
