package simplify

import (
	"math"
	"slices"
	"sort"
)

// The constructors of this file are the only way to build operation nodes:
// each applies its rewrite rules, then interns. Rules are rows of tables.
//
// Add and Mul normalize their operand list with a pipeline of steps (each
// step a row, applied in order). Every other op has a list of guarded
// rules, tried in order: the first that matches wins, and its result is
// the node (built through the constructors again, so it is normal too).
//
// Constant folding computes in float64 exactly as the generated code would,
// and is skipped when the result would be NaN or ±Inf from operands that
// are not (so no NaN appears where the source had none, and every constant
// prints as a number that parses back).
//
// Rules that assume finite operands (document of what the simplifier
// changes for Inf and NaN inputs): x*0 → 0, x-x → 0 (and every
// cancellation of like terms), x/x → 1 (and every cancellation of powers,
// x^a*x^b → x^(a+b), which assumes x ≠ 0 when a+b cancels a pole), x+0 → x
// (treats -0 as 0), if(c,a,0)*x → if(c,a*x,0) in the gradient, and
// (x^a)^b → x^(a*b) only for integer a and b (exact for every x).

// Rule describes one rewrite for documentation and tests.
type Rule struct {
	Op      Op
	Pattern string // "(Mul (Const 1) x) => x"
	Finite  bool   // true when the rule assumes finite operands
}

type step struct {
	Rule
	apply func(g *Graph, args []Node) []Node
}

type rule struct {
	Rule
	apply func(g *Graph, args []Node) (Node, bool)
}

// Rules lists every rewrite of the constructors, for tests and docs.
func Rules() []Rule {
	var out []Rule
	for _, s := range addSteps {
		out = append(out, s.Rule)
	}
	for _, s := range mulSteps {
		out = append(out, s.Rule)
	}
	for op := Op(0); op < numOps; op++ {
		for _, r := range opRules[op] {
			out = append(out, r.Rule)
		}
	}
	for _, r := range funcRules {
		out = append(out, r.Rule)
	}
	for _, r := range sumRules {
		out = append(out, r.Rule)
	}
	return out
}

// foldOK reports whether v may replace an operation on operands in: v is
// not NaN and not infinite unless an operand was.
func foldOK(v float64, in ...float64) bool {
	if !math.IsNaN(v) && !math.IsInf(v, 0) {
		return true
	}
	for _, x := range in {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return !math.IsNaN(v) || math.IsNaN(x)
		}
	}
	return false
}

// Const returns the constant v.
func (g *Graph) Const(v float64) Node { return g.intern(OpConst, 0, v, nil, nil) }

// sortCanon orders operands of a commutative op: the constant first, then
// by node id.
func (g *Graph) sortCanon(args []Node) {
	if len(args) == 2 {
		if g.canonLess(args[1], args[0]) {
			args[0], args[1] = args[1], args[0]
		}
		return
	}
	slices.SortFunc(args, func(a, b Node) int {
		switch {
		case g.canonLess(a, b):
			return -1
		case g.canonLess(b, a):
			return 1
		}
		return 0
	})
}

func (g *Graph) canonLess(a, b Node) bool {
	ca, cb := g.nodes[a].op == OpConst, g.nodes[b].op == OpConst
	if ca != cb {
		return ca
	}
	return a < b
}

// Add returns the sum of xs.
func (g *Graph) Add(xs ...Node) Node {
	args := append([]Node(nil), xs...)
	for _, s := range addSteps {
		args = s.apply(g, args)
	}
	switch len(args) {
	case 0:
		return g.Const(0) // (Add) => 0
	case 1:
		return args[0] // (Add x) => x
	}
	g.sortCanon(args)
	return g.intern(OpAdd, 0, 0, args, nil)
}

var addSteps []step

