package codegen

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gradc/gradc/lang"
)

// chainSource is a file of n fns, each calling the next: fn k inlines
// n-k calls, so the graphs of all the fns together hold about n²/2 nodes.
func chainSource(n int) string {
	var b strings.Builder
	for k := 0; k < n-1; k++ {
		fmt.Fprintf(&b, "fn f%d(x) = sin(x)*%d + f%d(x)\n", k, k, k+1)
	}
	fmt.Fprintf(&b, "fn f%d(x) = x\n", n-1)
	return b.String()
}

// Go drops each fn's graph once the fn is written: its memory is that of
// the largest fns being written at once, not the sum over the file. It
// used to keep every graph to the end: a chain of 800 fns held about
// 130 MB at the end, and a chain of 5000 ran the machine out of memory.
// Progress is called once per fn, counting up to the total.
func TestGoMemoryAndProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 800 fns")
	}
	const n = 800
	p, err := lang.Load("chain.expr", []byte(chainSource(n)))
	if err != nil {
		t.Fatal(err)
	}
	var calls, last int
	var peak uint64
	var ms runtime.MemStats
	progress := func(done, total int) {
		calls++
		if done != last+1 || total != n {
			t.Errorf("Progress(%d, %d) after %d, want %d of %d", done, total, last, last+1, n)
		}
		last = done
		if done%50 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	src, err := Go([]*lang.Program{p}, GoOptions{Package: "p", Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	if calls != n || !strings.Contains(string(src), "func F0Grad(") {
		t.Errorf("%d Progress calls, want %d; output %d bytes", calls, n, len(src))
	}
	if peak > 40<<20 {
		t.Errorf("live heap reached %d MB while writing the fns; the graphs of written fns are kept", peak>>20)
	}
	t.Logf("live heap peak %d MB", peak>>20)
}
