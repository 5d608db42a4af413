package main

// Reverse mode with a Wengert tape, kept tiny for teaching.
//
// Evaluating f records, for every intermediate value, which values it was
// computed from and the local partial derivatives (for c = a*b: ∂c/∂a = b,
// ∂c/∂b = a). One sweep back over the record, from the output's adjoint
// 1, accumulates into each value's adjoint the adjoints of its uses times the
// partials (the chain rule). That sweep gives the whole gradient at a cost of
// a small constant times one evaluation of f, whatever n: it is
// backpropagation.

// node is one recorded value: up to two parents and the partials of the
// value with respect to them (parent -1: none).
type node struct {
	a, b   int32
	da, db float64
}

// tape records the nodes of one evaluation.
type tape struct {
	nodes []node
	adj   []float64
}

// rvar is a value on the tape: its index and its value.
type rvar struct {
	i int32
	v float64
}

func (t *tape) push(n node, v float64) rvar {
	t.nodes = append(t.nodes, n)
	return rvar{int32(len(t.nodes) - 1), v}
}

func (t *tape) variable(v float64) rvar { return t.push(node{-1, -1, 0, 0}, v) }
func (t *tape) add(a, b rvar) rvar      { return t.push(node{a.i, b.i, 1, 1}, a.v+b.v) }
func (t *tape) sub(a, b rvar) rvar      { return t.push(node{a.i, b.i, 1, -1}, a.v-b.v) }
func (t *tape) mul(a, b rvar) rvar      { return t.push(node{a.i, b.i, b.v, a.v}, a.v*b.v) }
func (t *tape) scale(a rvar, c float64) rvar {
	return t.push(node{a.i, -1, c, 0}, c*a.v)
}
func (t *tape) addConst(a rvar, c float64) rvar { return t.push(node{a.i, -1, 1, 0}, a.v+c) }

// rosenbrockTape is Rosenbrock's function written once more, on the tape.
func (t *tape) rosenbrock(x []rvar) rvar {
	s := t.variable(0) // a leaf that nothing differentiates
	for i := 0; i+1 < len(x); i++ {
		a := t.sub(x[i+1], t.mul(x[i], x[i]))
		b := t.addConst(t.scale(x[i], -1), 1)
		s = t.add(s, t.add(t.scale(t.mul(a, a), 100), t.mul(b, b)))
	}
	return s
}

// reverseGrad computes the gradient of Rosenbrock's function at x with one
// recording pass and one sweep back. The tape's buffers are reused from call
// to call. xs has len(x).
func (t *tape) reverseGrad(grad, x []float64, xs []rvar) float64 {
	t.nodes = t.nodes[:0]
	for i, v := range x {
		xs[i] = t.variable(v)
	}
	out := t.rosenbrock(xs)
	if cap(t.adj) < len(t.nodes) {
		t.adj = make([]float64, len(t.nodes))
	}
	adj := t.adj[:len(t.nodes)]
	clear(adj)
	adj[out.i] = 1
	for k := len(t.nodes) - 1; k >= 0; k-- {
		n := t.nodes[k]
		if n.a >= 0 {
			adj[n.a] += adj[k] * n.da
		}
		if n.b >= 0 {
			adj[n.b] += adj[k] * n.db
		}
	}
	for i := range x {
		grad[i] = adj[xs[i].i]
	}
	return out.v
}
