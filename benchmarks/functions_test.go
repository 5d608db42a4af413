package benchmarks

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/optimize/functions"

	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/lang"
)

var (
	table    = flag.Bool("table", false, "TestTable: run the benchmarks and print the README's table")
	writeBig = flag.String("writebig", "", "TestWriteBig: write the 10,000-line .expr file of BenchmarkBuild10000Lines to `FILE`")
)

// fn pairs a generated function with gonum's hand-written one.
type fn struct {
	name      string
	sizes     []int // the lengths of x to benchmark
	value     func(x []float64) float64
	grad      func(grad, x []float64) float64
	gonumFunc func(x []float64) float64
	gonumGrad func(grad, x []float64)
}

var fns = []fn{
	{"ExtendedRosenbrock", []int{100, 1000}, ExtendedRosenbrock, ExtendedRosenbrockGrad, functions.ExtendedRosenbrock{}.Func, functions.ExtendedRosenbrock{}.Grad},
	{"Wood", []int{4}, Wood, WoodGrad, functions.Wood{}.Func, functions.Wood{}.Grad},
	{"Watson", []int{100, 1000}, Watson, WatsonGrad, functions.Watson{}.Func, functions.Watson{}.Grad},
	{"BrownAndDennis", []int{4}, BrownAndDennis, BrownAndDennisGrad, functions.BrownAndDennis{}.Func, functions.BrownAndDennis{}.Grad},
	{"PenaltyI", []int{100, 1000}, PenaltyI, PenaltyIGrad, functions.PenaltyI{}.Func, functions.PenaltyI{}.Grad},
	{"PenaltyII", []int{100, 1000}, PenaltyIi, PenaltyIiGrad, functions.PenaltyII{}.Func, functions.PenaltyII{}.Grad},
	{"Trigonometric", []int{100, 1000}, Trigonometric, TrigonometricGrad, functions.Trigonometric{}.Func, functions.Trigonometric{}.Grad},
	{"VariablyDimensioned", []int{100, 1000}, VariablyDimensioned, VariablyDimensionedGrad, functions.VariablyDimensioned{}.Func, functions.VariablyDimensioned{}.Grad},
	{"Beale", []int{2}, Beale, BealeGrad, functions.Beale{}.Func, functions.Beale{}.Grad},
	{"Box3D", []int{3}, Box3d, Box3dGrad, functions.Box3D{}.Func, functions.Box3D{}.Grad},
	{"BiggsEXP6", []int{6}, BiggsExp6, BiggsExp6Grad, functions.BiggsEXP6{}.Func, functions.BiggsEXP6{}.Grad},
}

func point(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := make([]float64, n)
	for i := range x {
		x[i] = 2*rng.Float64() - 1
	}
	return x
}