func init() {
	addSteps = []step{
		{Rule{OpAdd, "(Add (Add a b) c) => (Add a b c)", false}, func(g *Graph, args []Node) []Node {
			return g.flatten(OpAdd, args)
		}},
		{Rule{OpAdd, "(Add (Const a) (Const b) x) => (Add (Const a+b) x)", false}, func(g *Graph, args []Node) []Node {
			return g.foldConsts(args, 0, func(a, b float64) float64 { return a + b })
		}},
		{Rule{OpAdd, "(Add (Mul c x) (Mul d x)) => (Mul c+d x), x + x => 2*x, x - x => 0", true}, collectTerms},
		{Rule{OpAdd, "(Add (If c a 0) (If c b 0)) => (If c (Add a b) 0)", false}, mergeIfs},
		{Rule{OpAdd, "(Add x (Const 0)) => x", true}, func(g *Graph, args []Node) []Node {
			out := args[:0]
			for _, a := range args {
				if !g.isConstVal(a, 0) {
					out = append(out, a)
				}
			}
			return out
		}},
	}
}

// Mul returns the product of xs.
func (g *Graph) Mul(xs ...Node) Node {
	args := append([]Node(nil), xs...)
	for _, s := range mulSteps {
		args = s.apply(g, args)
		if len(args) == 1 && g.nodes[args[0]].op == OpConst {
			break
		}
	}
	switch len(args) {
	case 0:
		return g.Const(1) // (Mul) => 1
	case 1:
		return args[0] // (Mul x) => x
	}
	g.sortCanon(args)
	return g.intern(OpMul, 0, 0, args, nil)
}

var mulSteps []step

func init() {
	mulSteps = []step{
		{Rule{OpMul, "(Mul (Mul a b) c) => (Mul a b c)", false}, func(g *Graph, args []Node) []Node {
			return g.flatten(OpMul, args)
		}},
		{Rule{OpMul, "(Mul (Const a) (Const b) x) => (Mul (Const a*b) x)", false}, func(g *Graph, args []Node) []Node {
			return g.foldConsts(args, 1, func(a, b float64) float64 { return a * b })
		}},
		{Rule{OpMul, "(Mul (Const 0) x) => 0", true}, func(g *Graph, args []Node) []Node {
			for _, a := range args {
				if g.isConstVal(a, 0) && len(args) > 1 {
					return []Node{g.Const(0)}
				}
			}
			return args
		}},
		{Rule{OpMul, "(Mul (Pow x a) (Pow x b)) => (Pow x a+b), x*x => x^2, x/x => 1", true}, collectPowers},
		{Rule{OpMul, "(Mul (Const 1) x) => x", false}, func(g *Graph, args []Node) []Node {
			out := args[:0]
			for _, a := range args {
				if !g.isConstVal(a, 1) {
					out = append(out, a)
				}
			}
			return out
		}},
	}
}

func (g *Graph) flatten(op Op, args []Node) []Node {
	flat := false
	for _, a := range args {
		if g.nodes[a].op == op {
			flat = true
			break
		}
	}
	if !flat {
		return args
	}
	out := make([]Node, 0, len(args)+4)
	for _, a := range args {
		if g.nodes[a].op == op {
			out = append(out, g.Args(a)...)
		} else {
			out = append(out, a)
		}
	}
	return out
}

// foldConsts combines the constants of args into one, placed first, unless
// the result is not foldOK; then the constants stay as they are.
func (g *Graph) foldConsts(args []Node, unit float64, f func(a, b float64) float64) []Node {
	n := 0
	for _, a := range args {
		if g.nodes[a].op == OpConst {
			n++
		}
	}
	if n < 2 {
		return args
	}
	acc := unit
	var in []float64
	for _, a := range args {
		if d := &g.nodes[a]; d.op == OpConst {
			acc = f(acc, d.val)
			in = append(in, d.val)
		}
	}
	if !foldOK(acc, in...) {
		return args
	}
	out := []Node{g.Const(acc)}
	for _, a := range args {
		if g.nodes[a].op != OpConst {
			out = append(out, a)
		}
	}
	return out
}

