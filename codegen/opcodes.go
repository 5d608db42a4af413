package codegen

import "github.com/gradc/gradc/simplify"

// Opcode is an instruction of the tape. See the package doc for what each
// one reads and writes.
type Opcode uint8

// The opcodes. F(k) is float slot k of the work buffer, I(k) integer
// register k; A, B, C and Dst are the fields of the Instr.
const (
	NOP Opcode = iota

	// Float arithmetic: F(Dst) = F(A) op F(B).
	ADD
	SUB
	MUL
	DIV
	POW
	NEG // F(Dst) = -F(A)
	// Fused, rounding the product then the sum as the pair would:
	// F(Dst) = F(A)*F(B) + F(C), F(A)*F(B) - F(C), F(C) - F(A)*F(B).
	MULADD
	MULSUB
	NMULADD
	// A product fused with the NEG or MUL that is its only use:
	// F(Dst) = -(F(A)*F(B)) and F(Dst) = F(A)*F(B)*F(C), rounded as the
	// pair.
	NMUL
	MUL3
	// A product of three fused with the ADD or SUB that is its only use:
	// F(Dst) = F(A)*F(B)*F(C) + F(D), F(A)*F(B)*F(C) - F(D),
	// F(D) - F(A)*F(B)*F(C), rounded as the instructions they replace.
	MUL3ADD
	MUL3SUB
	NMUL3ADD
	// A difference squared, the difference kept (a SUB then a MUL or a
	// MULADD of it by itself): F(D) = F(A) - F(B); F(Dst) = F(D)*F(D),
	// and F(D) = F(A) - F(B); F(Dst) = F(D)*F(D) + F(C).
	SUBSQ
	SUBSQADD

	// Unary builtins: F(Dst) = f(F(A)).
	SIN
	COS
	TAN
	ASIN
	ACOS
	ATAN
	SINH
	COSH
	TANH
	ASINH
	ACOSH
	ATANH
	EXP
	EXPM1
	LOG
	LOG1P
	LOG2
	LOG10
	SQRT
	CBRT
	ABS
	SIGN
	FLOOR
	CEIL
	ERF
	ERFC
	SIGMOID
	SOFTPLUS
	// Binary builtins: F(Dst) = f(F(A), F(B)).
	ATAN2
	HYPOT
	MIN
	MAX

	// Conditions: F(Dst) = 1 or 0.
	LT
	LE
	GT
	GE
	EQ
	NE
	AND
	OR
	NOT    // F(Dst) = F(A) == 0
	SELECT // F(Dst) = F(B) if F(A) != 0, else F(C)

	// Moves and accumulation.
	ZERO // F(Dst) = 0
	MOVE // F(Dst) = F(A)
	ACC  // F(Dst) += F(A)
	ITOF // F(Dst) = float64(I(A))

	// Loads and stores at integer offsets.
	LOADX // F(Dst) = x[I(A) + B]
	LOADV // F(Dst) = v[I(A) + B] (the direction of a Hessian-vector product)
	LOADD // F(Dst) = data[I(A) + B] (the data, row-major, one after another)
	OUT   // out[I(A) + C] += F(B)
	// Two loads or stores at one register, run in order:
	// F(Dst) = x[I(A) + B]; F(C) = x[I(A) + D], and
	// out[I(A) + C] += F(B); out[I(A) + D] += F(Dst) (Dst is read).
	LOADX2
	OUT2

	// Integer arithmetic on the registers.
	ICONST // I(Dst) = A
	IMOVE  // I(Dst) = I(A)
	IADD   // I(Dst) = I(A) + I(B)
	IMUL   // I(Dst) = I(A) * I(B)
	IMADD  // I(Dst) = I(A) + I(B)*I(C)
	IMADDK // I(Dst) = I(A) + I(B)*C

	// Loops.
	JGE  // if I(A) >= I(B) { pc = C }
	NEXT // I(A)++; if I(A) < I(B) { pc = C }
	// VLOOP heads an innermost loop that also has a block form,
	// Tape.VLoops[Dst]: the machine runs the whole loop I(A) = I(A) ..
	// I(B)-1 in blocks of lanes and continues at C. A machine in scalar
	// mode treats it as JGE and runs the instructions that follow.
	VLOOP

	numOpcodes
)

