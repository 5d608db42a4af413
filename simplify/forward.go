package simplify

// Forward differentiation: the tangent of every node, with a memo, built
// as graph nodes. It serves diff(e, v) (the seed is 1 at the leaf v) and
// Hessian-vector products (the seed of x[i] is the direction v[i]).

// tangents differentiates nodes forward. seed gives the tangent of an
// OpIn leaf.
type tangents struct {
	g    *Graph
	seed func(leaf Node) Node
	memo map[Node]Node
	// dep, when set, says which nodes in lo..lo+len(dep)-1 depend on the
	// seeded leaf; every other node has tangent 0.
	dep []bool
	lo  Node
}

func (g *Graph) newTangents(seed func(Node) Node) *tangents {
	return &tangents{g: g, seed: seed, memo: make(map[Node]Node)}
}

// Deriv returns the derivative of root with respect to the leaf v (an
// OpIn of a scalar, or any leaf node standing for a variable), simplified.
func (g *Graph) Deriv(root, v Node) Node {
	zero := g.Const(0)
	one := g.Const(1)
	t := g.newTangents(func(n Node) Node {
		if n == v {
			return one
		}
		return zero
	})
	if g.nodes[v].op != OpIn {
		// v is some other leaf (a placeholder): seed it as well.
		t.memo[v] = one
	}
	if root < v {
		return zero // root was built before v: it cannot depend on it
	}
	// Ids are a topological order: one pass over v..root finds what
	// depends on v, so that diff by each of many variables costs little
	// for the parts of the graph that do not use it.
	t.lo = v
	t.dep = make([]bool, root-v+1)
	t.dep[0] = true
	for n := v + 1; n <= root; n++ {
		for _, a := range g.Args(n) {
			if a >= v && t.dep[a-v] {
				t.dep[n-v] = true
				break
			}
		}
	}
	return t.of(root)
}

func (t *tangents) of(n Node) Node {
	if t.dep != nil && (n < t.lo || int(n-t.lo) >= len(t.dep) || !t.dep[n-t.lo]) {
		return t.g.Const(0)
	}
	if d, ok := t.memo[n]; ok {
		return d
	}
	g := t.g
	var d Node
	args := g.Args(n)
	switch op := g.nodes[n].op; op {
	case OpIn:
		d = t.seed(n)
	case OpConst, OpSize, OpIndex, OpHole:
		d = g.Const(0)
	case OpAdd:
		ds := make([]Node, 0, len(args))
		for _, a := range args {
			if da := t.of(a); !g.isConstVal(da, 0) {
				ds = append(ds, da)
			}
		}
		d = g.Add(ds...)
	case OpMul, OpProd:
		ds := make([]Node, len(args))
		var nz []int
		for k, a := range args {
			ds[k] = t.of(a)
			if !g.isConstVal(ds[k], 0) {
				nz = append(nz, k)
			}
		}
		terms := make([]Node, 0, len(nz))
		if len(nz) > 0 {
			others := g.othersFor(args, nz)
			for _, k := range nz {
				terms = append(terms, g.mulKeep(ds[k], others[k]))
			}
		}
		d = g.Add(terms...)
	case OpSum:
		aff := g.Affines(n)
		d = g.Sum(int(g.nodes[n].aux), aff[0], aff[1], t.of(args[0]))
	case OpIf:
		d = g.If(args[0], t.of(args[1]), t.of(args[2]))
	case OpMin:
		d = g.If(g.Cmp(OpLe, args[0], args[1]), t.of(args[0]), t.of(args[1]))
	case OpMax:
		d = g.If(g.Cmp(OpGe, args[0], args[1]), t.of(args[0]), t.of(args[1]))
	default:
		info := &ops[op]
		if info.Cond || info.Partial == nil {
			d = g.Const(0)
			break
		}
		var terms []Node
		for k, a := range args {
			da := t.of(a)
			if g.isConstVal(da, 0) {
				continue
			}
			terms = append(terms, g.mulKeep(info.Partial(g, n, args, k), da))
		}
		d = g.Add(terms...)
	}
	t.memo[n] = d
	return d
}

// othersFor returns, for each k in want, the product of every operand of
// a product but the k-th. Few operands or few wanted: plain products (they
// print well); otherwise prefix and suffix products with Prod, so that the
// whole costs O(len(args)).
func (g *Graph) othersFor(args []Node, want []int) map[int]Node {
	out := make(map[int]Node, len(want))
	n := len(args)
	if n <= 4 || len(want) <= 2 {
		for _, k := range want {
			o := make([]Node, 0, n-1)
			o = append(o, args[:k]...)
			o = append(o, args[k+1:]...)
			out[k] = g.Mul(o...)
		}
		return out
	}
	one := g.Const(1)
	pre := make([]Node, n+1) // pre[k] = args[0]*...*args[k-1]
	suf := make([]Node, n+1) // suf[k] = args[k]*...*args[n-1]
	pre[0], suf[n] = one, one
	for k := 0; k < n; k++ {
		pre[k+1] = g.Prod(pre[k], args[k])
	}
	for k := n - 1; k >= 0; k-- {
		suf[k] = g.Prod(args[k], suf[k+1])
	}
	for _, k := range want {
		out[k] = g.Prod(pre[k], suf[k+1])
	}
	return out
}

// powPartial is the partial of x^y: with a constant exponent c, c*x^(c-1)
// for every x; otherwise y*x^y/x (the spec's x^y*(y'*log(x) + y*x'/x),
// which the power rules collect to y*x^(y-1)) and x^y*log(x).
func powPartial(g *Graph, n Node, a []Node, k int) Node {
	if k == 1 {
		return g.Mul(n, g.Call(OpLog, a[0]))
	}
	if c, ok := g.IsConst(a[1]); ok {
		return g.Mul(g.Const(c), g.Pow(a[0], g.Const(c-1)))
	}
	return g.Mul(a[1], n, g.Pow(a[0], g.Const(-1)))
}
