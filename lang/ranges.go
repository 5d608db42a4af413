package lang

import (
	"fmt"
	"strings"

	"github.com/gradc/gradc/ast"
)

// This file infers the ranges of sums and checks indices against the
// bounds of their arrays.
//
// Inference. The range of sum(i, body) comes from the index expressions of
// body in which i is the innermost sum index that appears (per dimension:
// in A[i, j] inside sum(i, sum(j, ...)), the first dimension constrains i
// and the second j). Each such index c*i + r on a dimension of size D must
// satisfy 0 <= c*i + r <= D-1, which bounds i on both sides (with exact
// floor and ceiling division when |c| > 1; a bound such as (n-2)/2, whose
// sizes do not divide by c, is not affine, and inference fails with a
// message that asks for an explicit range). The range is the intersection:
// the largest lower bound and the smallest upper bound. Two bounds that
// differ by a constant, or whose order can be proved from the enclosing
// ranges and sizes >= 1, keep the tighter; otherwise inference fails and
// asks for an explicit range. Sums are inferred outermost first, since a
// bound may mention an enclosing index.
//
// Bounds. The largest value of an index over its enclosing sums comes from
// substituting each sum index, innermost first, by the end of its range
// that maximizes (hi-1 for a positive coefficient, lo for a negative one);
// the smallest likewise. What is left is affine in the fn's sizes, each at
// least 1 (fixed sizes are numbers). When 0 <= min and max <= D-1 hold for
// every size, the index is safe; when one fails for every size at which
// the loops run, it is an error; otherwise it becomes a BoundCheck for the
// generated code. With one size symbol the proof is exact (the guards, that
// the enclosing ranges are not empty, bound the size); with several it
// takes each size >= 1 on its own and ignores the guards.
//
// An outer index only takes the values at which the inner ranges around
// the index are not empty (see liveRange), where that narrowing differs
// from its range by a constant. The extremes are exact then; otherwise
// they are conservative: in sum(i in 0..n+1, sum(j in i..m-1, A[j+1, i]))
// on A[n, m], the check n+1 <= m also fails at sizes where i = n never
// reaches the inner sum. TestBoundsSound measures how rare that is.

// sumState is what the checker knows of one sum.
type sumState struct {
	sum      *ast.Sum
	obj      *SumIndex
	parent   *sumState // the innermost enclosing sum, or nil
	explicit bool
	rng      *Range    // nil until inferred, or when it cannot be
	failed   bool      // an error left it without a range
	shadowed bool      // its name shadows, or is shadowed by, another: an error
	inner    *indexRec // an index where it appears, but not innermost

	guardsDone bool     // guardList and runs are known
	guardList  []Affine // see guards
	runs       bool
}

// indexRec is one index of an array, with its place among the sums.
type indexRec struct {
	node  *ast.Index
	param *Param
	aff   []Affine
	in    *sumState // the innermost enclosing sum, or nil
}

// text is the index as "x[i+1]" or "A[k, j]".
func (r *indexRec) text() string {
	parts := make([]string, len(r.aff))
	for i, a := range r.aff {
		parts[i] = a.String()
	}
	return r.param.Name() + "[" + strings.Join(parts, ", ") + "]"
}

// paramText is a parameter as declared: "x[n]", "A[m, 3]".
func paramText(p *Param) string {
	if p.Rank() == 0 {
		return p.Name()
	}
	parts := make([]string, len(p.Dims))
	for i, d := range p.Dims {
		parts[i] = dimText(d)
	}
	return p.Name() + "[" + strings.Join(parts, ", ") + "]"
}

// dimText is "n" or "3".
func dimText(d Dim) string {
	if d.Size != nil {
		return d.Size.Name()
	}
	return fmt.Sprint(d.Fixed)
}

// dimAffine is the length of a dimension as an affine form.
func dimAffine(d Dim) Affine {
	if d.Size != nil {
		return SymAffine(d.Size)
	}
	return ConstAffine(d.Fixed)
}

// innermost returns the innermost of s and the sums around it whose
// index appears in a.
func innermost(a Affine, s *sumState) *sumState {
	for ; s != nil; s = s.parent {
		if a.Coef(s.obj) != 0 {
			return s
		}
	}
	return nil
}

// bound is one candidate bound of a sum index and where it comes from.
type bound struct {
	a   Affine
	why string // "x[i+1] needs i < n-1"
}

// constraint is one dimension of one index that constrains a sum.
type constraint struct {
	rec *indexRec
	dim int
}

