package codegen

import (
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"github.com/gradc/gradc/simplify"
)

// Machine runs tapes. It owns the work buffers (float slots, integer
// registers, the copied data), grown on first use and reused after, so
// that a run allocates nothing. A Machine is not safe for concurrent use:
// give each goroutine its own; the tapes themselves are shared freely.
type Machine struct {
	mem   []float64           // float slots: the constant pool, then temporaries
	ints  []int               // integer registers: sizes, input offsets, then the rest
	dat   []float64           // the data, row-major, one input after another
	known []bool              // per size, whether bind has determined it
	dir   []float64           // the unit direction of Hess
	vec   [][VecWidth]float64 // vector registers of the block loops
	block blockState          // the state of the block loop running

	// bound is the tape of the last successful bind without data, and
	// boundNX its len(x): a run of the same tape at the same len(x)
	// without data finds the sizes, the offsets and the constants in
	// place and skips bind.
	bound   *Tape
	boundNX int

	// splatted is the block loop whose constant splats the vector
	// registers hold, in the first splatLanes lanes.
	splatted   *VLoop
	splatLanes int

	// Scalar, when set, runs every loop one iteration at a time, never
	// in blocks (VLOOP acts as JGE): for tests and measurements.
	Scalar bool
	// minBlock, when not 0, replaces the constant minBlock: tests set it
	// to 1, so that the block form runs however short the loop.
	minBlock int
}

// NewMachine returns a machine with empty buffers.
func NewMachine() *Machine { return &Machine{} }

// Run runs t at the variables packed in x with the given data, and
// returns the value. For a gradient tape out receives the gradient, for
// a Hessian-vector tape H·v (v the direction, packed like x); out is
// overwritten and must have len(x) (a value tape leaves it alone: pass
// nil; x and out must not overlap). data
// are one value per data parameter in declaration order: a float64 for a
// scalar, a []float64 for a vector, a [][]float64 of rows for a matrix.
// Errors name the fn, the argument and the lengths.
func (m *Machine) Run(t *Tape, out, x, v []float64, data ...any) (float64, error) {
	// The common case, a small gradient or value tape run again at the
	// same len(x) without data, takes a straight path with one call.
	if t.fast != nil && len(data) == 0 && m.bound == t && m.boundNX == len(x) &&
		(t.Kind == simplify.KindValue || t.Kind == simplify.KindGradient && len(out) == len(x)) {
		if t.Kind == simplify.KindGradient && !t.storesOut {
			clear(out) // as run does; a value tape leaves out alone
		}
		var io ioBufs // assigned field by field: a composite literal costs a copy
		io.x, io.out, io.d = x, out, m.dat
		base := unsafe.Pointer(&t.fast[0])
		f := (*[smallRegs]float64)(m.mem)
		if p := runFast(base, base, f, (*[smallRegs]int)(m.ints), &io); (*Instr)(p).Op != opEnd {
			m.execFastSteps(t, p, &io)
		}
		return f[t.Result], nil
	}
	return m.run(t, out, x, v, data)
}

// run is Run off the straight path.
func (m *Machine) run(t *Tape, out, x, v []float64, data []any) (float64, error) {
	if err := m.bind(t, x, data); err != nil {
		return math.NaN(), err
	}
	if t.Kind != simplify.KindValue {
		if len(out) != len(x) || (t.Kind != simplify.KindGradient && len(v) != len(x)) {
			return math.NaN(), lengthError(t, out, x, v)
		}
		if !t.storesOut {
			clear(out)
		}
	}
	return m.exec(t, x, v, out), nil
}

// lengthError reports the output or direction of the wrong length.
func lengthError(t *Tape, out, x, v []float64) error {
	if len(out) != len(x) {
		return fmt.Errorf("fn %s: len(out) = %d, want len(x) = %d", t.Name, len(out), len(x))
	}
	return fmt.Errorf("fn %s: len(v) = %d, want len(x) = %d", t.Name, len(v), len(x))
}

