// Package simplify is gradc's symbolic engine: a hash-consed expression
// graph with local rewrites, symbolic differentiation (reverse for
// gradients, forward for diff and Hessian-vector products), and the
// Program of statements and loops that the tape VM and the Go emitter
// both consume. It also prints expressions (text and LaTeX).
//
// # The graph
//
// A Graph is an arena of nodes with int32 ids (Node). Nodes are interned by
// (operation, operands, constant bits, auxiliary data): building sin(u)
// twice returns the same Node, so common subexpressions are shared by
// construction and a node's operands always have smaller ids. The leaves
// are constants (OpConst), inputs (OpIn: a scalar parameter, or an array
// element at affine indices, Elem(x, i+1)), size symbols used as numbers
// (OpSize) and sum indices used as numbers (OpIndex).
//
// One table (ops.go) describes every operation: name, arity, whether it is
// commutative, its printing precedence, its Go spelling (math.Sin, or a
// helper such as gradcSigmoid with its source in GoHelper), its LaTeX
// spelling, its float64 semantics (Eval) and its partial derivatives
// (Partial, built from graph nodes and reusing the node itself where the
// derivative allows: exp' = exp, tanh' = 1 - tanh², sigmoid' =
// sigmoid·(1-sigmoid), sqrt' = 0.5/sqrt). A new builtin is one row there,
// one entry in lang.Builtins, and tests.
//
// The constructors (rules.go) rewrite as they build, each rewrite a row of
// a table with its pattern in SSA-rules style, first match wins; Rules
// lists them all. Sums and products are n-ary and flattened, with
// commutative operands in canonical order (the constant first, then by
// node id); subtraction is Add(a, Mul(-1, b)) and division Mul(a, Pow(b,
// -1)). Constant folding is exact float64 and is skipped when it would
// produce NaN or ±Inf from finite operands. Like terms and powers are
// collected (x+x → 2*x, x*x → x^2, x^a*x^b → x^(a+b)). The rewrites that
// assume finite operands are marked Finite in Rules: x*0 → 0, x-x → 0,
// x/x → 1 (every cancellation), x+0 → x (treats -0 as 0), the hoisting of
// loop-invariant factors out of sums, and if(c,a,0)*p → if(c,a*p,0) in the
// gradient. No rewrite makes a result larger, except two that trade a
// node for simpler work: a/(y*z) divides factor by factor so that factors
// cancel, and sum(i, c*x[i]*y[i]) hoists the invariant c out of the loop
// (one more product node, one product fewer per iteration).
//
// # Sums
//
// A sum is a node OpSum with one operand, its body, and aside its level
// (1 for an outermost sum, 2 for a sum nested in it...) and its range
// Lo..Hi, two Affine forms over size symbols and the indices of enclosing
// sums. The index of the level-L sum is referred to by level (Sym{SymIndex,
// L}, and OpIndex nodes of aux L), as de Bruijn levels: the same body
// built in two places is one node. Every node records which levels it
// depends on (Graph.Level gives the innermost), so the scheduler knows the
// outermost loop where each node can be computed: loop-invariant code is
// hoisted by construction. A sum stays a loop from the checker to the
// generated code.
//
// # Differentiation
//
// Forward (forward.go): the tangent of every node with a memo, as nodes;
// diff(e, v) seeds 1 at the leaf v, Hessian-vector products seed the
// direction v[i] at x[i]. Reverse (grad.go): adjoints in reverse
// topological order, each operand gaining adjoint × partial. A sum's
// adjoint pass runs one level down, once, symbolically: its contributions
// to outer nodes become sums over the loop, and its contributions to
// array elements become scatters in a loop of effects. The partials of an
// n-ary product use prefix and suffix products (OpProd, a binary product
// that Mul never flattens), and chains of long products stay binary, so
// the gradient costs a small constant times the function: see
// TestSwellReport. An if's derivative is the derivative of the branch
// taken; in reverse mode the adjoint through a branch is gated,
// if(c, a, 0), and the gate stays outermost in products, so that an
// infinite partial in the branch not taken gives 0, not NaN.
//
// Build (build.go) makes a Func from a checked lang program: calls
// inlined (array parameters bound to the caller's arrays, sizes through
// lang.CallInfo.Sizes), consts and lets resolved, diff(e, v) expanded by
// forward differentiation (in an inlined call, with respect to a fresh
// placeholder then substituted by the argument).
//
// # Programs
//
// Value, Gradient, HessVec and Hessian schedule a Func into a Program
// (Compile does the same and returns an error where they would panic, past
// Graph.MaxNodes):
// three-address code over numbered temporaries, in which each statement is
// one operation of the table, so each shared node is computed once. The
// machine that runs a Program has:
//
//   - T, the temporaries: Program.Temps float64 slots, T[0..Temps-1].
//   - idx, the loop indices: integers idx[1..Depth] (idx[0] unused); the
//     loop of level L writes idx[L].
//   - sizes: the size symbols, Sizes[k], positive integers known on entry.
//   - the inputs, Program.Inputs, each a scalar, vector or matrix
//     (row-major): InVar inputs are the variables, packed in x in
//     Inputs order (= lang.Fn.Vars order), InData the data parameters,
//     InDir (HessVec and Hessian programs only) a direction packed like x
//     (the InDir input of variable number Param has its shape). Inputs are
//     variables, then data, then directions; SLoad.In and SOut.In index
//     Program.Inputs.
//   - out, an output laid out as x (Gradient: the gradient; HessVec:
//     H·v; Hessian: one column). The caller zeroes it: statements only add.
//
// An Affine is Const + Σ Coef*Sym with Sym a size (SymSize, Num = k) or a
// loop index (SymIndex, Num = L); it is evaluated in integers.
//
// The statements, run in order (Stmt.Kind):
//
//	SConst   T[Dst] = Value
//	SLoad    T[Dst] = Inputs[In][Index...]      (row-major element; a scalar when Index is empty)
//	SAffine  T[Dst] = float64(Index[0])         (a size, a loop index, or an affine form)
//	SOp      T[Dst] = Op(T[Args[0]], T[Args[1]], ...)
//	SAccum   T[Dst] += T[Args[0]]
//	SLoop    for idx[L] := Lo; idx[L] < Hi; idx[L]++ { Body }   (L, Lo, Hi, Body in Stmt.Loop)
//	SOut     out[offset(In) + rowmajor(Index)] += T[Args[0]]
//
// In a Program, SOp uses only fixed-arity operations: OpAdd and OpMul
// have exactly two operands, and OpSub, OpDiv, OpNeg appear; OpPow keeps
// non-integer or large exponents (small integer powers are already
// multiplications, negative powers divisions); OpIf(c, a, b) is c != 0 ?
// a : b, with both branches already computed (values are never
// exceptions, so evaluating the branch not taken is harmless); conditions
// (OpLt ... OpNot) yield 1 or 0. Op.Eval gives the exact float64
// semantics of every operation, and OpInfo.Go its Go spelling.
//
// A temporary written inside a loop body is read only inside that body
// (and its nested loops), after it is written in the same iteration; an
// accumulator is set by SConst 0 just before its loop and read after it.
// A sum becomes such an accumulator and loop; loops of one level and range
// that need none of each other's results are fused into one loop (the
// value and gradient of Rosenbrock or Alpine run in a single pass). The
// result is T[Result] after Body has run. Programs are deterministic: the
// same Func gives the same statements. Building a program adds nodes to
// the Func's graph: a Graph (and so a Func) is not safe for concurrent
// use, while a Program, once returned, is never modified and may be
// shared.
//
// For a KindHessian program, run Body once per column c (0 <= c < len(x))
// with the direction inputs set to the unit vector e_c and out zeroed:
// out is then column c of the Hessian (also row c: it is symmetric).
// Program.String disassembles a program; testdata/*.grad.golden shows
// the gradients of the spec's examples.
//
// # Printing
//
// Graph.Print prints with the fewest parentheses, constants first in
// products and last in sums, negative powers as divisions, and (for
// results larger than LetThreshold) shared subexpressions as let lines;
// the text parses back as .expr to the same value. Graph.PrintLatex does
// the same in LaTeX.
//
// Decisions where the spec is silent: x^y with a non-constant exponent
// differentiates as the spec's x^y*(y'*log(x) + y*x'/x), which the power
// rules collect to y*x^(y-1)*x' + x^y*log(x)*y'; min/max flow to a on a
// tie; abs' = sign (0 at 0); floor, ceil, sign have derivative 0;
// comparisons and if evaluate both branches eagerly.
package simplify
