// Command vmgen writes codegen/vm_run.go: the dispatch loops of the tape
// machine, generated from one table of what each opcode does.
//
// Each opcode is written once below, in a small template language over
// the fields of an Instr:
//
//	$Dst $A $B $C $D   the float slot a field names
//	%A %B %C           the integer register a field names
//	#B #C #D           a field as an immediate int
//	X[ V[ DT[ OUT[     the variables, the direction, the data, the output
//	JUMP(C)            continue at the instruction field C names
//
// From the table vmgen writes two loops. runLarge runs a tape over
// slices, one case per opcode. runFast runs a small tape (at most 256
// slots and registers) over arrays indexed by the operands' low byte, and
// walks the instructions with a pointer; it also keeps the last float
// result in a local, acc, and has, for each operand an opcode reads, a
// second form of the opcode that reads acc instead of the slot. When an
// instruction reads the result of the one before it (the common case in
// a chain of arithmetic), Tape.prepare picks that form, so the value
// passes in a register rather than through memory. runFast also has the
// forms of OUT and OUT2 that store rather than add, for tapes whose
// outputs are each written once.
//
// Run it with go generate in codegen.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"regexp"
	"strings"
)

// An op is one opcode: for one with a float result, the statements
// before it (pre), the result written to Dst (res) and the statements
// after (post); for one without, the whole case (body).
type op struct {
	name           string
	pre, res, post string
	body           string
	storeForm      string // the name of the form that stores rather than adds (OUT, OUT2)
	noAcc          bool   // no forms that read acc
}

// ops is the table. The order is the order of the cases.
var ops = []op{
	{name: "ADD", res: "$A + $B"},
	{name: "SUB", res: "$A - $B"},
	{name: "MUL", res: "$A * $B"},
	{name: "DIV", res: "$A / $B"},
	{name: "NEG", res: "-$A"},
	// float64(): never a fused multiply-add, so that the tape rounds as
	// the pair of instructions it replaces.
	{name: "MULADD", res: "float64($A*$B) + $C"},
	{name: "MULSUB", res: "float64($A*$B) - $C"},
	{name: "NMULADD", res: "$C - float64($A*$B)"},
	{name: "NMUL", res: "-($A * $B)"},
	{name: "MUL3", res: "float64($A*$B) * $C"},
	{name: "MUL3ADD", res: "float64(float64($A*$B)*$C) + $D"},
	{name: "MUL3SUB", res: "float64(float64($A*$B)*$C) - $D"},
	{name: "NMUL3ADD", res: "$D - float64(float64($A*$B)*$C)"},
	{name: "SUBSQ", pre: "d := $A - $B\n$D = d", res: "d * d"},
	{name: "SUBSQADD", pre: "d := $A - $B\n$D = d", res: "float64(d*d) + $C"},
	{name: "SQRT", res: "math.Sqrt($A)"}, // an instruction, not a call
	{name: "ABS", res: "math.Abs($A)"},
	{name: "LT", res: "b2f($A < $B)"},
	{name: "LE", res: "b2f($A <= $B)"},
	{name: "GT", res: "b2f($A > $B)"},
	{name: "GE", res: "b2f($A >= $B)"},
	{name: "EQ", res: "b2f($A == $B)"},
	{name: "NE", res: "b2f($A != $B)"},
	{name: "AND", res: "b2f($A != 0 && $B != 0)"},
	{name: "OR", res: "b2f($A != 0 || $B != 0)"},
	{name: "NOT", res: "b2f($A == 0)"},
	{name: "SELECT", pre: "s := $C\nif $A != 0 {\ns = $B\n}", res: "s"},
	{name: "ZERO", res: "0"},
	{name: "MOVE", res: "$A"},
	{name: "ACC", res: "$Dst + $A"},
	{name: "ITOF", res: "float64(%A)"},
	{name: "LOADX", res: "X[%A+#B]"},
	{name: "LOADX2", pre: "i := %A", res: "X[i+#B]", post: "$C = X[i+#D]"},
	{name: "LOADV", res: "V[%A+#B]"},
	{name: "LOADD", res: "DT[%A+#B]"},
	{name: "OUT", body: "OUT[%A+#C] += $B", storeForm: "opOUTSET"},
	{name: "OUT2", body: "i := %A\nOUT[i+#C] += $B\nOUT[i+#D] += $Dst", storeForm: "opOUT2SET"},
	{name: "ICONST", body: "%Dst = int(in.A)"},
	{name: "IMOVE", body: "%Dst = %A"},
	{name: "IADD", body: "%Dst = %A + %B"},
	{name: "IMUL", body: "%Dst = %A * %B"},
	{name: "IMADD", body: "%Dst = %A + %B*%C"},
	{name: "IMADDK", body: "%Dst = %A + %B*#C"},
	{name: "JGE", body: "if %A >= %B {\nJUMP(C)\n}"},
	{name: "NEXT", body: "%A++\nif %A < %B {\nJUMP(C)\n}"},
	{name: "NOP", body: ""},
}

