package lang

import (
	"sort"
)

// A scope maps names to objects. Scopes nest: the universe (builtins), the
// file (consts and fns), a fn (parameters and size symbols), its lets, and
// one scope per sum index. Because the language forbids shadowing, a name
// declared in a scope must not be visible through any enclosing scope;
// declare reports the object it would shadow.
type scope struct {
	parent *scope
	names  map[string]Object
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent}
}

// lookup returns the object called name in s or an enclosing scope, or nil.
func (s *scope) lookup(name string) Object {
	for ; s != nil; s = s.parent {
		if obj, ok := s.names[name]; ok {
			return obj
		}
	}
	return nil
}

// declare binds name to obj in s. It returns the object of that name
// already visible from s (which obj would shadow), or nil. The binding is
// made either way, so that checking goes on with the new meaning.
func (s *scope) declare(name string, obj Object) (prev Object) {
	prev = s.lookup(name)
	if s.names == nil {
		s.names = make(map[string]Object)
	}
	s.names[name] = obj
	return prev
}

// visible returns the names visible from s, sorted, for "did you mean".
// keep filters them.
func (s *scope) visible(keep func(Object) bool) []string {
	seen := make(map[string]bool)
	var out []string
	for ; s != nil; s = s.parent {
		for name, obj := range s.names {
			if seen[name] {
				continue
			}
			seen[name] = true
			if keep == nil || keep(obj) {
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// universe returns the scope of the builtins.
func universe() *scope {
	s := &scope{names: make(map[string]Object, len(Builtins))}
	for _, b := range Builtins {
		s.names[b.Name_] = b
	}
	return s
}

// describe names an object for messages: "the parameter x", "the size n".
func describe(obj Object) string {
	return what(obj) + " " + obj.Name()
}

// what is the kind of an object for messages: "the parameter", "the size".
func what(obj Object) string {
	switch o := obj.(type) {
	case *Const:
		return "the const"
	case *Fn:
		return "the fn"
	case *Param:
		if o.Data {
			return "the data parameter"
		}
		return "the parameter"
	case *Size:
		return "the size"
	case *Let:
		return "the let"
	case *SumIndex:
		return "the sum index"
	case *Builtin:
		return "the builtin"
	}
	return "the name"
}

// isA says what an object is, after "x is": "a vector", "a sum index".
func isA(obj Object) string {
	switch o := obj.(type) {
	case *Const:
		return "a const"
	case *Fn:
		return "a fn"
	case *Param:
		return shapeName(o.Rank())
	case *Size:
		return "a size"
	case *Let:
		return "a let"
	case *SumIndex:
		return "a sum index"
	case *Builtin:
		if o.Arity == 0 {
			return "a builtin constant"
		}
		return "a builtin function"
	}
	return "unknown"
}

// shapeName is "a scalar", "a vector" or "a matrix".
func shapeName(rank int) string {
	switch rank {
	case 0:
		return "a scalar"
	case 1:
		return "a vector"
	case 2:
		return "a matrix"
	}
	return "an array"
}

// declaredAt is " (declared at LINE:COL)" for objects with a position.
func declaredAt(obj Object) string {
	if p := obj.Pos(); p.IsValid() {
		return " (declared at " + p.String() + ")"
	}
	return ""
}