// split returns a term as coefficient × base factors.
func (g *Graph) split(t Node) (float64, []Node) {
	d := &g.nodes[t]
	if d.op == OpMul {
		as := g.Args(t)
		if c, ok := g.IsConst(as[0]); ok {
			return c, as[1:]
		}
		return 1, as
	}
	return 1, []Node{t}
}

func hashNodes(ns []Node) uint64 {
	h := uint64(0xcbf29ce484222325)
	for _, n := range ns {
		h = mix(h, uint64(n))
	}
	return h
}

func sameNodes(a, b []Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func collectTerms(g *Graph, args []Node) []Node {
	if len(args) < 2 {
		return args
	}
	type group struct {
		coef  float64
		base  []Node
		first Node
		n     int
	}
	var groups []*group
	byHash := make(map[uint64][]*group, len(args))
	merged := false
	for _, a := range args {
		if g.nodes[a].op == OpConst {
			groups = append(groups, &group{first: a, n: 1, coef: math.NaN()})
			continue
		}
		c, base := g.split(a)
		h := hashNodes(base)
		var gr *group
		for _, x := range byHash[h] {
			if sameNodes(x.base, base) {
				gr = x
				break
			}
		}
		if gr == nil {
			gr = &group{coef: c, base: base, first: a, n: 1}
			byHash[h] = append(byHash[h], gr)
			groups = append(groups, gr)
			continue
		}
		gr.coef += c
		gr.n++
		merged = true
	}
	if !merged {
		return args
	}
	out := make([]Node, 0, len(groups))
	for _, gr := range groups {
		switch {
		case gr.n == 1:
			out = append(out, gr.first)
		case gr.coef == 0:
			// cancelled
		default:
			out = append(out, g.Mul(append([]Node{g.Const(gr.coef)}, gr.base...)...))
		}
	}
	return out
}

func mergeIfs(g *Graph, args []Node) []Node {
	type key struct {
		c    Node
		then bool
	}
	idx := map[key][]int{}
	n := 0
	for i, a := range args {
		if g.nodes[a].op != OpIf {
			continue
		}
		as := g.Args(a)
		switch {
		case g.isConstVal(as[2], 0):
			idx[key{as[0], true}] = append(idx[key{as[0], true}], i)
			n++
		case g.isConstVal(as[1], 0):
			idx[key{as[0], false}] = append(idx[key{as[0], false}], i)
			n++
		}
	}
	if n < 2 {
		return args
	}
	drop := map[int]bool{}
	var extra []Node
	keys := make([]key, 0, len(idx))
	for k, is := range idx {
		if len(is) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		return idx[keys[i]][0] < idx[keys[j]][0]
	})
	for _, k := range keys {
		var terms []Node
		for _, i := range idx[k] {
			drop[i] = true
			as := g.Args(args[i])
			if k.then {
				terms = append(terms, as[1])
			} else {
				terms = append(terms, as[2])
			}
		}
		s := g.Add(terms...)
		if k.then {
			extra = append(extra, g.If(k.c, s, g.Const(0)))
		} else {
			extra = append(extra, g.If(k.c, g.Const(0), s))
		}
	}
	if len(extra) == 0 {
		return args
	}
	out := make([]Node, 0, len(args))
	for i, a := range args {
		if !drop[i] {
			out = append(out, a)
		}
	}
	return append(out, extra...)
}

