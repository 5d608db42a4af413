package codegen

import (
	"strconv"

	"github.com/gradc/gradc/simplify"
)

// Strength reduction of powers in loops. Watson's function sums
// t^j * x[j] over j: computed as written, every iteration calls math.Pow.
// Where a loop over i computes base^(i+c), base is computed before the
// loop, the loop starts at a constant and the first exponent is a whole
// number >= 0, the emitter keeps the power as a running product, the way
// a person writes it by hand:
//
//	p := math.Pow(base, lo+c) // or 1.0
//	for i := lo; i < hi; i++ {
//		... p ...
//		p *= base
//	}
//
// The product rounds once per iteration (relative error about n·2⁻⁵³
// after n iterations, where math.Pow rounds once).

// powRed is a power the emitter writes as a running product.
type powRed struct {
	base int     // the temporary of the base, computed before the loop
	off  float64 // the exponent is the loop index plus off
	name string  // the running product's name, once declared
}

// findPowers marks the powers of every loop body that reduce.
func (g *bodyGen) findPowers() {
	g.reduced = map[*simplify.Stmt]*powRed{}
	defs := map[int]*simplify.Stmt{}
	var collect func(ss []simplify.Stmt)
	collect = func(ss []simplify.Stmt) {
		for i := range ss {
			s := &ss[i]
			switch s.Kind {
			case simplify.SConst, simplify.SLoad, simplify.SAffine, simplify.SOp:
				defs[s.Dst] = s
			case simplify.SLoop:
				collect(s.Loop.Body)
			}
		}
	}
	collect(g.p.Body)
	var visit func(ss []simplify.Stmt)
	visit = func(ss []simplify.Stmt) {
		for i := range ss {
			s := &ss[i]
			if s.Kind != simplify.SLoop {
				continue
			}
			inside := map[int]bool{}
			var in func(ss []simplify.Stmt)
			in = func(ss []simplify.Stmt) {
				for k := range ss {
					if ss[k].Kind == simplify.SLoop {
						in(ss[k].Loop.Body)
					} else if ss[k].Kind != simplify.SAccum && ss[k].Kind != simplify.SOut {
						inside[ss[k].Dst] = true
					}
				}
			}
			in(s.Loop.Body)
			lo := s.Loop.Lo
			for j := range s.Loop.Body {
				b := &s.Loop.Body[j]
				if b.Kind != simplify.SOp || b.Op != simplify.OpPow || inside[b.Args[0]] || len(lo.Terms) != 0 {
					continue
				}
				off, ok := indexPlus(defs, b.Args[1], s.Loop.Level)
				if e0 := float64(lo.Const) + off; ok && e0 >= 0 && e0 == float64(int(e0)) {
					g.reduced[b] = &powRed{base: b.Args[0], off: off}
				}
			}
			visit(s.Loop.Body)
		}
	}
	visit(g.p.Body)
}

// indexPlus reports whether temporary t is the index of the loop of the
// given level plus a constant, and the constant.
func indexPlus(defs map[int]*simplify.Stmt, t, level int) (float64, bool) {
	d := defs[t]
	if d == nil {
		return 0, false
	}
	var constOf func(t int) (float64, bool)
	constOf = func(t int) (float64, bool) {
		c := defs[t]
		switch {
		case c == nil:
		case c.Kind == simplify.SConst:
			return c.Value, true
		case c.Kind == simplify.SOp && c.Op == simplify.OpNeg:
			if v, ok := constOf(c.Args[0]); ok {
				return -v, true
			}
		}
		return 0, false
	}
	switch d.Kind {
	case simplify.SAffine:
		a := d.Index[0]
		if len(a.Terms) == 1 && a.Terms[0].Coef == 1 && a.Terms[0].Sym == (simplify.Sym{Kind: simplify.SymIndex, Num: level}) {
			return float64(a.Const), true
		}
	case simplify.SOp:
		if d.Op != simplify.OpAdd && d.Op != simplify.OpSub {
			break
		}
		x, y := d.Args[0], d.Args[1]
		if c, ok := constOf(y); ok {
			if off, ok := indexPlus(defs, x, level); ok {
				if d.Op == simplify.OpSub {
					return off - c, true
				}
				return off + c, true
			}
		}
		if c, ok := constOf(x); ok && d.Op == simplify.OpAdd {
			if off, ok := indexPlus(defs, y, level); ok {
				return off + c, true
			}
		}
	}
	return 0, false
}