// inferRanges infers the range of every sum(i, body) of a fn.
func (c *checker) inferRanges(fs *fnState) {
	uses := make(map[*sumState][]constraint)
	for _, r := range fs.indexes {
		for d, a := range r.aff {
			if s := innermost(a, r.in); s != nil {
				uses[s] = append(uses[s], constraint{r, d})
			}
			for s := r.in; s != nil; s = s.parent {
				if s.inner == nil && a.Coef(s.obj) != 0 {
					s.inner = r
				}
			}
		}
	}
	for _, s := range fs.sums {
		if s.explicit {
			continue
		}
		blocked := false
		for o := s.parent; o != nil; o = o.parent {
			blocked = blocked || o.rng == nil
		}
		if blocked {
			s.failed = true // an enclosing sum failed and said so
			continue
		}
		c.infer(s, uses[s])
	}
}

// infer finds the range of one sum from its constraints.
func (c *checker) infer(s *sumState, cons []constraint) {
	name := s.obj.Name()
	at := s.sum.Index.At
	if s.shadowed {
		s.failed = true
		return
	}
	if len(cons) == 0 && s.inner != nil {
		c.errorf(at, "cannot infer the range of sum index %s: it indexes arrays only together with inner sum indices, as in %s; write sum(%s in lo..hi, ...)", name, s.inner.text(), name)
		s.failed = true
		return
	}
	if len(cons) == 0 {
		c.errorf(at, "cannot infer the range of sum index %s: it indexes no array; write sum(%s in lo..hi, ...)", name, name)
		s.failed = true
		return
	}
	var lo, hi *bound
	for _, u := range cons {
		a := u.rec.aff[u.dim]
		co := a.Coef(s.obj)
		r := a.Subst(s.obj, ConstAffine(0))
		top := dimAffine(u.rec.param.Dims[u.dim]).AddConst(-1) // the last valid index
		text := u.rec.text()
		// 0 <= co*i + r <= top
		var l, h Affine
		var okl, okh bool
		var lnum, hnum Affine // the numerators, for messages
		k := co
		if co > 0 {
			lnum, hnum = r.Scale(-1), top.Sub(r)
			l, okl = lnum.divCeil(k)
			h, okh = hnum.divFloor(k)
		} else {
			k = -co
			lnum, hnum = r.Sub(top), r
			l, okl = lnum.divCeil(k)
			h, okh = hnum.divFloor(k)
		}
		if !okl || !okh {
			num, rel := hnum, "<="
			if !okl {
				num, rel = lnum, ">="
			}
			c.errorf(u.rec.node.Indices[u.dim].Pos(), "cannot infer the range of sum index %s: %s needs %s %s (%s)/%d, which is not a whole number for every size; write sum(%s in lo..hi, ...)", name, text, name, rel, num, k, name)
			s.failed = true
			return
		}
		h = h.AddConst(1)
		if !l.small() || !h.small() {
			c.errorf(at, "cannot infer the range of sum index %s: %s gives bounds too large", name, text)
			s.failed = true
			return
		}
		var ok bool
		if lo, ok = c.tighter(s, lo, &bound{l, fmt.Sprintf("%s needs %s >= %s", text, name, l)}, false); !ok {
			return
		}
		if hi, ok = c.tighter(s, hi, &bound{h, fmt.Sprintf("%s needs %s < %s", text, name, h)}, true); !ok {
			return
		}
	}
	s.rng = &Range{Lo: lo.a, Hi: hi.a, Inferred: true}
}

// tighter returns the tighter of the bounds cur and cand of sum s (upper
// bounds when upper), or reports that their order cannot be known.
func (c *checker) tighter(s *sumState, cur, cand *bound, upper bool) (*bound, bool) {
	if cur == nil {
		return cand, true
	}
	d := cand.a.Sub(cur.a)
	ge, le := c.sign(d, s.parent)
	switch {
	case upper && le, !upper && ge:
		return cand, true
	case upper && ge, !upper && le:
		return cur, true
	}
	name := s.obj.Name()
	fix := ""
	sizesOnly := true
	for _, t := range d.Terms {
		if _, ok := t.Sym.(*Size); !ok {
			sizesOnly = false
		}
	}
	if sizesOnly {
		fix = "use one size for both or "
	}
	c.errorf(s.sum.Index.At, "cannot infer the range of sum index %s: %s and %s; %swrite sum(%s in lo..hi, ...)", name, cur.why, cand.why, fix, name)
	s.failed = true
	return nil, false
}

// sign reports whether d >= 0 (ge) or d <= 0 (le) can be proved over the
// ranges of the sum in and those around it, and sizes >= 1.
func (c *checker) sign(d Affine, in *sumState) (ge, le bool) {
	if mn, ok, _ := extreme(d, in, false); ok {
		if v, ok := lowest(mn); ok && v >= 0 {
			ge = true
		}
	}
	if mx, ok, _ := extreme(d, in, true); ok {
		if v, ok := highest(mx); ok && v <= 0 {
			le = true
		}
	}
	return ge, le
}

