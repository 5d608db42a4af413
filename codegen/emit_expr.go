package codegen

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file holds the small pieces the Go emitter builds statements from:
// Go expressions with their precedence (gexpr), integer index arithmetic
// (lin), and float literals.

// Go's binary precedences, and two more levels for unary operators and
// primary expressions.
const (
	precOrOr = 1 + iota
	precAndAnd
	precCmp
	precAdd
	precMul
	precUnary
	precPrimary
)

// gexpr is a Go expression: its text, its precedence (the loosest operator
// at its top), whether it is a bool, and, for a constant, its value.
type gexpr struct {
	s      string
	prec   int
	isBool bool
	konst  bool
	val    float64
	cost   int // operations in it: inlining stops where an expression grows long
	// neg is the operand of a negation -(neg), so that a + -b can be
	// written a - b and out += -b as out -= b.
	neg *gexpr
}

// atom reports whether e is a name or a literal: safe to repeat.
func (e gexpr) atom() bool { return e.cost == 0 }

func constExpr(v float64) gexpr {
	s, prec := floatLit(v)
	return gexpr{s: s, prec: prec, konst: true, val: v}
}

// floatLit returns the Go spelling of v as an untyped constant, or as a
// call of the math package for the values constants cannot hold exactly
// (infinities, NaN, negative zero).
func floatLit(v float64) (string, int) {
	switch {
	case math.IsInf(v, 1):
		return "math.Inf(1)", precPrimary
	case math.IsInf(v, -1):
		return "math.Inf(-1)", precPrimary
	case math.IsNaN(v):
		return "math.NaN()", precPrimary
	case v == 0 && math.Signbit(v):
		return "math.Copysign(0, -1)", precPrimary
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if v < 0 {
		return s, precUnary
	}
	return s, precPrimary
}

// paren returns e's text, in parentheses when its precedence is below min.
func paren(e gexpr, min int) string {
	if e.prec < min {
		return "(" + e.s + ")"
	}
	return e.s
}

// binary returns a op b for a Go binary operator of precedence prec. The
// right operand is parenthesized at equal precedence too: floating-point
// arithmetic is not associative, and the parentheses keep the order the
// program computes in.
func binary(op string, prec int, a, b gexpr) gexpr {
	return gexpr{s: paren(a, prec) + " " + op + " " + paren(b, prec+1), prec: prec, cost: a.cost + b.cost + 1}
}

// lin is an integer linear combination over named atoms ("i", "n",
// "n*m") plus a constant: an index or a length in the generated code.
type lin struct {
	c     int
	atoms []string
	coefs []int
}

func (l *lin) add(atom string, coef int) {
	if coef == 0 {
		return
	}
	for k, a := range l.atoms {
		if a == atom {
			l.coefs[k] += coef
			return
		}
	}
	l.atoms = append(l.atoms, atom)
	l.coefs = append(l.coefs, coef)
}

func (l *lin) addLin(m lin, coef int) {
	l.c += coef * m.c
	for k, a := range m.atoms {
		l.add(a, coef*m.coefs[k])
	}
}

// mulAtom returns l times the atom (a name), for row-major offsets.
func (l lin) mulAtom(atom string) lin {
	var out lin
	if l.c != 0 {
		out.add(atom, l.c)
	}
	for k, a := range l.atoms {
		out.add(mulAtoms(a, atom), l.coefs[k])
	}
	return out
}

// mulAtoms returns the product of two atoms, its factors in sorted order
// so that equal products are equal strings.
func mulAtoms(a, b string) string {
	fs := append(strings.Split(a, "*"), strings.Split(b, "*")...)
	sort.Strings(fs)
	return strings.Join(fs, "*")
}

func (l lin) isConst() bool {
	for _, c := range l.coefs {
		if c != 0 {
			return false
		}
	}
	return true
}

// String renders l as Go: "i+1", "n-1", "2*i+d", "0".
func (l lin) String() string {
	var b strings.Builder
	for k, a := range l.atoms {
		c := l.coefs[k]
		switch {
		case c == 0:
			continue
		case c == 1:
			if b.Len() > 0 {
				b.WriteByte('+')
			}
		case c == -1:
			b.WriteByte('-')
		case c < 0:
			b.WriteString(strconv.Itoa(c) + "*")
		default:
			if b.Len() > 0 {
				b.WriteByte('+')
			}
			b.WriteString(strconv.Itoa(c) + "*")
		}
		b.WriteString(a)
	}
	switch {
	case b.Len() == 0:
		return strconv.Itoa(l.c)
	case l.c > 0:
		b.WriteString("+" + strconv.Itoa(l.c))
	case l.c < 0:
		b.WriteString(strconv.Itoa(l.c))
	}
	return b.String()
}

// simple reports whether l renders without an operator.
func (l lin) simple() bool {
	n := 0
	for _, c := range l.coefs {
		if c != 0 {
			if c != 1 {
				return false
			}
			n++
		}
	}
	return n == 0 || (n == 1 && l.c == 0)
}