func collectPowers(g *Graph, args []Node) []Node {
	if len(args) < 2 {
		return args
	}
	type group struct {
		base  Node
		exps  []Node
		first Node
	}
	var groups []*group
	by := make(map[Node]*group, len(args))
	merged := false
	for _, a := range args {
		d := &g.nodes[a]
		if d.op == OpConst {
			groups = append(groups, &group{base: -1, first: a})
			continue
		}
		base, exp := a, g.Const(1)
		if d.op == OpPow {
			as := g.Args(a)
			base, exp = as[0], as[1]
		}
		if gr, ok := by[base]; ok {
			gr.exps = append(gr.exps, exp)
			merged = true
			continue
		}
		gr := &group{base: base, exps: []Node{exp}, first: a}
		by[base] = gr
		groups = append(groups, gr)
	}
	if !merged {
		return args
	}
	out := make([]Node, 0, len(groups))
	for _, gr := range groups {
		if len(gr.exps) <= 1 {
			out = append(out, gr.first)
			continue
		}
		p := g.Pow(gr.base, g.Add(gr.exps...))
		if g.nodes[p].op == OpMul {
			out = append(out, g.Args(p)...)
		} else {
			out = append(out, p)
		}
	}
	return g.foldConsts(out, 1, func(a, b float64) float64 { return a * b })
}

// Neg returns -x, as (Mul -1 x).
func (g *Graph) Neg(x Node) Node { return g.Mul(g.Const(-1), x) }

// Sub returns a - b, as (Add a (Mul -1 b)).
func (g *Graph) Sub(a, b Node) Node { return g.Add(a, g.Neg(b)) }

// Div returns a / b, as (Mul a (Pow b -1)); a product b divides factor by
// factor, (Div a (Mul y z)) => (Mul a (Pow y -1) (Pow z -1)), so that
// factors cancel (x/(y*x^2) is 1/(x*y)). This is the one rewrite that may
// add a node per factor of b.
func (g *Graph) Div(a, b Node) Node {
	if g.nodes[b].op != OpMul {
		return g.Mul(a, g.Pow(b, g.Const(-1)))
	}
	bs := g.Args(b)
	fs := make([]Node, 0, len(bs)+1)
	fs = append(fs, a)
	for _, f := range bs {
		fs = append(fs, g.Pow(f, g.Const(-1)))
	}
	return g.Mul(fs...)
}

// Pow returns x^y.
func (g *Graph) Pow(x, y Node) Node { return g.apply(OpPow, x, y) }

// Prod returns the binary product a*b that Mul never flattens. The
// differentiators use it for prefix and suffix products, so that the
// partials of an n-ary product cost O(n), not O(n²).
func (g *Graph) Prod(a, b Node) Node {
	if g.isConstVal(a, 1) {
		return b // (Prod (Const 1) x) => x
	}
	if g.isConstVal(b, 1) {
		return a // (Prod x (Const 1)) => x
	}
	if g.isConstVal(a, 0) || g.isConstVal(b, 0) {
		return g.Const(0) // (Prod (Const 0) x) => 0, assumes finite x
	}
	for k, x := range [2]Node{a, b} {
		// (Prod (Mul (Const c) x...) y) => (Mul (Const c) (Prod (Mul x...) y))
		if g.nodes[x].op != OpMul {
			continue
		}
		xs := g.Args(x)
		c, ok := g.IsConst(xs[0])
		if !ok {
			continue
		}
		rest := g.Mul(xs[1:]...)
		if k == 0 {
			return g.Mul(g.Const(c), g.Prod(rest, b))
		}
		return g.Mul(g.Const(c), g.Prod(a, rest))
	}
	return g.raw(OpProd, a, b)
}

// Call returns the builtin op applied to args.
func (g *Graph) Call(op Op, args ...Node) Node { return g.apply(op, args...) }

// If returns if(c, a, b).
func (g *Graph) If(c, a, b Node) Node { return g.apply(OpIf, c, a, b) }

// Cmp returns the condition a op b (op one of OpLt..OpNe), or And, Or.
func (g *Graph) Cmp(op Op, a, b Node) Node { return g.apply(op, a, b) }

// Not returns the condition !c.
func (g *Graph) Not(c Node) Node { return g.apply(OpNot, c) }

