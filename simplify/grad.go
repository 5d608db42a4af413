package simplify

// Reverse accumulation. The adjoint of every node is built as graph nodes
// in reverse topological order (decreasing id): a node's adjoint is the sum
// of its contributions, and it contributes adjoint × partial to each active
// operand, the partials reusing the nodes already there.
//
// A pass runs at one sum level. Nodes of a lower level are outside the
// pass: their contributions are returned, to be summed over the loop by the
// enclosing pass. A sum node of the pass starts a pass one level down with
// its adjoint as the seed of its body; what that inner pass returns for
// outer nodes becomes Sum(level, lo, hi, contribution) there, and its
// scatters into array elements become a loop effect. Variables (OpIn of an
// InVar input) end a path: their adjoint is a scatter effect into the
// gradient.

// effect is what a gradient program does besides computing values: a
// scatter out[leaf] += val, or a loop of effects.
type effect struct {
	leaf Node // the OpIn written, for a scatter
	val  Node
	loop bool
	lvl  int
	lo   Affine
	hi   Affine
	body []*effect
}

type reverse struct {
	g      *Graph
	active map[Node]bool
}

// isActive reports whether n depends on a variable.
func (r *reverse) isActive(n Node) bool {
	if v, ok := r.active[n]; ok {
		return v
	}
	g := r.g
	v := false
	switch d := &g.nodes[n]; d.op {
	case OpIn:
		v = g.Inputs[d.aux].Kind == InVar
	case OpConst, OpSize, OpIndex:
	default:
		if ops[d.op].Cond {
			break
		}
		for _, a := range g.Args(n) {
			if r.isActive(a) {
				v = true
				break
			}
		}
	}
	r.active[n] = v
	return v
}

// gradEffects returns the effects that add the gradient of root to the
// gradient outputs.
func (g *Graph) gradEffects(root Node) []*effect {
	r := &reverse{g: g, active: make(map[Node]bool)}
	_, _, effs := r.pass(0, root, g.Const(1))
	return effs
}

// pass runs reverse accumulation at level lvl from root with adjoint seed.
func (r *reverse) pass(lvl int, root, seed Node) (extOrder []Node, ext map[Node][]Node, effs []*effect) {
	g := r.g
	ext = make(map[Node][]Node)
	adj := make(map[Node][]Node)
	contrib := func(u, c Node) {
		if !r.isActive(u) || g.isConstVal(c, 0) {
			return
		}
		if g.Level(u) == lvl {
			adj[u] = append(adj[u], c)
			return
		}
		if _, ok := ext[u]; !ok {
			extOrder = append(extOrder, u)
		}
		ext[u] = append(ext[u], c)
	}
	// The internal nodes: active, of this level, reachable from root.
	var order []Node
	seen := map[Node]bool{}
	stack := []Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] || !r.isActive(n) || g.Level(n) < lvl {
			continue
		}
		seen[n] = true
		if g.Level(n) == lvl {
			order = append(order, n)
		}
		// Sum bodies are searched too: nodes of this level used only
		// inside a loop receive contributions from the inner pass.
		stack = append(stack, g.Args(n)...)
	}
	sortDesc(order)
	contrib(root, seed)
	for _, n := range order {
		cs := adj[n]
		if len(cs) == 0 {
			continue
		}
		a := g.Add(cs...)
		if g.isConstVal(a, 0) {
			continue
		}
		args := g.Args(n)
		switch op := g.nodes[n].op; op {
		case OpIn:
			effs = append(effs, &effect{leaf: n, val: a})
		case OpAdd:
			for _, x := range args {
				contrib(x, a)
			}
		case OpMul, OpProd:
			var want []int
			for k, x := range args {
				if r.isActive(x) {
					want = append(want, k)
				}
			}
			others := g.othersFor(args, want)
			for _, k := range want {
				x := args[k]
				if u, c, ok := g.constPow(x); ok && c < 0 && op == OpMul && r.isActive(u) {
					// ∂n/∂u = c*n/u through a factor u^c with c < 0: reuse n
					// (for x0/(x1/(...)) each level then costs a division
					// and a product).
					t := g.mulAdj(a, g.Pow(u, g.Const(-1)))
					contrib(u, g.scaleProd(c, t, n))
					continue
				}
				contrib(x, g.mulAdj(a, others[k]))
			}
		case OpSum:
			inner := int(g.nodes[n].aux)
			aff := g.Affines(n)
			order2, ext2, effs2 := r.pass(inner, args[0], a)
			for _, u := range order2 {
				contrib(u, g.Sum(inner, aff[0], aff[1], g.Add(ext2[u]...)))
			}
			if len(effs2) > 0 {
				effs = append(effs, &effect{loop: true, lvl: inner, lo: aff[0], hi: aff[1], body: effs2})
			}
		case OpIf:
			zero := g.Const(0)
			contrib(args[1], g.If(args[0], a, zero))
			contrib(args[2], g.If(args[0], zero, a))
		default:
			info := &ops[op]
			if info.Partial == nil {
				continue
			}
			for k, x := range args {
				if r.isActive(x) {
					contrib(x, g.mulAdj(a, info.Partial(g, n, args, k)))
				}
			}
		}
	}
	return extOrder, ext, effs
}