// startPowers declares the running products of a loop's body before the
// loop.
func (g *bodyGen) startPowers(l *simplify.Loop) []*powRed {
	var rs []*powRed
	for j := range l.Body {
		b := &l.Body[j]
		r := g.reduced[b]
		if r == nil || !g.live[b.Dst] {
			continue
		}
		r.name = g.newTemp(b.Dst)
		base := g.num(r.base)
		switch e0 := float64(l.Lo.Const) + r.off; e0 {
		case 0:
			g.line("%s := 1.0", r.name)
		case 1:
			g.line("%s := %s", r.name, typed(base))
		default:
			g.line("%s := math.Pow(%s, %s)", r.name, base.s, strconv.FormatFloat(e0, 'g', -1, 64))
		}
		rs = append(rs, r)
	}
	return rs
}

// Matrix rows. In a loop over the columns j of a data matrix X at a row r
// that the loop does not change, the emitter slices the row once before
// the loop, to its length:
//
//	Xi := X[i][:d]
//	for j := 0; j < d; j++ {
//		... Xi[j] ...
//	}
//
// so that the compiler knows len(Xi) and drops the bounds checks.

func rowKey(in int, row string) string { return strconv.Itoa(in) + ":" + row }

// sliceRows declares the rows of the loop's direct loads and returns
// their keys.
func (g *bodyGen) sliceRows(l *simplify.Loop) []string {
	var keys []string
	for j := range l.Body {
		s := &l.Body[j]
		if s.Kind != simplify.SLoad || !g.live[s.Dst] {
			continue
		}
		in := g.inputs[s.In]
		if !in.matrix || uses(s.Index[0], l.Level) || !uses(s.Index[1], l.Level) {
			continue
		}
		r := g.affine(s.Index[0]).String()
		key := rowKey(s.In, r)
		if _, ok := g.rows[key]; ok {
			continue
		}
		base := in.slice + "row"
		if isIdent(in.slice + r) {
			base = in.slice + r // Xi: row i of X
		}
		name := g.nm.fresh(base)
		g.line("%s := %s[%s][:%s]", name, in.slice, r, in.dims[1].String())
		if g.rows == nil {
			g.rows = map[string]string{}
		}
		g.rows[key] = name
		keys = append(keys, key)
	}
	return keys
}

// uses reports whether a depends on the index of the loop of level.
func uses(a simplify.Affine, level int) bool {
	for _, t := range a.Terms {
		if t.Sym == (simplify.Sym{Kind: simplify.SymIndex, Num: level}) {
			return true
		}
	}
	return false
}

// Carried outputs. Rosenbrock's gradient loop adds into grad[i] and
// grad[i+1]: written as is, every iteration loads the element the one
// before stored, a chain through memory that costs more than the
// arithmetic. Where a loop's body adds into out[i+c] and out[i+c+1] of one
// variable (and nothing else in the loop writes it), the emitter carries
// the second addition in a register to the next iteration:
//
//	var carry float64
//	for i := lo; i < hi; i++ {
//		grad[i+c] += carry + a
//		carry = b
//	}
//	if hi > lo {
//		grad[hi+c] += carry
//	}

// carry is one carried output of a loop.
type carry struct {
	in    int // the variable input written
	c     int // the lower offset
	name  string
	added bool    // the carry has been added into out[i+c] this iteration
	next  []gexpr // the additions into out[i+c+1], summed at the end of the body
}

