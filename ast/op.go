package ast

// Op is an operator of the language, unary or binary.
type Op int8

// The operators, from the spec's table. The order of the constants is the
// order of opInfo.
const (
	Illegal Op = iota
	Or         // ||
	And        // &&
	Lt         // <
	Le         // <=
	Gt         // >
	Ge         // >=
	Eq         // ==
	Ne         // !=
	Add        // + (binary)
	Sub        // - (binary)
	Mul        // *
	Div        // /
	Pow        // ^
	Neg        // - (unary)
	Plus       // + (unary)
	Not        // !
	numOps
)

// OpInfo describes one operator: how it is spelled, how tightly it binds
// and what it yields.
type OpInfo struct {
	Text string
	// Prec is the binding power, higher binds tighter: || 1, && 2,
	// comparisons 3, + - 4, * / 5, unary 6, ^ 7.
	Prec int
	// Unary is true for the prefix operators.
	Unary bool
	// RightAssoc is true for ^.
	RightAssoc bool
	// NonAssoc is true for the comparisons: a < b < c is an error.
	NonAssoc bool
	// Cond is true when the result is a condition (comparisons, && || !).
	Cond bool
	// CondOperands is true when the operands must be conditions (&& || !).
	CondOperands bool
}

// Precedence levels, lowest first.
const (
	PrecOr = 1 + iota
	PrecAnd
	PrecCmp
	PrecAdd
	PrecMul
	PrecUnary
	PrecPow
)

var opInfo = [numOps]OpInfo{
	Illegal: {Text: "?"},
	Or:      {Text: "||", Prec: PrecOr, Cond: true, CondOperands: true},
	And:     {Text: "&&", Prec: PrecAnd, Cond: true, CondOperands: true},
	Lt:      {Text: "<", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Le:      {Text: "<=", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Gt:      {Text: ">", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Ge:      {Text: ">=", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Eq:      {Text: "==", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Ne:      {Text: "!=", Prec: PrecCmp, NonAssoc: true, Cond: true},
	Add:     {Text: "+", Prec: PrecAdd},
	Sub:     {Text: "-", Prec: PrecAdd},
	Mul:     {Text: "*", Prec: PrecMul},
	Div:     {Text: "/", Prec: PrecMul},
	Pow:     {Text: "^", Prec: PrecPow, RightAssoc: true},
	Neg:     {Text: "-", Prec: PrecUnary, Unary: true},
	Plus:    {Text: "+", Prec: PrecUnary, Unary: true},
	Not:     {Text: "!", Prec: PrecUnary, Unary: true, Cond: true, CondOperands: true},
}

// Info returns the description of op.
func (op Op) Info() OpInfo {
	if op <= Illegal || op >= numOps {
		return opInfo[Illegal]
	}
	return opInfo[op]
}

// String returns the operator as written in source.
func (op Op) String() string { return op.Info().Text }

// Prec returns the binding power of op (see OpInfo.Prec).
func (op Op) Prec() int { return op.Info().Prec }

// Ops returns every valid operator, in table order.
func Ops() []Op {
	ops := make([]Op, 0, numOps-1)
	for op := Illegal + 1; op < numOps; op++ {
		ops = append(ops, op)
	}
	return ops
}

// BinaryOp returns the binary operator spelled text, or Illegal.
func BinaryOp(text string) Op {
	for op := Illegal + 1; op < numOps; op++ {
		if !opInfo[op].Unary && opInfo[op].Text == text {
			return op
		}
	}
	return Illegal
}

// UnaryOp returns the prefix operator spelled text, or Illegal.
func UnaryOp(text string) Op {
	for op := Illegal + 1; op < numOps; op++ {
		if opInfo[op].Unary && opInfo[op].Text == text {
			return op
		}
	}
	return Illegal
}
