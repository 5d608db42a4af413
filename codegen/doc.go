// Package codegen turns the programs of package simplify into code: a
// tape of instructions run by a small virtual machine at run time, and Go
// source for go generate.
//
// # The tape
//
// Compile turns a simplify.Program (scheduled three-address code over
// numbered temporaries, with loops over affine ranges) into a Tape: a flat
// []Instr run by Machine, a switch-dispatch interpreter in the manner of
// starlark's. An instruction is
//
//	Instr{Op Opcode; Dst, A, B, C, D int32}
//
// and its opcode says what each operand field is: a float slot, an integer
// register, an immediate integer or a jump target (opcodeArgs holds the
// table; the disassembler prints them as f3, r2, $5 and @12).
//
// The machine's state is
//
//   - the float slots F, one []float64 of Tape.NumSlots: the constant pool
//     Tape.Consts in F[0:len(Consts)] (copied in on entry, never written:
//     a number of the program is a slot, not an immediate), then the
//     temporaries. Temporaries share slots: Compile gives each temporary a
//     slot at its definition and frees it after its last use, where a use
//     inside a loop that does not define the temporary lasts until the loop
//     ends (the next iteration reads it again). Slots are reused last-freed
//     first. An instruction may write the slot of an operand whose last use
//     it is: every instruction reads its operands before it writes.
//   - the integer registers I, one []int of Tape.NumInts: I[k] is size k
//     (Tape.Sizes), I[len(Sizes)+k] the offset of input k (where its first
//     element lies in x, v or the data), then one register that holds 0
//     (set on entry, like the sizes and the offsets: no instruction writes
//     them), then the loop indices, the loop bounds and the element
//     offsets.
//   - the arrays the loads and stores address: x (the variables packed as
//     the generated Go packs them), v (the direction of a Hessian-vector
//     product, packed like x), the data (every data input copied row-major,
//     one after another, into the machine's own buffer on entry, so that a
//     matrix is one slice and nothing of the caller is kept), and out (the
//     gradient or H·v, laid out as x, zeroed on entry).
//   - the program counter. Execution starts at 0 and stops past the last
//     instruction; F[Tape.Result] is then the value.
//
// The instructions (opcodes.go):
//
//	ADD SUB MUL DIV POW     F[Dst] = F[A] op F[B]
//	NEG                     F[Dst] = -F[A]
//	MULADD MULSUB NMULADD   F[Dst] = F[A]*F[B] + F[C], F[A]*F[B] - F[C], F[C] - F[A]*F[B]
//	NMUL MUL3               F[Dst] = -(F[A]*F[B]);  F[Dst] = F[A]*F[B]*F[C]
//	MUL3ADD MUL3SUB         F[Dst] = F[A]*F[B]*F[C] + F[D], F[A]*F[B]*F[C] - F[D]
//	NMUL3ADD                F[Dst] = F[D] - F[A]*F[B]*F[C]
//	SUBSQ SUBSQADD          F[D] = F[A] - F[B]; then F[Dst] = F[D]*F[D], or F[D]*F[D] + F[C]
//	SIN ... SOFTPLUS        F[Dst] = f(F[A]), as Go's math (or simplify's helpers)
//	ATAN2 HYPOT MIN MAX     F[Dst] = f(F[A], F[B])
//	LT LE GT GE EQ NE AND OR NOT   F[Dst] = 1 or 0
//	SELECT                  F[Dst] = F[B] if F[A] != 0, else F[C]
//	ZERO MOVE ACC           F[Dst] = 0;  F[Dst] = F[A];  F[Dst] += F[A]
//	ITOF                    F[Dst] = float64(I[A])
//	LOADX LOADV LOADD       F[Dst] = x[I[A]+B], v[I[A]+B], data[I[A]+B]
//	OUT                     out[I[A]+C] += F[B]
//	LOADX2                  F[Dst] = x[I[A]+B]; F[C] = x[I[A]+D]
//	OUT2                    out[I[A]+C] += F[B]; out[I[A]+D] += F[Dst]  (Dst is read)
//	ICONST IMOVE            I[Dst] = A;  I[Dst] = I[A]
//	IADD IMUL               I[Dst] = I[A] op I[B]
//	IMADD IMADDK            I[Dst] = I[A] + I[B]*I[C];  I[Dst] = I[A] + I[B]*C
//	JGE                     if I[A] >= I[B] { pc = C }
//	NEXT                    I[A]++; if I[A] < I[B] { pc = C }
//	VLOOP                   run the loop's block form (below), or act as JGE
//
// Fewer, fatter instructions: a MUL whose product only the next ADD, SUB,
// NEG or MUL uses fuses with it (MULADD, MULSUB, NMULADD, NMUL, MUL3),
// and a MUL3 whose product only the next ADD or SUB uses fuses again
// (MUL3ADD, MUL3SUB, NMUL3ADD): one dispatch instead of two or three. The
// fused instructions round each product and sum in turn, as the
// instructions they replace do (no fused multiply-add: the tape computes
// what the generated Go does). Two LOADX, or two OUT, in a row at the
// same register become one LOADX2 or OUT2, which runs its halves in
// order, and a SUB followed by the MUL or MULADD that squares its
// difference becomes SUBSQ or SUBSQADD (the difference is still written:
// later instructions may read it); the block form splits them again.
//
// An `if` is a SELECT over both branches, both computed: the program has
// no branches but its loops (a NaN in the branch not taken is discarded).
//
// # Loops and offsets
//
// A loop of the program, `for i = Lo; i < Hi; i++ { Body }`, becomes
//
//	imove i, lo
//	jge   i, hi, @END
//	BODY: ... body ...
//	next  i, hi, @BODY
//	END:
//
// Offsets and bounds are integer polynomials: a constant plus terms
// coef × (a product of sizes and input offsets) × (at most one loop index).
// The element X[k, j] of input X[m, d] is at offset(X) + k*d + j. The
// constant part of a load's or store's position is the instruction's
// immediate, so that x[i] and x[i+1] share a register. Compile
// computes each polynomial in levels, with a memo per loop: the terms
// without a loop index once on entry (the products of sizes too), then
// each index's term at the start of that loop's body, added to the partial
// sum computed outside (IMADDK or IMADD), so that an element costs one
// integer instruction per iteration however many dimensions it has, and
// elements that share a partial sum share its register.
//
// # Block loops
//
// An innermost loop whose iterations are independent but for sums
// accumulated into slots outside it (the rule for the programs simplify
// produces) also gets a block form, a VLoop: the same instructions over
// vector registers of VecWidth lanes, run one instruction for a whole
// block of consecutive iterations before the next, so that dispatch costs
// once per block rather than once per iteration. Slots the body writes
// become vector registers; slots it only reads (constants, values from
// outside the loop) are broadcast into vector registers on entry, but
// for the constants when the registers still hold them: the machine
// remembers the block loop whose constants it broadcast last, and over
// how many lanes (VLoop.ConstSplats counts them). A load
// or store reads or writes lane l of a block at I[A] + Off + (i0+l)*step, a
// contiguous copy when step is 1. ACC adds a block's lanes in lane order,
// so sums round exactly as the one-iteration-at-a-time loop rounds them;
// OUT adds each instruction's block in turn, so an element of out that
// several instructions write may receive its terms in another order (the
// results differ by rounding only). A loop of fewer than minBlock (5)
// iterations runs one iteration at a time anyway: there the block form's
// fixed cost per instruction outweighs the scalar loop's per iteration
// (BenchmarkShortLoops). A Machine with Scalar set runs every loop one
// iteration at a time; the tests check both agree (with blocks forced
// however short the loop). runBlock
// addresses the vector registers without bounds checks: Compile checks
// each block form it makes (VLoop.check) and keeps its own copy, which
// the machine runs; a VLoop built or changed by hand is checked on every
// run.
//
// # The evaluator
//
// A Machine owns all of the above buffers and grows them on first use, so
// that Run allocates nothing after the first call at a size (the data
// arguments, passed as any, are read and copied, never kept, so the
// interface conversions at the call stay on the caller's stack). Before
// running, Run determines the sizes from the data lengths first, then from
// len(x) (one unknown size by bisection on the packed length; two are
// ambiguous), checks every length, the fixed sizes, ragged rows and the
// bounds the checker could not prove (Tape.Checks), and returns an error
// naming the fn, the argument and both lengths where one is wrong (a tape
// without sizes or data only checks len(x): its offsets are fixed when it
// is compiled). A Machine remembers the tape and len(x) of its last run
// without data: a run of the same tape at the same len(x) finds the
// sizes, the offsets and the constant pool in place and skips all of
// this, so that a small function pays only for its instructions. A Tape
// is immutable: any number of goroutines may run one tape, each with its
// own Machine. Machine.Hessian runs a Hessian-vector tape once per column
// with v a unit vector.
//
// # The dispatch loops
//
// The loops that run instructions (vm_run.go) are generated by
// internal/vmgen from one table that says, per opcode, what it computes,
// in a small template language over the fields of an Instr; go generate
// writes them, and CI checks the file is fresh. There are three:
//
//   - runLarge runs any tape over slices, a case per opcode, pc an index.
//   - runFast runs a small tape: at most 256 slots and 256 registers
//     (smallRegs), held in arrays that the low byte of an operand indexes
//     with no bounds check. It walks the prepared code (Tape.prepare,
//     prepare.go) with a pointer, each case stepping it itself; the
//     prepared code ends with opEnd and its jumps are checked when the
//     tape is compiled, so the walk cannot leave it. Cases at opcodes 0
//     and 255 make the switch's jump table cover every byte, so that the
//     compiler drops its range check: a dispatch is a load, a table jump
//     and the case's own jump back.
//   - runBlock runs the block form of a loop (below) over the lanes of a
//     block, four lanes a turn.
//
// runFast and runLarge make no call: an instruction that calls (a
// builtin, VLOOP) returns to the machine, which runs it with step and
// resumes. A small function's call thus costs a few checks in Run, which
// takes the straight path when the tape, len(x) and the absence of data
// are those of the last run, and then one instruction per dispatch.
//
// The prepared code is the tape's code with three kinds of forms of its
// opcodes, which only runFast knows:
//
//   - acc forms. runFast keeps the float result of each instruction in a
//     local, acc, as well as in its slot. An instruction that reads the
//     result of the one just before it (the common case in a chain of
//     arithmetic) gets the form of its opcode that reads acc for that
//     operand (for both, in a square), so the value passes in a register
//     rather than through memory: a store and a load less on the chain of
//     dependent instructions, which is what bounds a small function's
//     time. Not where a jump lands, nor where the instruction would read
//     a slot it has already overwritten (SUBSQ's difference), nor after an
//     instruction that wrote its result's slot again (LOADX2 into one
//     slot twice): TestPreparedAgrees runs random straight-line tapes both
//     ways and compares every slot bit for bit.
//   - pair forms. runFast's time on a small function is its dispatches
//     (about one nanosecond each, a table jump and a jump back, whatever
//     the instruction computes), so the pairs of forms that follow each
//     other most often in the tapes of the repo's .expr files get a case
//     of their own that runs both (internal/vmgen/pairs.txt lists them;
//     TestPairCounts counts them and writes the list with -pairs). The
//     first of the two instructions takes the pair's opcode, the second
//     keeps its fields; not where a jump lands on the second.
//     TestPairForms runs each pair against its two halves.
//   - store forms. A tape without loops whose OUT and OUT2 write each
//     element of out exactly once, at offsets fixed at compile time (a
//     function of a few variables), stores instead of adding (adding 0,
//     so that -0 becomes +0 as the addition to zero did), and Run does not
//     zero out first.
//
// Tape.Disasm prints a tape: the registers' meaning, one instruction a
// line, then the block form of each VLOOP.
//
// # The Go emitter
//
// Go (emit_go.go) writes the Go source that `gradc build` puts in a file:
// for each fn, Name and NameGrad, with GoOptions.Hess NameHess and
// NameHessVec, with GoOptions.Gonum NameProblem (GENERATED.md is the
// contract). It works from the same simplify.Program as the tape, one
// function per program kind (Value, Gradient, Hessian, HessVec):
//
//   - Names (emit_names.go): a fn's name becomes exported CamelCase
//     (neg_alpine → NegAlpine); one that cannot be exported, or two fns
//     whose Go names collide (f_grad against f's FGrad), are positioned
//     errors. Data parameters and sizes keep the user's names where Go
//     allows, mangled past keywords, predeclared identifiers, imports and
//     the package-level names (func → func_, len → len_, a data parameter
//     x → x_). User text reaches the file only as such identifiers, in
//     comments (control and bidi characters replaced), and in panic
//     messages as quoted string literals.
//   - The prologue (emit_checks.go) checks every length on entry: sizes from the data
//     lengths first (rows, then columns), then the one size left from
//     len(x) (solved from its linear or quadratic packing; two unknown
//     sizes are a compile error naming them), ragged rows, fixed sizes,
//     the bounds lang could not prove (lang.Fn.Checks), and the outputs,
//     panicking with "gradc: NameGrad: len(grad) = 3, want len(x) = 4".
//   - The body (emit_body.go) walks the program's statements: dead
//     statements dropped (a Hessian needs no value), constants written as
//     literals and operations on constants folded with the op table's
//     Eval, a temporary used once in its own block inlined into its user
//     while the expression stays short, the rest declared t0, t1, ...;
//     loops as for loops, accumulators as float64 variables, outputs as
//     += into grad, hv or the Hessian's row. Ops are spelled from the op
//     table (math.Sin, *, /); x^0.5 is math.Sqrt(x + 0) (the + 0 turns -0
//     into +0, as math.Pow does); min and max are Go's builtins; if, sign,
//     sigmoid and softplus are short if statements rather than helpers,
//     so that generated files share no package-level names and several
//     can live in one package.
//   - NameHess runs the Hessian-vector program once per column c with
//     the direction e_c (a direction load is 1 where its element is c);
//     the statements that do not depend on the direction are hoisted
//     before the column loop.
//   - Loops (emit_loops.go): a power base^(i+c) of the loop index with a
//     loop-invariant base becomes a running product (Watson's t^j); a row
//     of a data matrix read across a loop is sliced once to its length
//     (Xi := X[i][:d]), so that the compiler drops the bounds checks of
//     the inner loop; and where a loop adds into out[i+c] and out[i+c+1]
//     (Rosenbrock), the second addition is carried in a register to the
//     next iteration instead of through memory.
//
// The fns are emitted and gofmt-ed in parallel, each as a file of its
// own, and joined in order: the output is deterministic.
package codegen
