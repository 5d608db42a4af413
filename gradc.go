// Package gradc is the one import for run-time use of gradc: compile
// the source text of an .expr file, pick a fn, and evaluate its value,
// gradient, Hessian or Hessian-vector product at a point, on the tape VM
// of package codegen.
//
//	m, err := gradc.Compile("rosen.expr", src)
//	f, err := m.Func("rosenbrock")
//	ev := f.NewEvaluator() // one per goroutine
//	v, err := ev.Grad(grad, x)
//
// The arguments are laid out as the generated Go's (see GENERATED.md):
// x packs the variables in declaration order, each vector or matrix
// row-major, and grad has the same layout; data are one value per data
// parameter in declaration order, a float64 for a scalar, a []float64 for
// a vector, a [][]float64 of rows for a matrix. Sizes come from the data
// lengths first, then from len(x). Every mismatch is an error (never a
// panic) that names the fn, the argument and both lengths, positioned at
// the fn's declaration; errors of the source are positioned lists
// (lang.ErrorList).
//
// A Module and its Funcs are safe for concurrent use; an Evaluator is
// not: it owns the work buffers that make a call allocate nothing, so give
// each goroutine its own.
package gradc

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/gradc/gradc/codegen"
	"github.com/gradc/gradc/lang"
	"github.com/gradc/gradc/simplify"
)

// Module is a compiled .expr file.
type Module struct {
	file  string
	prog  *lang.Program
	mu    sync.Mutex
	funcs map[string]*Func
}

// Compile parses and checks the source text of an .expr file. filename is
// used in error positions. The error is a lang.ErrorList of positioned
// errors.
func Compile(filename string, src []byte) (*Module, error) {
	prog, err := lang.Load(filename, src)
	if err != nil {
		return nil, err
	}
	return &Module{file: filename, prog: prog, funcs: map[string]*Func{}}, nil
}

// Program returns the checked program (for the oracles of package
// autodiff, say).
func (m *Module) Program() *lang.Program { return m.prog }

// Funcs returns the names of the module's fns in source order.
func (m *Module) Funcs() []string {
	names := make([]string, len(m.prog.Fns))
	for i, fn := range m.prog.Fns {
		names[i] = fn.Name()
	}
	return names
}

// Func returns the fn called name, with its value and gradient compiled
// to tapes (the Hessian's tape is compiled on first use).
func (m *Module) Func(name string) (*Func, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.funcs[name]; ok {
		return f, nil
	}
	fn := m.prog.Fn(name)
	if fn == nil {
		return nil, fmt.Errorf("%s: no fn %s (the fns are %v)", m.file, name, m.Funcs())
	}
	f := &Func{m: m, fn: fn}
	var err error
	if f.value, err = f.compile(simplify.KindValue); err != nil {
		return nil, err
	}
	if f.grad, err = f.compile(simplify.KindGradient); err != nil {
		return nil, err
	}
	m.funcs[name] = f
	return f, nil
}

// Func is one fn of a module.
type Func struct {
	m           *Module
	fn          *lang.Fn
	value, grad *codegen.Tape
	hvOnce      sync.Once
	hv          *codegen.Tape
	hvErr       error
}

// Param describes a parameter of a fn: its name and its dimensions, each
// a size symbol or a fixed size ("n", "3"); none for a scalar.
type Param struct {
	Name string
	Dims []string
}

// Name returns the fn's name.
func (f *Func) Name() string { return f.fn.Name() }

// Vars returns the fn's variables, in the packing order of x.
func (f *Func) Vars() []Param { return params(f.fn.Vars) }

// Data returns the fn's data parameters, in the order of the data
// arguments.
func (f *Func) Data() []Param { return params(f.fn.Data) }

func params(ps []*lang.Param) []Param {
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i].Name = p.Name()
		for _, d := range p.Dims {
			if d.Size != nil {
				out[i].Dims = append(out[i].Dims, d.Size.Name())
			} else {
				out[i].Dims = append(out[i].Dims, strconv.Itoa(d.Fixed))
			}
		}
	}
	return out
}

