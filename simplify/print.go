package simplify

import (
	"math"
	"strconv"
	"strings"
)

// Printing follows GENERATED.md: the fewest parentheses that keep the
// meaning, * always written, ^ for powers, numbers as
// strconv.FormatFloat(v, 'g', -1, 64). A product prints its constant
// first, negative powers as a division (x*y^-2 prints x/y^2), a product by
// a negative constant with a leading minus (-1*x prints -x), and a sum its
// negative terms as subtractions. Printed text parses back as .expr to the
// same value.

// FormatNumber formats v as the printer does. Infinities and NaN, which
// constant folding never creates, print as expressions that evaluate to
// them.
func FormatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "(0/0)"
	case math.IsInf(v, 1):
		return "(1/0)"
	case math.IsInf(v, -1):
		return "(-1/0)"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Let is one shared subexpression printed before the results.
type Let struct {
	Name string
	Expr string
}

// Printed is the text of some nodes: let lines, then one expression per
// root.
type Printed struct {
	Lets  []Let
	Exprs []string
}

// String prints n without let lines.
func (g *Graph) String(n Node) string {
	p := g.newPrinter([]Node{n}, false, false)
	return p.str(n)
}

// LetThreshold is the tree size of the results above which shared
// subexpressions print as let lines.
const LetThreshold = 60

// Print prints roots; when their total tree size exceeds LetThreshold,
// each operation shared by two or more uses (outside every sum) prints
// once, as a let line, and is referred to by its name.
func (g *Graph) Print(roots ...Node) Printed {
	return g.print(roots, false)
}

// PrintLatex is Print in LaTeX.
func (g *Graph) PrintLatex(roots ...Node) Printed {
	return g.print(roots, true)
}

func (g *Graph) print(roots []Node, latex bool) Printed {
	total := 0
	for _, r := range roots {
		total += int(g.nodes[r].complexity)
	}
	p := g.newPrinter(roots, total > LetThreshold, latex)
	var out Printed
	for _, n := range p.letOrder {
		name := p.letName[n]
		delete(p.letName, n)
		s := p.str(n)
		p.letName[n] = name
		out.Lets = append(out.Lets, Let{name, s})
	}
	for _, r := range roots {
		if name, ok := p.letName[r]; ok {
			delete(p.letName, r)
			out.Exprs = append(out.Exprs, p.str(r))
			p.letName[r] = name
			continue
		}
		out.Exprs = append(out.Exprs, p.str(r))
	}
	return out
}

type printer struct {
	g        *Graph
	latex    bool
	letName  map[Node]string
	letOrder []Node
	idxNames map[int]string
	used     map[string]bool
}

func (g *Graph) newPrinter(roots []Node, lets, latex bool) *printer {
	p := &printer{g: g, latex: latex, letName: map[Node]string{}, idxNames: map[int]string{}, used: map[string]bool{}}
	for _, in := range g.Inputs {
		p.used[in.Name] = true
	}
	for _, s := range g.Sizes {
		p.used[s] = true
	}
	if !lets {
		return p
	}
	uses := map[Node]int{}
	for _, r := range roots {
		uses[r]++
	}
	g.walk(roots, func(n Node) {
		for _, a := range g.Args(n) {
			uses[a]++
		}
	})
	var shared []Node
	for n, u := range uses {
		d := &g.nodes[n]
		if u >= 2 && d.op > OpHole && d.mask == 0 && d.complexity >= 4 && !ops[d.op].Cond {
			shared = append(shared, n)
		}
	}
	sortNodes(shared)
	k := 0
	for _, n := range shared {
		var name string
		for {
			k++
			name = "t" + strconv.Itoa(k)
			if !p.used[name] {
				break
			}
		}
		p.letName[n] = name
		p.letOrder = append(p.letOrder, n)
	}
	return p
}

func (p *printer) str(n Node) string {
	s, _ := p.expr(n)
	return s
}

func (p *printer) indexName(level int) string {
	if s, ok := p.idxNames[level]; ok {
		return s
	}
	cands := []string{"i", "j", "k", "l", "p", "q"}
	name := ""
	if level-1 < len(cands) && !p.used[cands[level-1]] {
		name = cands[level-1]
	} else {
		for k := level; ; k++ {
			name = "i" + strconv.Itoa(k)
			if !p.used[name] {
				break
			}
		}
	}
	p.idxNames[level] = name
	return name
}

