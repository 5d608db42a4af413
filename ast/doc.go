// Package ast declares the syntax tree of the .expr language: positions,
// the sealed node types, the operator table, a walker and the canonical
// printer used by gradc fmt.
//
// ast is the leaf of the project: it imports nothing of gradc's, so the
// parser (lang), the symbolic engine (simplify) and the oracles (autodiff)
// can all depend on it without depending on each other.
package ast