var fields = []string{"Dst", "A", "B", "C", "D"}

// readRE matches a read of a float field: $F not followed by " =".
func readRE(f string) *regexp.Regexp { return regexp.MustCompile(`\$` + f + `\b`) }

// withAcc replaces the reads of field f by acc.
func withAcc(code, f string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		lhs, rhs, isAssign := "", l, false
		if j := strings.Index(l, " = "); j >= 0 && strings.HasPrefix(strings.TrimSpace(l), "$") {
			lhs, rhs, isAssign = l[:j+3], l[j+3:], true
		}
		rhs = readRE(f).ReplaceAllString(rhs, "acc")
		if isAssign {
			lines[i] = lhs + rhs
		} else {
			lines[i] = rhs
		}
	}
	return strings.Join(lines, "\n")
}

// floatReads returns the fields whose slots code reads.
func floatReads(code string) []int {
	var ks []int
	for k, f := range fields {
		if withAcc(code, f) != code {
			ks = append(ks, k)
		}
	}
	return ks
}

type dialect struct {
	small bool
}

func (d dialect) expand(code string) string {
	idx := func(f string) string {
		if d.small {
			return "[uint8(in." + f + ")]"
		}
		return "[in." + f + "]"
	}
	for _, f := range fields {
		code = regexp.MustCompile(`\$`+f+`\b`).ReplaceAllString(code, "f"+idx(f))
		code = regexp.MustCompile(`%`+f+`\b`).ReplaceAllString(code, "r"+idx(f))
		code = regexp.MustCompile(`#`+f+`\b`).ReplaceAllString(code, "int(in."+f+")")
	}
	arrays := [][2]string{{"X[", "x["}, {"V[", "v["}, {"DT[", "d["}, {"OUT[", "out["}}
	for _, a := range arrays {
		to := a[1]
		if d.small {
			to = "io." + a[1]
		}
		code = strings.ReplaceAll(code, a[0], to)
	}
	if d.small {
		code = strings.ReplaceAll(code, "JUMP(C)", "p = unsafe.Add(base, uintptr(in.C)*instrSize)\ncontinue")
	} else {
		code = strings.ReplaceAll(code, "JUMP(C)", "pc = int(in.C)\ncontinue")
	}
	return code
}

// A form is one case of runFast: an opcode, or one that reads acc for a
// field, or one that stores its outputs, or a pair of them.
type form struct {
	pair  []form // the two halves of a pair form
	name  string // the constant
	canon string // the opcode it is a form of
	acc   uint8  // the fields read from acc (bit k for field k), or 0
	store bool   // stores rather than adds
	code  string // template
	res   bool   // has a float result
}

// template is o's case in runFast: its result kept in acc as well.
func (o op) template() string { return o.assemble("acc = " + o.res + "\n$Dst = acc") }

// largeTemplate is o's case in runLarge.
func (o op) largeTemplate() string { return o.assemble("$Dst = " + o.res) }

// assemble returns o's body, or its statements around result, the
// statement that stores its result.
func (o op) assemble(result string) string {
	if o.res == "" {
		return o.body
	}
	s := o.pre
	if s != "" {
		s += "\n"
	}
	s += result
	if o.post != "" {
		s += "\n" + o.post
	}
	return s
}

