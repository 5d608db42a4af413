package simplify

import (
	"fmt"
	"strconv"
	"strings"
)

// String disassembles p, one statement a line, loop bodies indented:
//
//	t0 = 2           const
//	t1 = x[i1+1]     load
//	t2 = float(n-1)  affine
//	t3 = t1 * t0     op (binary ops infix, functions called)
//	t4 += t3         accum
//	for i1 in 0..n-1 {
//	out x[i1] += t3  out
func (p *Program) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d temps, depth %d, %d ops\n", p.Name, p.Kind, p.Temps, p.Depth, p.Ops())
	for k, in := range p.Inputs {
		kind := [...]string{"var", "data", "dir"}[in.Kind]
		dims := make([]string, len(in.Dims))
		for i, d := range in.Dims {
			if d.Size >= 0 {
				dims[i] = p.Sizes[d.Size]
			} else {
				dims[i] = strconv.Itoa(d.Fixed)
			}
		}
		sh := ""
		if len(dims) > 0 {
			sh = "[" + strings.Join(dims, ", ") + "]"
		}
		fmt.Fprintf(&b, "input %d: %s %s%s\n", k, kind, in.Name, sh)
	}
	p.stmts(&b, p.Body, "")
	fmt.Fprintf(&b, "result t%d\n", p.Result)
	return b.String()
}

// AffineString prints a in the program's names (loop indices i1, i2...).
func (p *Program) AffineString(a Affine) string {
	var b strings.Builder
	for _, t := range a.Terms {
		name := "i" + strconv.Itoa(t.Sym.Num)
		if t.Sym.Kind == SymSize {
			name = p.Sizes[t.Sym.Num]
		}
		switch {
		case t.Coef == 1 && b.Len() > 0:
			b.WriteString("+")
		case t.Coef == -1:
			b.WriteString("-")
		case t.Coef != 1:
			if t.Coef > 0 && b.Len() > 0 {
				b.WriteString("+")
			}
			b.WriteString(strconv.Itoa(t.Coef) + "*")
		}
		b.WriteString(name)
	}
	switch {
	case b.Len() == 0:
		return strconv.Itoa(a.Const)
	case a.Const > 0:
		b.WriteString("+" + strconv.Itoa(a.Const))
	case a.Const < 0:
		b.WriteString(strconv.Itoa(a.Const))
	}
	return b.String()
}

func (p *Program) elem(in int, idx []Affine) string {
	s := p.Inputs[in].Name
	if len(idx) == 0 {
		return s
	}
	parts := make([]string, len(idx))
	for i, a := range idx {
		parts[i] = p.AffineString(a)
	}
	return s + "[" + strings.Join(parts, ", ") + "]"
}

func (p *Program) stmts(b *strings.Builder, ss []Stmt, indent string) {
	for i := range ss {
		s := &ss[i]
		switch s.Kind {
		case SConst:
			fmt.Fprintf(b, "%st%d = %s\n", indent, s.Dst, FormatNumber(s.Value))
		case SLoad:
			fmt.Fprintf(b, "%st%d = %s\n", indent, s.Dst, p.elem(s.In, s.Index))
		case SAffine:
			fmt.Fprintf(b, "%st%d = float(%s)\n", indent, s.Dst, p.AffineString(s.Index[0]))
		case SOp:
			info := s.Op.Info()
			args := make([]string, len(s.Args))
			for k, a := range s.Args {
				args[k] = "t" + strconv.Itoa(a)
			}
			switch {
			case info.Infix && len(args) == 2:
				fmt.Fprintf(b, "%st%d = %s %s %s\n", indent, s.Dst, args[0], info.Name, args[1])
			case s.Op == OpNeg || s.Op == OpNot:
				fmt.Fprintf(b, "%st%d = %s%s\n", indent, s.Dst, info.Name, args[0])
			default:
				fmt.Fprintf(b, "%st%d = %s(%s)\n", indent, s.Dst, info.Name, strings.Join(args, ", "))
			}
		case SAccum:
			fmt.Fprintf(b, "%st%d += t%d\n", indent, s.Dst, s.Args[0])
		case SLoop:
			l := s.Loop
			fmt.Fprintf(b, "%sfor i%d in %s..%s {\n", indent, l.Level, p.AffineString(l.Lo), p.AffineString(l.Hi))
			p.stmts(b, l.Body, indent+"\t")
			fmt.Fprintf(b, "%s}\n", indent)
		case SOut:
			fmt.Fprintf(b, "%sout %s += t%d\n", indent, p.elem(s.In, s.Index), s.Args[0])
		}
	}
}
