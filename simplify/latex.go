package simplify

import (
	"strings"
)

// LaTeX printing: \frac for divisions, \cdot between factors, x^{2},
// \sin\left(x\right), \sqrt{x}, \left|x\right|, \sum_{i=lo}^{hi-1}, cases
// for if. It shares the structure of the text printer (print.go).

func (p *printer) latexProduct(num, den []string) string {
	n := strings.Join(num, " \\cdot ")
	if len(num) == 0 {
		n = "1"
	}
	if len(den) == 0 {
		return n
	}
	return "\\frac{" + n + "}{" + strings.Join(den, " \\cdot ") + "}"
}

var latexCmp = map[Op]string{OpLt: "<", OpLe: "\\le", OpGt: ">", OpGe: "\\ge", OpEq: "=", OpNe: "\\ne", OpAnd: "\\land", OpOr: "\\lor"}

func (p *printer) latexExpr(n Node) (string, int) {
	g := p.g
	d := &g.nodes[n]
	args := g.Args(n)
	switch d.op {
	case OpConst, OpSize, OpIndex, OpHole:
		p.latex = false
		s, sp := p.expr(n)
		p.latex = true
		return s, sp
	case OpIn:
		in := g.Inputs[d.aux]
		aff := g.Affines(n)
		if len(aff) == 0 {
			return latexName(in.Name), precAtom
		}
		parts := make([]string, len(aff))
		for i, a := range aff {
			parts[i] = p.affine(a)
		}
		return latexName(in.Name) + "_{" + strings.Join(parts, ",") + "}", precAtom
	case OpAdd:
		var b strings.Builder
		args = p.addOrder(args)
		for i, t := range args {
			mag, mp, neg := p.magnitude(t)
			switch {
			case i == 0 && neg:
				b.WriteString("-" + p.wrap(mag, mp, precMul))
			case i == 0:
				b.WriteString(mag)
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
		return p.wrap(l, lp, precMul) + " \\cdot " + p.wrap(r, rp, precMul+1), precMul
	case OpPow:
		if e, ok := g.IsConst(args[1]); ok && e < 0 {
			if e == -1 {
				return "\\frac{1}{" + p.str(args[0]) + "}", precAtom
			}
			return "\\frac{1}{" + p.power(args[0], -e) + "}", precAtom
		}
		b, bp := p.expr(args[0])
		e, _ := p.expr(args[1])
		return p.wrap(b, bp, precPow+1) + "^{" + e + "}", precPow
	case OpSqrt:
		return "\\sqrt{" + p.str(args[0]) + "}", precAtom
	case OpCbrt:
		return "\\sqrt[3]{" + p.str(args[0]) + "}", precAtom
	case OpAbs:
		return "\\left|" + p.str(args[0]) + "\\right|", precAtom
	case OpFloor:
		return "\\left\\lfloor " + p.str(args[0]) + "\\right\\rfloor", precAtom
	case OpCeil:
		return "\\left\\lceil " + p.str(args[0]) + "\\right\\rceil", precAtom
	case OpSum:
		aff := g.Affines(n)
		name := p.indexName(int(d.aux))
		hi := aff[1]
		hi.Const--
		body, bp := p.expr(args[0])
		return "\\sum_{" + name + "=" + p.affine(aff[0]) + "}^{" + p.affine(hi) + "} " + p.wrap(body, bp, precMul), precMul
	case OpIf:
		return "\\begin{cases} " + p.str(args[1]) + " & \\text{if } " + p.str(args[0]) +
			" \\\\ " + p.str(args[2]) + " & \\text{otherwise} \\end{cases}", precAtom
	case OpNot:
		s, sp := p.expr(args[0])
		return "\\lnot " + p.wrap(s, sp, precUnary), precUnary
	}
	info := &ops[d.op]
	if info.Infix {
		l, lp := p.expr(args[0])
		r, rp := p.expr(args[1])
		name := info.Name
		if s, ok := latexCmp[d.op]; ok {
			name = s
		}
		return p.wrap(l, lp, info.Prec+1) + " " + name + " " + p.wrap(r, rp, info.Prec+1), info.Prec
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = p.str(a)
	}
	fn := info.Latex
	if fn == "" {
		fn = "\\operatorname{" + info.Name + "}"
	}
	return fn + "\\left(" + strings.Join(parts, ", ") + "\\right)", precAtom
}

// latexName spells a name for LaTeX: a multi-letter name upright, an
// underscore escaped.
func latexName(s string) string {
	s = strings.ReplaceAll(s, "_", "\\_")
	if len([]rune(s)) > 1 {
		return "\\mathrm{" + s + "}"
	}
	return s
}