func relErr(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// The .expr transcriptions compute what gonum's functions compute.
func TestMatchesGonum(t *testing.T) {
	for _, f := range fns {
		for _, n := range append([]int{f.sizes[0]}, 7) {
			if f.sizes[0] < 10 {
				n = f.sizes[0]
			}
			t.Run(fmt.Sprintf("%s/%d", f.name, n), func(t *testing.T) {
				for seed := uint64(0); seed < 5; seed++ {
					x := point(n, seed)
					want := f.gonumFunc(x)
					if e := relErr(f.value(x), want); e > 1e-12 {
						t.Errorf("value %v, gonum %v", f.value(x), want)
					}
					grad, wantGrad := make([]float64, n), make([]float64, n)
					v := f.grad(grad, x)
					f.gonumGrad(wantGrad, x)
					if e := relErr(v, want); e > 1e-12 {
						t.Errorf("value from Grad %v, gonum %v", v, want)
					}
					for i := range grad {
						if e := relErr(grad[i], wantGrad[i]); e > 1e-10 {
							t.Errorf("grad[%d] = %v, gonum %v", i, grad[i], wantGrad[i])
						}
					}
				}
			})
		}
	}
}

// funcs_gradc.go is what gradc generates from funcs.expr now.
func TestGeneratedUpToDate(t *testing.T) {
	src, err := os.ReadFile("funcs.expr")
	if err != nil {
		t.Fatal(err)
	}
	p, err := lang.Load("funcs.expr", src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := codegen.Go([]*lang.Program{p}, codegen.GoOptions{Package: "benchmarks"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("funcs_gradc.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("funcs_gradc.go is stale: run go generate ./benchmarks")
	}
}

// Sinks keep the compiler from dropping the calls.
var sinkF float64

func benchGrad(f fn, n int, gradc bool) func(b *testing.B) {
	return func(b *testing.B) {
		x := point(n, 1)
		grad := make([]float64, n)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if gradc {
				sinkF += f.grad(grad, x)
			} else {
				sinkF += f.gonumFunc(x)
				f.gonumGrad(grad, x)
			}
		}
	}
}

func benchValue(f fn, n int) func(b *testing.B) {
	return func(b *testing.B) {
		x := point(n, 1)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkF += f.value(x)
		}
	}
}

// BenchmarkGrad: the generated NameGrad (value and gradient) against
// gonum's Func and Grad.
func BenchmarkGrad(b *testing.B) {
	for _, f := range fns {
		for _, n := range f.sizes {
			b.Run(fmt.Sprintf("%s/n=%d/gradc", f.name, n), benchGrad(f, n, true))
			b.Run(fmt.Sprintf("%s/n=%d/gonum", f.name, n), benchGrad(f, n, false))
		}
	}
}

// BenchmarkValue: the generated Name, for the ratio NameGrad/Name.
func BenchmarkValue(b *testing.B) {
	for _, f := range fns {
		for _, n := range f.sizes {
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), benchValue(f, n))
		}
	}
}

// rosenbrockFused is ExtendedRosenbrock's value and gradient as one
// hand-written loop.
func rosenbrockFused(grad, x []float64) float64 {
	for i := range grad {
		grad[i] = 0
	}
	var sum float64
	for i := 0; i < len(x)-1; i++ {
		a := 1 - x[i]
		b := x[i+1] - x[i]*x[i]
		sum += a*a + 100*b*b
		grad[i] += -2*a - 400*b*x[i]
		grad[i+1] += 200 * b
	}
	return sum
}

func benchMillion(gradc bool) func(b *testing.B) {
	return func(b *testing.B) {
		x := point(1_000_000, 1)
		grad := make([]float64, len(x))
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if gradc {
				sinkF += ExtendedRosenbrockGrad(grad, x)
			} else {
				sinkF += rosenbrockFused(grad, x)
			}
		}
	}
}

// BenchmarkRosenbrockMillion: ExtendedRosenbrock's gradient at n = 10^6,
// generated against a hand-written fused loop.
func BenchmarkRosenbrockMillion(b *testing.B) {
	b.Run("gradc", benchMillion(true))
	b.Run("fused", benchMillion(false))
}

// bigExpr returns a .expr file of about lines lines: fns with sums, lets,
// calls and builtins.
func bigExpr(lines int) []byte {
	var b strings.Builder
	for k := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < lines; k++ {
		fmt.Fprintf(&b, "fn f%d(x[n], a, b; w[n]) {\n", k)
		fmt.Fprintf(&b, "    let u = sum(i, w[i]*(x[i+1] - x[i]^2)^2) + a*b\n")
		fmt.Fprintf(&b, "    let v = sin(a*u) + exp(-b^2) + log(1 + u^2)\n")
		fmt.Fprintf(&b, "    return v^2 + sqrt(1 + a^2)*u - tanh(b + %d)\n", k)
		fmt.Fprintf(&b, "}\n")
	}
	return []byte(b.String())
}

// build runs what gradc build runs: load, check, differentiate, emit.
func build(src []byte) error {
	p, err := lang.Load("big.expr", src)
	if err != nil {
		return err
	}
	_, err = codegen.Go([]*lang.Program{p}, codegen.GoOptions{Package: "big"})
	return err
}

// BenchmarkBuild10000Lines: gradc build of a 10,000-line .expr file
// (with the command's garbage-collector setting).
func BenchmarkBuild10000Lines(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	src := bigExpr(10_000)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if err := build(src); err != nil {
			b.Fatal(err)
		}
	}
}

