module github.com/gradc/gradc/examples/external

go 1.26.0

require gonum.org/v1/gonum v0.17.0

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/gradc/gradc v0.0.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
	golang.org/x/tools v0.30.0 // indirect
)

replace github.com/gradc/gradc => ../..

tool github.com/gradc/gradc/cmd/gradc