// Hessian runs the Hessian-vector tape t once per column: hess, of
// len(x)*len(x), receives the Hessian row-major. It returns the value.
func (m *Machine) Hessian(t *Tape, hess, x []float64, data ...any) (float64, error) {
	if t.Kind != simplify.KindHessVec && t.Kind != simplify.KindHessian {
		return math.NaN(), fmt.Errorf("fn %s: a %s tape cannot compute a Hessian", t.Name, t.Kind)
	}
	if err := m.bind(t, x, data); err != nil {
		return math.NaN(), err
	}
	n := len(x)
	if len(hess) != n*n {
		return math.NaN(), fmt.Errorf("fn %s: len(hess) = %d, want len(x)*len(x) = %d", t.Name, len(hess), n*n)
	}
	if cap(m.dir) < n {
		m.dir = make([]float64, n)
	}
	dir := m.dir[:n]
	clear(dir)
	val := math.NaN()
	for c := 0; c < n; c++ {
		dir[c] = 1
		col := hess[c*n : (c+1)*n]
		clear(col)
		val = m.exec(t, x, dir, col)
		dir[c] = 0
	}
	if n == 0 {
		val = m.exec(t, x, dir, nil)
	}
	return val, nil
}

// Sizes returns the sizes that the last Run or Hessian of t determined,
// parallel to the tape's Sizes (meaningful after a successful run; nil
// before the first). The slice is the machine's: it changes with the
// next run.
func (m *Machine) Sizes(t *Tape) []int {
	if len(m.ints) < len(t.Sizes) {
		return nil
	}
	return m.ints[:len(t.Sizes)]
}

func (m *Machine) grow(t *Tape) {
	ns, ni := t.NumSlots, t.NumInts
	if t.small() {
		ns, ni = smallRegs, smallRegs
	}
	if len(m.mem) < ns {
		m.mem = make([]float64, ns)
	}
	if len(m.ints) < ni {
		m.ints = make([]int, ni)
	}
	nv := 0
	for k := range t.VLoops {
		nv = max(nv, t.VLoops[k].NumVecs)
	}
	for k := range t.blocks {
		nv = max(nv, t.blocks[k].NumVecs)
	}
	if len(m.vec) < nv {
		m.vec = make([][VecWidth]float64, nv)
		m.splatted = nil
	}
	if len(m.known) < len(t.Sizes) {
		m.known = make([]bool, len(t.Sizes))
	}
}

// dimLen returns the length of dimension d with the current sizes.
func (m *Machine) dimLen(d simplify.Dim) int {
	if d.Size >= 0 {
		return m.ints[d.Size]
	}
	return d.Fixed
}

// inputLen returns the number of elements of input in.
func (m *Machine) inputLen(in *simplify.Input) int {
	n := 1
	for _, d := range in.Dims {
		l := m.dimLen(d)
		if l > 0 && n > (1<<50)/l {
			return 1 << 50 // saturate: no real x is that long
		}
		n *= l
	}
	return n
}

// numVars returns len(x) for the current sizes.
func (m *Machine) numVars(t *Tape) int {
	n := 0
	for k := range t.Inputs {
		if in := &t.Inputs[k]; in.Kind == simplify.InVar {
			n += m.inputLen(in)
		}
	}
	return n
}

func dimName(t *Tape, in *simplify.Input, j int) string {
	if j == 0 {
		return "len(" + in.Name + ")"
	}
	return "len(" + in.Name + "[0])"
}

// setSize records size k = n, determined by what.
func (m *Machine) setSize(t *Tape, k, n int, in *simplify.Input, j int) error {
	if n <= 0 {
		return fmt.Errorf("fn %s: %s = %d gives size %s = %d; sizes must be positive", t.Name, dimName(t, in, j), n, t.Sizes[k], n)
	}
	if m.known[k] && m.ints[k] != n {
		return fmt.Errorf("fn %s: %s = %d, but size %s is %d", t.Name, dimName(t, in, j), n, t.Sizes[k], m.ints[k])
	}
	m.ints[k], m.known[k] = n, true
	return nil
}

