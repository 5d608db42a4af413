package simplify

import (
	"fmt"
	"testing"

	"github.com/gradc/gradc/lang"
)

// machine is a plain reference interpreter of a Program, for tests: the
// fast VM is codegen's.
type machine struct {
	p     *Program
	sizes []int
	in    [][]float64 // per input, row-major
	off   []int       // offset of each variable input in x
	T     []float64
	idx   []int
	out   []float64
}

func inputLen(in Input, sizes []int) int {
	n := 1
	for _, d := range in.Dims {
		if d.Size >= 0 {
			n *= sizes[d.Size]
		} else {
			n *= d.Fixed
		}
	}
	return n
}

func dimLen(d Dim, sizes []int) int {
	if d.Size >= 0 {
		return sizes[d.Size]
	}
	return d.Fixed
}

// runProgram runs p with variables packed in x, data per data input
// (row-major), the direction dir packed like x (HessVec), and sizes.
func runProgram(p *Program, x []float64, data [][]float64, dir []float64, sizes []int) (float64, []float64) {
	m := &machine{p: p, sizes: sizes, T: make([]float64, p.Temps), idx: make([]int, p.Depth+1), out: make([]float64, len(x))}
	if dir == nil {
		dir = make([]float64, len(x))
	}
	off := 0
	di := 0
	for _, in := range p.Inputs {
		n := inputLen(in, sizes)
		switch in.Kind {
		case InVar:
			m.in = append(m.in, x[off:off+n])
			m.off = append(m.off, off)
			off += n
		case InData:
			m.in = append(m.in, data[di])
			m.off = append(m.off, 0)
			di++
		case InDir:
			o := 0
			for _, v := range p.Inputs {
				if v.Kind == InVar && v.Param < in.Param {
					o += inputLen(v, sizes)
				}
			}
			m.in = append(m.in, dir[o:o+n])
			m.off = append(m.off, 0)
		}
	}
	m.run(p.Body)
	return m.T[p.Result], m.out
}

func (m *machine) affine(a Affine) int {
	v := a.Const
	for _, t := range a.Terms {
		if t.Sym.Kind == SymSize {
			v += t.Coef * m.sizes[t.Sym.Num]
		} else {
			v += t.Coef * m.idx[t.Sym.Num]
		}
	}
	return v
}

func (m *machine) flat(in Input, idx []Affine) int {
	f := 0
	for k, a := range idx {
		i := m.affine(a)
		n := dimLen(in.Dims[k], m.sizes)
		if i < 0 || i >= n {
			panic(fmt.Sprintf("index %d out of range [0,%d) of %s", i, n, in.Name))
		}
		f = f*n + i
	}
	return f
}

func (m *machine) run(ss []Stmt) {
	for i := range ss {
		s := &ss[i]
		switch s.Kind {
		case SConst:
			m.T[s.Dst] = s.Value
		case SLoad:
			m.T[s.Dst] = m.in[s.In][m.flat(m.p.Inputs[s.In], s.Index)]
		case SAffine:
			m.T[s.Dst] = float64(m.affine(s.Index[0]))
		case SOp:
			a := make([]float64, len(s.Args))
			for k, t := range s.Args {
				a[k] = m.T[t]
			}
			m.T[s.Dst] = s.Op.Eval(a)
		case SAccum:
			m.T[s.Dst] += m.T[s.Args[0]]
		case SLoop:
			l := s.Loop
			hi := m.affine(l.Hi)
			for m.idx[l.Level] = m.affine(l.Lo); m.idx[l.Level] < hi; m.idx[l.Level]++ {
				m.run(l.Body)
			}
		case SOut:
			in := m.p.Inputs[s.In]
			m.out[m.off[s.In]+m.flat(in, s.Index)] += m.T[s.Args[0]]
		default:
			panic("unknown statement")
		}
	}
}

// load checks src and builds each fn.
func load(t testing.TB, src string) (*lang.Program, map[string]*Func) {
	t.Helper()
	p, err := lang.Load("test.expr", []byte(src))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	fs := map[string]*Func{}
	for _, fn := range p.Fns {
		f, err := Build(p, fn)
		if err != nil {
			t.Fatalf("build %s: %v", fn.Name(), err)
		}
		fs[fn.Name()] = f
	}
	return p, fs
}

func loadProg(src string) (*lang.Program, error) { return lang.Load("test.expr", []byte(src)) }
