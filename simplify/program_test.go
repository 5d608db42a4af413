package simplify

import (
	"strings"
	"testing"
)

// TestCompileTooLarge: past MaxNodes, Compile reports instead of panicking.
func TestCompileTooLarge(t *testing.T) {
	f := chain(200)
	f.Graph.MaxNodes = f.Graph.Len() + 10
	if _, err := Compile(f, KindGradient); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("Compile: %v, want too large", err)
	}
	g := chain(20)
	for k := KindValue; k <= KindHessian; k++ {
		p, err := Compile(g, k)
		if err != nil || p.Kind != k {
			t.Errorf("Compile(%v): %v, %v", k, p, err)
		}
	}
}

// TestProgramInvariants checks what doc.go promises of every program of
// the testdata fns: temporaries written before read, in scope; binary Add
// and Mul; no InDir input outside HessVec and Hessian programs.
func TestProgramInvariants(t *testing.T) {
	src := strings.Join([]string{
		"fn rosenbrock(x[n]) = sum(i, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
		"fn logistic(w[d], b; X[m, d], y[m]) = sum(k, log(1 + exp(-y[k] * (sum(j, X[k, j]*w[j]) + b)))) / m",
		"fn tri(x[n]) = sum(i, sum(j in 0..i+1, x[j]*x[i]*sin(x[j])))",
		"fn p(x, y) = if(x > y, x*y^3, -x/y) + max(x, y)",
	}, "\n")
	_, fs := load(t, src)
	for name, f := range fs {
		for k := KindValue; k <= KindHessian; k++ {
			p, err := Compile(f, k)
			if err != nil {
				t.Fatal(err)
			}
			if k == KindValue || k == KindGradient {
				for _, in := range p.Inputs {
					if in.Kind == InDir {
						t.Errorf("%s %v: has a direction input", name, k)
					}
				}
			}
			written := make([]bool, p.Temps)
			var check func(ss []Stmt, depth int)
			check = func(ss []Stmt, depth int) {
				var local []int
				for _, s := range ss {
					for _, a := range s.Args {
						if a < 0 || a >= p.Temps || !written[a] {
							t.Errorf("%s %v: t%d read before it is written", name, k, a)
						}
					}
					switch s.Kind {
					case SConst, SLoad, SAffine, SOp:
						if s.Kind == SOp && (s.Op == OpAdd || s.Op == OpMul) && len(s.Args) != 2 {
							t.Errorf("%s %v: %v with %d operands", name, k, s.Op, len(s.Args))
						}
						if !written[s.Dst] {
							local = append(local, s.Dst)
						}
						written[s.Dst] = true
					case SAccum:
						if !written[s.Dst] {
							t.Errorf("%s %v: accumulator t%d not set", name, k, s.Dst)
						}
					case SLoop:
						if s.Loop.Level <= depth || s.Loop.Level > p.Depth {
							t.Errorf("%s %v: loop of level %d at depth %d", name, k, s.Loop.Level, depth)
						}
						check(s.Loop.Body, s.Loop.Level)
					case SOut:
						if p.Inputs[s.In].Kind != InVar {
							t.Errorf("%s %v: out to a non-variable", name, k)
						}
					}
				}
				if depth > 0 {
					for _, t := range local {
						written[t] = false // out of scope after the loop
					}
				}
			}
			check(p.Body, 0)
			if !written[p.Result] {
				t.Errorf("%s %v: result t%d not written at the top", name, k, p.Result)
			}
		}
	}
}
