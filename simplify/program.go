package simplify

import (
	"container/heap"
	"fmt"
	"sort"
)

// Kind says what a Program computes.
type Kind uint8

// The kinds of programs.
const (
	KindValue    Kind = iota // the value only
	KindGradient             // the value, and the gradient added into out
	KindHessVec              // the value, and H·v added into out (v: the InDir inputs)
	KindHessian              // a KindHessVec program, run once per column (see doc.go)
)

var kindNames = [...]string{"value", "gradient", "hessvec", "hessian"}

// String returns the kind's name: value, gradient, hessvec or hessian.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// StmtKind says what a statement does.
type StmtKind uint8

// The statements. T is the array of temporaries, idx the loop indices
// (idx[1] the outermost loop's), out the output array laid out as x.
const (
	SConst  StmtKind = iota // T[Dst] = Value
	SLoad                   // T[Dst] = Inputs[In] at Index (a scalar when Index is empty)
	SAffine                 // T[Dst] = float64(Index[0]), an affine form over sizes and idx
	SOp                     // T[Dst] = Op(T[Args[0]], T[Args[1]], ...)
	SAccum                  // T[Dst] += T[Args[0]]
	SLoop                   // for idx[L] = Lo; idx[L] < Hi; idx[L]++ { Body } with L, Lo, Hi, Body in Loop
	SOut                    // out[offset(In) + rowmajor(Index)] += T[Args[0]]
)

var stmtNames = [...]string{"const", "load", "affine", "op", "accum", "loop", "out"}

// String returns the statement kind's name, as the disassembler writes it.
func (k StmtKind) String() string {
	if int(k) < len(stmtNames) {
		return stmtNames[k]
	}
	return "?"
}

// Stmt is one statement of a Program. Which fields mean something depends
// on Kind (see the constants).
type Stmt struct {
	Kind  StmtKind
	Op    Op       // SOp
	Dst   int      // SConst, SLoad, SAffine, SOp, SAccum: the temporary written
	Args  []int    // SOp: operand temporaries; SAccum, SOut: Args[0] is added
	Value float64  // SConst
	In    int      // SLoad: the input read; SOut: the variable whose gradient part is written
	Index []Affine // SLoad, SOut: the element (empty for a scalar); SAffine: Index[0] is the value
	Loop  *Loop    // SLoop
}

// Loop is the loop of an SLoop statement: for idx[Level] = Lo;
// idx[Level] < Hi; idx[Level]++ { Body }. Lo and Hi are evaluated once,
// on entry; an empty range runs Body zero times.
type Loop struct {
	Level int
	Lo    Affine
	Hi    Affine
	Body  []Stmt
}

// Program is scheduled three-address code: see the package doc.
type Program struct {
	Name   string
	Kind   Kind
	Inputs []Input  // variables (InVar) in packing order, data (InData), directions (InDir)
	Sizes  []string // the size symbols; SymSize k is Sizes[k]
	Temps  int      // number of temporaries
	Depth  int      // deepest loop level; loop indices are idx[1..Depth]
	Body   []Stmt
	Result int // the temporary holding the value after Body has run
}

// Ops returns the number of SOp statements of p, counting each once per
// appearance (not per iteration): the size of the code.
func (p *Program) Ops() int { return countOps(p.Body) }

func countOps(ss []Stmt) int {
	n := 0
	for i := range ss {
		switch ss[i].Kind {
		case SOp:
			n++
		case SLoop:
			n += countOps(ss[i].Loop.Body)
		}
	}
	return n
}

// Value returns the program computing f.
func Value(f *Func) *Program { return f.program(KindValue, nil) }

// Gradient returns the program computing f and adding its gradient into
// out (out laid out as x, zeroed by the caller).
func Gradient(f *Func) *Program { return f.program(KindGradient, f.Graph.gradEffects(f.Result)) }

