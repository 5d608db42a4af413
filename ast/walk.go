package ast

// Inspect traverses the tree rooted at n in depth-first order, calling f
// for each node before its children. If f returns false, the children of
// that node are skipped. Nil children are not visited.
//
// The traversal order is source order: a FnDecl visits its name, the
// parameters and their dims, the lets, then the result.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Decls {
			Inspect(d, f)
		}
	case *ConstDecl:
		Inspect(n.Name, f)
		inspectExpr(n.Value, f)
	case *FnDecl:
		Inspect(n.Name, f)
		for _, p := range n.Vars {
			Inspect(p, f)
		}
		for _, p := range n.Data {
			Inspect(p, f)
		}
		for _, l := range n.Lets {
			Inspect(l, f)
		}
		inspectExpr(n.Result, f)
	case *Param:
		Inspect(n.Name, f)
		for _, d := range n.Dims {
			Inspect(d, f)
		}
	case *Let:
		Inspect(n.Name, f)
		inspectExpr(n.Value, f)
	case *Call:
		Inspect(n.Fun, f)
		for _, a := range n.Args {
			inspectExpr(a, f)
		}
	case *Index:
		inspectExpr(n.X, f)
		for _, i := range n.Indices {
			inspectExpr(i, f)
		}
	case *Paren:
		inspectExpr(n.X, f)
	case *Unary:
		inspectExpr(n.X, f)
	case *Binary:
		inspectExpr(n.X, f)
		inspectExpr(n.Y, f)
	case *Sum:
		Inspect(n.Index, f)
		inspectExpr(n.Lo, f)
		inspectExpr(n.Hi, f)
		inspectExpr(n.Body, f)
	case *If:
		inspectExpr(n.Cond, f)
		inspectExpr(n.Then, f)
		inspectExpr(n.Else, f)
	case *Diff:
		inspectExpr(n.X, f)
		Inspect(n.Var, f)
	}
}

// inspectExpr guards against typed nil expressions, which would otherwise
// reach f as non-nil interfaces.
func inspectExpr(x Expr, f func(Node) bool) {
	if x == nil {
		return
	}
	Inspect(x, f)
}