func (p *printer) affine(a Affine) string {
	var b strings.Builder
	for _, t := range a.Terms {
		var name string
		if t.Sym.Kind == SymSize {
			name = p.g.Sizes[t.Sym.Num]
		} else {
			name = p.indexName(t.Sym.Num)
		}
		c := t.Coef
		switch {
		case b.Len() == 0 && c < 0:
			b.WriteString("-")
			c = -c
		case b.Len() > 0 && c < 0:
			b.WriteString(" - ")
			c = -c
		case b.Len() > 0:
			b.WriteString(" + ")
		}
		if c != 1 {
			b.WriteString(strconv.Itoa(c))
			if p.latex {
				b.WriteString(" ")
			} else {
				b.WriteString("*")
			}
		}
		b.WriteString(name)
	}
	switch {
	case b.Len() == 0:
		return strconv.Itoa(a.Const)
	case a.Const > 0:
		b.WriteString(" + " + strconv.Itoa(a.Const))
	case a.Const < 0:
		b.WriteString(" - " + strconv.Itoa(-a.Const))
	}
	if p.latex {
		return b.String()
	}
	return strings.ReplaceAll(b.String(), " ", "")
}

func (p *printer) wrap(s string, prec, min int) string {
	if prec < min {
		if p.latex {
			return "\\left(" + s + "\\right)"
		}
		return "(" + s + ")"
	}
	return s
}

// expr returns n's text and its precedence.
func (p *printer) expr(n Node) (string, int) {
	if name, ok := p.letName[n]; ok {
		return name, precAtom
	}
	if p.latex {
		return p.latexExpr(n)
	}
	g := p.g
	d := &g.nodes[n]
	args := g.Args(n)
	switch d.op {
	case OpConst:
		s := FormatNumber(d.val)
		if d.val < 0 || (d.val == 0 && math.Signbit(d.val)) {
			return s, precUnary
		}
		return s, precAtom
	case OpIn:
		in := g.Inputs[d.aux]
		aff := g.Affines(n)
		if len(aff) == 0 {
			return in.Name, precAtom
		}
		parts := make([]string, len(aff))
		for i, a := range aff {
			parts[i] = p.affine(a)
		}
		return in.Name + "[" + strings.Join(parts, ", ") + "]", precAtom
	case OpSize:
		return g.Sizes[d.aux], precAtom
	case OpIndex:
		return p.indexName(int(d.aux)), precAtom
	case OpHole:
		return "_", precAtom
	case OpAdd:
		var b strings.Builder
		args = p.addOrder(args)
		for i, t := range args {
			mag, mp, neg := p.magnitude(t)
			switch {
			case i == 0 && neg:
				b.WriteString("-" + p.wrap(mag, mp, precMul))
			case i == 0:
				b.WriteString(p.wrap(mag, mp, precAdd))
			case neg:
				b.WriteString(" - " + p.wrap(mag, mp, precAdd+1))
			default:
				b.WriteString(" + " + p.wrap(mag, mp, precAdd+1))
			}
		}
		return b.String(), precAdd
	case OpMul:
		mag, mp, neg := p.magnitude(n)
		if neg {
			return "-" + p.wrap(mag, mp, precMul), min(precUnary, mp)
		}
		return mag, mp
	case OpProd:
		l, lp := p.expr(args[0])
		r, rp := p.expr(args[1])
		return p.wrap(l, lp, precMul) + "*" + p.wrap(r, rp, precMul+1), precMul
	case OpPow:
		if e, ok := g.IsConst(args[1]); ok && e < 0 {
			return "1/" + p.power(args[0], -e), precMul
		}
		b, bp := p.expr(args[0])
		e, ep := p.expr(args[1])
		return p.wrap(b, bp, precPow+1) + "^" + p.wrap(e, ep, precUnary), precPow
	case OpSum:
		aff := g.Affines(n)
		name := p.indexName(int(d.aux))
		return "sum(" + name + " in " + p.affine(aff[0]) + ".." + p.affine(aff[1]) + ", " + p.str(args[0]) + ")", precAtom
	case OpNot:
		s, sp := p.expr(args[0])
		return "!" + p.wrap(s, sp, precUnary), precUnary
	}
	info := &ops[d.op]
	if info.Infix {
		l, lp := p.expr(args[0])
		r, rp := p.expr(args[1])
		lmin, rmin := info.Prec, info.Prec+1
		if info.Cond && info.Prec == precCmp {
			lmin = precCmp + 1
		}
		return p.wrap(l, lp, lmin) + " " + info.Name + " " + p.wrap(r, rp, rmin), info.Prec
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = p.str(a)
	}
	return info.Name + "(" + strings.Join(parts, ", ") + ")", precAtom
}

