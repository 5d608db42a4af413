package lang

// Builtins are the predeclared names of the language, from the spec's
// table. pi is the only one of Arity 0: it is used as a name, not called.
var Builtins = []*Builtin{
	{"sin", 1}, {"cos", 1}, {"tan", 1}, {"asin", 1}, {"acos", 1}, {"atan", 1},
	{"sinh", 1}, {"cosh", 1}, {"tanh", 1}, {"asinh", 1}, {"acosh", 1}, {"atanh", 1},
	{"exp", 1}, {"expm1", 1}, {"log", 1}, {"log1p", 1}, {"log2", 1}, {"log10", 1},
	{"sqrt", 1}, {"cbrt", 1},
	{"abs", 1}, {"sign", 1}, {"floor", 1}, {"ceil", 1}, {"erf", 1}, {"erfc", 1},
	{"sigmoid", 1}, {"softplus", 1},
	{"atan2", 2}, {"hypot", 2}, {"pow", 2}, {"min", 2}, {"max", 2},
	{"pi", 0},
}

var builtinByName = func() map[string]*Builtin {
	m := make(map[string]*Builtin, len(Builtins))
	for _, b := range Builtins {
		m[b.Name_] = b
	}
	return m
}()

// LookupBuiltin returns the builtin called name, or nil.
func LookupBuiltin(name string) *Builtin { return builtinByName[name] }

// Keywords are reserved and cannot be used as names.
var Keywords = []string{"fn", "let", "return", "const", "sum", "if", "diff", "in"}