// carryRef ties an SOut statement to its carry.
type carryRef struct {
	cr   *carry
	next bool // the statement adds into out[i+c+1]
}

// findCarries returns the carried outputs of a loop, and marks their
// statements in g.carried.
func (g *bodyGen) findCarries(l *simplify.Loop) []*carry {
	offs := map[int]map[int]bool{} // input → offsets written
	bad := map[int]bool{}
	for j := range l.Body {
		s := &l.Body[j]
		switch s.Kind {
		case simplify.SOut:
			c, ok := offsetOf(s.Index, l.Level)
			if !ok {
				bad[s.In] = true
				continue
			}
			if offs[s.In] == nil {
				offs[s.In] = map[int]bool{}
			}
			offs[s.In][c] = true
		case simplify.SLoop:
			var mark func(ss []simplify.Stmt)
			mark = func(ss []simplify.Stmt) {
				for k := range ss {
					if ss[k].Kind == simplify.SOut {
						bad[ss[k].In] = true
					} else if ss[k].Kind == simplify.SLoop {
						mark(ss[k].Loop.Body)
					}
				}
			}
			mark(s.Loop.Body)
		}
	}
	var out []*carry
	for j := range l.Body {
		s := &l.Body[j]
		if s.Kind != simplify.SOut || bad[s.In] || len(offs[s.In]) != 2 {
			continue
		}
		c, _ := offsetOf(s.Index, l.Level)
		lo := c
		if !offs[s.In][c+1] {
			lo = c - 1
		}
		if !offs[s.In][lo] || !offs[s.In][lo+1] {
			continue
		}
		var cr *carry
		for _, x := range out {
			if x.in == s.In {
				cr = x
			}
		}
		if cr == nil {
			cr = &carry{in: s.In, c: lo}
			out = append(out, cr)
		}
		if g.carried == nil {
			g.carried = map[*simplify.Stmt]carryRef{}
		}
		g.carried[s] = carryRef{cr: cr, next: c == lo+1}
	}
	return out
}

// offsetOf returns c where index is the single affine form i+c of the
// loop index of level.
func offsetOf(index []simplify.Affine, level int) (int, bool) {
	if len(index) != 1 {
		return 0, false
	}
	a := index[0]
	if len(a.Terms) != 1 || a.Terms[0].Coef != 1 || a.Terms[0].Sym != (simplify.Sym{Kind: simplify.SymIndex, Num: level}) {
		return 0, false
	}
	return a.Const, true
}

// carryOut writes an SOut that belongs to a carry.
func (g *bodyGen) carryOut(s *simplify.Stmt, ref carryRef) {
	e := g.num(s.Args[0])
	if ref.next {
		ref.cr.next = append(ref.cr.next, e)
		return
	}
	if !ref.cr.added {
		ref.cr.added = true
		c := gexpr{s: ref.cr.name, prec: precPrimary}
		if e.neg != nil {
			e = binary("-", precAdd, c, *e.neg)
		} else {
			e = binary("+", precAdd, c, e)
		}
	}
	g.line("%s[%s] %s", g.out, g.flat(g.inputs[s.In], s.Index).String(), addTo(e))
}

// endCarries writes, at the end of a loop body, the carries for the next
// iteration.
func (g *bodyGen) endCarries(crs []*carry) {
	for _, cr := range crs {
		sum := cr.next[0]
		for _, e := range cr.next[1:] {
			sum = binary("+", precAdd, sum, e)
		}
		g.line("%s = %s", cr.name, sum.s)
	}
}

// flushCarries writes, after a loop, the last iteration's carries.
func (g *bodyGen) flushCarries(l *simplify.Loop, crs []*carry) {
	for _, cr := range crs {
		last := l.Hi
		last.Const += cr.c
		g.line("if %s > %s {", g.affine(l.Hi).String(), g.affine(l.Lo).String())
		g.line("\t%s[%s] += %s", g.out, g.flat(g.inputs[cr.in], []simplify.Affine{last}).String(), cr.name)
		g.line("}")
	}
}