func (f *Func) program(kind Kind, effs []*effect) *Program {
	g := f.Graph
	l := &lowering{g: g, memo: map[Node]Node{}}
	root := l.lower(f.Result)
	effs = l.effects(effs)
	s := &scheduler{g: g, temp: make([]int32, g.Len()), itemOf: make([]int32, g.Len()), stamp: make([]int32, g.Len())}
	body := s.block(0, []Node{root}, nil, effs)
	res, _ := s.tempOf(root)
	inputs := append([]Input(nil), g.Inputs...)
	if kind == KindValue || kind == KindGradient {
		// The directions (appended last by HessVec) are not inputs here.
		for i, in := range inputs {
			if in.Kind == InDir {
				inputs = inputs[:i]
				break
			}
		}
	}
	return &Program{
		Name:   f.Name,
		Kind:   kind,
		Inputs: inputs,
		Sizes:  append([]string(nil), g.Sizes...),
		Temps:  s.ntemp,
		Depth:  s.depth,
		Body:   body,
		Result: res,
	}
}

// lowering maps graph nodes to program operations: n-ary Add and Mul to
// chains of binary Add, Sub, Mul, Div and Neg, negative powers to
// divisions, small integer powers to multiplications.
type lowering struct {
	g    *Graph
	memo map[Node]Node
}

func (l *lowering) effects(effs []*effect) []*effect {
	out := make([]*effect, len(effs))
	for i, e := range effs {
		c := *e
		if e.loop {
			c.body = l.effects(e.body)
		} else {
			c.val = l.lower(e.val)
		}
		out[i] = &c
	}
	return out
}

func (l *lowering) lower(n Node) Node {
	if m, ok := l.memo[n]; ok {
		return m
	}
	g := l.g
	d := g.nodes[n]
	var m Node
	args := g.Args(n)
	switch d.op {
	case OpConst, OpIn, OpSize, OpIndex:
		m = n
	case OpAdd:
		var acc Node = -1
		terms := append([]Node(nil), args...)
		neg := func(t Node) bool {
			d := &g.nodes[t]
			if d.op == OpConst {
				return d.val < 0
			}
			if d.op == OpMul {
				c, ok := g.IsConst(g.Args(t)[0])
				return ok && c < 0
			}
			return false
		}
		// Outer levels first (hoisted), and within a level the positive
		// terms first, so that negative ones are subtractions.
		sort.SliceStable(terms, func(i, j int) bool {
			li, lj := g.Level(terms[i]), g.Level(terms[j])
			if li != lj {
				return li < lj
			}
			return !neg(terms[i]) && neg(terms[j])
		})
		for _, t := range terms {
			mag, neg := l.magnitude(t)
			switch {
			case acc < 0 && neg:
				acc = g.raw(OpNeg, mag)
			case acc < 0:
				acc = mag
			case neg:
				acc = g.raw(OpSub, acc, mag)
			default:
				acc = g.raw(OpAdd, acc, mag)
			}
		}
		m = acc
	case OpMul:
		mag, neg := l.product(n, true)
		m = mag
		if neg {
			m = g.raw(OpNeg, mag)
		}
	case OpProd:
		m = g.raw(OpMul, l.lower(args[0]), l.lower(args[1]))
	case OpPow:
		if e, ok := g.IsConst(args[1]); ok && e < 0 {
			m = g.raw(OpDiv, g.Const(1), l.power(args[0], -e))
		} else if ok {
			m = l.power(args[0], e)
		} else {
			m = g.raw(OpPow, l.lower(args[0]), l.lower(args[1]))
		}
	case OpSum:
		m = g.intern(OpSum, d.aux, 0, []Node{l.lower(args[0])}, g.ext[d.e0:d.e0+d.en])
	default:
		la := make([]Node, len(args))
		for i, a := range args {
			la[i] = l.lower(a)
		}
		m = g.intern(d.op, 0, 0, la, nil)
	}
	l.memo[n] = m
	return m
}

// power lowers b^e for e >= 0: integer e up to 16 by repeated squaring.
func (l *lowering) power(b Node, e float64) Node {
	g := l.g
	lb := l.lower(b)
	if e == 1 {
		return lb
	}
	if !isInt(e) || e > 16 {
		return g.raw(OpPow, lb, g.Const(e))
	}
	k := int(e)
	var acc Node = -1
	sq := lb
	for k > 0 {
		if k&1 == 1 {
			if acc < 0 {
				acc = sq
			} else {
				acc = g.raw(OpMul, acc, sq)
			}
		}
		k >>= 1
		if k > 0 {
			sq = g.raw(OpMul, sq, sq)
		}
	}
	return acc
}