// storeRE matches an addition to an output; a store adds 0 to what it
// stores, as the addition to a zeroed output would (-0 + 0 is +0).
var storeRE = regexp.MustCompile(`(?m)\+= (.*)$`)

// squareRE matches a result that multiplies A by B, which gets a form
// that reads acc for both: a square of the result before.
var squareRE = regexp.MustCompile(`\$A ?\* ?\$B`)

func forms() []form {
	var fs []form
	for _, o := range ops {
		base := form{name: o.name, canon: o.name, code: o.template(), res: o.res != ""}
		fs = append(fs, base)
		variants := []form{base}
		if o.storeForm != "" {
			st := form{name: o.storeForm, canon: o.name, store: true, code: storeRE.ReplaceAllString(base.code, "= $1 + 0"), res: false}
			fs = append(fs, st)
			variants = append(variants, st)
		}
		if o.noAcc {
			continue
		}
		for _, v := range variants {
			name := v.name
			if !strings.HasPrefix(name, "op") {
				name = "op" + name
			}
			masks := []uint8{}
			for _, k := range floatReads(v.code) {
				masks = append(masks, 1<<k)
			}
			if squareRE.MatchString(o.res) {
				masks = append(masks, 1<<1|1<<2) // A and B: a square
			}
			for _, mask := range masks {
				code, suffix := v.code, ""
				for k, f := range fields {
					if mask&(1<<k) != 0 {
						code, suffix = withAcc(code, f), suffix+f
					}
				}
				code = strings.ReplaceAll(code, "acc = acc\n", "")
				fs = append(fs, form{name: name + "acc" + suffix, canon: o.name, acc: mask, store: v.store, code: code, res: v.res})
			}
		}
	}
	return fs
}

