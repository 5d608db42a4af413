// Package dot draws gradc's computational graphs as Graphviz DOT: the
// picture of a fn that a lecture on automatic differentiation draws, made
// from the scheduled program of package simplify, so that it shows exactly
// what the tape and the generated Go compute.
//
// Each value is one node, drawn once however many operations use it (the
// expression graph is hash-consed, and a program computes each shared node
// once): inputs and array elements as boxes, constants as plain text,
// operations as ellipses labelled by their operation ("+", "*", "sin",
// "neg" for a negation),
// edges from operands to the operations that use them, numbered where the
// order of operands matters ("-", "/", "^"). A sum is a loop: its body is a
// cluster labelled with its index and range, nested for nested sums, and
// its accumulator is a node Σ outside the loop that the body's value flows
// into. The result is a double octagon.
//
// With the gradient (Func with grad true, the program of
// simplify.Gradient), the adjoint nodes are drawn too, filled in a second
// color: those whose value the result does not use. Each part of the
// gradient is a sink node ∂/∂x[i], fed in the loop that writes it. Nodes of
// the value are filled blue, adjoints red; inputs and constants stay white.
package dot

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gradc/gradc/simplify"
)

// Func writes the DOT of f: of its value program, or with grad of its
// gradient program (value and adjoints). It returns an error where
// simplify.Compile does (a graph past its limit) or where w fails.
func Func(w io.Writer, f *simplify.Func, grad bool) error {
	kind := simplify.KindValue
	if grad {
		kind = simplify.KindGradient
	}
	p, err := simplify.Compile(f, kind)
	if err != nil {
		return err
	}
	return Program(w, p)
}

// node is one drawn value.
type node struct {
	id     int
	label  string
	shape  string
	leaf   bool // an input, a constant or an affine value: never colored
	result bool
}

// edge goes from operand node from to the node to that uses it.
type edge struct {
	from, to int
	label    string
}

// drawing collects nodes, edges and clusters while the program is walked.
type drawing struct {
	p     *simplify.Program
	nodes []*node
	edges []edge
	cur   map[int]int    // temporary -> the node holding its current value
	sinks map[string]int // gradient part -> its sink node
	b     strings.Builder
	depth int
}

func (d *drawing) add(n *node) int {
	n.id = len(d.nodes)
	d.nodes = append(d.nodes, n)
	if d.depth > 0 {
		d.line("n%d;", n.id) // placed in the cluster being written
	}
	return n.id
}

