package codegen

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// Instr is one instruction of a tape: an opcode and up to five operands,
// whose meaning the opcode gives (a float slot, an integer register, an
// immediate or a jump target: see the package doc).
type Instr struct {
	Op              Opcode
	Dst, A, B, C, D int32
}

// Tape is a simplify.Program compiled for the VM. It is immutable once
// compiled: one Tape serves any number of goroutines, each with its own
// Machine. Its exported fields are for reading (the disassembler, tests)
// and must not be changed: the machine runs copies that Compile made and
// checked (the prepared code, the block loops) where it has them.
type Tape struct {
	Name string
	Kind simplify.Kind
	// Code is the instruction slice; execution starts at 0 and ends past
	// the last instruction.
	Code []Instr
	// Consts is the constant pool: float slot k holds Consts[k], for k <
	// len(Consts). No instruction writes these slots.
	Consts []float64
	// NumSlots is the number of float slots (constants included); NumInts
	// the number of integer registers.
	NumSlots int
	NumInts  int
	// Result is the float slot that holds the value when Code has run.
	Result int32
	// Sizes are the size symbols: integer register k holds size k.
	Sizes []string
	// Inputs are the program's inputs: integer register len(Sizes)+k
	// holds the offset of input k's first element in x, v or the data.
	Inputs []simplify.Input
	// Checks are the bounds that must hold on entry.
	Checks []BoundCheck
	// VLoops are the block forms of the innermost loops, referenced by
	// VLOOP instructions.
	VLoops []VLoop

	fixed *fixedLayout

	// fast is the prepared code (prepare), nil unless the tape runs in
	// runFast; storesOut reports that it stores each output element once,
	// so that Run need not zero the output.
	fast      []Instr
	storesOut bool
	// blocks are the VLoops as Compile made and checked them, which the
	// machine runs (a VLoop changed or made by hand is checked at each
	// run; these are not).
	blocks []VLoop
}

// fixedLayout is the layout of the arguments of a tape without sizes or
// data: the input offsets are constants.
type fixedLayout struct {
	nx    int   // len(x)
	bases []int // the input offsets, for the registers after the sizes
}

// layout fills t.fixed when the tape has no sizes and no data inputs.
func (t *Tape) layout() {
	if len(t.Sizes) > 0 {
		return
	}
	fl := &fixedLayout{bases: make([]int, len(t.Inputs))}
	nx := 0
	off := map[int]int{}
	for k, in := range t.Inputs {
		if in.Kind == simplify.InData {
			return
		}
		if in.Kind != simplify.InVar {
			continue
		}
		n := 1
		for _, d := range in.Dims {
			n *= d.Fixed
		}
		fl.bases[k], off[in.Param] = nx, nx
		nx += n
	}
	for k, in := range t.Inputs {
		if in.Kind == simplify.InDir {
			fl.bases[k] = off[in.Param]
		}
	}
	fl.nx = nx
	t.fixed = fl
}

// VLoop is an innermost loop compiled for block execution: each
// instruction runs for a block of consecutive iterations (lanes) before
// the next, over vector registers of VecWidth lanes. Float slots written
// in the body become vector registers; slots only read there (constants,
// values computed before the loop) are broadcast into vector registers on
// entry (Splats). Loads, stores and ITOF address lane l of a block
// starting at index i0 as I(A) + Off + (i0+l)*step, step = I(C) when
// C >= 0 and the immediate B otherwise. ACC adds the lanes of vector A
// into float slot Dst in lane order, so sums round exactly as the scalar
// loop does.
type VLoop struct {
	Code   []VInstr
	Splats []Splat
	// ConstSplats is the number of leading Splats that broadcast a
	// constant: their registers, which no instruction of the block form
	// writes, keep their lanes from one run of the loop to the next.
	ConstSplats int
	NumVecs     int

	checked bool // check has passed (Compile checks the loops it makes)
}

// vecFields returns the fields of in that name vector registers.
func (in *VInstr) vecFields() []int32 {
	switch in.Op {
	case LOADX, LOADV, LOADD, ITOF, OUT:
		return []int32{in.Dst}
	case ACC:
		return []int32{in.A}
	}
	var vs []int32
	for k, v := range [5]int32{in.Dst, in.A, in.B, in.C, in.D} {
		if opcodeArgs[in.Op][k] == argFloat {
			vs = append(vs, v)
		}
	}
	return vs
}

// check reports an instruction of the block form that names a vector
// register out of range or has no block form: runBlock indexes the
// registers without bounds checks.
func (vl *VLoop) check() error {
	for k := range vl.Code {
		in := &vl.Code[k]
		if in.Op >= numOpcodes {
			return fmt.Errorf("instruction %d: opcode %d", k, in.Op)
		}
		for _, v := range in.vecFields() {
			if v < 0 || int(v) >= vl.NumVecs {
				return fmt.Errorf("instruction %d (%s): vector register %d of %d", k, in.Op, v, vl.NumVecs)
			}
		}
	}
	return nil
}

