package codegen

// GoName returns the exported Go name that Go gives the functions of the
// fn of this name (Name, NameGrad, NameHess, NameHessVec), and false for a
// name that cannot be exported.
func GoName(fn string) (string, bool) { return exportName(fn) }