// witness is one sum index and the value it takes at an extreme.
type witness struct {
	sym *SumIndex
	at  Affine
}

// extreme returns the largest (max) or smallest value of a over the
// ranges of the sum in and those around it, substituting the indices
// innermost first, and the value each substituted index takes there. ok
// is false when a range is unknown or the numbers grow too large.
func extreme(a Affine, in *sumState, max bool) (Affine, bool, []witness) {
	var ws []witness
	for s := in; s != nil; s = s.parent {
		co := a.Coef(s.obj)
		if co == 0 {
			continue
		}
		lo, last, ok := liveRange(s, in)
		if !ok {
			return Affine{}, false, nil
		}
		at := lo
		if (co > 0) == max {
			at = last
		}
		a = a.Subst(s.obj, at)
		if !a.small() {
			return Affine{}, false, nil
		}
		ws = append(ws, witness{s.obj, at})
	}
	for _, t := range a.Terms {
		if _, ok := t.Sym.(*Size); !ok {
			return Affine{}, false, nil
		}
	}
	// Express each witness in sizes: substitute the outer ones into it.
	for i := range ws {
		for j := i + 1; j < len(ws); j++ {
			ws[i].at = ws[i].at.Subst(ws[j].sym, ws[j].at)
		}
	}
	return a, true, ws
}

// liveRange returns the first and last values of the index of s at which
// the body of in, a sum inside s (or s itself), runs. That is the range of
// s, narrowed where a range between s and in would be empty: in
// sum(i in 0..n, sum(j in i+1..n, x[i+1])), x[i+1] is read only for
// i <= n-2. A narrowing is kept when it differs from the bound of s by a
// constant, and ignored otherwise, which is conservative. ok is false when
// a range is unknown or the body provably never runs.
func liveRange(s, in *sumState) (lo, last Affine, ok bool) {
	if s.rng == nil {
		return Affine{}, Affine{}, false
	}
	lo, last = s.rng.Lo, s.rng.Hi.AddConst(-1)
	outside := func(sym Object) bool { // sym is the index of s or of a sum around it
		for o := s; o != nil; o = o.parent {
			if o.obj == sym {
				return true
			}
		}
		_, isSize := sym.(*Size)
		return isSize
	}
	for t := in; t != nil && t != s; t = t.parent {
		if t.rng == nil {
			continue
		}
		d := t.rng.Hi.Sub(t.rng.Lo) // t runs when d >= 1
		c := d.Coef(s.obj)
		simple := c != 0
		for _, term := range d.Terms {
			simple = simple && outside(term.Sym)
		}
		if !simple {
			continue
		}
		r := d.Subst(s.obj, ConstAffine(0)) // c*i + r >= 1
		if c < 0 {
			if b, ok := r.AddConst(-1).divFloor(-c); ok && b.Sub(last).IsConst() && b.Sub(last).Const < 0 {
				last = b
			}
		} else if b, ok := r.Scale(-1).AddConst(1).divCeil(c); ok && b.Sub(lo).IsConst() && b.Sub(lo).Const > 0 {
			lo = b
		}
	}
	if d := last.Sub(lo); d.IsConst() && d.Const < 0 {
		return Affine{}, Affine{}, false // the body never runs
	}
	return lo, last, true
}

// lowest returns the minimum of a over sizes >= 1; ok is false when a has
// no minimum.
func lowest(a Affine) (int, bool) {
	v := a.Const
	for _, t := range a.Terms {
		if _, ok := t.Sym.(*Size); !ok || t.Coef < 0 {
			return 0, false
		}
		v += t.Coef
	}
	return v, true
}

// highest returns the maximum of a over sizes >= 1; ok is false when a
// has no maximum.
func highest(a Affine) (int, bool) {
	v := a.Const
	for _, t := range a.Terms {
		if _, ok := t.Sym.(*Size); !ok || t.Coef > 0 {
			return 0, false
		}
		v += t.Coef
	}
	return v, true
}

// verdict is what can be proved of a need.
type verdict int8

const (
	unknown verdict = iota
	always          // holds at every size where the loops run
	never           // fails at every size where the loops run
)