func main() {
	out := flag.String("o", "vm_run.go", "the file to write")
	pairsFile := flag.String("pairs", "internal/vmgen/pairs.txt", "the pairs that get forms of their own")
	flag.Parse()
	pairs, err := os.ReadFile(*pairsFile)
	if err != nil {
		log.Fatal(err)
	}
	src, err := generate(pairs)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// generate returns the source of vm_run.go, with the pair forms of the
// pairs listed in pairsSrc (pairs.txt).
func generate(pairsSrc []byte) ([]byte, error) {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by internal/vmgen; DO NOT EDIT.\n\n")
	p("package codegen\n\nimport (\n\t\"fmt\"\n\t\"math\"\n\t\"unsafe\"\n)\n\n")
	fs := forms()
	singles := len(fs)
	ps, err := pairs(fs, pairsSrc)
	if err != nil {
		return nil, err
	}
	fs = append(fs, ps...)
	p("// The opcodes of the prepared form of a small tape (Tape.prepare): opEnd\n")
	p("// ends it; the others are forms of an opcode that read acc for one field\n")
	p("// or store their outputs.\nconst (\n\topEnd Opcode = numOpcodes + iota\n")
	for _, f := range fs {
		if f.name != f.canon || len(f.pair) > 0 {
			p("\t%s\n", f.name)
		}
	}
	p("\tnumExecOpcodes\n)\n\n")

	p("// accForms gives, per opcode of runFast, its forms that read acc for\n// some of its fields (bit k of mask for field k).\nvar accForms = [numExecOpcodes][]accForm{\n")
	byBase := map[string][]form{}
	var order []string
	for _, f := range fs {
		if f.acc == 0 {
			order = append(order, f.name)
			continue
		}
		base := f.canon
		if f.store {
			for _, g := range fs {
				if g.store && g.acc == 0 && g.canon == f.canon {
					base = g.name
				}
			}
		}
		byBase[base] = append(byBase[base], f)
	}
	for _, name := range order {
		if len(byBase[name]) == 0 {
			continue
		}
		p("\t%s: {", name)
		for _, f := range byBase[name] {
			p("{%#b, %s}, ", f.acc, f.name)
		}
		p("},\n")
	}
	p("}\n\n")

	p("// storeForms gives the forms of OUT and OUT2 that store.\nvar storeForms = [numOpcodes]Opcode{\n")
	for _, o := range ops {
		if o.storeForm != "" {
			p("\t%s: %s,\n", o.name, o.storeForm)
		}
	}
	p("}\n\n")

	p("// setsAcc reports the opcodes of runFast that leave their float result\n// (the one written to Dst) in acc.\nvar setsAcc = [numExecOpcodes]bool{\n")
	for _, f := range fs {
		if f.res {
			p("\t%s: true,\n", f.name)
		}
	}
	p("}\n\n")

	// writeBits writes the table of the fields each form writes in the
	// statements part picks (before or after its result).
	writeBits := func(doc, name string, part func(op) string) {
		p("%s\nvar %s = [numExecOpcodes]uint8{\n", doc, name)
		for _, f := range fs {
			bits := 0
			for _, o := range ops {
				if o.name != f.canon {
					continue
				}
				for k, fld := range fields {
					if strings.Contains(part(o), "$"+fld+" =") {
						bits |= 1 << k
					}
				}
			}
			if bits != 0 {
				p("\t%s: %#b,\n", f.name, bits)
			}
		}
		p("}\n\n")
	}
	writeBits("// earlyWrites gives, per opcode, the fields whose slots it writes\n// before it reads all its operands (bit k for field k): acc cannot stand\n// for a slot that the instruction overwrites first.",
		"earlyWrites", func(o op) string { return o.pre })
	writeBits("// lateWrites gives, per opcode, the fields whose slots it writes after\n// its result (bit k for field k): where one is Dst, acc does not hold Dst.",
		"lateWrites", func(o op) string { return o.post })

	p("// execNames are the names of the prepared forms.\nvar execNames = [numExecOpcodes]string{\n\topEnd: \"end\",\n")
	for _, f := range fs {
		if f.name != f.canon || len(f.pair) > 0 {
			p("\t%s: %q,\n", f.name, execName(f.name))
		}
	}
	p("}\n\n")

	p("// pairForms gives the pair form of two instructions in a row\n// (internal/vmgen/pairs.txt lists them).\nvar pairForms = map[[2]Opcode]Opcode{\n")
	for _, f := range fs[singles:] {
		p("\t{%s, %s}: %s,\n", f.pair[0].name, f.pair[1].name, f.name)
	}
	p("}\n\n")
	p("// The prepared opcodes stay below 255, runFast's case for no opcode.\nconst _ = uint8(254 - numExecOpcodes)\n\n")

	small := dialect{small: true}
	p(`// runFast runs the prepared instructions of a small tape from the one at
// p on, until opEnd or an instruction it leaves to step (a builtin,
// VLOOP), and returns the address of that one. base is the address of
// the first instruction: the prepared code ends with opEnd and its jumps
// are checked, so that the walk never leaves it.
func runFast(base, p unsafe.Pointer, fa *[smallRegs]float64, ra *[smallRegs]int, io *ioBufs) unsafe.Pointer {
	// Slices of the arrays: a byte indexes them with neither a bounds
	// check nor, unlike the array pointers, a nil check.
	f, r := fa[:], ra[:]
	var acc float64 // the last float result
	for {
		in := (*Instr)(p)
		switch in.Op {
`)
	// Each case steps p itself: a step shared before or after the
	// switch costs every instruction another jump.
	for _, f := range fs[:singles] {
		p("\t\tcase %s:\n%s\np = unsafe.Add(p, instrSize)\n", f.name, small.expand(f.code))
	}
	// A pair runs its first instruction, then the one after, whose fields
	// in2 holds, and steps past both.
	for _, f := range fs[singles:] {
		first, second := small.expand(f.pair[0].code), small.expand(f.pair[1].code)
		second = inRE.ReplaceAllString(second, "in2.")
		p("\t\tcase %s:\n{\n%s\n}\nin2 := (*Instr)(unsafe.Add(p, instrSize))\n{\n%s\n}\np = unsafe.Add(p, 2*instrSize)\n", f.name, first, second)
	}
	p(`		case 255:
			// No opcode: with a case at 0 (NOP) and one at 255, the jump
			// table covers every byte, and the compiler drops its range
			// check.
			return p
		default:
			return p // for step
		}
	}
}

`)
	large := dialect{}
	p(`// runLarge runs the instructions of any tape from pc on, over slices,
// until the end or an instruction it leaves to step, and returns that pc.
func runLarge(code []Instr, pc int, f []float64, r []int, x, v, d, out []float64) int {
	for pc < len(code) {
		in := &code[pc]
		switch in.Op {
`)
	for _, o := range ops {
		p("\t\tcase %s:\n%s\n", o.name, large.expand(o.largeTemplate()))
	}
	p(`		default:
			return pc // for step
		}
		pc++
	}
	return pc
}
`)
	p("%s", blockLoop())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("the generated code does not parse: %v", err)
	}
	return src, nil
}