// VInstr is an instruction of a block loop: an Instr over vector
// registers, with an immediate offset for the loads and stores.
type VInstr struct {
	Op                   Opcode
	Dst, A, B, C, D, Off int32
}

// fields returns pointers to the operands, in the order of opcodeArgs.
func (in *Instr) fields() [5]*int32 { return [5]*int32{&in.Dst, &in.A, &in.B, &in.C, &in.D} }

// operands returns the operands, in the order of opcodeArgs.
func (in *Instr) operands() [5]int32 { return [5]int32{in.Dst, in.A, in.B, in.C, in.D} }

// Splat is a float slot broadcast into a vector register on loop entry.
type Splat struct {
	Vec, Slot int32
}

// VecWidth is the number of lanes of a vector register.
const VecWidth = 128

// BoundCheck is a bound the checker could not prove: Need >= 0 must hold
// on entry wherever every Guard is > 0. Need and Guard are affine in the
// sizes (simplify.Affine over SymSize symbols).
type BoundCheck struct {
	Need  simplify.Affine
	Guard []simplify.Affine
	Msg   string
}

// regBase returns the integer register of input k's offset (size k is
// register k); regZero's register holds 0.
func (t *Tape) regBase(k int) int32 { return int32(len(t.Sizes) + k) }
func (t *Tape) regZero() int32      { return int32(len(t.Sizes) + len(t.Inputs)) }

// Limits of a tape: the operands are int32, and a tape this large would be
// of no use anyway.
const (
	maxCode  = 1 << 28
	maxSlots = 1 << 28
)

// Compile compiles p to a tape. fn, when not nil, is the checked fn p was
// built from: its run-time bound checks (lang.Fn.Checks) become the
// tape's Checks.
func Compile(p *simplify.Program, fn *lang.Fn) (t *Tape, err error) {
	if p == nil {
		return nil, fmt.Errorf("codegen: no program")
	}
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("codegen: internal error compiling %s: %v (please report this input)", p.Name, r)
		}
	}()
	if err := checkSizes(p); err != nil {
		return nil, err
	}
	t = &Tape{Name: p.Name, Kind: p.Kind, Sizes: p.Sizes, Inputs: p.Inputs}
	if fn != nil {
		t.Checks, err = boundChecks(fn, p.Sizes)
		if err != nil {
			return nil, err
		}
	}
	c := &compiler{p: p, t: t, constSlot: map[uint64]int32{}}
	c.analyze()
	c.nints = int32(len(p.Sizes) + len(p.Inputs) + 1)
	top := c.open(0, -1)
	c.stmts(p.Body)
	c.close()
	code := c.flatten(top, nil)
	if len(code) > maxCode || c.nslots > maxSlots {
		return nil, fmt.Errorf("fn %s: program too large for the tape (%d instructions, %d slots)", p.Name, len(code), c.nslots)
	}
	t.Consts = c.consts
	nconst := int32(len(c.consts))
	fix := func(s int32) int32 {
		if s < 0 {
			return -s - 1
		}
		return nconst + s
	}
	for i := range code {
		in := &code[i]
		args := &opcodeArgs[in.Op]
		for k, f := range in.fields() {
			if args[k] == argFloat {
				*f = fix(*f)
			}
		}
	}
	t.Code = code
	t.layout()
	for _, l := range c.inner {
		if vl, ok := vectorize(t.Code[l.body:l.next], l.idx); ok {
			// The constants' splats first.
			sort.SliceStable(vl.Splats, func(i, j int) bool {
				return vl.Splats[i].Slot < nconst && vl.Splats[j].Slot >= nconst
			})
			for _, s := range vl.Splats {
				if s.Slot < nconst {
					vl.ConstSplats++
				}
			}
			if err := vl.check(); err != nil {
				panic(err) // Compile's recover reports it
			}
			vl.checked = true
			t.Code[l.jge] = Instr{Op: VLOOP, Dst: int32(len(t.VLoops)), A: t.Code[l.jge].A, B: t.Code[l.jge].B, C: t.Code[l.jge].C}
			t.VLoops = append(t.VLoops, vl)
		}
	}
	t.NumSlots = int(nconst + c.nslots)
	t.NumInts = int(c.nints)
	t.Result = fix(c.slotOf(p.Result))
	for _, vl := range t.VLoops {
		vl.Code, vl.Splats = slices.Clone(vl.Code), slices.Clone(vl.Splats)
		t.blocks = append(t.blocks, vl)
	}
	for k := range t.VLoops {
		t.VLoops[k].checked = false // a hand may change them
	}
	t.prepare()
	return t, nil
}