// Disasm returns the disassembly of one of the fn's tapes: kind is
// "value", "grad" or "hessvec".
func (f *Func) Disasm(kind string) (string, error) {
	switch kind {
	case "value":
		return f.value.Disasm(), nil
	case "grad":
		return f.grad.Disasm(), nil
	case "hessvec":
		t, err := f.hessVecTape()
		if err != nil {
			return "", err
		}
		return t.Disasm(), nil
	}
	return "", fmt.Errorf("unknown tape %q: want value, grad or hessvec", kind)
}

func (f *Func) errorf(format string, args ...any) error {
	return &lang.Error{File: f.m.file, Pos: f.fn.Pos(), Msg: fmt.Sprintf(format, args...)}
}

// compile builds the fn's graph and compiles its program of the given
// kind to a tape.
func (f *Func) compile(kind simplify.Kind) (t *codegen.Tape, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, f.errorf("internal error: %v (please report this input)", r)
		}
	}()
	sf, err := simplify.Build(f.m.prog, f.fn)
	if err != nil {
		return nil, err
	}
	p, err := simplify.Compile(sf, kind) // a graph past simplify.MaxNodes is an error, not a panic
	if err != nil {
		return nil, f.errorf("%v", err)
	}
	t, err = codegen.Compile(p, f.fn)
	if err != nil {
		return nil, f.errorf("%v", err)
	}
	return t, nil
}

func (f *Func) hessVecTape() (*codegen.Tape, error) {
	f.hvOnce.Do(func() { f.hv, f.hvErr = f.compile(simplify.KindHessVec) })
	return f.hv, f.hvErr
}

// Evaluator evaluates a Func. It owns work buffers, reused from call to
// call so that a call allocates nothing once the buffers have grown to
// the sizes at hand. It is not safe for concurrent use: give each
// goroutine its own (they may share the Func).
type Evaluator struct {
	f *Func
	m *codegen.Machine
}

// NewEvaluator returns an evaluator of f.
func (f *Func) NewEvaluator() *Evaluator {
	return &Evaluator{f: f, m: codegen.NewMachine()}
}

// Func returns the fn the evaluator evaluates.
func (e *Evaluator) Func() *Func { return e.f }

// run runs t, turning errors and (internal) panics into positioned
// errors.
func (e *Evaluator) run(t *codegen.Tape, out, x, v []float64, data []any) (val float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			val, err = math.NaN(), e.f.errorf("internal error: %v (please report this input)", r)
		}
	}()
	val, err = e.m.Run(t, out, x, v, data...)
	if err != nil {
		return val, e.f.errorf("%v", err)
	}
	return val, nil
}

// Value returns the fn's value at x with the given data.
func (e *Evaluator) Value(x []float64, data ...any) (float64, error) {
	return e.run(e.f.value, nil, x, nil, data)
}

// Grad returns the fn's value at x and stores its gradient in grad
// (len(grad) == len(x)).
func (e *Evaluator) Grad(grad, x []float64, data ...any) (float64, error) {
	return e.run(e.f.grad, grad, x, nil, data)
}

// HessVec returns the fn's value at x and stores the Hessian times v in
// hv (len(hv) == len(v) == len(x)), without forming the Hessian.
func (e *Evaluator) HessVec(hv, x, v []float64, data ...any) (float64, error) {
	t, err := e.f.hessVecTape()
	if err != nil {
		return math.NaN(), err
	}
	return e.run(t, hv, x, v, data)
}

// Hess returns the fn's value at x and stores its Hessian in hess,
// row-major len(x)*len(x): one Hessian-vector product per column.
func (e *Evaluator) Hess(hess, x []float64, data ...any) (val float64, err error) {
	t, err := e.f.hessVecTape()
	if err != nil {
		return math.NaN(), err
	}
	defer func() {
		if r := recover(); r != nil {
			val, err = math.NaN(), e.f.errorf("internal error: %v (please report this input)", r)
		}
	}()
	val, err = e.m.Hessian(t, hess, x, data...)
	if err != nil {
		return val, e.f.errorf("%v", err)
	}
	return val, nil
}

// Sizes returns the sizes of the last call by name (meaningful after a
// successful call; empty before the first).
func (e *Evaluator) Sizes() map[string]int {
	t := e.f.value
	out := map[string]int{}
	for k, v := range e.m.Sizes(t) {
		out[t.Sizes[k]] = v
	}
	return out
}