// blockOps are the opcodes of the table that the block form runs lane by
// lane from their templates: those with a float result and no statement
// after it, whose statements before it define only locals, but ACC (a sum
// of the lanes in the block form) and ZERO.
func blockOps() []op {
	var bs []op
	for _, o := range ops {
		if o.name == "ACC" || o.name == "ZERO" || o.res == "" || o.post != "" || strings.Contains(o.pre, "$D =") || strings.ContainsAny(o.res+o.pre, "%#[") {
			continue
		}
		bs = append(bs, o)
	}
	return bs
}

// blockVars names the lanes of a field's register in runBlock.
var blockVars = map[string]string{"Dst": "vd", "A": "va", "B": "vb", "C": "vc", "D": "ve"}

// blockCase is the case of runBlock for o: its operands' lanes, then a
// loop over the lanes.
func blockCase(o op) string {
	code := o.pre
	if code != "" {
		code += "\n"
	}
	code += "$Dst = " + o.res
	var reads []string
	for _, k := range floatReads(code) {
		reads = append(reads, fields[k])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "case %s:\n", o.name)
	// The operands first: the destination may be one of them.
	for _, f := range reads {
		fmt.Fprintf(&b, "%s := reg(in.%s)\n", blockVars[f], f)
	}
	b.WriteString("vd := reg(in.Dst)\n")
	for _, f := range reads {
		fmt.Fprintf(&b, "%s = %s[:len(vd)]\n", blockVars[f], blockVars[f])
	}
	lane := func(at string) string {
		c := code
		for _, f := range fields {
			c = regexp.MustCompile(`\$`+f+`\b`).ReplaceAllString(c, blockVars[f]+"["+at+"]")
		}
		if o.pre != "" { // locals: a block of their own
			c = "{\n" + c + "\n}"
		}
		return c
	}
	// Four lanes a turn, then the rest: the loop's own instructions
	// are a good part of a lane's.
	fmt.Fprintf(&b, "l := 0\nfor ; l+3 < len(vd); l += 4 {\n_ = vd[l+3] // one bounds check for the four\n%s\n%s\n%s\n%s\n}\n", lane("l"), lane("l+1"), lane("l+2"), lane("l+3"))
	fmt.Fprintf(&b, "for ; l < len(vd); l++ {\n%s\n}\n", lane("l"))
	return b.String()
}