// checkDim checks dimension j of data input in against length n.
func (m *Machine) checkDim(t *Tape, in *simplify.Input, j, n int) error {
	d := in.Dims[j]
	if d.Size < 0 {
		if n != d.Fixed {
			return fmt.Errorf("fn %s: %s = %d, want %d", t.Name, dimName(t, in, j), n, d.Fixed)
		}
		return nil
	}
	return m.setSize(t, d.Size, n, in, j)
}

// bind determines the sizes (from the data lengths first, then from
// len(x)), checks every length and bound, fills the input offsets and
// copies the data. It keeps no reference to x or data.
func (m *Machine) bind(t *Tape, x []float64, data []any) error {
	if len(data) == 0 && m.bound == t && m.boundNX == len(x) {
		return nil // nothing bind sets has changed since
	}
	m.bound = nil
	if err := m.bindSlow(t, x, data); err != nil {
		return err
	}
	if len(data) == 0 {
		m.bound, m.boundNX = t, len(x)
	}
	return nil
}

// bindSlow is bind without the cache.
func (m *Machine) bindSlow(t *Tape, x []float64, data []any) error {
	m.grow(t)
	copy(m.mem, t.Consts)
	if z := int(t.regZero()); z < len(m.ints) {
		m.ints[z] = 0 // no instruction writes it
	}
	if t.fixed != nil && len(data) == 0 {
		// No sizes, no data: the offsets are known since Compile.
		if len(x) != t.fixed.nx {
			return fmt.Errorf("fn %s: len(x) = %d, want %d (x packs %s)", t.Name, len(x), t.fixed.nx, packing(t))
		}
		copy(m.ints[len(t.Sizes):], t.fixed.bases)
		m.dat = m.dat[:0]
		return nil
	}
	ns := len(t.Sizes)
	clear(m.known[:ns])
	clear(m.ints[:ns])
	ndata := 0
	for k := range t.Inputs {
		in := &t.Inputs[k]
		if in.Kind != simplify.InData {
			continue
		}
		ndata++
		if in.Param >= len(data) {
			continue // reported below
		}
		switch len(in.Dims) {
		case 0:
			if _, ok := data[in.Param].(float64); !ok {
				return fmt.Errorf("fn %s: data %s is a scalar (float64), got %s", t.Name, in.Name, typeName(data[in.Param]))
			}
		case 1:
			vec, ok := data[in.Param].([]float64)
			if !ok {
				return fmt.Errorf("fn %s: data %s is a vector ([]float64), got %s", t.Name, in.Name, typeName(data[in.Param]))
			}
			if err := m.checkDim(t, in, 0, len(vec)); err != nil {
				return err
			}
		case 2:
			mat, ok := data[in.Param].([][]float64)
			if !ok {
				return fmt.Errorf("fn %s: data %s is a matrix ([][]float64 of rows), got %s", t.Name, in.Name, typeName(data[in.Param]))
			}
			if err := m.checkDim(t, in, 0, len(mat)); err != nil {
				return err
			}
			cols := 0
			if len(mat) > 0 {
				cols = len(mat[0])
			}
			for i, row := range mat {
				if len(row) != cols {
					return fmt.Errorf("fn %s: data %s is ragged: len(%s[%d]) = %d, len(%s[0]) = %d", t.Name, in.Name, in.Name, i, len(row), in.Name, cols)
				}
			}
			if err := m.checkDim(t, in, 1, cols); err != nil {
				return err
			}
		default:
			return fmt.Errorf("fn %s: data %s has rank %d", t.Name, in.Name, len(in.Dims))
		}
	}
	if ndata != len(data) {
		return fmt.Errorf("fn %s takes %d data arguments, got %d", t.Name, ndata, len(data))
	}
	if err := m.sizesFromX(t, len(x)); err != nil {
		return err
	}
	for _, c := range t.Checks {
		guarded := true
		for _, g := range c.Guard {
			if m.affine(g) <= 0 {
				guarded = false
			}
		}
		if guarded && m.affine(c.Need) < 0 {
			return fmt.Errorf("fn %s: %s", t.Name, c.Msg)
		}
	}
	// Offsets of the inputs, and the data.
	xoff, doff := 0, 0
	for k := range t.Inputs {
		in := &t.Inputs[k]
		switch in.Kind {
		case simplify.InVar:
			m.ints[t.regBase(k)] = xoff
			xoff += m.inputLen(in)
		case simplify.InData:
			m.ints[t.regBase(k)] = doff
			doff += m.inputLen(in)
		}
	}
	for k := range t.Inputs {
		in := &t.Inputs[k]
		if in.Kind != simplify.InDir {
			continue
		}
		for j := range t.Inputs {
			if v := &t.Inputs[j]; v.Kind == simplify.InVar && v.Param == in.Param {
				m.ints[t.regBase(k)] = m.ints[t.regBase(j)]
			}
		}
	}
	if cap(m.dat) < doff {
		m.dat = make([]float64, doff)
	}
	m.dat = m.dat[:doff]
	for k := range t.Inputs {
		in := &t.Inputs[k]
		if in.Kind != simplify.InData {
			continue
		}
		off := m.ints[t.regBase(k)]
		switch d := data[in.Param].(type) {
		case float64:
			m.dat[off] = d
		case []float64:
			copy(m.dat[off:], d)
		case [][]float64:
			for _, row := range d {
				off += copy(m.dat[off:], row)
			}
		}
	}
	return nil
}