// power prints b^e for e > 0.
func (p *printer) power(b Node, e float64) string {
	s, sp := p.expr(b)
	if e == 1 {
		return p.wrap(s, sp, precMul+1)
	}
	es := FormatNumber(e)
	if p.latex {
		return p.wrap(s, sp, precPow+1) + "^{" + es + "}"
	}
	return p.wrap(s, sp, precPow+1) + "^" + es
}

// magnitude prints |t| for a term t of a sum (or a product), and whether
// t is negative.
func (p *printer) magnitude(t Node) (string, int, bool) {
	g := p.g
	d := &g.nodes[t]
	if _, ok := p.letName[t]; ok {
		return p.letName[t], precAtom, false
	}
	if d.op == OpConst {
		if d.val < 0 {
			return FormatNumber(-d.val), precAtom, true
		}
		s, sp := p.expr(t)
		return s, sp, false
	}
	if d.op != OpMul {
		s, sp := p.expr(t)
		return s, sp, false
	}
	args := g.Args(t)
	coef := 1.0
	if c, ok := g.IsConst(args[0]); ok {
		coef, args = c, args[1:]
	}
	neg := coef < 0
	coef = math.Abs(coef)
	if coef == 1 && len(args) == 1 && !p.isDen(args[0]) {
		s, sp := p.expr(args[0])
		return s, sp, neg
	}
	var num, den []string
	if coef != 1 {
		num = append(num, FormatNumber(coef))
	}
	var dens []Node
	var denExps []float64
	for _, a := range args {
		if g.nodes[a].op == OpPow {
			pa := g.Args(a)
			if e, _ := g.IsConst(pa[1]); p.isDen(a) {
				dens = append(dens, pa[0])
				denExps = append(denExps, -e)
				continue
			}
		}
		s, sp := p.expr(a)
		if len(num) == 0 {
			num = append(num, p.wrap(s, sp, precMul))
		} else {
			num = append(num, p.wrap(s, sp, precMul+1))
		}
	}
	for i, b := range dens {
		if p.latex && len(dens) == 1 && denExps[i] == 1 {
			den = append(den, p.str(b)) // a \frac needs no parentheses
			continue
		}
		den = append(den, p.power(b, denExps[i]))
	}
	if p.latex {
		return p.latexProduct(num, den), precMul, neg
	}
	s := strings.Join(num, "*")
	if len(num) == 0 {
		s = "1"
	}
	switch {
	case len(den) == 1:
		s += "/" + den[0]
	case len(den) > 1:
		s += "/(" + strings.Join(den, "*") + ")"
	}
	return s, precMul, neg
}

// isDen reports whether the factor a prints in a denominator.
func (p *printer) isDen(a Node) bool {
	g := p.g
	if g.nodes[a].op != OpPow {
		return false
	}
	if _, isLet := p.letName[a]; isLet {
		return false
	}
	e, ok := g.IsConst(g.Args(a)[1])
	return ok && e < 0
}

// addOrder returns the terms of a sum in printing order: a positive term
// first where there is one (y - x rather than -x + y), a constant last
// (x + 1), unless every other term is negative (1 - x).
func (p *printer) addOrder(args []Node) []Node {
	g := p.g
	out := make([]Node, 0, len(args))
	var konst []Node
	for _, a := range args {
		if g.nodes[a].op == OpConst {
			konst = append(konst, a)
			continue
		}
		out = append(out, a)
	}
	neg := func(n Node) bool { _, _, ng := p.magnitude(n); return ng }
	if len(out) > 0 && neg(out[0]) {
		for i, a := range out {
			if !neg(a) {
				copy(out[1:i+1], out[:i])
				out[0] = a
				break
			}
		}
	}
	if len(konst) == 0 {
		return out
	}
	if len(out) > 0 && neg(out[0]) && g.nodes[konst[0]].val > 0 {
		return append(konst, out...)
	}
	return append(out, konst...)
}
