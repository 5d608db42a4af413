package codegen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gradc/gradc/simplify"
)

// This file turns a simplify.Program into the statements of a Go function
// body. The program is three-address code over numbered temporaries; the
// emitter
//
//   - drops the statements whose results nothing live uses (a Hessian
//     needs no value, a value no gradient);
//   - writes constants as literals, folding operations on constants with
//     the op table's Eval (exactly what the code would compute);
//   - inlines a temporary used once, in the same block, into its user
//     while the expression stays short, and declares the rest;
//   - writes sums as for loops, accumulators as float64 variables, and
//     the outputs as += into grad (hv, or the row of hess);
//   - spells each op from the op table (simplify.OpInfo.Go), and the ops
//     that need branches (if, min, max, sign, sigmoid, softplus) as short
//     if statements rather than helper functions, so that generated files
//     share no package-level names.

// goMode says which function of a fn is being written.
type goMode int

const (
	modeValue   goMode = iota // Name: returns the value
	modeGrad                  // NameGrad: returns the value, adds the gradient into grad
	modeHessVec               // NameHessVec: adds H·v into hv
	modeHess                  // NameHess: one pass per column c, adding column c into row
)

// inputRef says how the generated code reads one input of the program.
type inputRef struct {
	kind   simplify.InputKind
	slice  string // the Go slice: x, v, or the data parameter
	off    lin    // offset in x (variables and directions)
	dims   []lin  // the length of each dimension, for row-major offsets
	matrix bool   // a data matrix: rows of a [][]float64
	scalar bool   // a scalar data parameter: the Go parameter itself
}

// bodyGen writes the body of one generated function.
type bodyGen struct {
	p      *simplify.Program
	mode   goMode
	nm     *namer
	sizes  []string   // Go name of each size symbol of p
	inputs []inputRef // per input of p
	out    string     // the slice outputs go to: grad, hv, or the Hessian row
	col    string     // modeHess: the column index
	idx    []string   // Go name of the loop index of each level (1-based)
	b      strings.Builder
	indent int

	// Analysis, per temporary.
	live     []bool
	uses     []int
	defBlock []int
	useBlock []int
	noInline []bool // used where the operand is repeated or must be an atom
	isAcc    []bool
	isBool   []bool // a condition, held as a Go bool
	floatUse []bool // a condition also used as a number
	val      []gexpr
	ntemp    int
	blockOf  map[*simplify.Stmt]int // the block number of each loop's body

	// modeHess: the top-level statements that do not depend on the
	// column, written once before the column loop, and which of the
	// block-0 statements block writes now (0: all, 1: hoisted, 2: the rest).
	hoisted map[*simplify.Stmt]bool
	phase   int

	// The powers written as running products (emit_loops.go).
	reduced map[*simplify.Stmt]*powRed
	// rows names the matrix rows sliced before a loop (emit_loops.go),
	// by input and row index.
	rows map[string]string
	// expName is the local of sigmoid's else branch.
	expName string
	// carried ties the outputs carried across iterations to their carry
	// (emit_loops.go).
	carried map[*simplify.Stmt]carryRef
}

// hoist finds the top-level statements of a Hessian program that do not
// depend on the direction (the column): constants, loads of x and data,
// operations on hoisted temporaries, and loops that read only hoisted
// temporaries and write no output. Temporaries they define and the rest
// uses are declared, not inlined into the column loop.
func (g *bodyGen) hoist() {
	g.hoisted = map[*simplify.Stmt]bool{}
	in := make([]bool, g.p.Temps)
	def := map[int]*simplify.Stmt{}
	ss := g.p.Body
	for i := range ss {
		s := &ss[i]
		ok := false
		switch s.Kind {
		case simplify.SConst, simplify.SAffine:
			ok = true
		case simplify.SLoad:
			ok = g.inputs[s.In].kind != simplify.InDir
		case simplify.SOp:
			ok = true
			for _, a := range s.Args {
				ok = ok && in[a]
			}
		case simplify.SLoop:
			defined := map[int]bool{}
			ok = g.independent(s.Loop.Body, in, defined)
			if !ok {
				for t := range g.accsOf(s.Loop.Body, defined) {
					// The accumulator restarts in every column.
					in[t] = false
					delete(g.hoisted, def[t])
				}
			}
		}
		if ok {
			g.hoisted[s] = true
			if s.Kind != simplify.SLoop {
				in[s.Dst] = true
				def[s.Dst] = s
			}
		}
	}
	var mark func(ss []simplify.Stmt, top bool)
	mark = func(ss []simplify.Stmt, top bool) {
		for i := range ss {
			s := &ss[i]
			if top && g.hoisted[s] {
				continue
			}
			for _, a := range s.Args {
				if in[a] {
					g.noInline[a] = true
				}
			}
			if s.Kind == simplify.SLoop {
				mark(s.Loop.Body, false)
			}
		}
	}
	mark(ss, true)
}

