package autodiff

import (
	"fmt"
	"testing"
)

const rosenbrockSrc = `fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)`

func benchRosenbrock(b *testing.B, eval func(f *Func, pt *Point) error) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			f := load(b, rosenbrockSrc, "rosenbrock")
			x := make([]float64, n)
			for i := range x {
				x[i] = 0.1 * float64(i%7)
			}
			pt := point(b, f, x)
			b.ReportAllocs()
			for b.Loop() {
				if err := eval(f, pt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValue(b *testing.B) {
	benchRosenbrock(b, func(f *Func, pt *Point) error { _, _, err := f.Value(pt); return err })
}

func BenchmarkForward(b *testing.B) {
	benchRosenbrock(b, func(f *Func, pt *Point) error { _, err := f.Forward(pt); return err })
}

func BenchmarkReverse(b *testing.B) {
	benchRosenbrock(b, func(f *Func, pt *Point) error { _, err := f.Reverse(pt); return err })
}
