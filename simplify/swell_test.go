package simplify

import (
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// No expression swell: the gradient program costs a small constant times
// the function's. Ops are SOp statements of the scheduled programs (each
// shared node computed once; n-ary sums and products count n-1).

// chain builds f_0 = x, f_{k+1} = sin(f_k)*f_k + exp(f_k).
func chain(k int) *Func {
	g := NewGraph()
	f := g.In(g.AddInput(Input{Name: "x"}))
	for i := 0; i < k; i++ {
		f = g.Add(g.Mul(g.Call(OpSin, f), f), g.Call(OpExp, f))
	}
	return NewFunc("chain", g, f)
}

// vecFunc returns a graph with the input x[n] (n fixed) and its elements.
func vecFunc(n int) (*Graph, []Node) {
	g := NewGraph()
	in := g.AddInput(Input{Name: "x", Dims: []Dim{{Size: -1, Fixed: n}}})
	xs := make([]Node, n)
	for i := range xs {
		xs[i] = g.In(in, Affine{Const: i})
	}
	return g, xs
}

func product(n int) *Func {
	g, xs := vecFunc(n)
	return NewFunc("product", g, g.Mul(xs...))
}

// divisions builds x0/(x1/(x2/(.../x[n-1]))).
func divisions(n int) *Func {
	g, xs := vecFunc(n)
	d := xs[n-1]
	for i := n - 2; i >= 0; i-- {
		d = g.Div(xs[i], d)
	}
	return NewFunc("divisions", g, d)
}

// unrolledRosenbrock is the n-term Rosenbrock written out by hand, through
// the front end: fn f(x[n]) = 100*(x[1] - x[0]^2)^2 + (1 - x[0])^2 + ...
func unrolledRosenbrock(t testing.TB, n int) *Func {
	var b strings.Builder
	fmt.Fprintf(&b, "fn rosen(x[%d]) =", n)
	for i := 0; i+1 < n; i++ {
		if i > 0 {
			b.WriteString(" +")
		}
		fmt.Fprintf(&b, " 100*(x[%d] - x[%d]^2)^2 + (1 - x[%d])^2", i+1, i, i)
	}
	_, fs := load(t, b.String())
	return fs["rosen"]
}

type swellCase struct {
	name  string
	f     func(t testing.TB) *Func
	limit float64
}

var swellCases = []swellCase{
	{"chain k=10", func(testing.TB) *Func { return chain(10) }, 4},
	{"chain k=100", func(testing.TB) *Func { return chain(100) }, 4},
	{"chain k=1000", func(testing.TB) *Func { return chain(1000) }, 4},
	{"product of 1000", func(testing.TB) *Func { return product(1000) }, 4},
	{"1000 nested divisions", func(testing.TB) *Func { return divisions(1000) }, 4},
	{"Rosenbrock unrolled, x[1000]", func(t testing.TB) *Func { return unrolledRosenbrock(t, 1000) }, 4},
}

func TestSwell(t *testing.T) {
	for _, c := range swellCases {
		t.Run(c.name, func(t *testing.T) {
			f := c.f(t)
			fo, gr := Value(f).Ops(), Gradient(f).Ops()
			if r := float64(gr) / float64(fo); r > c.limit {
				t.Errorf("gradient ops %d / function ops %d = %.2f > %v", gr, fo, r, c.limit)
			}
		})
	}
}

// TestSwellReport prints the ratios: go test -run TestSwellReport -v ./simplify/
func TestSwellReport(t *testing.T) {
	t.Logf("%-30s %10s %10s %10s %10s %12s", "function", "fn ops", "grad ops", "grad/fn", "hv ops", "grad CPU")
	for _, c := range swellCases {
		f := c.f(t)
		runtime.GC()
		start := cpuTime()
		gp := Gradient(f)
		el := cpuTime() - start
		fo, gr, hv := Value(f).Ops(), gp.Ops(), HessVec(f).Ops()
		t.Logf("%-30s %10d %10d %10.2f %10d %12s", c.name, fo, gr, float64(gr)/float64(fo), hv, el.Round(time.Microsecond))
	}
}

// TestSwellValues checks the swell cases' gradients against finite
// differences where their values are finite.
func TestSwellValues(t *testing.T) {
	for _, f := range []*Func{chain(3), product(30), divisions(30), unrolledRosenbrock(t, 30)} {
		t.Run(f.Name, func(t *testing.T) { checkOracle(t, f) })
	}
}

// BenchmarkChainGradient1000 measures Gradient (reverse pass, lowering,
// scheduling) of f_1000 on a fresh graph each time; the function's own
// construction is not timed.
func BenchmarkChainGradient1000(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := chain(1000)
		b.StartTimer()
		Gradient(f)
	}
}