// sizesFromX determines the sizes that the data left unknown from len(x):
// the packed length is increasing in each size, so one unknown size is
// found by bisection; two or more are ambiguous.
func (m *Machine) sizesFromX(t *Tape, n int) error {
	unknown := -1
	for k := range t.Inputs {
		in := &t.Inputs[k]
		if in.Kind != simplify.InVar {
			continue
		}
		for _, d := range in.Dims {
			if d.Size < 0 || m.known[d.Size] || d.Size == unknown {
				continue
			}
			if unknown >= 0 {
				return fmt.Errorf("fn %s: sizes %s and %s are ambiguous: len(x) = %d cannot determine them", t.Name, t.Sizes[unknown], t.Sizes[d.Size], n)
			}
			unknown = d.Size
		}
	}
	for k := range t.Sizes {
		if !m.known[k] && k != unknown {
			return fmt.Errorf("fn %s: size %s is determined by no argument", t.Name, t.Sizes[k])
		}
	}
	if unknown >= 0 {
		try := func(v int) int {
			m.ints[unknown] = v
			return m.numVars(t)
		}
		// Most packings are linear in the size: solve, and check.
		f1, f2 := try(1), try(2)
		if a := f2 - f1; a > 0 && n >= f1 && (n-f1)%a == 0 {
			if s := 1 + (n-f1)/a; try(s) == n {
				m.known[unknown] = true
				return nil
			}
		}
		lo, hi := 1, 1
		for try(hi) < n && hi < 1<<40 {
			hi *= 2
		}
		for lo < hi {
			mid := lo + (hi-lo)/2
			if try(mid) < n {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if try(lo) != n {
			return fmt.Errorf("fn %s: len(x) = %d fits no size %s (x packs %s)", t.Name, n, t.Sizes[unknown], packing(t))
		}
		m.known[unknown] = true
	}
	if want := m.numVars(t); want != n {
		return fmt.Errorf("fn %s: len(x) = %d, want %d (x packs %s)", t.Name, n, want, packing(t))
	}
	return nil
}

// packing describes the layout of x: "w[d], b".
func packing(t *Tape) string {
	s := ""
	for k := range t.Inputs {
		in := &t.Inputs[k]
		if in.Kind != simplify.InVar {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += in.Name
		for j, d := range in.Dims {
			if j == 0 {
				s += "["
			} else {
				s += ", "
			}
			if d.Size >= 0 {
				s += t.Sizes[d.Size]
			} else {
				s += fmt.Sprint(d.Fixed)
			}
		}
		if len(in.Dims) > 0 {
			s += "]"
		}
	}
	if s == "" {
		return "no variables"
	}
	return s
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String() // unlike fmt's %T, does not leak v
}

// affine evaluates an affine form over the sizes.
func (m *Machine) affine(a simplify.Affine) int {
	v := a.Const
	for _, term := range a.Terms {
		if term.Sym.Kind == simplify.SymSize {
			v += term.Coef * m.ints[term.Sym.Num]
		}
	}
	return v
}

// smallRegs bounds the float slots and the integer registers of a small
// tape: the machine runs it over arrays of smallRegs indexed by the low
// byte of the operands, so that the Go compiler can drop the bounds
// checks (an index below smallRegs is its own low byte).
const smallRegs = 256

// blockState is what runBlock works on.
type blockState struct {
	vecs         unsafe.Pointer // the first vector register
	n, i0        int            // the lanes: indices i0 .. i0+n-1
	f            []float64
	r            []int
	x, v, d, out []float64
}

// minBlock is the fewest iterations a loop runs in blocks: below it, the
// block form's cost per instruction outweighs the scalar loop's per
// iteration (BenchmarkShortLoops).
const minBlock = 5

// vecBytes is the size of a vector register.
const vecBytes = VecWidth * 8

// ioBufs are the arrays a run reads and writes besides its slots: one
// pointer for runFast to hold rather than eight words.
type ioBufs struct{ x, v, d, out []float64 }

// small reports whether t's slots and registers are below smallRegs.
func (t *Tape) small() bool { return t.NumSlots <= smallRegs && t.NumInts <= smallRegs }

// exec is the interpreter loop: switch dispatch over the instruction
// slice. Everything it indexes has been checked by Compile and bind. The
// instructions that call no function (arithmetic, loads and stores,
// integers, jumps) run in runFast or runLarge (vm_run.go, generated),
// loops that make no call so that the Go compiler keeps their state in
// registers; each of the others (the builtins, VLOOP) returns to exec,
// which runs it with step and goes back. A prepared tape (Tape.prepare:
// small, and checked) runs its prepared code in runFast; any other tape
// runs in runLarge.
func (m *Machine) exec(t *Tape, x, v, out []float64) float64 {
	if t.fast != nil {
		return m.execFast(t, x, v, out)
	}
	code := t.Code
	f := m.mem[:t.NumSlots]
	r := m.ints[:t.NumInts]
	for pc := 0; pc < len(code); {
		pc = runLarge(code, pc, f, r, x, v, m.dat, out)
		if pc < len(code) {
			pc = m.step(t, code, pc, f, r, x, v, out)
		}
	}
	return f[t.Result]
}

// execFast is exec for a prepared tape, kept apart so that its frame is
// small: a small function's call costs little more than its
// instructions.
func (m *Machine) execFast(t *Tape, x, v, out []float64) float64 {
	var io ioBufs // assigned field by field: a composite literal costs a copy
	io.x, io.v, io.d, io.out = x, v, m.dat, out
	base := unsafe.Pointer(&t.fast[0])
	f := (*[smallRegs]float64)(m.mem)
	r := (*[smallRegs]int)(m.ints)
	if p := runFast(base, base, f, r, &io); (*Instr)(p).Op != opEnd {
		m.execFastSteps(t, p, &io)
	}
	return f[t.Result]
}

// execFastSteps goes on with execFast at p, an instruction that runFast
// leaves to step, until the end.
func (m *Machine) execFastSteps(t *Tape, p unsafe.Pointer, io *ioBufs) {
	base := unsafe.Pointer(&t.fast[0])
	f := (*[smallRegs]float64)(m.mem)
	r := (*[smallRegs]int)(m.ints)
	for (*Instr)(p).Op != opEnd {
		pc := int((uintptr(p) - uintptr(base)) / instrSize)
		pc = m.step(t, t.fast, pc, f[:], r[:], io.x, io.v, io.out)
		p = runFast(base, unsafe.Add(base, uintptr(pc)*instrSize), f, r, io)
	}
}

// step runs the instruction at code[pc] that runFast and runLarge leave:
// a builtin (a call) or a VLOOP. It returns the next pc. code is t.Code,
// or t.fast for a prepared tape (whose jumps prepare has checked).
func (m *Machine) step(t *Tape, code []Instr, pc int, f []float64, r []int, x, v, out []float64) int {
	in := &code[pc]
	if fn := unaryFuncs[in.Op]; fn != nil {
		f[in.Dst] = fn(f[in.A])
		return pc + 1
	}
	if fn := binaryFuncs[in.Op]; fn != nil {
		f[in.Dst] = fn(f[in.A], f[in.B])
		return pc + 1
	}
	if in.Op != VLOOP {
		panic(fmt.Sprintf("codegen: bad opcode %d at %d", in.Op, pc))
	}
	if r[in.A] >= r[in.B] {
		return int(in.C)
	}
	least := minBlock
	if m.minBlock > 0 {
		least = m.minBlock
	}
	if m.Scalar || r[in.B]-r[in.A] < least {
		return pc + 1 // as JGE: one iteration at a time
	}
	vl := &t.VLoops[in.Dst]
	if t.blocks != nil {
		vl = &t.blocks[in.Dst]
	}
	m.vloop(vl, r[in.A], r[in.B], f, r, x, v, out)
	return int(in.C)
}

// binaryFuncs are the binary builtins.
var binaryFuncs = [numOpcodes]func(float64, float64) float64{
	POW: math.Pow, ATAN2: math.Atan2, HYPOT: math.Hypot, MIN: simplify.Min, MAX: simplify.Max,
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// vloop runs the block form of a loop for the indices lo..hi-1: each
// instruction for a block of up to VecWidth lanes, then the next.
func (m *Machine) vloop(vl *VLoop, lo, hi int, f []float64, r []int, x, v, out []float64) {
	const w = VecWidth
	if vl.NumVecs > len(m.vec) || (!vl.checked && vl.check() != nil) {
		panic(fmt.Sprintf("codegen: bad block loop: %v", vl.check()))
	}
	vec := m.vec
	first := min(w, hi-lo)
	splats := vl.Splats
	if m.splatted == vl && m.splatLanes >= first {
		splats = splats[vl.ConstSplats:] // the constants are in place
	} else {
		m.splatted, m.splatLanes = vl, first
	}
	for _, s := range splats {
		fill(vec[s.Vec][:first], f[s.Slot])
	}
	if len(vl.Code) == 0 || len(vec) == 0 {
		return
	}
	bs := &m.block
	bs.vecs = unsafe.Pointer(&vec[0])
	bs.f, bs.r, bs.x, bs.v, bs.d, bs.out = f, r, x, v, m.dat, out
	for i0 := lo; i0 < hi; i0 += w {
		bs.n, bs.i0 = min(w, hi-i0), i0
		runBlock(vl.Code, bs)
	}
	*bs = blockState{} // keep no reference to the caller's arrays
}

func fill(dst []float64, v float64) {
	for i := range dst {
		dst[i] = v
	}
}

// gather loads dst[l] = src[off + l*step].
func gather(dst, src []float64, off, step int) {
	switch step {
	case 1:
		s := src[off:][:len(dst)]
		if len(dst) >= 32 {
			copy(dst, s)
			break
		}
		for l := range dst { // a short block: no call to memmove
			dst[l] = s[l]
		}
	case 0:
		fill(dst, src[off])
	default:
		for l := range dst {
			dst[l] = src[off+l*step]
		}
	}
}

// unaryFuncs are the unary builtins, for the block loops.
var unaryFuncs = [numOpcodes]func(float64) float64{
	SIN: math.Sin, COS: math.Cos, TAN: math.Tan, ASIN: math.Asin, ACOS: math.Acos, ATAN: math.Atan,
	SINH: math.Sinh, COSH: math.Cosh, TANH: math.Tanh, ASINH: math.Asinh, ACOSH: math.Acosh, ATANH: math.Atanh,
	EXP: math.Exp, EXPM1: math.Expm1, LOG: math.Log, LOG1P: math.Log1p, LOG2: math.Log2, LOG10: math.Log10,
	SQRT: math.Sqrt, CBRT: math.Cbrt, ABS: math.Abs, SIGN: simplify.Sign, FLOOR: math.Floor, CEIL: math.Ceil,
	ERF: math.Erf, ERFC: math.Erfc, SIGMOID: simplify.Sigmoid, SOFTPLUS: simplify.Softplus,
}
