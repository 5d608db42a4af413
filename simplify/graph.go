package simplify

import (
	"math"
	"math/bits"
	"slices"
)

// Node is a node of a Graph: an index into its arena. Nodes are interned:
// building the same operation on the same operands twice gives the same
// Node, so equal subexpressions are one node and a node's operands always
// have smaller ids (ids are a topological order).
type Node int32

// InputKind says what an input of a graph is.
type InputKind uint8

// The kinds of inputs.
const (
	InVar  InputKind = iota // a variable: differentiated, packed in x
	InData                  // a data parameter: read, never differentiated
	InDir                   // a direction of a Hessian-vector product, packed like x
)

// Input is a parameter of the function a graph computes.
type Input struct {
	Name  string
	Kind  InputKind
	Param int   // its place in the fn's Vars (InVar, InDir) or Data (InData)
	Dims  []Dim // empty for a scalar
}

// Dim is one dimension of an input: the size symbol Size (an index into
// Graph.Sizes), or a fixed size when Size < 0.
type Dim struct {
	Size  int
	Fixed int
}

// SymKind says what an affine term ranges over.
type SymKind uint8

// The kinds of affine symbols.
const (
	SymSize  SymKind = iota // a size symbol: Sizes[Num]
	SymIndex                // the index of the enclosing sum of level Num (1 = outermost)
)

// Sym is a symbol of an affine form.
type Sym struct {
	Kind SymKind
	Num  int
}

// Term is Coef*Sym.
type Term struct {
	Coef int
	Sym  Sym
}

// Affine is Const + Σ Terms, integer-valued: an index or a loop bound.
// Terms have distinct symbols, non-zero coefficients, sizes before
// indices, each kind in increasing Num.
type Affine struct {
	Const int
	Terms []Term
}

// Graph is an arena of interned nodes. The zero Graph is not usable: call
// NewGraph.
type Graph struct {
	Inputs []Input
	Sizes  []string

	nodes []node
	args  []Node  // operand arena
	ext   []int32 // affine arena: per affine Const, nterms, (coef, kind<<24|num)...
	// slots is an open-addressing hash table of node ids + 1 (0: empty),
	// its length a power of two, at most half full.
	slots []int32
	// MaxNodes caps the arena; constructors panic with errTooLarge past it
	// (Build turns that into an error).
	MaxNodes int
}

type node struct {
	op         Op
	aux        int32 // OpIn: input; OpSize: size; OpIndex, OpSum: level
	val        float64
	a0, an     int32 // operands: args[a0 : a0+an]
	e0, en     int32 // affines: ext[e0 : e0+en]
	mask       uint64
	hash       uint64
	complexity int32 // tree size, capped; used by the printer's let choice
}

// MaxLevel is the deepest nesting of sums a graph holds.
const MaxLevel = 62

type tooLarge struct{ what string }

// Error returns the message.
func (e tooLarge) Error() string { return e.what }

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{slots: make([]int32, 1024), MaxNodes: 20_000_000}
}

// Len returns the number of nodes in the arena.
func (g *Graph) Len() int { return len(g.nodes) }

// Op returns n's operation.
func (g *Graph) Op(n Node) Op { return g.nodes[n].op }

// Args returns n's operands. The slice must not be modified.
func (g *Graph) Args(n Node) []Node {
	d := &g.nodes[n]
	return g.args[d.a0 : d.a0+d.an : d.a0+d.an]
}

// Value returns the value of a constant node.
func (g *Graph) Value(n Node) float64 { return g.nodes[n].val }

// Aux returns the input number of an OpIn, the size number of an OpSize,
// the level of an OpIndex or OpSum.
func (g *Graph) Aux(n Node) int { return int(g.nodes[n].aux) }

// Level returns the innermost sum level n depends on: 0 when n depends on
// no sum index (it can be computed outside every loop).
func (g *Graph) Level(n Node) int { return 63 - bits.LeadingZeros64(g.nodes[n].mask|1) }

// Affines returns the affine indices of an OpIn, or the range (Lo, Hi) of
// an OpSum.
func (g *Graph) Affines(n Node) []Affine {
	d := &g.nodes[n]
	return decodeAffines(g.ext[d.e0 : d.e0+d.en])
}

// IsConst reports whether n is a constant, and its value.
func (g *Graph) IsConst(n Node) (float64, bool) {
	if g.nodes[n].op == OpConst {
		return g.nodes[n].val, true
	}
	return 0, false
}

func (g *Graph) isConstVal(n Node, v float64) bool {
	d := &g.nodes[n]
	return d.op == OpConst && d.val == v
}

func encodeAffines(dst []int32, as []Affine) []int32 {
	for _, a := range as {
		dst = append(dst, int32(a.Const), int32(len(a.Terms)))
		for _, t := range a.Terms {
			dst = append(dst, int32(t.Coef), int32(t.Sym.Kind)<<24|int32(t.Sym.Num))
		}
	}
	return dst
}

func decodeAffines(e []int32) []Affine {
	var out []Affine
	for len(e) > 0 {
		a := Affine{Const: int(e[0])}
		nt := int(e[1])
		e = e[2:]
		for k := 0; k < nt; k++ {
			a.Terms = append(a.Terms, Term{Coef: int(e[0]), Sym: Sym{Kind: SymKind(e[1] >> 24), Num: int(e[1] & 0xffffff)}})
			e = e[2:]
		}
		out = append(out, a)
	}
	return out
}