// blockLoop is runBlock.
func blockLoop() string {
	var b strings.Builder
	b.WriteString(`
// runBlock runs code, the block form of an innermost loop, for the bs.n
// lanes from index bs.i0: each instruction for every lane, then the next.
// bs.vecs is the address of the first vector register; VLoop.check has
// made sure that every register code names is below the machine's count.
func runBlock(code []VInstr, bs *blockState) {
	// bs holds the state in memory: held in registers, it would crowd out
	// the lane loops' own. The registers' address and the lane count are
	// the exceptions, read by every operand.
	vecs, n := bs.vecs, bs.n
	if n > VecWidth {
		panic("codegen: a block wider than the vector registers")
	}
	reg := func(k int32) []float64 {
		return (*[VecWidth]float64)(unsafe.Add(vecs, uintptr(k)*vecBytes))[:n]
	}
	for k := range code {
		in := &code[k]
		switch in.Op {
`)
	for _, o := range blockOps() {
		b.WriteString(blockCase(o))
	}
	b.WriteString(`case ZERO:
		clear(reg(in.Dst))
	case ACC:
		s := bs.f[in.Dst]
		for _, y := range reg(in.A) {
			s += y
		}
		bs.f[in.Dst] = s
	case LOADX, LOADV, LOADD, ITOF, OUT:
		step := int(in.B)
		if in.C >= 0 {
			step = bs.r[in.C]
		}
		off := bs.r[in.A] + int(in.Off) + bs.i0*step
		switch in.Op {
		case LOADX:
			gather(reg(in.Dst), bs.x, off, step)
		case LOADV:
			gather(reg(in.Dst), bs.v, off, step)
		case LOADD:
			gather(reg(in.Dst), bs.d, off, step)
		case ITOF:
			vd := reg(in.Dst)
			for l := range vd {
				vd[l] = float64(off + l*step)
			}
		case OUT:
			y := reg(in.Dst) // OUT's Dst is the register it adds
			if step == 1 {
				o := bs.out[off:][:len(y)]
				l := 0
				for ; l+3 < len(o); l += 4 {
					_ = o[l+3]
					o[l] += y[l]
					o[l+1] += y[l+1]
					o[l+2] += y[l+2]
					o[l+3] += y[l+3]
				}
				for ; l < len(o); l++ {
					o[l] += y[l]
				}
			} else {
				for l := range y {
					bs.out[off+l*step] += y[l]
				}
			}
		}
	case POW, ATAN2, HYPOT, MIN, MAX:
		fn := binaryFuncs[in.Op]
		va, vb := reg(in.A), reg(in.B)
		vd := reg(in.Dst)
		va, vb = va[:len(vd)], vb[:len(vd)]
		for l := range vd {
			vd[l] = fn(va[l], vb[l])
		}
	case NOP:
	default:
		fn := unaryFuncs[in.Op]
		if fn == nil {
			panic(fmt.Sprintf("codegen: opcode %s in a block loop", in.Op))
		}
		va := reg(in.A)
		vd := reg(in.Dst)
		va = va[:len(vd)]
		for l := range vd {
			vd[l] = fn(va[l])
		}
	}
}
}
`)
	return b.String()
}

// inRE matches the instruction variable of an expanded template.
var inRE = regexp.MustCompile(`\bin\.`)

// execName is the name of a form as pairs.txt and the disassembler spell
// it: the opcode's name in lower case, without the prefix op.
func execName(name string) string { return strings.ToLower(strings.TrimPrefix(name, "op")) }

// pairs returns the pair forms that pairs.txt lists: lines "first second
// count" naming forms as execName does, # comments. A pair's halves are
// forms that runFast runs without jumping.
func pairs(fs []form, src []byte) ([]form, error) {
	byName := map[string]form{}
	for _, f := range fs {
		byName[execName(f.name)] = f
	}
	var ps []form
	seen := map[string]bool{}
	for n, line := range strings.Split(string(src), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if len(words) != 3 {
			return nil, fmt.Errorf("pairs.txt:%d: want first, second and count, got %q", n+1, line)
		}
		a, okA := byName[words[0]]
		b, okB := byName[words[1]]
		if !okA || !okB {
			return nil, fmt.Errorf("pairs.txt:%d: no form %s or %s", n+1, words[0], words[1])
		}
		for _, h := range []form{a, b} {
			if strings.Contains(h.code, "JUMP") || h.canon == "NOP" {
				return nil, fmt.Errorf("pairs.txt:%d: %s cannot be half of a pair", n+1, execName(h.name))
			}
		}
		name := "op" + strings.TrimPrefix(a.name, "op") + "_" + strings.TrimPrefix(b.name, "op")
		if seen[name] {
			return nil, fmt.Errorf("pairs.txt:%d: %s %s twice", n+1, words[0], words[1])
		}
		seen[name] = true
		ps = append(ps, form{name: name, canon: name, pair: []form{a, b}, res: b.res})
	}
	return ps, nil
}
