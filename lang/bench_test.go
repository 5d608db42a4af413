package lang

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The benchmarks of issue 2's performance goal: parse (and check) at 2 MB/s
// or more, on a large file of many fns and on one 1 MB expression.
//
//	go test ./lang/ -run XXX -bench . -benchtime 5x

// manyFns returns about size bytes of generated fns, each a typical
// objective: parameters with sizes, a sum with indexing, calls, powers.
func manyFns(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "# objective %d\nfn f%d(x[n], y; A[n, n]) = sum(i, x[i]*A[i, 0]) + y^2*sin(x[0]) - %d.5\n", i, i, i)
		fmt.Fprintf(&b, "fn s%d(x, y) = x*y + cos(x) # helper\n", i)
		fmt.Fprintf(&b, "fn g%d(x, y) {\n    let r = sqrt(x^2 + y^2)\n    return sin(r)/r + s%d(x, y)\n}\n", i, i)
	}
	return []byte(b.String())
}

// flatExpr returns one fn whose body is a 1 MB expression x + x*y - ...,
// long but shallow.
func flatExpr(size int) []byte {
	var b strings.Builder
	b.WriteString("fn f(x, y) = x")
	ops := []string{" + x", "*y", " - y", "/x"}
	for i := 0; b.Len() < size; i++ {
		b.WriteString(ops[i%len(ops)])
	}
	b.WriteByte('\n')
	return []byte(b.String())
}

func benchParse(b *testing.B, src []byte, check bool) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		n++
		f, err := Parse("bench.expr", src)
		if err != nil {
			b.Fatal(err)
		}
		if check {
			if _, err := Check(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	// MB per second of CPU time (all threads, the garbage collector's
	// included): on a machine shared with other work, the wall-clock MB/s
	// above falls with the load and this does not.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(src))*float64(n)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkParse(b *testing.B) {
	b.Run("ManyFns", func(b *testing.B) { benchParse(b, manyFns(1<<20), false) })
	b.Run("FlatExpr", func(b *testing.B) { benchParse(b, flatExpr(1<<20), false) })
}

func BenchmarkParseCheck(b *testing.B) {
	b.Run("ManyFns", func(b *testing.B) { benchParse(b, manyFns(1<<20), true) })
	b.Run("FlatExpr", func(b *testing.B) { benchParse(b, flatExpr(1<<20), true) })
}

// TestBenchInputsValid keeps the benchmark inputs honest: they parse and
// check.
func TestBenchInputsValid(t *testing.T) {
	for name, src := range map[string][]byte{"many": manyFns(4096), "flat": flatExpr(4096)} {
		f, err := Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := Check(f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
