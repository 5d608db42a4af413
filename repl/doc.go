// Package repl is gradc's read-eval-print loop: a Session that reads lines
// of .expr syntax and commands and prints simplified results, and two front
// ends that feed it, one for a terminal (line editing and history, through
// golang.org/x/term) and one for plain streams (no prompts, no escape codes,
// so that sessions can be scripted and tested).
//
// # The session
//
// A Session is a growing .expr file plus a little state. Its definitions
// (fns, consts, let bindings) are kept as declarations; each input line is
// checked together with them, as if it were appended to the file:
//
//   - fn and const lines are declarations with the file syntax. A name
//     defined again replaces the old definition in place, and the whole
//     session is checked again; a definition that breaks the session is
//     refused and the session stays as it was.
//   - let NAME = EXPR binds a value when EXPR has no free identifiers (it is
//     evaluated once and stands for its number), and an expression
//     otherwise. Later lines, and the fns and consts typed later (where
//     they do not bind NAME themselves), see NAME replaced by (EXPR); the
//     names in EXPR are looked up when it is used, so after let e = x^2
//     and let x = 3, e is 9. Lets are not consts of the file: a const
//     would forbid every later fn a parameter of that name.
//   - Any other line is an expression. Its free identifiers (neither
//     builtins nor session names nor sum indices) are scalar symbols, in
//     order of first appearance; the line is wrapped in a synthesized fn of
//     those symbols (as gradc diff does), checked, built into the
//     hash-consed graph of package simplify and printed simplified, with
//     shared subexpressions of large results as let lines. An expression
//     without free identifiers is evaluated and prints its value.
//   - grad(e), grad(e, x, y) and hess(e) at the top of a line print the
//     partial derivatives, one line each; f(1, 2, 3) at the top of a line,
//     where f is a session fn with array variables and no data, packs the
//     numbers into x as the generated Go does and evaluates f on the tape.
//   - Lines that start with ':' are commands (see Commands).
//
// Every input occupies lines of its own in one global line space (a typed
// line, or the whole text of a loaded file, is parsed after as many
// newlines as the lines before it), so that a position in any error maps
// back to the input it came from: errors print as FILE:LINE:COL, with the
// source line and a caret under the column. Typed lines are named <repl>
// and numbered from 1 in the order they were read.
//
// Nothing typed crashes a session: each input runs under a recover
// boundary that turns an internal panic into an "internal error" message,
// and the session goes on.
package repl
