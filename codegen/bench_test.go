package codegen

import (
	"fmt"
	"math"
	"testing"

	"github.com/gradc/gradc/autodiff"
	"github.com/gradc/gradc/simplify"
	"gonum.org/v1/gonum/optimize/functions"
)

// The benchmarks compare, per function and size, the tape's value and
// gradient with gonum's hand-written Go (optimize/functions) and with the
// forward and reverse oracles:
//
//	go test -run '^$' -bench . -benchmem ./codegen/
//
// Each benchmark first checks that the tape's gradient equals gonum's.

type benchCase struct {
	fn      string
	n       int
	oracles bool // also time the forward and reverse oracles
	gonum   interface {
		Func(x []float64) float64
		Grad(grad, x []float64)
	}
}

var benchCases = []benchCase{
	{"extended_rosenbrock", 10, true, functions.ExtendedRosenbrock{}},
	{"extended_rosenbrock", 1000, true, functions.ExtendedRosenbrock{}},
	{"extended_rosenbrock", 100000, false, functions.ExtendedRosenbrock{}},
	{"wood", 4, true, functions.Wood{}},
	{"brown_badly_scaled", 2, true, functions.BrownBadlyScaled{}},
	{"penalty1", 1000, true, functions.PenaltyI{}},
	{"trigonometric", 100, true, functions.Trigonometric{}},
	{"trigonometric", 1000, false, functions.Trigonometric{}},
}

func BenchmarkFunctions(b *testing.B) {
	prog := loadFile(b, "testdata/gonum.expr")
	for _, c := range benchCases {
		fn := prog.Fn(c.fn)
		if fn == nil {
			b.Fatalf("no fn %s", c.fn)
		}
		tp := compileFn(b, prog, fn)
		x := make([]float64, c.n)
		for i := range x {
			x[i] = 0.5 + 0.3*math.Sin(float64(i))
		}
		grad := make([]float64, c.n)
		want := make([]float64, c.n)
		m := NewMachine()
		v, err := m.Run(tp.grad, grad, x, nil)
		if err != nil {
			b.Fatal(err)
		}
		c.gonum.Grad(want, x)
		if e := autodiff.MaxRelErr(append(grad, v), append(want, c.gonum.Func(x))); e > 1e-9 {
			b.Fatalf("%s: the tape and gonum differ by %g", c.fn, e)
		}
		name := fmt.Sprintf("%s/n=%d", c.fn, c.n)
		b.Run(name+"/value/tape", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Run(tp.value, nil, x, nil)
			}
		})
		b.Run(name+"/value/go", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.gonum.Func(x)
			}
		})
		b.Run(name+"/grad/tape", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Run(tp.grad, grad, x, nil)
			}
		})
		b.Run(name+"/grad/go", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.gonum.Func(x)
				c.gonum.Grad(grad, x)
			}
		})
		if !c.oracles {
			continue // the oracles take seconds there
		}
		f := &autodiff.Func{Prog: prog, Fn: fn}
		pt, err := f.NewPoint(x)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/grad/forward", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.Forward(pt)
			}
		})
		b.Run(name+"/grad/reverse", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.Reverse(pt)
			}
		})
	}
}

// BenchmarkDispatch measures the cost of a dispatch in runFast: a
// prepared tape of 25 NOPs against an empty one.
//
//	go test -run '^$' -bench Dispatch ./codegen/
func BenchmarkDispatch(b *testing.B) {
	for _, n := range []int{0, 25} {
		tp := &Tape{Name: "nops", Kind: simplify.KindValue, Code: make([]Instr, n), Consts: []float64{1}, NumSlots: 1, NumInts: 1}
		tp.layout()
		tp.prepare()
		m := NewMachine()
		if _, err := m.Run(tp, nil, nil, nil); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("nops=%d", n), func(b *testing.B) {
			for b.Loop() {
				m.Run(tp, nil, nil, nil)
			}
		})
	}
}

// BenchmarkShortLoops times the gradient of Rosenbrock's function over a
// few iterations, in blocks and one at a time (Machine.Scalar): below
// minBlock iterations the machine runs a loop one iteration at a time.
//
//	go test -run '^$' -bench ShortLoops ./codegen/
func BenchmarkShortLoops(b *testing.B) {
	prog := loadFile(b, "testdata/gonum.expr")
	tp := compileFn(b, prog, prog.Fn("extended_rosenbrock"))
	for _, n := range []int{2, 3, 4, 5, 6, 8, 10} {
		x := make([]float64, n)
		for i := range x {
			x[i] = 0.5 + 0.3*math.Sin(float64(i))
		}
		grad := make([]float64, n)
		for _, scalar := range []bool{false, true} {
			m := NewMachine()
			m.Scalar = scalar
			b.Run(fmt.Sprintf("iterations=%d/scalar=%v", n-1, scalar), func(b *testing.B) {
				for b.Loop() {
					m.Run(tp.grad, grad, x, nil)
				}
			})
		}
	}
}