// opcodeNames is the table of the opcodes' names, as the disassembler
// prints them.
var opcodeNames = [...]string{
	NOP:      "nop",
	ADD:      "add",
	SUB:      "sub",
	MUL:      "mul",
	DIV:      "div",
	POW:      "pow",
	NEG:      "neg",
	MULADD:   "muladd",
	MULSUB:   "mulsub",
	NMULADD:  "nmuladd",
	NMUL:     "nmul",
	MUL3:     "mul3",
	MUL3ADD:  "mul3add",
	MUL3SUB:  "mul3sub",
	NMUL3ADD: "nmul3add",
	SUBSQ:    "subsq",
	SUBSQADD: "subsqadd",
	SIN:      "sin",
	COS:      "cos",
	TAN:      "tan",
	ASIN:     "asin",
	ACOS:     "acos",
	ATAN:     "atan",
	SINH:     "sinh",
	COSH:     "cosh",
	TANH:     "tanh",
	ASINH:    "asinh",
	ACOSH:    "acosh",
	ATANH:    "atanh",
	EXP:      "exp",
	EXPM1:    "expm1",
	LOG:      "log",
	LOG1P:    "log1p",
	LOG2:     "log2",
	LOG10:    "log10",
	SQRT:     "sqrt",
	CBRT:     "cbrt",
	ABS:      "abs",
	SIGN:     "sign",
	FLOOR:    "floor",
	CEIL:     "ceil",
	ERF:      "erf",
	ERFC:     "erfc",
	SIGMOID:  "sigmoid",
	SOFTPLUS: "softplus",
	ATAN2:    "atan2",
	HYPOT:    "hypot",
	MIN:      "min",
	MAX:      "max",
	LT:       "lt",
	LE:       "le",
	GT:       "gt",
	GE:       "ge",
	EQ:       "eq",
	NE:       "ne",
	AND:      "and",
	OR:       "or",
	NOT:      "not",
	SELECT:   "select",
	ZERO:     "zero",
	MOVE:     "move",
	ACC:      "acc",
	ITOF:     "itof",
	LOADX:    "loadx",
	LOADV:    "loadv",
	LOADD:    "loadd",
	OUT:      "out",
	LOADX2:   "loadx2",
	OUT2:     "out2",
	ICONST:   "iconst",
	IMOVE:    "imove",
	IADD:     "iadd",
	IMUL:     "imul",
	IMADD:    "imadd",
	IMADDK:   "imaddk",
	JGE:      "jge",
	NEXT:     "next",
	VLOOP:    "vloop",
}

// String returns the opcode's name.
func (op Opcode) String() string {
	if op < numOpcodes {
		return opcodeNames[op]
	}
	return "op?"
}

// operand kinds of an Instr field, for the disassembler and the checks.
const (
	argNone  = iota
	argFloat // a float slot
	argInt   // an integer register
	argImm   // an immediate integer
	argPC    // a jump target
)

// opcodeArgs gives, per opcode, the kinds of Dst, A, B, C and D.
var opcodeArgs [numOpcodes][5]uint8

