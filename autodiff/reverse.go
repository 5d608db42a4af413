package autodiff

// tape is reverse-mode arithmetic over a base field: a Wengert list. Every
// operation with an argument on the tape appends an entry holding its
// arguments' entry numbers and its local partials (numbers of the base
// field, computed when the operation runs); operations on constants are
// not recorded. The first entries are the inputs. The reverse sweep walks
// the list backwards and adds adj[entry]*partial to each argument's
// adjoint, in the base field: over floats that gives the gradient, over
// dual numbers the gradient and its directional derivatives (the Hessian).
type tape struct {
	base    field
	entries []entry
}

// entry is one recorded operation: up to two arguments with their partials.
type entry struct {
	n   int // number of arguments
	arg [2]int
	d   [2]num
}

// tapeX is the payload of a number on a tape: the base payload of its value
// and its entry, or -1 when it does not depend on the inputs.
type tapeX struct {
	base any
	id   int
}

// input appends an input entry of base value b and returns its number.
func (t *tape) input(b num) num {
	id := len(t.entries)
	t.entries = append(t.entries, entry{})
	return num{b.v, &tapeX{base: b.p, id: id}}
}

func (t *tape) split(x num) (num, int) {
	if x.p == nil {
		return x, -1
	}
	tx := x.p.(*tapeX)
	return num{x.v, tx.base}, tx.id
}

func (t *tape) make(b num, id int) num {
	if b.p == nil && id < 0 {
		return b
	}
	return num{b.v, &tapeX{base: b.p, id: id}}
}

func (t *tape) apply(op opcode, a, b num) num {
	ab, ai := t.split(a)
	bb, bi := num{}, -1
	if opTable[op].arity == 2 {
		bb, bi = t.split(b)
	}
	out := t.base.apply(op, ab, bb)
	act := [2]bool{ai >= 0, bi >= 0}
	if !act[0] && !act[1] {
		return t.make(out, -1)
	}
	p := opTable[op].partial(calc{t.base}, ab, bb, out, act)
	var e entry
	for k, id := range [2]int{ai, bi} {
		if act[k] && p.ok[k] {
			e.arg[e.n], e.d[e.n] = id, p.d[k]
			e.n++
		}
	}
	if e.n == 0 { // floor(x), or min(x, c) choosing c: nothing flows back
		return t.make(out, -1)
	}
	id := len(t.entries)
	t.entries = append(t.entries, e)
	return t.make(out, id)
}

// sweep returns the adjoints of the first n entries (the inputs) of the
// output out, in the base field; ok[k] false means input k's adjoint is
// structurally zero.
func (t *tape) sweep(out num, n int) (adj []num, ok []bool) {
	_, id := t.split(out)
	adj = make([]num, len(t.entries))
	ok = make([]bool, len(t.entries))
	if id < 0 {
		return adj[:n], ok[:n]
	}
	c := calc{t.base}
	adj[id], ok[id] = num{v: 1}, true
	for i := id; i >= n; i-- {
		if !ok[i] {
			continue
		}
		e := &t.entries[i]
		for k := 0; k < e.n; k++ {
			a := e.arg[k]
			g := c.scale(e.d[k], adj[i])
			if ok[a] {
				adj[a] = c.add(adj[a], g)
			} else {
				adj[a], ok[a] = g, true
			}
		}
	}
	return adj[:n], ok[:n]
}

// Reverse computes the value and the gradient by reverse mode: one pass
// over float64 that records a Wengert list, and one sweep back over it.
func (f *Func) Reverse(pt *Point) (*Result, error) {
	if err := f.check(pt); err != nil {
		return nil, err
	}
	t := &tape{base: floatField{}}
	inputs := make([]num, len(pt.X))
	for k, v := range pt.X {
		inputs[k] = t.input(num{v: v})
	}
	out, kink, err := run(f.Prog, f.Fn, pt, t, func(k int, _ float64) num { return inputs[k] })
	if err != nil {
		return nil, err
	}
	adj, _ := t.sweep(out, len(pt.X))
	r := &Result{Value: out.v, Grad: make([]float64, len(pt.X)), Kink: kink}
	for k, a := range adj {
		r.Grad[k] = a.v
	}
	return r, nil
}