// checkSizes reports the sizes that the arguments cannot determine: those
// of no data dimension, when more than one of them is a dimension of the
// variables (len(x) determines one), or when one is in no input at all.
func checkSizes(p *simplify.Program) error {
	byData := make([]bool, len(p.Sizes))
	inVars := make([]bool, len(p.Sizes))
	for _, in := range p.Inputs {
		for _, d := range in.Dims {
			if d.Size < 0 || d.Size >= len(p.Sizes) {
				continue
			}
			switch in.Kind {
			case simplify.InData:
				byData[d.Size] = true
			case simplify.InVar:
				inVars[d.Size] = true
			}
		}
	}
	var open []string
	for k, name := range p.Sizes {
		switch {
		case byData[k]:
		case inVars[k]:
			open = append(open, name)
		default:
			return fmt.Errorf("fn %s: no argument determines size %s", p.Name, name)
		}
	}
	if len(open) > 1 {
		sort.Strings(open)
		return fmt.Errorf("fn %s: sizes %s are ambiguous: no data parameter has them, and len(x) determines only one size; give one of them to a data parameter",
			p.Name, strings.Join(open, " and "))
	}
	return nil
}

// boundChecks converts fn's run-time bound checks to the sizes of a
// program.
func boundChecks(fn *lang.Fn, sizes []string) ([]BoundCheck, error) {
	conv := func(a lang.Affine) (simplify.Affine, error) {
		out := simplify.Affine{Const: a.Const}
		for _, term := range a.Terms {
			s, ok := term.Sym.(*lang.Size)
			if !ok {
				return out, fmt.Errorf("fn %s: a bound check uses %s, which is not a size", fn.Name(), term.Sym.Name())
			}
			k := -1
			for i, name := range sizes {
				if name == s.Name() {
					k = i
				}
			}
			if k < 0 {
				return out, fmt.Errorf("fn %s: a bound check uses size %s, which the program lacks", fn.Name(), s.Name())
			}
			out.Terms = append(out.Terms, simplify.Term{Coef: term.Coef, Sym: simplify.Sym{Kind: simplify.SymSize, Num: k}})
		}
		return out, nil
	}
	var out []BoundCheck
	for _, c := range fn.Checks {
		need, err := conv(c.Need)
		if err != nil {
			return nil, err
		}
		bc := BoundCheck{Need: need, Msg: c.Msg}
		for _, g := range c.Guard {
			ga, err := conv(g)
			if err != nil {
				return nil, err
			}
			bc.Guard = append(bc.Guard, ga)
		}
		out = append(out, bc)
	}
	return out, nil
}

// compiler turns a program into instructions. Float slots are numbered
// during compilation with constants negative (-1-k for pool entry k) and
// temporaries from 0; Compile renumbers them, constants first.
type compiler struct {
	p *simplify.Program
	t *Tape

	consts    []float64
	constSlot map[uint64]int32

	// Liveness: per temporary, whether it is an accumulator (a SAccum
	// target) and the position of its last use (after loop extension).
	isAcc  []bool
	isCon  []bool
	last   []int
	dies   map[int][]int // position → temporaries whose last use it is
	pos    int
	slot   []int32 // per temporary, its slot (valid while live)
	has    []bool
	free   []int32 // free temporary slots, reused last-in first-out
	nslots int32
	nints  int32

	inner   []innerLoop    // the innermost loops of the flattened code
	lastMul mulSite        // the last MUL emitted, for fuseMul
	blocks  []*block       // the open blocks, outermost first
	byLevel map[int]*block // the open blocks by loop level
}

// block is the code of one loop level: integer instructions hoisted to
// its start, then its float instructions and nested loops in order.
type block struct {
	level int
	idx   int32 // the loop index register (-1 at level 0)
	pre   []Instr
	items []item
	memo  map[string]int32
}

type item struct {
	in   Instr
	loop *loop
}

type loop struct {
	idx, lo, hi int32
	body        *block
}

// analyze numbers the statements as stmts will visit them (each
// statement one position, and each loop one more position after its
// body) and computes every temporary's last use: a use inside a loop
// that does not define the temporary lasts until after that loop, since
// the next iteration reads it again.
func (c *compiler) analyze() {
	n := c.p.Temps
	c.isAcc = make([]bool, n)
	c.isCon = make([]bool, n)
	c.last = make([]int, n)
	c.slot = make([]int32, n)
	c.has = make([]bool, n)
	defDepth := make([]int, n)
	for i := range c.last {
		c.last[i] = -1
	}
	type pend struct {
		t   int
		end *int
	}
	var pending []pend
	var loops []*int // the end positions of the open loops, outermost first
	pos := 0
	use := func(t int) {
		if d := defDepth[t]; d < len(loops) {
			pending = append(pending, pend{t, loops[d]})
			return
		}
		c.last[t] = max(c.last[t], pos)
	}
	var walk func(ss []simplify.Stmt)
	walk = func(ss []simplify.Stmt) {
		for i := range ss {
			s := &ss[i]
			pos++
			switch s.Kind {
			case simplify.SConst, simplify.SLoad, simplify.SAffine, simplify.SOp:
				for _, a := range s.Args {
					use(a)
				}
				defDepth[s.Dst] = len(loops)
				if s.Kind == simplify.SConst {
					c.isCon[s.Dst] = true
				}
			case simplify.SAccum:
				c.isAcc[s.Dst] = true
				use(s.Dst)
				use(s.Args[0])
			case simplify.SOut:
				use(s.Args[0])
			case simplify.SLoop:
				end := new(int)
				loops = append(loops, end)
				walk(s.Loop.Body)
				pos++
				*end = pos
				loops = loops[:len(loops)-1]
			}
		}
	}
	walk(c.p.Body)
	for _, p := range pending {
		c.last[p.t] = max(c.last[p.t], *p.end)
	}
	if r := c.p.Result; r >= 0 && r < n {
		c.last[r] = math.MaxInt
	}
	c.dies = map[int][]int{}
	for t, l := range c.last {
		if l >= 0 && l != math.MaxInt {
			c.dies[l] = append(c.dies[l], t)
		}
	}
}