func init() {
	f, i, k, pc := uint8(argFloat), uint8(argInt), uint8(argImm), uint8(argPC)
	for op := ADD; op <= POW; op++ {
		opcodeArgs[op] = [5]uint8{f, f, f, 0}
	}
	for op := SIN; op <= SOFTPLUS; op++ {
		opcodeArgs[op] = [5]uint8{f, f, 0, 0}
	}
	for op := ATAN2; op <= OR; op++ {
		opcodeArgs[op] = [5]uint8{f, f, f, 0}
	}
	opcodeArgs[NEG] = [5]uint8{f, f, 0, 0}
	opcodeArgs[MULADD] = [5]uint8{f, f, f, f}
	opcodeArgs[MULSUB] = [5]uint8{f, f, f, f}
	opcodeArgs[NMULADD] = [5]uint8{f, f, f, f}
	opcodeArgs[NMUL] = [5]uint8{f, f, f, 0}
	opcodeArgs[MUL3] = [5]uint8{f, f, f, f}
	opcodeArgs[MUL3ADD] = [5]uint8{f, f, f, f, f}
	opcodeArgs[MUL3SUB] = [5]uint8{f, f, f, f, f}
	opcodeArgs[NMUL3ADD] = [5]uint8{f, f, f, f, f}
	opcodeArgs[SUBSQ] = [5]uint8{f, f, f, 0, f}
	opcodeArgs[SUBSQADD] = [5]uint8{f, f, f, f, f}
	opcodeArgs[NOT] = [5]uint8{f, f, 0, 0}
	opcodeArgs[SELECT] = [5]uint8{f, f, f, f}
	opcodeArgs[ZERO] = [5]uint8{f, 0, 0, 0}
	opcodeArgs[MOVE] = [5]uint8{f, f, 0, 0}
	opcodeArgs[ACC] = [5]uint8{f, f, 0, 0}
	opcodeArgs[ITOF] = [5]uint8{f, i, 0, 0}
	opcodeArgs[LOADX] = [5]uint8{f, i, k, 0}
	opcodeArgs[LOADV] = [5]uint8{f, i, k, 0}
	opcodeArgs[LOADD] = [5]uint8{f, i, k, 0}
	opcodeArgs[OUT] = [5]uint8{0, i, f, k}
	opcodeArgs[LOADX2] = [5]uint8{f, i, k, f, k}
	opcodeArgs[OUT2] = [5]uint8{f, i, f, k, k}
	opcodeArgs[ICONST] = [5]uint8{i, k, 0, 0}
	opcodeArgs[IMOVE] = [5]uint8{i, i, 0, 0}
	opcodeArgs[IADD] = [5]uint8{i, i, i, 0}
	opcodeArgs[IMUL] = [5]uint8{i, i, i, 0}
	opcodeArgs[IMADD] = [5]uint8{i, i, i, i}
	opcodeArgs[IMADDK] = [5]uint8{i, i, i, k}
	opcodeArgs[JGE] = [5]uint8{0, i, i, pc}
	opcodeArgs[NEXT] = [5]uint8{0, i, i, pc}
	opcodeArgs[VLOOP] = [5]uint8{k, i, i, pc}
}

// opcodeOf maps each operation of a simplify.Program's SOp statements to
// its opcode. Operations without an entry (leaves, n-ary Add and Mul, Sum)
// never reach a program's SOp.
var opcodeOf = map[simplify.Op]Opcode{
	simplify.OpAdd:      ADD,
	simplify.OpSub:      SUB,
	simplify.OpMul:      MUL,
	simplify.OpProd:     MUL,
	simplify.OpDiv:      DIV,
	simplify.OpPow:      POW,
	simplify.OpNeg:      NEG,
	simplify.OpIf:       SELECT,
	simplify.OpSin:      SIN,
	simplify.OpCos:      COS,
	simplify.OpTan:      TAN,
	simplify.OpAsin:     ASIN,
	simplify.OpAcos:     ACOS,
	simplify.OpAtan:     ATAN,
	simplify.OpSinh:     SINH,
	simplify.OpCosh:     COSH,
	simplify.OpTanh:     TANH,
	simplify.OpAsinh:    ASINH,
	simplify.OpAcosh:    ACOSH,
	simplify.OpAtanh:    ATANH,
	simplify.OpExp:      EXP,
	simplify.OpExpm1:    EXPM1,
	simplify.OpLog:      LOG,
	simplify.OpLog1p:    LOG1P,
	simplify.OpLog2:     LOG2,
	simplify.OpLog10:    LOG10,
	simplify.OpSqrt:     SQRT,
	simplify.OpCbrt:     CBRT,
	simplify.OpAbs:      ABS,
	simplify.OpSign:     SIGN,
	simplify.OpFloor:    FLOOR,
	simplify.OpCeil:     CEIL,
	simplify.OpErf:      ERF,
	simplify.OpErfc:     ERFC,
	simplify.OpSigmoid:  SIGMOID,
	simplify.OpSoftplus: SOFTPLUS,
	simplify.OpAtan2:    ATAN2,
	simplify.OpHypot:    HYPOT,
	simplify.OpMin:      MIN,
	simplify.OpMax:      MAX,
	simplify.OpLt:       LT,
	simplify.OpLe:       LE,
	simplify.OpGt:       GT,
	simplify.OpGe:       GE,
	simplify.OpEq:       EQ,
	simplify.OpNe:       NE,
	simplify.OpAnd:      AND,
	simplify.OpOr:       OR,
	simplify.OpNot:      NOT,
}