// magnitude lowers a term t of a sum as |t| and whether t is negative.
func (l *lowering) magnitude(t Node) (Node, bool) { return l.product(t, false) }

// product lowers t as magnitude and sign; with absorb, a negative sign is
// applied to the outermost-level part when t spans several levels (so the
// negation is hoisted out of the loop) and false is returned for it.
func (l *lowering) product(t Node, absorb bool) (Node, bool) {
	g := l.g
	d := g.nodes[t]
	if d.op == OpConst {
		if d.val < 0 {
			return g.Const(-d.val), true
		}
		return t, false
	}
	if d.op != OpMul {
		return l.lower(t), false
	}
	args := g.Args(t)
	coef := 1.0
	if c, ok := g.IsConst(args[0]); ok {
		coef = c
		args = args[1:]
	}
	neg := coef < 0
	if neg {
		coef = -coef
	}
	// Factors go by level, outermost first, so that the product of the
	// loop-invariant factors is a node of its own that the scheduler
	// hoists; within a level the denominators divide once.
	type factor struct {
		n   Node
		den bool
		lvl int
	}
	fs := make([]factor, 0, len(args)+1)
	if coef != 1 {
		fs = append(fs, factor{n: g.Const(coef)})
	}
	for _, a := range args {
		if g.nodes[a].op == OpPow {
			pa := g.Args(a)
			if e, ok := g.IsConst(pa[1]); ok && e < 0 {
				fs = append(fs, factor{n: l.power(pa[0], -e), den: true, lvl: g.Level(a)})
				continue
			}
		}
		fs = append(fs, factor{n: l.lower(a), lvl: g.Level(a)})
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].lvl < fs[j].lvl })
	var acc Node = -1
	for i := 0; i < len(fs); {
		j := i
		var num, den Node = -1, -1
		for ; j < len(fs) && fs[j].lvl == fs[i].lvl; j++ {
			if fs[j].den {
				den = l.mul(den, fs[j].n)
			} else {
				num = l.mul(num, fs[j].n)
			}
		}
		acc = l.mul(acc, num)
		if den >= 0 {
			if acc < 0 {
				acc = g.Const(1)
			}
			acc = g.raw(OpDiv, acc, den)
		}
		if absorb && neg && i == 0 && j < len(fs) {
			acc = g.raw(OpNeg, acc)
			neg = false
		}
		i = j
	}
	if acc < 0 {
		acc = g.Const(1)
	}
	return acc, neg
}

// mul returns acc*x, where acc < 0 stands for no factor yet (and x < 0 too).
func (l *lowering) mul(acc, x Node) Node {
	switch {
	case x < 0:
		return acc
	case acc < 0:
		return x
	}
	return l.g.raw(OpMul, acc, x)
}

// scheduler turns lowered nodes and effects into statements: each node
// once, at the outermost loop level where its operands are known; sums
// and effect loops of one level and range fuse when none needs another's
// result.
type scheduler struct {
	g     *Graph
	temp  []int32 // node -> temporary + 1; 0: not computed in scope
	ntemp int
	depth int
	// itemOf[n] is the item of node n in the block with id stamp[n].
	itemOf []int32
	stamp  []int32
	blocks int32
}

func (s *scheduler) tempOf(n Node) (int, bool) {
	t := s.temp[n]
	return int(t) - 1, t != 0
}

func (s *scheduler) newTemp() int {
	s.ntemp++
	return s.ntemp - 1
}

type item struct {
	node    Node // -1 for an effect
	eff     *effect
	key     int64
	users   []int
	pending int
	loop    bool
	lvl     int
	lo, hi  Affine
}