// constant returns the (negative, see compiler) slot of v in the pool.
func (c *compiler) constant(v float64) int32 {
	bits := math.Float64bits(v)
	if s, ok := c.constSlot[bits]; ok {
		return s
	}
	c.consts = append(c.consts, v)
	s := -int32(len(c.consts))
	c.constSlot[bits] = s
	return s
}

// slotOf returns the slot of temporary t, which must be defined.
func (c *compiler) slotOf(t int) int32 {
	if t < 0 || t >= len(c.has) || !c.has[t] {
		panic(fmt.Sprintf("temporary t%d used before it is defined", t))
	}
	return c.slot[t]
}

// define gives temporary t a free slot.
func (c *compiler) define(t int) int32 {
	var s int32
	if k := len(c.free); k > 0 {
		s = c.free[k-1]
		c.free = c.free[:k-1]
	} else {
		s = c.nslots
		c.nslots++
	}
	c.slot[t], c.has[t] = s, true
	if c.last[t] < 0 {
		// Never read: its slot is free again at once (the value is still
		// written, into a slot nobody reads).
		c.release(t)
		c.has[t] = true
	}
	return s
}

func (c *compiler) release(t int) {
	if c.has[t] && c.slot[t] >= 0 {
		c.free = append(c.free, c.slot[t])
	}
	c.has[t] = false
}

// retire frees the slots of the temporaries whose last use is at the
// current position.
func (c *compiler) retire() {
	for _, t := range c.dies[c.pos] {
		c.release(t)
	}
}

func (c *compiler) open(level int, idx int32) *block {
	b := &block{level: level, idx: idx, memo: map[string]int32{}}
	c.blocks = append(c.blocks, b)
	if c.byLevel == nil {
		c.byLevel = map[int]*block{}
	}
	c.byLevel[level] = b
	return b
}

func (c *compiler) close() {
	delete(c.byLevel, c.cur().level)
	c.blocks = c.blocks[:len(c.blocks)-1]
}

func (c *compiler) cur() *block { return c.blocks[len(c.blocks)-1] }

// prevInstr returns the last instruction of the current block, nil when
// there is none or the block ends with a loop.
func (c *compiler) prevInstr() *Instr {
	b := c.cur()
	if len(b.items) == 0 || b.items[len(b.items)-1].loop != nil {
		return nil
	}
	return &b.items[len(b.items)-1].in
}

func (c *compiler) emit(in Instr) {
	b := c.cur()
	b.items = append(b.items, item{in: in})
}

// emitPre appends an integer instruction to block b's start, remembered
// under key.
func (c *compiler) emitPre(b *block, key string, in Instr) int32 {
	b.pre = append(b.pre, in)
	b.memo[key] = in.Dst
	return in.Dst
}

func (c *compiler) newInt() int32 {
	c.nints++
	return c.nints - 1
}

