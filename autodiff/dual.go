package autodiff

// dualField is forward-mode arithmetic over a base field: a number is
// v + Σ_k t_k ε_k with ε_j ε_k = 0, its value and tangents in the base
// field. Tangents are sparse, sorted by direction k, and a missing one is
// structurally zero, so a number that depends on no direction (a constant,
// data, a sum index) carries no tangent at all. A single direction serves
// diff and Hessian-vector products; the forward oracle seeds one direction
// per variable and gets the whole gradient in one pass.
type dualField struct {
	base field
}

// dualX is the payload of a dual number: the base payload of its value and
// its tangents.
type dualX struct {
	base any
	t    []tangent
}

// tangent is the coefficient d of direction k.
type tangent struct {
	k int
	d num
}

// split returns the value of x in the base field and its tangents.
func (f *dualField) split(x num) (num, []tangent) {
	if x.p == nil {
		return x, nil
	}
	dx := x.p.(*dualX)
	return num{x.v, dx.base}, dx.t
}

// make builds the dual number with base value b and tangents t.
func (f *dualField) make(b num, t []tangent) num {
	if b.p == nil && len(t) == 0 {
		return b
	}
	return num{b.v, &dualX{base: b.p, t: t}}
}

// lift makes a number of the base field a number of f with no tangent.
func (f *dualField) lift(b num) num { return f.make(b, nil) }

// tangentOf returns the tangent of x in direction k, in the base field.
func (f *dualField) tangentOf(x num, k int) num {
	_, t := f.split(x)
	for _, e := range t {
		if e.k == k {
			return e.d
		}
	}
	return num{}
}

func (f *dualField) apply(op opcode, a, b num) num {
	ab, at := f.split(a)
	var bb num
	var bt []tangent
	if opTable[op].arity == 2 {
		bb, bt = f.split(b)
	}
	out := f.base.apply(op, ab, bb)
	act := [2]bool{len(at) > 0, len(bt) > 0}
	if !act[0] && !act[1] {
		return f.lift(out)
	}
	c := calc{f.base}
	p := opTable[op].partial(c, ab, bb, out, act)
	var t []tangent
	if p.ok[0] && act[0] {
		t = f.axpy(c, p.d[0], at, nil)
	}
	if p.ok[1] && act[1] {
		t = f.axpy(c, p.d[1], bt, t)
	}
	return f.make(out, t)
}

// axpy returns d*x + y over sparse tangents.
func (f *dualField) axpy(c calc, d num, x, y []tangent) []tangent {
	if len(y) == 0 {
		if c.isOne(d) {
			return x
		}
		out := make([]tangent, len(x))
		for i, e := range x {
			out[i] = tangent{e.k, c.mul(d, e.d)}
		}
		return out
	}
	out := make([]tangent, 0, len(x)+len(y))
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case j == len(y) || (i < len(x) && x[i].k < y[j].k):
			out = append(out, tangent{x[i].k, c.scale(d, x[i].d)})
			i++
		case i == len(x) || y[j].k < x[i].k:
			out = append(out, y[j])
			j++
		default:
			out = append(out, tangent{x[i].k, c.add(c.scale(d, x[i].d), y[j].d)})
			i++
			j++
		}
	}
	return out
}
