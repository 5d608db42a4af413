package simplify

// Hessians by differentiating the gradient: the tangent (forward mode) of
// every value the gradient program adds into its output, in the direction
// given by the InDir inputs, is H·v. The graph is closed under
// differentiation, so this is the gradient's effects mapped through
// tangents, scheduled like any program.

// HessVec returns the program computing f and adding H·v into out, where
// v is given by the InDir inputs (one per variable, shaped like it).
func HessVec(f *Func) *Program { return f.program(KindHessVec, f.hvEffects()) }

// Hessian returns the HessVec program marked KindHessian: run it once per
// column c of the Hessian with the directions set to the unit vector e_c,
// and out is column c (the Hessian is symmetric: also row c).
func Hessian(f *Func) *Program {
	p := f.program(KindHessVec, f.hvEffects())
	p.Kind = KindHessian
	return p
}

// dirInputs returns, for each variable input, its direction input.
func (f *Func) dirInputs() map[int]int {
	g := f.Graph
	dir := map[int]int{}
	for k, in := range g.Inputs {
		if in.Kind == InDir {
			dir[in.Param] = k
		}
	}
	for k := range g.Inputs {
		in := g.Inputs[k]
		if in.Kind != InVar {
			continue
		}
		if _, ok := dir[in.Param]; !ok {
			dir[in.Param] = g.AddInput(Input{Name: in.Name + "_dir", Kind: InDir, Param: in.Param, Dims: in.Dims})
		}
	}
	return dir
}

func (f *Func) hvEffects() []*effect {
	g := f.Graph
	dir := f.dirInputs()
	zero := g.Const(0)
	t := g.newTangents(func(n Node) Node {
		in := g.Inputs[g.nodes[n].aux]
		if in.Kind != InVar {
			return zero
		}
		return g.In(dir[in.Param], g.Affines(n)...)
	})
	var tr func(effs []*effect) []*effect
	tr = func(effs []*effect) []*effect {
		var out []*effect
		for _, e := range effs {
			if e.loop {
				if b := tr(e.body); len(b) > 0 {
					c := *e
					c.body = b
					out = append(out, &c)
				}
				continue
			}
			if d := t.of(e.val); !g.isConstVal(d, 0) {
				out = append(out, &effect{leaf: e.leaf, val: d})
			}
		}
		return out
	}
	return tr(g.gradEffects(f.Result))
}