// apply runs op's rules (or the generic folding of functions) and interns.
func (g *Graph) apply(op Op, args ...Node) Node {
	for _, r := range opRules[op] {
		if n, ok := r.apply(g, args); ok {
			return n
		}
	}
	if op >= OpSin && op <= OpNot || op == OpPow {
		for _, r := range funcRules {
			if n, ok := r.apply(g, append([]Node{Node(op)}, args...)); ok {
				return n
			}
		}
	}
	as := append([]Node(nil), args...)
	if ops[op].Commutative && len(as) == 2 && as[1] < as[0] {
		as[0], as[1] = as[1], as[0]
	}
	return g.intern(op, 0, 0, as, nil)
}

func isInt(v float64) bool { return v == math.Trunc(v) && math.Abs(v) < 1<<53 }

// funcRules apply to every builtin and condition; their first operand is
// the op itself.
var funcRules []rule

func init() {
	funcRules = []rule{
		{Rule{OpInvalid, "(F (Const a) ...) => (Const F(a, ...)) when F(a) is a number", false}, func(g *Graph, a []Node) (Node, bool) {
			op := Op(a[0])
			vals := make([]float64, len(a)-1)
			for i, x := range a[1:] {
				v, ok := g.IsConst(x)
				if !ok {
					return 0, false
				}
				vals[i] = v
			}
			v := ops[op].Eval(vals)
			if !foldOK(v, vals...) {
				return 0, false
			}
			return g.Const(v), true
		}},
	}
}

var opRules [numOps][]rule

func init() {
	opRules = [numOps][]rule{
		OpPow: {
			{Rule{OpPow, "(Pow x (Const 1)) => x", false}, func(g *Graph, a []Node) (Node, bool) {
				return a[0], g.isConstVal(a[1], 1)
			}},
			{Rule{OpPow, "(Pow x (Const 0)) => 1", false}, func(g *Graph, a []Node) (Node, bool) {
				return g.Const(1), g.isConstVal(a[1], 0)
			}},
			{Rule{OpPow, "(Pow (Const 1) y) => 1", false}, func(g *Graph, a []Node) (Node, bool) {
				return g.Const(1), g.isConstVal(a[0], 1)
			}},
			{Rule{OpPow, "(Pow (Pow x (Const a)) (Const b)) => (Pow x (Const a*b)) for integers a, b", false}, func(g *Graph, a []Node) (Node, bool) {
				b, ok := g.IsConst(a[1])
				if !ok || !isInt(b) || g.nodes[a[0]].op != OpPow {
					return 0, false
				}
				in := g.Args(a[0])
				e, ok := g.IsConst(in[1])
				if !ok || !isInt(e) || !isInt(e*b) {
					return 0, false
				}
				return g.Pow(in[0], g.Const(e*b)), true
			}},
		},
		OpAbs: {
			{Rule{OpAbs, "(Abs (Abs x)) => (Abs x)", false}, func(g *Graph, a []Node) (Node, bool) {
				return a[0], g.nodes[a[0]].op == OpAbs
			}},
			{Rule{OpAbs, "(Abs (Mul -1 x)) => (Abs x)", false}, func(g *Graph, a []Node) (Node, bool) {
				if g.nodes[a[0]].op == OpMul {
					as := g.Args(a[0])
					if len(as) == 2 && g.isConstVal(as[0], -1) {
						return g.Call(OpAbs, as[1]), true
					}
				}
				return 0, false
			}},
		},
		OpSign: {
			{Rule{OpSign, "(Sign (Sign x)) => (Sign x)", false}, func(g *Graph, a []Node) (Node, bool) {
				return a[0], g.nodes[a[0]].op == OpSign
			}},
		},
		OpIf: {
			{Rule{OpIf, "(If (Const c) a b) => a or b", false}, func(g *Graph, a []Node) (Node, bool) {
				if c, ok := g.IsConst(a[0]); ok {
					if c != 0 {
						return a[1], true
					}
					return a[2], true
				}
				return 0, false
			}},
			{Rule{OpIf, "(If c a a) => a", false}, func(g *Graph, a []Node) (Node, bool) {
				return a[1], a[1] == a[2]
			}},
			{Rule{OpIf, "(If (Not c) a b) => (If c b a)", false}, func(g *Graph, a []Node) (Node, bool) {
				if g.nodes[a[0]].op == OpNot {
					return g.If(g.Args(a[0])[0], a[2], a[1]), true
				}
				return 0, false
			}},
		},
		OpNot: {
			{Rule{OpNot, "(Not (Not c)) => c", false}, func(g *Graph, a []Node) (Node, bool) {
				if g.nodes[a[0]].op == OpNot {
					return g.Args(a[0])[0], true
				}
				return 0, false
			}},
		},
		OpAnd: {
			{Rule{OpAnd, "(And (Const 1) c) => c, (And (Const 0) c) => 0", false}, func(g *Graph, a []Node) (Node, bool) {
				for k := 0; k < 2; k++ {
					if c, ok := g.IsConst(a[k]); ok {
						if c == 0 {
							return g.Const(0), true
						}
						return a[1-k], true
					}
				}
				return 0, false
			}},
		},
		OpOr: {
			{Rule{OpOr, "(Or (Const 0) c) => c, (Or (Const 1) c) => 1", false}, func(g *Graph, a []Node) (Node, bool) {
				for k := 0; k < 2; k++ {
					if c, ok := g.IsConst(a[k]); ok {
						if c != 0 {
							return g.Const(1), true
						}
						return a[1-k], true
					}
				}
				return 0, false
			}},
		},
	}
}