// stmts compiles statements into the current block.
func (c *compiler) stmts(ss []simplify.Stmt) {
	for i := range ss {
		s := &ss[i]
		c.pos++
		switch s.Kind {
		case simplify.SConst:
			if !c.isAcc[s.Dst] {
				c.slot[s.Dst], c.has[s.Dst] = c.constant(s.Value), true
				c.retire()
				continue
			}
			c.retire()
			d := c.define(s.Dst)
			if s.Value == 0 && !math.Signbit(s.Value) {
				c.emit(Instr{Op: ZERO, Dst: d})
			} else {
				c.emit(Instr{Op: MOVE, Dst: d, A: c.constant(s.Value)})
			}
		case simplify.SLoad:
			in := c.p.Inputs[s.In]
			op := LOADX
			switch in.Kind {
			case simplify.InData:
				op = LOADD
			case simplify.InDir:
				op = LOADV
			}
			off, imm := c.offset(s.In, s.Index)
			c.retire()
			dst := c.define(s.Dst)
			if prev := c.prevInstr(); op == LOADX && prev != nil && prev.Op == LOADX && prev.A == off {
				// The second of two loads at one register: LOADX2.
				prev.Op, prev.C, prev.D = LOADX2, dst, imm
				continue
			}
			c.emit(Instr{Op: op, Dst: dst, A: off, B: imm})
		case simplify.SAffine:
			if len(s.Index) != 1 {
				panic(fmt.Sprintf("affine statement with %d forms", len(s.Index)))
			}
			r := c.ipoly(c.affinePoly(s.Index[0]))
			c.retire()
			c.emit(Instr{Op: ITOF, Dst: c.define(s.Dst), A: r})
		case simplify.SOp:
			op, ok := opcodeOf[s.Op]
			if !ok {
				panic(fmt.Sprintf("operation %s has no opcode", s.Op))
			}
			in := Instr{Op: op}
			args := [3]*int32{&in.A, &in.B, &in.C}
			if len(s.Args) > 3 {
				panic(fmt.Sprintf("operation %s with %d operands", s.Op, len(s.Args)))
			}
			for k, a := range s.Args {
				*args[k] = c.slotOf(a)
			}
			fused := c.fuseMul(s, &in)
			c.retire()
			in.Dst = c.define(s.Dst)
			if fused {
				b := c.cur()
				b.items[len(b.items)-1].in = in
			} else {
				c.emit(in)
			}
			if in.Op == MUL || in.Op == MUL3 {
				c.lastMul = mulSite{temp: s.Dst, pos: c.pos, block: c.cur(), item: len(c.cur().items) - 1}
			}
		case simplify.SAccum:
			d, a := c.slotOf(s.Dst), c.slotOf(s.Args[0])
			c.emit(Instr{Op: ACC, Dst: d, A: a})
			c.retire()
		case simplify.SOut:
			if c.p.Inputs[s.In].Kind != simplify.InVar {
				panic(fmt.Sprintf("out to input %s, which is not a variable", c.p.Inputs[s.In].Name))
			}
			off, imm := c.offset(s.In, s.Index)
			src := c.slotOf(s.Args[0])
			if prev := c.prevInstr(); prev != nil && prev.Op == OUT && prev.A == off {
				// The second of two stores at one register: OUT2.
				prev.Op, prev.Dst, prev.D = OUT2, src, imm
			} else {
				c.emit(Instr{Op: OUT, A: off, B: src, C: imm})
			}
			c.retire()
		case simplify.SLoop:
			sl := s.Loop
			if sl.Level <= c.cur().level {
				panic(fmt.Sprintf("loop of level %d inside level %d", sl.Level, c.cur().level))
			}
			lo := c.ipoly(c.affinePoly(sl.Lo))
			hi := c.ipoly(c.affinePoly(sl.Hi))
			l := &loop{idx: c.newInt(), lo: lo, hi: hi}
			outer := c.cur()
			l.body = c.open(sl.Level, l.idx)
			c.retire()
			c.stmts(sl.Body)
			c.close()
			outer.items = append(outer.items, item{loop: l})
			c.pos++
			c.retire()
		default:
			panic(fmt.Sprintf("unknown statement kind %d", s.Kind))
		}
	}
}

// flatten appends the instructions of b to code: its integer
// instructions, then its items, each loop as
//
//	imove i, lo
//	jge   i, hi, END
//	BODY: ... body ...
//	next  i, hi, BODY
//	END:
func (c *compiler) flatten(b *block, code []Instr) []Instr {
	code = append(code, b.pre...)
	for i := 0; i < len(b.items); i++ {
		it := b.items[i]
		if it.loop == nil {
			if i+1 < len(b.items) && b.items[i+1].loop == nil {
				if in, ok := fusePair(it.in, b.items[i+1].in); ok {
					code = append(code, in)
					i++
					continue
				}
			}
			code = append(code, it.in)
			continue
		}
		l := it.loop
		code = append(code, Instr{Op: IMOVE, Dst: l.idx, A: l.lo})
		jge := len(code)
		code = append(code, Instr{Op: JGE, A: l.idx, B: l.hi})
		body := len(code)
		code = c.flatten(l.body, code)
		if !l.body.hasLoop() {
			c.inner = append(c.inner, innerLoop{jge: jge, body: body, next: len(code), idx: l.idx})
		}
		code = append(code, Instr{Op: NEXT, A: l.idx, B: l.hi, C: int32(body)})
		code[jge].C = int32(len(code))
	}
	return code
}

// Integer expressions. An offset or a bound is a polynomial: a constant
// plus terms coef * (product of level-0 registers: sizes and input
// offsets) * (at most one loop index). It is computed in levels: the
// terms without a loop index once on entry, then each loop index's terms
// at the start of that loop's body, added to the partial sum of the
// levels outside, so that an offset costs one instruction per iteration.

type pterm struct {
	coef  int
	regs  []int32 // level-0 registers multiplied, sorted
	level int     // the loop index multiplied, 0 for none
}

type poly struct {
	k     int
	terms []pterm
}

func (t pterm) key() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(t.coef))
	for _, r := range t.regs {
		b.WriteString("*r" + strconv.Itoa(int(r)))
	}
	if t.level > 0 {
		b.WriteString("*i" + strconv.Itoa(t.level))
	}
	return b.String()
}

func (t pterm) factors() string {
	k := t
	k.coef = 1
	return k.key()
}

// add returns p with the term added, combining like terms.
func (p poly) add(t pterm) poly {
	if t.coef == 0 {
		return p
	}
	f := t.factors()
	out := poly{k: p.k}
	found := false
	for _, u := range p.terms {
		if !found && u.factors() == f {
			u.coef += t.coef
			found = true
			if u.coef == 0 {
				continue
			}
		}
		out.terms = append(out.terms, u)
	}
	if !found {
		out.terms = append(out.terms, t)
	}
	return out
}