// extDeps returns the nodes of level < lvl that the loop body reached
// from roots uses, searching through nested sums.
func (s *scheduler) extDeps(lvl int, roots []Node) []Node {
	g := s.g
	var out []Node
	seen := map[Node]bool{}
	stack := append([]Node(nil), roots...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		if g.Level(n) < lvl {
			out = append(out, n)
			continue
		}
		stack = append(stack, g.Args(n)...)
	}
	sortNodes(out)
	return out
}

func effectVals(effs []*effect, out []Node) []Node {
	for _, e := range effs {
		if e.loop {
			out = effectVals(e.body, out)
		} else {
			out = append(out, e.val)
		}
	}
	return out
}

func loopKey(lvl int, lo, hi Affine) string { return fmt.Sprint(lvl, lo, hi) }

// block schedules the statements of one loop level (0: outside every
// loop): the roots, accumulated into accs when accs is not nil, and the
// effects.
func (s *scheduler) block(lvl int, roots []Node, accs []int, effs []*effect) []Stmt {
	g := s.g
	if lvl > s.depth {
		s.depth = lvl
	}
	var items []*item
	s.blocks++
	blockID := s.blocks
	var defined []Node
	var visit func(n Node) int
	visit = func(n Node) int {
		if s.temp[n] != 0 {
			return -1
		}
		if s.stamp[n] == blockID {
			return int(s.itemOf[n])
		}
		if g.Level(n) < lvl {
			panic(fmt.Sprintf("simplify: internal error: node %d of level %d needed at level %d before it is computed", n, g.Level(n), lvl))
		}
		it := &item{node: n, key: int64(n)}
		i := len(items)
		s.stamp[n], s.itemOf[n] = blockID, int32(i)
		items = append(items, it)
		var deps []Node
		if g.nodes[n].op == OpSum {
			it.loop = true
			it.lvl = int(g.nodes[n].aux)
			aff := g.Affines(n)
			it.lo, it.hi = aff[0], aff[1]
			deps = s.extDeps(it.lvl, g.Args(n))
		} else {
			deps = g.Args(n)
		}
		for _, d := range deps {
			if j := visit(d); j >= 0 {
				items[j].users = append(items[j].users, i)
				it.pending++
			}
		}
		return i
	}
	for _, r := range roots {
		visit(r)
	}
	for k, e := range effs {
		it := &item{node: -1, eff: e, key: int64(1)<<40 + int64(k)}
		var deps []Node
		if e.loop {
			it.loop, it.lvl, it.lo, it.hi = true, e.lvl, e.lo, e.hi
			deps = s.extDeps(e.lvl, effectVals(e.body, nil))
		} else {
			deps = []Node{e.val}
		}
		i := len(items)
		items = append(items, it)
		for _, d := range deps {
			if j := visit(d); j >= 0 {
				items[j].users = append(items[j].users, i)
				it.pending++
			}
		}
	}
	var out []Stmt
	done := 0
	var readyLoops []int
	ready := &itemHeap{items: items}
	for i, it := range items {
		if it.pending == 0 {
			if it.loop {
				readyLoops = append(readyLoops, i)
			} else {
				heap.Push(ready, i)
			}
		}
	}
	finish := func(i int) {
		done++
		for _, u := range items[i].users {
			items[u].pending--
			if items[u].pending == 0 {
				if items[u].loop {
					readyLoops = append(readyLoops, u)
				} else {
					heap.Push(ready, u)
				}
			}
		}
	}
	for done < len(items) {
		for ready.Len() > 0 {
			i := heap.Pop(ready).(int)
			it := items[i]
			if it.node >= 0 {
				out = append(out, s.emitNode(it.node))
				defined = append(defined, it.node)
			} else {
				leaf := it.eff.leaf
				t, _ := s.tempOf(it.eff.val)
				out = append(out, Stmt{Kind: SOut, In: int(g.nodes[leaf].aux), Index: g.Affines(leaf), Args: []int{t}})
			}
			finish(i)
		}
		if len(readyLoops) == 0 {
			if done < len(items) {
				panic("simplify: internal error: the schedule is stuck")
			}
			break
		}
		sort.Slice(readyLoops, func(a, b int) bool { return items[readyLoops[a]].key < items[readyLoops[b]].key })
		first := items[readyLoops[0]]
		key := loopKey(first.lvl, first.lo, first.hi)
		var group, rest []int
		for _, i := range readyLoops {
			if loopKey(items[i].lvl, items[i].lo, items[i].hi) == key {
				group = append(group, i)
			} else {
				rest = append(rest, i)
			}
		}
		readyLoops = rest
		var broots []Node
		var baccs []int
		var beffs []*effect
		for _, i := range group {
			it := items[i]
			if it.node >= 0 {
				acc := s.newTemp()
				out = append(out, Stmt{Kind: SConst, Dst: acc})
				broots = append(broots, g.Args(it.node)[0])
				baccs = append(baccs, acc)
			} else {
				beffs = append(beffs, it.eff.body...)
			}
		}
		body := s.block(first.lvl, broots, baccs, beffs)
		out = append(out, Stmt{Kind: SLoop, Loop: &Loop{Level: first.lvl, Lo: first.lo, Hi: first.hi, Body: body}})
		k := 0
		for _, i := range group {
			if items[i].node >= 0 {
				s.temp[items[i].node] = int32(baccs[k]) + 1
				defined = append(defined, items[i].node)
				k++
			}
			finish(i)
		}
	}
	for k, r := range roots {
		if accs != nil {
			t, _ := s.tempOf(r)
			out = append(out, Stmt{Kind: SAccum, Dst: accs[k], Args: []int{t}})
		}
	}
	if lvl > 0 {
		for _, n := range defined {
			s.temp[n] = 0
		}
	}
	return out
}

