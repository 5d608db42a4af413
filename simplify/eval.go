package simplify

import "fmt"

// Eval evaluates n directly on the graph: in holds each input's values
// row-major (a scalar as one value), sizes the size symbols. It is the
// plain evaluator behind `gradc diff -at`; programs run on codegen's VM.
func (g *Graph) Eval(n Node, in [][]float64, sizes []int) (v float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	e := &evaluator{g: g, in: in, sizes: sizes, idx: make([]int, MaxLevel+2), memo: make([]map[Node]float64, MaxLevel+2)}
	for i := range e.memo {
		e.memo[i] = map[Node]float64{}
	}
	return e.eval(n), nil
}

type evaluator struct {
	g     *Graph
	in    [][]float64
	sizes []int
	idx   []int
	memo  []map[Node]float64
}

func (e *evaluator) affine(a Affine) int {
	v := a.Const
	for _, t := range a.Terms {
		if t.Sym.Kind == SymSize {
			v += t.Coef * e.sizes[t.Sym.Num]
		} else {
			v += t.Coef * e.idx[t.Sym.Num]
		}
	}
	return v
}

func (e *evaluator) eval(n Node) float64 {
	g := e.g
	lvl := g.Level(n)
	if v, ok := e.memo[lvl][n]; ok {
		return v
	}
	d := &g.nodes[n]
	var v float64
	switch d.op {
	case OpConst:
		v = d.val
	case OpIn:
		in := g.Inputs[d.aux]
		flat := 0
		for k, a := range g.Affines(n) {
			i := e.affine(a)
			dim := in.Dims[k]
			size := dim.Fixed
			if dim.Size >= 0 {
				size = e.sizes[dim.Size]
			}
			if i < 0 || i >= size {
				panic(fmt.Sprintf("index %d of %s out of range [0,%d)", i, in.Name, size))
			}
			flat = flat*size + i
		}
		v = e.in[d.aux][flat]
	case OpSize:
		v = float64(e.sizes[d.aux])
	case OpIndex:
		v = float64(e.idx[d.aux])
	case OpHole:
		panic("hole in a finished graph")
	case OpSum:
		aff := g.Affines(n)
		L := int(d.aux)
		lo, hi := e.affine(aff[0]), e.affine(aff[1])
		body := g.Args(n)[0]
		for i := lo; i < hi; i++ {
			e.idx[L] = i
			for k := L; k < len(e.memo); k++ {
				if len(e.memo[k]) > 0 {
					e.memo[k] = map[Node]float64{}
				}
			}
			v += e.eval(body)
		}
		for k := L; k < len(e.memo); k++ {
			if len(e.memo[k]) > 0 {
				e.memo[k] = map[Node]float64{}
			}
		}
	default:
		args := g.Args(n)
		a := make([]float64, len(args))
		for i, x := range args {
			a[i] = e.eval(x)
		}
		v = ops[d.op].Eval(a)
	}
	e.memo[lvl][n] = v
	return v
}