// scale returns p times coef and the registers regs.
func (p poly) scale(coef int, regs []int32) poly {
	out := poly{k: p.k * coef}
	if len(regs) > 0 && p.k != 0 {
		out = out.add(pterm{coef: p.k * coef, regs: regs})
		out.k = 0
	}
	for _, t := range p.terms {
		rs := append(append([]int32(nil), t.regs...), regs...)
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		out = out.add(pterm{coef: t.coef * coef, regs: rs, level: t.level})
	}
	return out
}

func (p poly) plus(q poly) poly {
	out := poly{k: p.k + q.k, terms: append([]pterm(nil), p.terms...)}
	for _, t := range q.terms {
		out = out.add(t)
	}
	return out
}

func (c *compiler) affinePoly(a simplify.Affine) poly {
	p := poly{k: a.Const}
	for _, t := range a.Terms {
		switch t.Sym.Kind {
		case simplify.SymSize:
			p = p.add(pterm{coef: t.Coef, regs: []int32{int32(t.Sym.Num)}})
		case simplify.SymIndex:
			p = p.add(pterm{coef: t.Coef, level: t.Sym.Num})
		}
	}
	return p
}

// offset returns the position of input k's element at idx, the input's
// offset plus the row-major index, as a register plus an immediate: the
// constant part of the position, so that x[i] and x[i+1] share a register.
func (c *compiler) offset(k int, idx []simplify.Affine) (int32, int32) {
	in := c.p.Inputs[k]
	if len(idx) != len(in.Dims) {
		panic(fmt.Sprintf("input %s has %d dimensions, indexed with %d", in.Name, len(in.Dims), len(idx)))
	}
	p := poly{}.add(pterm{coef: 1, regs: []int32{c.t.regBase(k)}})
	for j, a := range idx {
		coef := 1
		var regs []int32
		for _, d := range in.Dims[j+1:] {
			if d.Size >= 0 {
				regs = append(regs, int32(d.Size))
			} else {
				coef *= d.Fixed
			}
		}
		p = p.plus(c.affinePoly(a).scale(coef, regs))
	}
	imm := p.k
	if imm != int(int32(imm)) {
		panic(fmt.Sprintf("offset %d out of range", imm))
	}
	p.k = 0
	return c.ipoly(p), int32(imm)
}

// ipoly returns a register holding p, emitting what is not computed yet.
func (c *compiler) ipoly(p poly) int32 {
	sort.SliceStable(p.terms, func(i, j int) bool {
		if p.terms[i].level != p.terms[j].level {
			return p.terms[i].level < p.terms[j].level
		}
		return p.terms[i].key() < p.terms[j].key()
	})
	top := c.blocks[0]
	// The constant and the level-0 terms.
	acc := int32(-1)
	key := "k" + strconv.Itoa(p.k)
	if p.k != 0 {
		acc = c.iconst(p.k)
	}
	i := 0
	for ; i < len(p.terms) && p.terms[i].level == 0; i++ {
		t := p.terms[i]
		r := c.iprod(t.regs)
		key += "+" + t.key()
		if acc < 0 && t.coef == 1 {
			acc = r
			continue
		}
		if m, ok := top.memo[key]; ok {
			acc = m
			continue
		}
		base := acc
		if base < 0 {
			base = c.t.regZero()
		}
		acc = c.emitPre(top, key, Instr{Op: IMADDK, Dst: c.newInt(), A: base, B: r, C: int32(t.coef)})
	}
	if acc < 0 {
		acc = c.t.regZero()
	}
	// The loop-index terms, each at its loop's level.
	for ; i < len(p.terms); i++ {
		t := p.terms[i]
		b := c.byLevel[t.level]
		if b == nil {
			panic(fmt.Sprintf("index i%d used outside its loop", t.level))
		}
		key += "+" + t.key()
		if m, ok := b.memo[key]; ok {
			acc = m
			continue
		}
		if len(t.regs) == 0 {
			acc = c.emitPre(b, key, Instr{Op: IMADDK, Dst: c.newInt(), A: acc, B: b.idx, C: int32(t.coef)})
			continue
		}
		m := c.iprod(t.regs)
		if t.coef != 1 {
			mk := "m" + t.factors() + "*" + strconv.Itoa(t.coef)
			if r, ok := top.memo[mk]; ok {
				m = r
			} else {
				m = c.emitPre(top, mk, Instr{Op: IMADDK, Dst: c.newInt(), A: c.t.regZero(), B: m, C: int32(t.coef)})
			}
		}
		acc = c.emitPre(b, key, Instr{Op: IMADD, Dst: c.newInt(), A: acc, B: b.idx, C: m})
	}
	return acc
}

// iconst returns a register holding k, set on entry.
func (c *compiler) iconst(k int) int32 {
	if k != int(int32(k)) {
		panic(fmt.Sprintf("integer constant %d out of range", k))
	}
	key := "const " + strconv.Itoa(k)
	top := c.blocks[0]
	if r, ok := top.memo[key]; ok {
		return r
	}
	return c.emitPre(top, key, Instr{Op: ICONST, Dst: c.newInt(), A: int32(k)})
}