func (s *scheduler) emitNode(n Node) Stmt {
	g := s.g
	d := g.nodes[n]
	dst := s.newTemp()
	s.temp[n] = int32(dst) + 1
	switch d.op {
	case OpConst:
		return Stmt{Kind: SConst, Dst: dst, Value: d.val}
	case OpIn:
		return Stmt{Kind: SLoad, Dst: dst, In: int(d.aux), Index: g.Affines(n)}
	case OpSize:
		return Stmt{Kind: SAffine, Dst: dst, Index: []Affine{{Terms: []Term{{1, Sym{SymSize, int(d.aux)}}}}}}
	case OpIndex:
		return Stmt{Kind: SAffine, Dst: dst, Index: []Affine{{Terms: []Term{{1, Sym{SymIndex, int(d.aux)}}}}}}
	}
	args := g.Args(n)
	ts := make([]int, len(args))
	for i, a := range args {
		ts[i], _ = s.tempOf(a)
	}
	return Stmt{Kind: SOp, Dst: dst, Op: d.op, Args: ts}
}

// itemHeap orders ready items by key (node id: a topological order).
type itemHeap struct {
	items []*item
	is    []int
}

func (h *itemHeap) Len() int           { return len(h.is) }
func (h *itemHeap) Less(a, b int) bool { return h.items[h.is[a]].key < h.items[h.is[b]].key }
func (h *itemHeap) Swap(a, b int)      { h.is[a], h.is[b] = h.is[b], h.is[a] }
func (h *itemHeap) Push(x any)         { h.is = append(h.is, x.(int)) }
func (h *itemHeap) Pop() any {
	x := h.is[len(h.is)-1]
	h.is = h.is[:len(h.is)-1]
	return x
}

// Compile returns the program of the given kind (Value, Gradient, HessVec
// or Hessian), or an error instead of a panic when the graph grows past
// Graph.MaxNodes or on an internal error: the form for callers that must
// never crash on user input.
func Compile(f *Func, kind Kind) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p = nil
			if e, ok := r.(tooLarge); ok {
				err = fmt.Errorf("fn %s: %s", f.Name, e.what)
				return
			}
			err = fmt.Errorf("fn %s: internal error: %v (please report this input)", f.Name, r)
		}
	}()
	switch kind {
	case KindValue:
		return Value(f), nil
	case KindGradient:
		return Gradient(f), nil
	case KindHessVec:
		return HessVec(f), nil
	case KindHessian:
		return Hessian(f), nil
	}
	return nil, fmt.Errorf("fn %s: unknown program kind %d", f.Name, kind)
}