// BenchmarkBuild builds random graphs of n nodes through the constructors
// (mostly new nodes): ns/node should stay flat as n grows.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				buildRandom(n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
		})
	}
}

func buildRandom(n int) *Graph {
	rng := rand.New(rand.NewSource(1))
	g := NewGraph()
	var ns []Node
	for k := 0; k < 16; k++ {
		ns = append(ns, g.In(g.AddInput(Input{Name: fmt.Sprint("x", k)})))
	}
	for g.Len() < n {
		a, b := ns[rng.Intn(len(ns))], ns[rng.Intn(len(ns))]
		var m Node
		switch rng.Intn(5) {
		case 0:
			m = g.Add(a, b)
		case 1:
			m = g.Mul(a, b)
		case 2:
			m = g.Call(OpSin, a)
		case 3:
			m = g.Sub(a, g.Call(OpExp, b))
		default:
			m = g.Pow(a, g.Const(float64(2+rng.Intn(3))))
		}
		ns = append(ns, m)
	}
	return g
}

// cpuTime returns the process's user+system CPU time: on a shared
// machine it measures the work, where wall time measures the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func buildChain(n int) *Graph {
	g := NewGraph()
	f := g.In(g.AddInput(Input{Name: "x"}))
	for g.Len() < n {
		f = g.Add(g.Mul(g.Call(OpSin, f), f), g.Call(OpExp, f))
	}
	return g
}

// TestBuildNearLinear: building 10x more nodes costs about 10x the CPU
// time (go test -run TestBuildNearLinear -v ./simplify/ prints ns/node).
func TestBuildNearLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	per := func(build func(int) *Graph, n int) float64 {
		best := math.Inf(1)
		reps := 2
		if n >= 1_000_000 {
			reps = 1
		}
		for r := 0; r < reps; r++ {
			runtime.GC()
			start := cpuTime()
			build(n)
			if d := float64(cpuTime()-start) / float64(n); d < best {
				best = d
			}
		}
		return best
	}
	for _, c := range []struct {
		name  string
		build func(int) *Graph
	}{{"chain", buildChain}, {"random", buildRandom}} {
		var ns []float64
		for _, n := range []int{10_000, 100_000, 1_000_000} {
			ns = append(ns, per(c.build, n))
		}
		t.Logf("%s: CPU ns/node %.0f at 10k, %.0f at 100k, %.0f at 1M", c.name, ns[0], ns[1], ns[2])
		if ns[2] > 4*ns[0] {
			t.Errorf("%s: building is not near-linear: %.0f ns/node at 10k, %.0f at 1M", c.name, ns[0], ns[2])
		}
	}
}

// BenchmarkBuildChain builds f_{k+1} = sin(f_k)*f_k + exp(f_k) up to n
// nodes (4 new nodes a level): the cost of the constructors and interning
// on an expression as written.
func BenchmarkBuildChain(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g := NewGraph()
				f := g.In(g.AddInput(Input{Name: "x"}))
				for g.Len() < n {
					f = g.Add(g.Mul(g.Call(OpSin, f), f), g.Call(OpExp, f))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
		})
	}
}