// mulAdj returns a*p, keeping a gate outermost: (Mul (If c x 0) p) =>
// (If c (Mul x p) 0), so that where c is false the product is 0 even when
// p is infinite there (the branch not taken is not differentiated).
func (g *Graph) mulAdj(a, p Node) Node {
	for _, pair := range [2][2]Node{{a, p}, {p, a}} {
		x, y := pair[0], pair[1]
		if g.nodes[x].op != OpIf {
			continue
		}
		as := g.Args(x)
		if g.isConstVal(as[2], 0) {
			return g.If(as[0], g.mulAdj(as[1], y), as[2])
		}
		if g.isConstVal(as[1], 0) {
			return g.If(as[0], as[1], g.mulAdj(as[2], y))
		}
	}
	return g.mulKeep(a, p)
}

// mulKeep returns a*p, but keeps a long product a (or p) whole, as a
// binary Prod, instead of flattening its factors into a new n-ary Mul: a
// chain of adjoints or tangents, each the previous one times a partial,
// would otherwise copy O(k) factors at step k (quadratic swell, as in
// x0/(x1/(x2/...))).
func (g *Graph) mulKeep(a, p Node) Node {
	long := func(n Node) bool {
		d := &g.nodes[n]
		return d.op == OpProd || d.op == OpMul && d.an >= 4
	}
	if long(a) || long(p) {
		if _, ok := g.IsConst(a); ok {
			a, p = p, a
		}
		return g.Prod(a, p)
	}
	return g.Mul(a, p)
}

func sortDesc(ns []Node) {
	// insertion-free: a simple sort by id, descending.
	sortNodes(ns)
	for i, j := 0, len(ns)-1; i < j; i, j = i+1, j-1 {
		ns[i], ns[j] = ns[j], ns[i]
	}
}

// constPow reports whether x is u^c with a constant c.
func (g *Graph) constPow(x Node) (Node, float64, bool) {
	if g.nodes[x].op != OpPow {
		return 0, 0, false
	}
	as := g.Args(x)
	c, ok := g.IsConst(as[1])
	return as[0], c, ok
}

// scaleProd returns c*t*n with n kept whole (a Prod), the gate of t
// outermost.
func (g *Graph) scaleProd(c float64, t, n Node) Node {
	if g.nodes[t].op == OpIf {
		as := g.Args(t)
		if g.isConstVal(as[2], 0) {
			return g.If(as[0], g.scaleProd(c, as[1], n), as[2])
		}
		if g.isConstVal(as[1], 0) {
			return g.If(as[0], as[1], g.scaleProd(c, as[2], n))
		}
	}
	return g.Mul(g.Const(c), g.Prod(t, n))
}