// independent reports whether a loop body reads only temporaries of in
// or its own, loads no direction and writes no output.
func (g *bodyGen) independent(ss []simplify.Stmt, in []bool, defined map[int]bool) bool {
	for i := range ss {
		s := &ss[i]
		switch s.Kind {
		case simplify.SOut:
			return false
		case simplify.SLoad:
			if g.inputs[s.In].kind == simplify.InDir {
				return false
			}
		case simplify.SLoop:
			if !g.independent(s.Loop.Body, in, defined) {
				return false
			}
			continue
		}
		for _, a := range s.Args {
			if !in[a] && !defined[a] {
				return false
			}
		}
		if s.Kind != simplify.SAccum {
			defined[s.Dst] = true
		}
	}
	return true
}

// accsOf returns the accumulators outside a loop body that it adds into.
func (g *bodyGen) accsOf(ss []simplify.Stmt, defined map[int]bool) map[int]bool {
	out := map[int]bool{}
	var walk func(ss []simplify.Stmt)
	walk = func(ss []simplify.Stmt) {
		for i := range ss {
			s := &ss[i]
			if s.Kind == simplify.SAccum && !defined[s.Dst] {
				out[s.Dst] = true
			}
			if s.Kind == simplify.SLoop {
				walk(s.Loop.Body)
			}
		}
	}
	walk(ss)
	return out
}

// stmtOp reports whether op is written as statements (an if) rather
// than as an expression.
func stmtOp(op simplify.Op) bool {
	switch op {
	case simplify.OpIf, simplify.OpSign, simplify.OpSigmoid, simplify.OpSoftplus:
		return true
	}
	return false
}

// repeatsArgs reports whether a statement op writes its operands more
// than once, so that they must be names or literals.
func repeatsArgs(op simplify.Op) bool { return stmtOp(op) && op != simplify.OpIf }

func (g *bodyGen) analyze() {
	p := g.p
	n := p.Temps
	g.live = make([]bool, n)
	g.uses = make([]int, n)
	g.defBlock = make([]int, n)
	g.useBlock = make([]int, n)
	g.noInline = make([]bool, n)
	g.isAcc = make([]bool, n)
	g.isBool = make([]bool, n)
	g.floatUse = make([]bool, n)
	g.val = make([]gexpr, n)
	g.blockOf = map[*simplify.Stmt]int{}
	g.findPowers()
	returns := g.mode == modeValue || g.mode == modeGrad
	if returns {
		g.live[p.Result] = true
	}
	// Liveness to a fixed point: a statement is live when its result is.
	for changed := true; changed; {
		changed = false
		var walk func(ss []simplify.Stmt)
		walk = func(ss []simplify.Stmt) {
			for i := len(ss) - 1; i >= 0; i-- {
				s := &ss[i]
				switch s.Kind {
				case simplify.SOp, simplify.SAccum:
					if r := g.reduced[s]; r != nil {
						if g.live[s.Dst] && !g.live[r.base] {
							g.live[r.base] = true
							changed = true
						}
						continue
					}
					if g.live[s.Dst] {
						for _, a := range s.Args {
							if !g.live[a] {
								g.live[a] = true
								changed = true
							}
						}
					}
				case simplify.SOut:
					if !g.live[s.Args[0]] {
						g.live[s.Args[0]] = true
						changed = true
					}
				case simplify.SLoop:
					walk(s.Loop.Body)
				}
			}
		}
		walk(p.Body)
	}
	// Uses, blocks, types.
	var walk func(ss []simplify.Stmt, block int)
	use := func(t, block int, floatCtx bool) {
		g.uses[t]++
		g.useBlock[t] = block
		if floatCtx {
			g.floatUse[t] = true
		}
	}
	walk = func(ss []simplify.Stmt, block int) {
		for i := range ss {
			s := &ss[i]
			switch s.Kind {
			case simplify.SConst, simplify.SLoad, simplify.SAffine:
				g.defBlock[s.Dst] = block
			case simplify.SOp:
				g.defBlock[s.Dst] = block
				info := s.Op.Info()
				g.isBool[s.Dst] = info.Cond
				if !g.live[s.Dst] {
					continue
				}
				if r := g.reduced[s]; r != nil {
					use(r.base, -1, true)
					g.noInline[r.base] = true
					continue
				}
				for k, a := range s.Args {
					boolCtx := s.Op == simplify.OpAnd || s.Op == simplify.OpOr || s.Op == simplify.OpNot ||
						(s.Op == simplify.OpIf && k == 0)
					use(a, block, !boolCtx)
					if repeatsArgs(s.Op) {
						g.noInline[a] = true
					}
				}
			case simplify.SAccum:
				g.isAcc[s.Dst] = true
				if g.live[s.Dst] {
					use(s.Args[0], block, true)
				}
			case simplify.SOut:
				use(s.Args[0], block, true)
			case simplify.SLoop:
				g.blockOf[s] = len(g.blockOf) + 1
				walk(s.Loop.Body, g.blockOf[s])
			}
		}
	}
	walk(p.Body, 0)
	if returns {
		use(p.Result, 0, true)
	}
}