func (d *drawing) line(format string, args ...any) {
	d.b.WriteString(strings.Repeat("  ", d.depth+1))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

// Program writes the DOT of a program of any kind; a Hessian program is
// drawn as its Hessian-vector product, the direction as inputs.
func Program(w io.Writer, p *simplify.Program) error {
	d := &drawing{p: p, cur: map[int]int{}, sinks: map[string]int{}}
	d.stmts(p.Body)
	res, ok := d.cur[p.Result]
	if !ok {
		return fmt.Errorf("dot: program %s has no result t%d", p.Name, p.Result)
	}
	out := d.add(&node{label: p.Name, shape: "doubleoctagon", result: true})
	d.edges = append(d.edges, edge{from: res, to: out})

	primal := d.primal(out)
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", quote(p.Name+" "+p.Kind.String()))
	b.WriteString("  rankdir=LR;\n  graph [fontname=\"Helvetica\"];\n  node [fontname=\"Helvetica\", style=filled, fillcolor=white];\n  edge [arrowsize=0.7, fontname=\"Helvetica\"];\n")
	for _, n := range d.nodes {
		fill := "white"
		switch {
		case n.result:
			fill = "gold"
		case n.leaf:
		case primal[n.id]:
			fill = "lightblue"
		default:
			fill = "mistyrose"
		}
		fmt.Fprintf(&b, "  n%d [label=%s, shape=%s, fillcolor=%s];\n", n.id, quote(n.label), n.shape, fill)
	}
	b.WriteString(d.b.String())
	for _, e := range d.edges {
		if e.label != "" {
			fmt.Fprintf(&b, "  n%d -> n%d [label=%s];\n", e.from, e.to, quote(e.label))
		} else {
			fmt.Fprintf(&b, "  n%d -> n%d;\n", e.from, e.to)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// primal returns the nodes the result depends on.
func (d *drawing) primal(result int) map[int]bool {
	in := map[int][]int{}
	for _, e := range d.edges {
		in[e.to] = append(in[e.to], e.from)
	}
	seen := map[int]bool{}
	stack := []int{result}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, in[n]...)
	}
	return seen
}

// operand returns the node of temporary t, or a placeholder for a
// temporary read before it is written (which a valid program never does).
func (d *drawing) operand(t int) int {
	if n, ok := d.cur[t]; ok {
		return n
	}
	n := d.add(&node{label: "t" + strconv.Itoa(t) + "?", shape: "box", leaf: true})
	d.cur[t] = n
	return n
}

func (d *drawing) stmts(body []simplify.Stmt) {
	p := d.p
	for _, s := range body {
		switch s.Kind {
		case simplify.SConst:
			d.cur[s.Dst] = d.add(&node{label: simplify.FormatNumber(s.Value), shape: "plaintext", leaf: true})
		case simplify.SLoad:
			d.cur[s.Dst] = d.add(&node{label: d.element(s.In, s.Index), shape: "box", leaf: true})
		case simplify.SAffine:
			label := "?"
			if len(s.Index) > 0 {
				label = p.AffineString(s.Index[0])
			}
			d.cur[s.Dst] = d.add(&node{label: label, shape: "box", leaf: true})
		case simplify.SOp:
			info := s.Op.Info()
			label := info.Name
			if s.Op == simplify.OpNeg {
				label = "neg" // not to be read as a subtraction
			}
			n := d.add(&node{label: label, shape: "ellipse"})
			numbered := !info.Commutative && len(s.Args) > 1 && s.Op != simplify.OpProd
			for k, a := range s.Args {
				e := edge{from: d.operand(a), to: n}
				if numbered {
					e.label = strconv.Itoa(k + 1)
				}
				d.edges = append(d.edges, e)
			}
			d.cur[s.Dst] = n
		case simplify.SAccum:
			acc := d.operand(s.Dst)
			an := d.nodes[acc]
			an.label, an.shape, an.leaf = "Σ", "ellipse", false
			d.edges = append(d.edges, edge{from: d.operand(s.Args[0]), to: acc})
		case simplify.SOut:
			key := fmt.Sprintf("%d %s %d", s.In, d.element(s.In, s.Index), d.depth)
			sink, ok := d.sinks[key]
			if !ok {
				sink = d.add(&node{label: "∂/∂" + d.element(s.In, s.Index), shape: "box"})
				d.sinks[key] = sink
			}
			d.edges = append(d.edges, edge{from: d.operand(s.Args[0]), to: sink})
		case simplify.SLoop:
			l := s.Loop
			d.line("subgraph cluster_%d {", len(d.nodes))
			d.depth++
			d.line("label=%s; style=rounded; color=gray40;", quote(fmt.Sprintf("sum over i%d in %s..%s", l.Level, p.AffineString(l.Lo), p.AffineString(l.Hi))))
			d.stmts(l.Body)
			d.depth--
			d.line("}")
		}
	}
}

// element writes input k at the given indices: "x", "x[i1+1]".
func (d *drawing) element(k int, index []simplify.Affine) string {
	name := "?"
	if k >= 0 && k < len(d.p.Inputs) {
		name = d.p.Inputs[k].Name
	}
	if len(index) == 0 {
		return name
	}
	parts := make([]string, len(index))
	for i, a := range index {
		parts[i] = d.p.AffineString(a)
	}
	return name + "[" + strings.Join(parts, ", ") + "]"
}

// quote writes s as a DOT string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
