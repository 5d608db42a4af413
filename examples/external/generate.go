// Package external is a project that uses gradc the way any other Go
// project would: gradc is a tool dependency in go.mod
// (go get -tool github.com/gradc/gradc/cmd/gradc), and go generate turns
// models.expr into models_gradc.go, which is committed.
package external

//go:generate go tool gradc build -hess -gonum models.expr