// Sum returns sum over the index of the given level in lo..hi of body.
func (g *Graph) Sum(level int, lo, hi Affine, body Node) Node {
	for _, r := range sumRules {
		if n, ok := r.apply(g, level, lo, hi, body); ok {
			return n
		}
	}
	return g.intern(OpSum, int32(level), 0, []Node{body}, encodeAffines(nil, []Affine{lo, hi}))
}

type sumRule struct {
	Rule
	apply func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool)
}

var sumRules []sumRule

func init() {
	sumRules = []sumRule{
		{Rule{OpSum, "(Sum i (Const 0)) => 0", false}, func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool) {
			return g.Const(0), g.isConstVal(body, 0)
		}},
		{Rule{OpSum, "(Sum i lo..hi x) => 0 when hi <= lo are constants", false}, func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool) {
			return g.Const(0), len(lo.Terms) == 0 && len(hi.Terms) == 0 && hi.Const <= lo.Const
		}},
		{Rule{OpSum, "(Sum i lo..hi x) => (hi-lo)*x when x does not use i and lo, hi are constants", true}, func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool) {
			if len(lo.Terms) != 0 || len(hi.Terms) != 0 || g.nodes[body].mask&(1<<uint(level)) != 0 {
				return 0, false
			}
			return g.Mul(g.Const(float64(hi.Const-lo.Const)), body), true
		}},
		{Rule{OpSum, "(Sum i lo..hi i) => (hi-lo)*(lo+hi-1)/2 when lo, hi are constants", false}, func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool) {
			if len(lo.Terms) != 0 || len(hi.Terms) != 0 || body != g.Index(level) {
				return 0, false
			}
			a, b := lo.Const, hi.Const
			return g.Const(float64((b - a) * (a + b - 1) / 2)), true
		}},
		{Rule{OpSum, "(Sum i (Mul x y)) => (Mul x (Sum i y)) when x does not use i", true}, func(g *Graph, level int, lo, hi Affine, body Node) (Node, bool) {
			if g.nodes[body].op != OpMul {
				return 0, false
			}
			var inv, vary []Node
			for _, a := range g.Args(body) {
				if g.nodes[a].mask&(1<<uint(level)) != 0 {
					vary = append(vary, a)
				} else {
					inv = append(inv, a)
				}
			}
			if len(inv) == 0 || len(vary) == 0 {
				return 0, false
			}
			return g.Mul(append(inv, g.Sum(level, lo, hi, g.Mul(vary...)))...), true
		}},
	}
}
