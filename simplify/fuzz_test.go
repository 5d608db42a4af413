package simplify

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gradc/gradc/lang"
)

// FuzzPipeline: whatever the checker accepts, Build, the programs and the
// printers run without panicking.
//
//	go test -fuzz FuzzPipeline -fuzztime 20s ./simplify/
func FuzzPipeline(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.expr")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(string(src))
	}
	f.Add("fn f(x) = diff(diff(x^3, x), x)")
	f.Add("fn g(v[k]) = sum(i, v[i])\nfn f(x[n]) = sum(i, x[i]*g(x))")
	f.Fuzz(func(t *testing.T, src string) {
		done := make(chan bool)
		go func() {
			pipeline(src)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("hung on %q", src)
		}
	})
}

func pipeline(src string) {
	{
		prog, err := lang.Load("fuzz.expr", []byte(src))
		if err != nil {
			return
		}
		for _, fn := range prog.Fns {
			fu, err := Build(prog, fn)
			if err != nil {
				continue
			}
			if fu.Graph.Len() > 200_000 {
				continue
			}
			Value(fu)
			Gradient(fu)
			Hessian(fu)
			fu.Graph.Print(fu.Result)
			fu.Graph.PrintLatex(fu.Result)
		}
	}
}
