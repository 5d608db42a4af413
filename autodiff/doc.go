// Package autodiff holds the oracles of gradc: forward-mode and
// reverse-mode automatic differentiation and central finite differences,
// which evaluate a checked fn directly from its syntax tree and share no
// code with the symbolic engine (simplify) or the code generators
// (codegen), so that a bug there cannot hide itself. Tests and `gradc
// check` compare every compiled derivative with them.
//
// # The machine
//
// One evaluator (eval.go) walks a fn's Result, asking lang.Info what each
// node means: identifiers name parameters, sizes, constants, lets and sum
// indices; sums run over their checked half-open ranges; indices are
// affine forms of sizes and sum indices; calls of user fns are inlined
// (the callee's body evaluated in a new frame, scalar parameters bound to
// the argument values, array parameters to the caller's arrays, sizes from
// CallInfo); `if` evaluates the condition on values, then the branch taken
// only. Lets are evaluated on first use, once per frame.
//
// The arithmetic is not the evaluator's: every number is a num, a float64
// value and a payload, and every operation goes through a field's apply
// with an opcode of one table (ops.go) that holds, for each operator and
// builtin, the float64 function (Go's math) and the derivative rule,
// written in the arithmetic of any field. The fields stack:
//
//   - floatField: plain float64, the bottom of every stack (Value, and the
//     value function that central differences use).
//   - dualField: dual numbers over a base field, with sparse tangents (one
//     direction per variable for Forward: the whole gradient in one pass).
//   - tape: a Wengert list over a base field; Reverse records over floats
//     and sweeps back once.
//   - Hessian: a tape over dual numbers (forward-over-reverse): the sweep,
//     done in dual arithmetic, gives all columns of the Hessian at once.
//
// A payload of nil marks a constant, a number that depends on nothing
// being differentiated: its derivative is structurally zero, not 0, so
// 0*Inf never appears where the math has no term, and a power whose
// exponent is constant uses the spec's c*x^(c-1) for every x.
//
// `diff(e, v)` inside a fn is nested forward mode: e is evaluated again in
// a fresh dual field stacked on the current one, with v's tangent 1 and
// every other name without tangent (lets are evaluated again there, since
// they may depend on v), and the result is the tangent, a number of the
// current field. So diff nests to any order (diff(diff(f(x), x), x) is a
// dual over a dual), and a fn defined with diff is differentiable by
// every oracle, exactly.
//
// # Conventions
//
// Derivatives follow the spec: abs' = sign (0 at 0); sign, floor and ceil
// are flat; min and max flow to their first argument on a tie; a constant
// exponent gives c*x^(c-1), a varying one x^y*(y'*log(x) + y*x'/x); an
// `if` has the derivative of the branch taken. Each evaluation reports its
// Kink, the smallest distance to such a switch, so that callers skip
// finite-difference comparisons within a step of one. Arguments of a call
// are inlined values: a callee's data parameter bound to an expression of
// the caller's variables carries its derivative, as the inlined formula
// would.
package autodiff