// nsPerOp runs the benchmarks fs in turn, five rounds, and returns the
// best time per operation of each: on a shared machine the minimum over
// interleaved runs is the steadiest estimate, and a burst of load hits
// both sides of a ratio alike.
func nsPerOp(fs ...func(b *testing.B)) []float64 {
	best := make([]float64, len(fs))
	for i := range best {
		best[i] = math.Inf(1)
	}
	for round := 0; round < 5; round++ {
		for i, f := range fs {
			r := testing.Benchmark(f)
			best[i] = math.Min(best[i], float64(r.T.Nanoseconds())/float64(r.N))
		}
	}
	return best
}

// TestTable runs the benchmarks and prints the README's table (with
// -table; it takes about a minute).
func TestTable(t *testing.T) {
	if !*table {
		t.Skip("run with -table")
	}
	var ratios []float64
	var b strings.Builder
	b.WriteString("| function | n | gradc NameGrad | gonum Func+Grad | ratio | NameGrad/Name |\n|---|---|---|---|---|---|\n")
	for _, f := range fns {
		for _, n := range f.sizes {
			t := nsPerOp(benchGrad(f, n, true), benchGrad(f, n, false), benchValue(f, n))
			g, h, v := t[0], t[1], t[2]
			ratios = append(ratios, g/h)
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %.2f | %.2f |\n", f.name, n, dur(g), dur(h), g/h, g/v)
		}
	}
	sort.Float64s(ratios)
	med := ratios[len(ratios)/2]
	if len(ratios)%2 == 0 {
		med = (ratios[len(ratios)/2-1] + ratios[len(ratios)/2]) / 2
	}
	fmt.Fprintf(&b, "\nmedian ratio generated/hand-written: %.2f, largest: %.2f\n", med, ratios[len(ratios)-1])
	t2 := nsPerOp(benchMillion(true), benchMillion(false))
	g, h := t2[0], t2[1]
	mx := point(1_000_000, 1)
	mg := make([]float64, len(mx))
	allocs := testing.AllocsPerRun(3, func() { ExtendedRosenbrockGrad(mg, mx) })
	fmt.Fprintf(&b, "ExtendedRosenbrock n = 1,000,000: gradc %s (%v allocs/op), hand-written fused loop %s: ratio %.2f\n",
		dur(g), allocs, dur(h), g/h)
	src := bigExpr(10_000)
	bt := nsPerOp(BenchmarkBuild10000Lines)[0]
	fmt.Fprintf(&b, "build of a %d-line .expr file (load, check, differentiate, emit, gofmt): %v\n", strings.Count(string(src), "\n"), time.Duration(bt).Round(time.Millisecond))
	t.Log("\n" + b.String())
}

func dur(ns float64) string { return time.Duration(ns).Round(time.Nanosecond).String() }

// TestWriteBig writes the input of BenchmarkBuild10000Lines, to time the
// command on it (with -writebig FILE).
func TestWriteBig(t *testing.T) {
	if *writeBig == "" {
		t.Skip("run with -writebig FILE")
	}
	if err := os.WriteFile(*writeBig, bigExpr(10_000), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The generated functions panic with their own messages on bad lengths,
// as gonum's do on a dimension mismatch.
func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"bound", func() { Watson([]float64{1}) }, "gradc: Watson: x[1] needs 2 <= n (at funcs.expr:"},
		{"fixed", func() { Wood(make([]float64, 3)) }, "gradc: Wood: len(x) = 3, want 4"},
		{"grad", func() { WoodGrad(make([]float64, 5), make([]float64, 4)) }, "gradc: WoodGrad: len(grad) = 5, want len(x) = 4"},
		{"empty", func() { ExtendedRosenbrock(nil) }, "gradc: ExtendedRosenbrock: len(x) = 0, want n for a size n >= 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.HasPrefix(msg, tt.want) {
					t.Errorf("panic %q, want %q", msg, tt.want)
				}
			}()
			tt.call()
		})
	}
}
