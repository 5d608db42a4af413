// Package benchmarks compares the gradients gradc generates from
// funcs.expr with the hand-written ones of gonum's optimize/functions:
//
//	go test ./benchmarks -run TestTable -table -v
//
// prints the table of the README; go test -bench . ./benchmarks runs the
// benchmarks one by one.
package benchmarks

//go:generate go run github.com/gradc/gradc/cmd/gradc build funcs.expr