func affineMask(as []Affine) uint64 {
	var m uint64
	for _, a := range as {
		for _, t := range a.Terms {
			if t.Sym.Kind == SymIndex {
				m |= 1 << uint(t.Sym.Num)
			}
		}
	}
	return m
}

func mix(h, v uint64) uint64 {
	h ^= v
	h *= 0x100000001b3
	h ^= h >> 29
	return h
}

// intern returns the node (op, aux, val, args, ext), creating it when new.
// It applies no rewrite: the constructors in rules.go call it last.
func (g *Graph) intern(op Op, aux int32, val float64, args []Node, ext []int32) Node {
	h := uint64(0xcbf29ce484222325)
	h = mix(h, uint64(op)<<32|uint64(uint32(aux)))
	h = mix(h, math.Float64bits(val))
	for _, a := range args {
		h = mix(h, uint64(a))
	}
	h = mix(h, uint64(len(args)))
	for _, e := range ext {
		h = mix(h, uint64(uint32(e))+1)
	}
	h ^= h >> 33 // finalize (murmur3's fmix64): low bits index the table
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	slot := int(h) & (len(g.slots) - 1)
	for ; g.slots[slot] != 0; slot = (slot + 1) & (len(g.slots) - 1) {
		i := g.slots[slot] - 1
		d := &g.nodes[i]
		if d.hash != h || d.op != op || d.aux != aux || math.Float64bits(d.val) != math.Float64bits(val) ||
			int(d.an) != len(args) || int(d.en) != len(ext) {
			continue
		}
		same := true
		for k, a := range args {
			if g.args[int(d.a0)+k] != a {
				same = false
				break
			}
		}
		for k, e := range ext {
			if !same || g.ext[int(d.e0)+k] != e {
				same = false
				break
			}
		}
		if same {
			return Node(i)
		}
	}
	if len(g.nodes) >= g.MaxNodes {
		panic(tooLarge{"expression graph too large: more than " + itoa(g.MaxNodes) + " nodes; split the function"})
	}
	id := int32(len(g.nodes))
	d := node{op: op, aux: aux, val: val, a0: int32(len(g.args)), an: int32(len(args)),
		e0: int32(len(g.ext)), en: int32(len(ext)), hash: h, complexity: 1}
	g.args = append(g.args, args...)
	g.ext = append(g.ext, ext...)
	var m uint64
	cx := int64(1)
	for _, a := range args {
		m |= g.nodes[a].mask
		cx += int64(g.nodes[a].complexity)
	}
	if cx > 1<<30 {
		cx = 1 << 30
	}
	d.complexity = int32(cx)
	switch op {
	case OpIn:
		m |= affineMask(decodeAffines(ext))
	case OpIndex:
		m |= 1 << uint(aux)
	case OpSum:
		m &^= 1 << uint(aux)
		m |= affineMask(decodeAffines(ext))
	}
	d.mask = m
	g.nodes = append(g.nodes, d)
	g.slots[slot] = id + 1
	if 2*len(g.nodes) > len(g.slots) {
		g.rehash()
	}
	return Node(id)
}

// rehash doubles the hash table.
func (g *Graph) rehash() {
	slots := make([]int32, 2*len(g.slots))
	m := len(slots) - 1
	for i := range g.nodes {
		j := int(g.nodes[i].hash) & m
		for slots[j] != 0 {
			j = (j + 1) & m
		}
		slots[j] = int32(i) + 1
	}
	g.slots = slots
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [24]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// AddInput appends an input and returns its number.
func (g *Graph) AddInput(in Input) int {
	g.Inputs = append(g.Inputs, in)
	return len(g.Inputs) - 1
}

// In returns the leaf of input k: the scalar itself, or the element at idx.
func (g *Graph) In(k int, idx ...Affine) Node {
	return g.intern(OpIn, int32(k), 0, nil, encodeAffines(nil, idx))
}

// SizeNode returns size symbol k used as a number.
func (g *Graph) SizeNode(k int) Node { return g.intern(OpSize, int32(k), 0, nil, nil) }

// Index returns the index of the sum of the given level used as a number.
func (g *Graph) Index(level int) Node { return g.intern(OpIndex, int32(level), 0, nil, nil) }

// raw interns op over args without any rewrite.
func (g *Graph) raw(op Op, args ...Node) Node { return g.intern(op, 0, 0, args, nil) }

// walk calls f for every node reachable from roots (operands, and the
// bodies of sums), each once, operands before the node.
func (g *Graph) walk(roots []Node, f func(Node)) {
	seen := make(map[Node]bool)
	var stack []Node
	for _, r := range roots {
		if seen[r] {
			continue
		}
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			if seen[n] {
				stack = stack[:len(stack)-1]
				continue
			}
			pushed := false
			for _, a := range g.Args(n) {
				if !seen[a] {
					stack = append(stack, a)
					pushed = true
				}
			}
			if !pushed {
				seen[n] = true
				stack = stack[:len(stack)-1]
				f(n)
			}
		}
	}
}

// Count returns the number of distinct operation nodes reachable from
// roots (leaves and constants not counted).
func (g *Graph) Count(roots ...Node) int {
	c := 0
	g.walk(roots, func(n Node) {
		if g.Op(n) > OpHole {
			c++
		}
	})
	return c
}

func sortNodes(ns []Node) { slices.Sort(ns) }
