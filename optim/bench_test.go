package optim

import (
	"fmt"
	"testing"
)

// BenchmarkUpdate measures one step of each rule on 1000 variables.
func BenchmarkUpdate(b *testing.B) {
	for _, tc := range handSteps {
		b.Run(tc.name, func(b *testing.B) {
			const n = 1000
			if err := tc.m.Init(n); err != nil {
				b.Fatal(err)
			}
			x, g := make([]float64, n), make([]float64, n)
			for i := range g {
				g[i] = float64(i%7) - 3
			}
			b.ReportAllocs()
			for b.Loop() {
				tc.m.Update(x, g)
			}
		})
	}
}

// BenchmarkDriver measures the per-step cost of the drivers around a cheap
// objective on n variables.
func BenchmarkDriver(b *testing.B) {
	for _, n := range []int{2, 1000} {
		g := func(grad, x []float64) float64 {
			f := 0.0
			for i, xi := range x {
				f += xi * xi
				grad[i] = 2 * xi
			}
			return f
		}
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = 1
		}
		b.Run(fmt.Sprintf("Optimize/Adam/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Optimize(g, x0, &Adam{}, &Settings{MaxIterations: 100})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/step")
		})
	}
}