// iprod returns a register holding the product of level-0 registers.
func (c *compiler) iprod(regs []int32) int32 {
	switch len(regs) {
	case 0:
		return c.iconst(1)
	case 1:
		return regs[0]
	}
	top := c.blocks[0]
	key := "prod"
	for _, r := range regs {
		key += " r" + strconv.Itoa(int(r))
	}
	if r, ok := top.memo[key]; ok {
		return r
	}
	left := c.iprod(regs[:len(regs)-1])
	return c.emitPre(top, key, Instr{Op: IMUL, Dst: c.newInt(), A: left, B: regs[len(regs)-1]})
}

// mulSite is where a MUL was emitted.
type mulSite struct {
	temp, pos int
	block     *block
	item      int
}

// fuseMul turns the ADD, SUB, NEG or MUL in of statement s into MULADD,
// MULSUB, NMULADD, NMUL or MUL3 when one operand is the product of the
// statement just before (and an ADD or SUB of a MUL3's product into
// MUL3ADD, MUL3SUB or NMUL3ADD),
// used nowhere else: the product's instruction is then replaced by in.
// The fused instruction rounds the product, then the sum, as the pair did.
func (c *compiler) fuseMul(s *simplify.Stmt, in *Instr) bool {
	if in.Op != ADD && in.Op != SUB && in.Op != NEG && in.Op != MUL {
		return false
	}
	lm := c.lastMul
	b := c.cur()
	if lm.block != b || lm.pos != c.pos-1 || lm.item != len(b.items)-1 || b.items[lm.item].loop != nil ||
		c.last[lm.temp] != c.pos || (len(s.Args) == 2 && s.Args[0] == s.Args[1]) {
		return false
	}
	mul := b.items[lm.item].in
	if mul.Op == MUL3 {
		// A product of three: only ADD and SUB fuse with it.
		switch {
		case in.Op == ADD && s.Args[0] == lm.temp:
			*in = Instr{Op: MUL3ADD, A: mul.A, B: mul.B, C: mul.C, D: in.B}
		case in.Op == ADD && s.Args[1] == lm.temp:
			*in = Instr{Op: MUL3ADD, A: mul.A, B: mul.B, C: mul.C, D: in.A}
		case in.Op == SUB && s.Args[0] == lm.temp:
			*in = Instr{Op: MUL3SUB, A: mul.A, B: mul.B, C: mul.C, D: in.B}
		case in.Op == SUB && s.Args[1] == lm.temp:
			*in = Instr{Op: NMUL3ADD, A: mul.A, B: mul.B, C: mul.C, D: in.A}
		default:
			return false
		}
		return true
	}
	switch {
	case in.Op == NEG && s.Args[0] == lm.temp:
		*in = Instr{Op: NMUL, A: mul.A, B: mul.B}
	case in.Op == MUL && s.Args[0] == lm.temp:
		*in = Instr{Op: MUL3, A: mul.A, B: mul.B, C: in.B}
	case in.Op == MUL && s.Args[1] == lm.temp:
		*in = Instr{Op: MUL3, A: mul.A, B: mul.B, C: in.A}
	case in.Op == NEG || in.Op == MUL:
		return false
	case s.Args[0] == lm.temp && in.Op == ADD:
		*in = Instr{Op: MULADD, A: mul.A, B: mul.B, C: in.B}
	case s.Args[1] == lm.temp && in.Op == ADD:
		*in = Instr{Op: MULADD, A: mul.A, B: mul.B, C: in.A}
	case s.Args[0] == lm.temp:
		*in = Instr{Op: MULSUB, A: mul.A, B: mul.B, C: in.B}
	case s.Args[1] == lm.temp:
		*in = Instr{Op: NMULADD, A: mul.A, B: mul.B, C: in.A}
	default:
		return false
	}
	return true
}

// fusePair returns the instruction that does what a and then b do, when
// there is one: a SUB whose difference b squares (SUBSQ, SUBSQADD).
// Jumps never land between two items of a block, so the pair runs as
// one.
func fusePair(a, b Instr) (Instr, bool) {
	if a.Op != SUB || b.A != a.Dst || b.B != a.Dst {
		return Instr{}, false
	}
	switch b.Op {
	case MUL:
		return Instr{Op: SUBSQ, Dst: b.Dst, A: a.A, B: a.B, D: a.Dst}, true
	case MULADD:
		return Instr{Op: SUBSQADD, Dst: b.Dst, A: a.A, B: a.B, C: b.C, D: a.Dst}, true
	}
	return Instr{}, false
}