// decide says whether need >= 0 holds for all sizes >= 1 at which every
// guard is > 0. With one size symbol it is exact; with more it ignores the
// guards.
func decide(need Affine, guards []Affine) verdict {
	var sym Object
	single := true
	for _, a := range append([]Affine{need}, guards...) {
		for _, t := range a.Terms {
			if sym == nil {
				sym = t.Sym
			} else if t.Sym != sym {
				single = false
			}
		}
	}
	if !single {
		if v, ok := lowest(need); ok && v >= 0 {
			return always
		}
		if v, ok := highest(need); ok && v < 0 {
			return never
		}
		return unknown
	}
	// One size s (or none): s in [lo, hi], with no upper end unless hasHi.
	lo, hi, hasHi := 1, 0, false
	for _, g := range guards {
		co, k := 0, g.Const // co*s + k >= 1
		if sym != nil {
			co = g.Coef(sym)
		}
		switch {
		case co > 0:
			if b := ceilDiv(1-k, co); b > lo {
				lo = b
			}
		case co < 0:
			if b := floorDiv(k-1, -co); !hasHi || b < hi {
				hi, hasHi = b, true
			}
		case k < 1:
			return always // the loops never run
		}
	}
	if hasHi && lo > hi {
		return always // the loops never run
	}
	co, k := 0, need.Const
	if sym != nil {
		co = need.Coef(sym)
	}
	// need = co*s + k over [lo, hi]
	minV, minOK := co*lo+k, true
	maxV, maxOK := co*lo+k, true
	switch {
	case co > 0:
		maxOK, maxV = hasHi, co*hi+k
	case co < 0:
		minOK, minV = hasHi, co*hi+k
	}
	if minOK && minV >= 0 {
		return always
	}
	if maxOK && maxV < 0 {
		return never
	}
	return unknown
}

// guards returns the conditions under which the body of s runs: the
// range of s and of each sum around it, maximized over the sums around
// it, is not empty. Guards that always hold are dropped; runs is false
// when some never holds. The result is computed once per sum (nil is the
// outside of every sum).
func (s *sumState) guards() (gs []Affine, runs bool) {
	if s == nil {
		return nil, true
	}
	if s.guardsDone {
		return s.guardList, s.runs
	}
	s.guardsDone = true
	outer, runs := s.parent.guards()
	if !runs || s.rng == nil {
		return nil, false
	}
	g, ok, _ := extreme(s.rng.Hi.Sub(s.rng.Lo), s.parent, true)
	if !ok {
		return nil, false
	}
	gs = outer
	if v, ok := lowest(g); !ok || v < 1 {
		if v, ok := highest(g); ok && v <= 0 {
			return nil, false
		}
		gs = append(outer[:len(outer):len(outer)], g)
	}
	s.guardList, s.runs = gs, true
	return gs, true
}

// checkBounds checks every index of a fn against its array's bounds.
func (c *checker) checkBounds(fs *fnState) {
	for _, r := range fs.indexes {
		gs, runs := r.in.guards()
		if !runs {
			continue
		}
		for d, a := range r.aff {
			top := dimAffine(r.param.Dims[d]).AddConst(-1)
			if mx, ok, ws := extreme(a, r.in, true); ok {
				c.need(fs, r, d, top.Sub(mx), gs, mx, ws)
			}
			if mn, ok, ws := extreme(a, r.in, false); ok {
				c.need(fs, r, d, mn, gs, mn, ws)
			}
		}
	}
}

// need handles one condition need >= 0 of index dimension d of r, where
// the index takes the value at when the sum indices are ws.
func (c *checker) need(fs *fnState, r *indexRec, d int, need Affine, gs []Affine, at Affine, ws []witness) {
	pos := r.node.Pos()
	if d < len(r.node.Indices) && r.node.Indices[d] != nil {
		pos = r.node.Indices[d].Pos()
	}
	switch decide(need, gs) {
	case always:
		return
	case never:
		if len(ws) == 0 {
			c.errorf(pos, "index %s out of bounds for %s", at, paramText(r.param))
			return
		}
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[len(ws)-1-i] = w.sym.Name() + " = " + w.at.String()
		}
		c.errorf(pos, "%s is out of bounds at %s: index %s on %s", r.text(), strings.Join(parts, ", "), at, paramText(r.param))
		return
	}
	fs.fn.Checks = append(fs.fn.Checks, &BoundCheck{
		Pos:   pos,
		Need:  need,
		Guard: gs,
		Msg:   fmt.Sprintf("%s needs %s", r.text(), needText(need)),
	})
}

// needText writes need >= 0 as an inequality between positive sides:
// m-n-1 >= 0 is "n+1 <= m".
func needText(need Affine) string {
	var l, r Affine
	for _, t := range need.Terms {
		if t.Coef < 0 {
			l.Terms = append(l.Terms, Term{Coef: -t.Coef, Sym: t.Sym})
		} else {
			r.Terms = append(r.Terms, t)
		}
	}
	if need.Const < 0 {
		l.Const = -need.Const
	} else {
		r.Const = need.Const
	}
	return l.String() + " <= " + r.String()
}