func (g *bodyGen) line(format string, args ...any) {
	for i := 0; i < g.indent; i++ {
		g.b.WriteByte('\t')
	}
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// newTemp declares a name for temporary t.
func (g *bodyGen) newTemp(t int) string {
	name := g.nm.fresh("t" + strconv.Itoa(g.ntemp))
	g.ntemp++
	g.val[t] = gexpr{s: name, prec: precPrimary, isBool: g.isBool[t] && !g.floatUse[t]}
	return name
}

// inlinable reports whether temporary t, defined in block, may be written
// into its one user rather than declared.
func (g *bodyGen) inlinable(t, block int, e gexpr) bool {
	if e.konst {
		return true
	}
	if g.uses[t] != 1 || g.useBlock[t] != block || g.noInline[t] || g.isAcc[t] {
		return false
	}
	return e.cost <= 6 && len(e.s) <= 60
}

// num returns temporary t as a float64 expression.
func (g *bodyGen) num(t int) gexpr {
	e := g.val[t]
	if e.isBool {
		// A condition used as a number (rare: the language keeps
		// conditions inside if); floatUse made it a float64 0 or 1.
		panic("codegen: internal error: condition used as a number without a float form")
	}
	return e
}

// cond returns temporary t as a bool expression.
func (g *bodyGen) cond(t int) gexpr {
	e := g.val[t]
	if e.isBool {
		return e
	}
	if e.konst {
		if e.val != 0 {
			return gexpr{s: "true", prec: precPrimary, isBool: true}
		}
		return gexpr{s: "false", prec: precPrimary, isBool: true}
	}
	return gexpr{s: paren(e, precCmp+1) + " != 0", prec: precCmp, isBool: true, cost: e.cost + 1}
}

// affine renders a program affine form over the size and index names.
func (g *bodyGen) affine(a simplify.Affine) lin {
	l := lin{c: a.Const}
	for _, t := range a.Terms {
		if t.Sym.Kind == simplify.SymSize {
			l.add(g.sizes[t.Sym.Num], t.Coef)
		} else {
			l.add(g.idx[t.Sym.Num], t.Coef)
		}
	}
	return l
}

// flat returns the row-major offset of an element of input in (its offset
// in x included for variables and directions).
func (g *bodyGen) flat(in inputRef, index []simplify.Affine) lin {
	var f lin
	for k, a := range index {
		if k > 0 {
			f = f.scaled(in.dims[k])
		}
		f.addLin(g.affine(a), 1)
	}
	if in.kind != simplify.InData {
		f.addLin(in.off, 1)
	}
	return f
}

// scaled returns l times the length d (a constant or an atom).
func (l lin) scaled(d lin) lin {
	if d.isConst() {
		var out lin
		out.addLin(l, d.c)
		return out
	}
	return l.mulAtom(d.String())
}

// load returns the expression that reads input k at index.
func (g *bodyGen) load(k int, index []simplify.Affine) gexpr {
	in := g.inputs[k]
	if in.scalar {
		return gexpr{s: in.slice, prec: precPrimary}
	}
	if in.matrix {
		r := g.affine(index[0]).String()
		c := g.affine(index[1]).String()
		if row, ok := g.rows[rowKey(k, r)]; ok {
			return gexpr{s: row + "[" + c + "]", prec: precPrimary}
		}
		return gexpr{s: in.slice + "[" + r + "][" + c + "]", prec: precPrimary}
	}
	return gexpr{s: in.slice + "[" + g.flat(in, index).String() + "]", prec: precPrimary}
}

// op returns the expression of an op that is not a statement op.
func (g *bodyGen) op(op simplify.Op, args []int) gexpr {
	info := op.Info()
	as := make([]gexpr, len(args))
	allConst := true
	for k, a := range args {
		if info.Cond && (op == simplify.OpAnd || op == simplify.OpOr || op == simplify.OpNot) {
			as[k] = g.cond(a)
		} else {
			as[k] = g.num(a)
		}
		allConst = allConst && g.val[a].konst
	}
	if allConst && !info.Cond {
		vals := make([]float64, len(args))
		for k, a := range args {
			vals[k] = g.val[a].val
		}
		return constExpr(op.Eval(vals))
	}
	switch op {
	case simplify.OpAdd, simplify.OpSub:
		// a + -b is a - b, a - -b is a + b: the same float operations.
		if b := as[1].neg; b != nil {
			flip := "-"
			if op == simplify.OpSub {
				flip = "+"
			}
			return binary(flip, precAdd, as[0], *b)
		}
	}
	switch op {
	case simplify.OpAdd, simplify.OpProd, simplify.OpMul, simplify.OpSub, simplify.OpDiv:
		prec := precAdd
		if op == simplify.OpMul || op == simplify.OpProd || op == simplify.OpDiv {
			prec = precMul
		}
		return binary(info.Go, prec, as[0], as[1])
	case simplify.OpNeg:
		a := as[0]
		s := paren(a, precUnary)
		if strings.HasPrefix(s, "-") {
			s = "(" + s + ")"
		}
		return gexpr{s: "-" + s, prec: precUnary, cost: a.cost + 1, neg: &a}
	case simplify.OpLt, simplify.OpLe, simplify.OpGt, simplify.OpGe, simplify.OpEq, simplify.OpNe:
		return gexpr{s: paren(as[0], precCmp+1) + " " + info.Go + " " + paren(as[1], precCmp+1), prec: precCmp, isBool: true, cost: as[0].cost + as[1].cost + 1}
	case simplify.OpAnd:
		return gexpr{s: paren(as[0], precAndAnd) + " && " + paren(as[1], precAndAnd+1), prec: precAndAnd, isBool: true, cost: as[0].cost + as[1].cost + 1}
	case simplify.OpOr:
		return gexpr{s: paren(as[0], precOrOr) + " || " + paren(as[1], precOrOr+1), prec: precOrOr, isBool: true, cost: as[0].cost + as[1].cost + 1}
	case simplify.OpNot:
		return gexpr{s: "!" + paren(as[0], precUnary), prec: precUnary, isBool: true, cost: as[0].cost + 1}
	case simplify.OpPow:
		if as[1].konst {
			// x^0.5 is math.Sqrt, which math.Pow(x, 0.5) is except at
			// x = -0, where Sqrt keeps the sign (-0, and 1/Sqrt gives
			// -Inf where Pow gives +Inf). Adding 0 turns -0 into +0 and
			// leaves every other x as it is, so that the generated Go
			// computes what the tape and the spec's math.Pow do. (At x =
			// -Inf they still differ: the simplifier assumes finite
			// values.)
			switch as[1].val {
			case 0.5:
				return gexpr{s: "math.Sqrt(" + as[0].s + " + 0)", prec: precPrimary, cost: as[0].cost + 1}
			case -0.5:
				return gexpr{s: "1 / math.Sqrt(" + as[0].s + " + 0)", prec: precMul, cost: as[0].cost + 2}
			case 1:
				return as[0]
			case -1:
				return binary("/", precMul, constExpr(1), as[0])
			case 2:
				if as[0].atom() {
					return binary("*", precMul, as[0], as[0])
				}
			}
		}
	}
	if op == simplify.OpPow {
		return gexpr{s: "math.Pow(" + as[0].s + ", " + as[1].s + ")", prec: precPrimary, cost: as[0].cost + as[1].cost + 1}
	}
	if info.Go == "" || info.Infix {
		panic(fmt.Sprintf("codegen: internal error: op %s has no Go spelling", info.Name))
	}
	parts := make([]string, len(as))
	cost := 1
	for k, a := range as {
		parts[k] = a.s
		cost += a.cost
	}
	return gexpr{s: info.Go + "(" + strings.Join(parts, ", ") + ")", prec: precPrimary, cost: cost}
}

// stmtOpLines writes the statements of a statement op into the declared
// name dst.
func (g *bodyGen) stmtOpLines(dst string, op simplify.Op, args []int) {
	a := func(k int) gexpr { return g.num(args[k]) }
	switch op {
	case simplify.OpIf:
		c, x, y := g.cond(args[0]), a(1), a(2)
		if y.konst && y.val == 0 && !signbit(y.val) {
			g.line("var %s float64", dst)
		} else {
			g.line("%s := %s", dst, typed(y))
		}
		g.line("if %s {", c.s)
		g.line("\t%s = %s", dst, x.s)
		g.line("}")
	case simplify.OpSign:
		x := a(0)
		g.line("%s := %s", dst, typed(x))
		g.line("if %s > 0 {", x.s)
		g.line("\t%s = 1", dst)
		g.line("} else if %s < 0 {", x.s)
		g.line("\t%s = -1", dst)
		g.line("}")
	case simplify.OpSigmoid:
		// 1/(1+exp(-x)), without overflow: exp of -|x| only.
		x := a(0)
		g.line("var %s float64", dst)
		g.line("if %s >= 0 {", x.s)
		g.line("\t%s = 1 / (1 + math.Exp(-%s))", dst, paren(x, precUnary))
		g.line("} else {")
		if g.expName == "" {
			g.expName = g.nm.fresh("e") // one name for every sigmoid's block
		}
		e := g.expName
		g.line("\t%s := math.Exp(%s)", e, x.s)
		g.line("\t%s = %s / (1 + %s)", dst, e, e)
		g.line("}")
	case simplify.OpSoftplus:
		// log(1+exp(x)), without overflow.
		x := a(0)
		g.line("var %s float64", dst)
		g.line("if %s > 0 {", x.s)
		g.line("\t%s = %s + math.Log1p(math.Exp(-%s))", dst, x.s, paren(x, precUnary))
		g.line("} else {")
		g.line("\t%s = math.Log1p(math.Exp(%s))", dst, x.s)
		g.line("}")
	}
}

func signbit(v float64) bool { return v == 0 && 1/v < 0 }

// typed returns e as an expression of type float64 when it is declared
// with :=, so that an integer literal does not make an int.
func typed(e gexpr) string {
	if e.konst && !strings.ContainsAny(e.s, ".e(") {
		return e.s + ".0"
	}
	return e.s
}

// block writes the statements ss of the given block.
func (g *bodyGen) block(ss []simplify.Stmt, block int) {
	// The rows sliced before this block's loops are in scope until its end.
	var blockRows []string
	defer func() {
		for _, k := range blockRows {
			delete(g.rows, k)
		}
	}()
	for i := range ss {
		s := &ss[i]
		if block == 0 && g.phase != 0 && g.hoisted[s] != (g.phase == 1) {
			continue
		}
		switch s.Kind {
		case simplify.SConst:
			if !g.live[s.Dst] {
				continue
			}
			if g.isAcc[s.Dst] {
				name := g.newTemp(s.Dst)
				if s.Value == 0 && !signbit(s.Value) {
					g.line("var %s float64", name)
				} else {
					g.line("%s := %s", name, typed(constExpr(s.Value)))
				}
				continue
			}
			g.val[s.Dst] = constExpr(s.Value)
		case simplify.SLoad:
			if !g.live[s.Dst] {
				continue
			}
			in := g.inputs[s.In]
			if g.mode == modeHess && in.kind == simplify.InDir {
				// The direction is the unit vector e_col.
				name := g.newTemp(s.Dst)
				g.line("var %s float64", name)
				g.line("if %s == %s {", g.col, g.flat(in, s.Index).String())
				g.line("\t%s = 1", name)
				g.line("}")
				continue
			}
			g.define(s.Dst, block, g.load(s.In, s.Index))
		case simplify.SAffine:
			if !g.live[s.Dst] {
				continue
			}
			l := g.affine(s.Index[0])
			if l.isConst() {
				g.val[s.Dst] = constExpr(float64(l.c))
				continue
			}
			g.define(s.Dst, block, gexpr{s: "float64(" + l.String() + ")", prec: precPrimary})
		case simplify.SOp:
			if !g.live[s.Dst] || g.reduced[s] != nil {
				continue
			}
			allConst := true
			for _, a := range s.Args {
				allConst = allConst && g.val[a].konst
			}
			if stmtOp(s.Op) && !allConst {
				name := g.newTemp(s.Dst)
				g.stmtOpLines(name, s.Op, s.Args)
				continue
			}
			if stmtOp(s.Op) {
				vals := make([]float64, len(s.Args))
				for k, a := range s.Args {
					vals[k] = g.val[a].val
				}
				g.val[s.Dst] = constExpr(s.Op.Eval(vals))
				continue
			}
			e := g.op(s.Op, s.Args)
			if e.isBool && g.floatUse[s.Dst] {
				name := g.newTemp(s.Dst)
				g.line("var %s float64", name)
				g.line("if %s {", e.s)
				g.line("\t%s = 1", name)
				g.line("}")
				continue
			}
			g.define(s.Dst, block, e)
		case simplify.SAccum:
			if !g.live[s.Dst] {
				continue
			}
			g.line("%s %s", g.val[s.Dst].s, addTo(g.num(s.Args[0])))
		case simplify.SOut:
			if ref, ok := g.carried[s]; ok {
				g.carryOut(s, ref)
				continue
			}
			in := g.inputs[s.In]
			f := g.flat(in, s.Index)
			g.line("%s[%s] %s", g.out, f.String(), addTo(g.num(s.Args[0])))
		case simplify.SLoop:
			if !g.liveLoop(s.Loop.Body) {
				continue
			}
			inner := g.blockOf[s]
			i := g.idx[s.Loop.Level]
			pows := g.startPowers(s.Loop)
			rows := g.sliceRows(s.Loop)
			crs := g.findCarries(s.Loop)
			for _, cr := range crs {
				cr.name = g.nm.fresh("carry")
				g.line("var %s float64", cr.name)
			}
			g.line("for %s := %s; %s < %s; %s++ {", i, g.affine(s.Loop.Lo).String(), i, g.affine(s.Loop.Hi).String(), i)
			g.indent++
			g.block(s.Loop.Body, inner)
			for _, r := range pows {
				g.line("%s *= %s", r.name, g.num(r.base).s)
			}
			g.endCarries(crs)
			blockRows = append(blockRows, rows...)
			g.indent--
			g.line("}")
			g.flushCarries(s.Loop, crs)
		}
	}
}

// addTo returns "+= e", or "-= b" for e = -b.
func addTo(e gexpr) string {
	if e.neg != nil {
		return "-= " + e.neg.s
	}
	return "+= " + e.s
}

// define gives temporary t the expression e: inlined into its user, or
// declared.
func (g *bodyGen) define(t, block int, e gexpr) {
	if g.inlinable(t, block, e) || (e.atom() && !g.isAcc[t] && !strings.Contains(e.s, "[")) {
		g.val[t] = e
		return
	}
	name := g.newTemp(t)
	g.line("%s := %s", name, typed(e))
	if e.isBool {
		g.val[t].isBool = true
	}
}

// liveLoop reports whether a loop body does anything live.
func (g *bodyGen) liveLoop(ss []simplify.Stmt) bool {
	for i := range ss {
		s := &ss[i]
		switch s.Kind {
		case simplify.SOut:
			return true
		case simplify.SAccum:
			if g.live[s.Dst] {
				return true
			}
		case simplify.SLoop:
			if g.liveLoop(s.Loop.Body) {
				return true
			}
		}
	}
	return false
}

// result returns the expression of the program's value.
func (g *bodyGen) result() string { return g.num(g.p.Result).s }