// unpair returns code with each instruction that stands for two (LOADX2,
// OUT2, SUBSQ, SUBSQADD) split into them.
func unpair(code []Instr) []Instr {
	out := make([]Instr, 0, len(code))
	for _, in := range code {
		switch in.Op {
		case SUBSQ:
			out = append(out, Instr{Op: SUB, Dst: in.D, A: in.A, B: in.B}, Instr{Op: MUL, Dst: in.Dst, A: in.D, B: in.D})
		case SUBSQADD:
			out = append(out, Instr{Op: SUB, Dst: in.D, A: in.A, B: in.B}, Instr{Op: MULADD, Dst: in.Dst, A: in.D, B: in.D, C: in.C})
		case LOADX2:
			out = append(out, Instr{Op: LOADX, Dst: in.Dst, A: in.A, B: in.B}, Instr{Op: LOADX, Dst: in.C, A: in.A, B: in.D})
		case OUT2:
			out = append(out, Instr{Op: OUT, A: in.A, B: in.B, C: in.C}, Instr{Op: OUT, A: in.A, B: in.Dst, C: in.D})
		default:
			out = append(out, in)
		}
	}
	return out
}

// innerLoop locates an innermost loop in the flattened code: its JGE, the
// first instruction of its body and its NEXT.
type innerLoop struct {
	jge, body, next int
	idx             int32
}

func (b *block) hasLoop() bool {
	for _, it := range b.items {
		if it.loop != nil {
			return true
		}
	}
	return false
}

// vectorize compiles the body of an innermost loop with index register
// idx to its block form, or reports false when the body does something
// the block form cannot: an integer instruction other than an offset
// I(A) + idx*step, a value carried from one iteration to the next.
func vectorize(body []Instr, idx int32) (VLoop, bool) {
	body = unpair(body)
	type offset struct {
		base, step, stepReg int32
	}
	offsets := map[int32]offset{}
	written := map[int32]bool{} // float slots written by the body (not ACC)
	accs := map[int32]bool{}    // float slots accumulated into
	read := map[int32]bool{}    // float slots read before the body writes them
	for _, in := range body {
		switch in.Op {
		case IMADDK, IMADD:
			if in.B != idx {
				return VLoop{}, false
			}
			if _, ok := offsets[in.A]; ok {
				return VLoop{}, false
			}
			o := offset{base: in.A, step: in.C, stepReg: -1}
			if in.Op == IMADD {
				if _, ok := offsets[in.C]; ok {
					return VLoop{}, false
				}
				o = offset{base: in.A, stepReg: in.C}
			}
			offsets[in.Dst] = o
			continue
		case NOP:
			continue
		case JGE, NEXT, VLOOP, ICONST, IMOVE, IADD, IMUL:
			return VLoop{}, false
		}
		kinds := opcodeArgs[in.Op]
		for k, v := range in.operands() {
			if kinds[k] != argFloat || (k == 0 && in.Op != OUT) {
				continue
			}
			if !written[v] {
				read[v] = true
			}
		}
		if kinds[0] == argFloat {
			if in.Op == ACC {
				accs[in.Dst] = true
			} else {
				written[in.Dst] = true
			}
		}
	}
	for s := range accs {
		if written[s] || read[s] {
			return VLoop{}, false // the sum is read in the loop, or a slot is both
		}
	}
	for s := range read {
		if written[s] {
			return VLoop{}, false // read before written: carried between iterations
		}
	}
	var vl VLoop
	vecs := map[int32]int32{}
	vec := func(s int32) int32 {
		if v, ok := vecs[s]; ok {
			return v
		}
		v := int32(len(vecs))
		vecs[s] = v
		if !written[s] {
			vl.Splats = append(vl.Splats, Splat{Vec: v, Slot: s})
		}
		return v
	}
	addr := func(r int32) (int32, int32, int32) {
		if o, ok := offsets[r]; ok {
			return o.base, o.step, o.stepReg
		}
		return r, 0, -1 // the same element in every lane
	}
	for _, in := range body {
		switch in.Op {
		case IMADDK, IMADD, NOP:
			continue
		case LOADX, LOADV, LOADD:
			a, b, c := addr(in.A)
			vl.Code = append(vl.Code, VInstr{Op: in.Op, Dst: vec(in.Dst), A: a, B: b, C: c, Off: in.B})
		case ITOF:
			a, b, c := addr(in.A)
			vl.Code = append(vl.Code, VInstr{Op: ITOF, Dst: vec(in.Dst), A: a, B: b, C: c})
		case OUT:
			a, b, c := addr(in.A)
			vl.Code = append(vl.Code, VInstr{Op: OUT, Dst: vec(in.B), A: a, B: b, C: c, Off: in.C})
		case ACC:
			vl.Code = append(vl.Code, VInstr{Op: ACC, Dst: in.Dst, A: vec(in.A)})
		default:
			out := VInstr{Op: in.Op}
			kinds := opcodeArgs[in.Op]
			fields := [5]*int32{&out.Dst, &out.A, &out.B, &out.C, &out.D}
			for k, v := range in.operands() {
				switch kinds[k] {
				case argFloat:
					*fields[k] = vec(v)
				case argNone:
				default:
					return VLoop{}, false
				}
			}
			vl.Code = append(vl.Code, out)
		}
	}
	vl.NumVecs = len(vecs)
	return vl, true
}
