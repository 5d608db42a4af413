package autodiff

// num is a number of some field. v is its value as a float64, the same in
// every field; p is the field's payload (a *dualX of a dual field, a *tapeX
// of a tape), or nil for a constant: a number whose derivatives, in every
// field, are structurally zero. A constant is a valid number of every
// field, so num{v: c} is the constant c everywhere.
type num struct {
	v float64
	p any
}

// A field is the arithmetic of one kind of number. floatField computes
// plain float64 values; a dualField carries tangents over a base field; a
// tape records a Wengert list over a base field. Fields stack: the forward
// oracle is dual over float, the reverse oracle a tape over float, the
// Hessian a tape over dual over float, and each diff inside a fn adds a
// dual field on top of whatever it is evaluated in.
//
// apply computes op(a, b) (b is ignored by one-argument ops). It must give
// the value that Go's math gives at the bottom field, whatever the stack.
type field interface {
	apply(op opcode, a, b num) num
}

// floatField is the bottom of every stack: float64 values as Go's math
// package computes them.
type floatField struct{}

func (floatField) apply(op opcode, a, b num) num {
	d := &opTable[op]
	if d.arity == 1 {
		return num{v: d.f1(a.v)}
	}
	return num{v: d.f2(a.v, b.v)}
}

// calc writes the derivative rules in a field: c.mul(a, b) is a*b there.
type calc struct{ f field }

func (c calc) k(v float64) num         { return num{v: v} }
func (c calc) add(a, b num) num        { return c.f.apply(opAdd, a, b) }
func (c calc) sub(a, b num) num        { return c.f.apply(opSub, a, b) }
func (c calc) mul(a, b num) num        { return c.f.apply(opMul, a, b) }
func (c calc) div(a, b num) num        { return c.f.apply(opDiv, a, b) }
func (c calc) neg(a num) num           { return c.f.apply(opNeg, a, num{}) }
func (c calc) pow(a, b num) num        { return c.f.apply(opPow, a, b) }
func (c calc) fn(op opcode, a num) num { return c.f.apply(op, a, num{}) }
func (c calc) isOne(a num) bool        { return a.p == nil && a.v == 1 }
func (c calc) scale(d, t num) num {
	if c.isOne(d) {
		return t
	}
	return c.mul(d, t)
}
