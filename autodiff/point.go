package autodiff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gradc/gradc/lang"
)

// Func is one fn of a checked program, ready for the oracles.
type Func struct {
	Prog *lang.Program
	Fn   *lang.Fn
}

// Lookup returns the fn called name of prog.
func Lookup(prog *lang.Program, name string) (*Func, error) {
	if prog == nil {
		return nil, fmt.Errorf("no program")
	}
	fn := prog.Fn(name)
	if fn == nil {
		var names []string
		for _, f := range prog.Fns {
			names = append(names, f.Name())
		}
		return nil, fmt.Errorf("no fn %s in the program (it has: %s)", name, strings.Join(names, ", "))
	}
	return &Func{Prog: prog, Fn: fn}, nil
}

// Name returns the fn's name.
func (f *Func) Name() string { return f.Fn.Name() }

// Point is where the oracles evaluate a fn, as the generated Go takes it:
//
//   - X packs all the variables in declaration order, each vector or
//     matrix row-major: for fn f(w[d], b), X = [w[0] ... w[d-1], b].
//     Gradients have the same layout, Hessians are len(X)×len(X) row-major.
//   - Data has one value per data parameter, in declaration order: a
//     float64 for a scalar, a []float64 for a vector, a [][]float64 (rows)
//     for a matrix.
//   - Sizes has the value of each size symbol, parallel to Fn.Sizes.
//
// Make one with NewPoint or NewPointSizes, which validate every length.
type Point struct {
	X     []float64
	Data  []any
	Sizes []int
}

// NewPoint checks x and data against the fn and resolves its sizes from the
// data lengths first, then from len(x), as the generated Go does. When
// len(x) cannot determine them (two unknown sizes among the variables),
// the error names the ambiguous sizes; give them with NewPointSizes.
func (f *Func) NewPoint(x []float64, data ...any) (*Point, error) {
	return f.newPoint(nil, x, data)
}

// NewPointSizes is NewPoint with sizes given by name. A size not in the
// map is resolved as NewPoint does; a size in the map must agree with the
// data and x.
func (f *Func) NewPointSizes(sizes map[string]int, x []float64, data ...any) (*Point, error) {
	for name := range sizes {
		if f.sizeIndex(name) < 0 {
			return nil, fmt.Errorf("fn %s has no size %s", f.Name(), name)
		}
	}
	return f.newPoint(sizes, x, data)
}

func (f *Func) sizeIndex(name string) int {
	for k, s := range f.Fn.Sizes {
		if s.Name() == name {
			return k
		}
	}
	return -1
}

func (f *Func) newPoint(given map[string]int, x []float64, data []any) (*Point, error) {
	fn := f.Fn
	name := fn.Name()
	sizes := make([]int, len(fn.Sizes))
	known := make([]bool, len(fn.Sizes))
	set := func(s *lang.Size, n int, what string) error {
		k := f.sizeIndex(s.Name())
		if k < 0 {
			return fmt.Errorf("fn %s: size %s is not among its sizes", name, s.Name())
		}
		if n <= 0 {
			return fmt.Errorf("fn %s: %s gives size %s = %d; sizes must be positive", name, what, s.Name(), n)
		}
		if known[k] && sizes[k] != n {
			return fmt.Errorf("fn %s: %s gives size %s = %d, but it is %d", name, what, s.Name(), n, sizes[k])
		}
		sizes[k], known[k] = n, true
		return nil
	}
	for _, s := range fn.Sizes {
		if n, ok := given[s.Name()]; ok {
			if err := set(s, n, "the sizes"); err != nil {
				return nil, err
			}
		}
	}
	// Data lengths.
	if len(data) != len(fn.Data) {
		return nil, fmt.Errorf("fn %s takes %d data arguments, got %d", name, len(fn.Data), len(data))
	}
	for k, p := range fn.Data {
		if err := f.checkData(p, data[k], set); err != nil {
			return nil, err
		}
	}
	// Then len(x): the packed length is a polynomial in the unknown sizes.
	if err := f.resolveX(sizes, known, len(x), set); err != nil {
		return nil, err
	}
	pt := &Point{X: x, Data: data, Sizes: sizes}
	if n := f.NumVars(pt.Sizes); n != len(x) {
		return nil, fmt.Errorf("fn %s: len(x) = %d, want %d (%s)", name, len(x), n, f.packing())
	}
	if err := f.checkBounds(pt.Sizes); err != nil {
		return nil, err
	}
	return pt, nil
}

// checkData checks one data value's type and lengths, and sets the sizes
// it determines.
func (f *Func) checkData(p *lang.Param, v any, set func(*lang.Size, int, string) error) error {
	name := f.Name()
	dim := func(k, n int) error {
		d := p.Dims[k]
		what := fmt.Sprintf("len(%s)", p.Name())
		if k == 1 {
			what = fmt.Sprintf("len(%s[0])", p.Name())
		}
		if d.Size == nil {
			if n != d.Fixed {
				return fmt.Errorf("fn %s: %s = %d, want %d", name, what, n, d.Fixed)
			}
			return nil
		}
		return set(d.Size, n, what)
	}
	switch p.Rank() {
	case 0:
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("fn %s: data %s is a scalar (float64), got %T", name, p.Name(), v)
		}
	case 1:
		vec, ok := v.([]float64)
		if !ok {
			return fmt.Errorf("fn %s: data %s is a vector ([]float64), got %T", name, p.Name(), v)
		}
		return dim(0, len(vec))
	case 2:
		m, ok := v.([][]float64)
		if !ok {
			return fmt.Errorf("fn %s: data %s is a matrix ([][]float64 of rows), got %T", name, p.Name(), v)
		}
		if err := dim(0, len(m)); err != nil {
			return err
		}
		for i, row := range m {
			if len(row) != len(m[0]) {
				return fmt.Errorf("fn %s: data %s is ragged: len(%s[%d]) = %d, len(%s[0]) = %d", name, p.Name(), p.Name(), i, len(row), p.Name(), len(m[0]))
			}
		}
		return dim(1, len(m[0]))
	default:
		return fmt.Errorf("fn %s: data %s has rank %d", name, p.Name(), p.Rank())
	}
	return nil
}

// resolveX determines the sizes still unknown from the length of x. The
// packed length is Σ over the variables of the product of their dims; with
// one unknown size s it is increasing in s, so s is found by bisection.
func (f *Func) resolveX(sizes []int, known []bool, n int, set func(*lang.Size, int, string) error) error {
	var unknown []*lang.Size
	seen := map[*lang.Size]bool{}
	for _, p := range f.Fn.Vars {
		for _, d := range p.Dims {
			if d.Size == nil || seen[d.Size] {
				continue
			}
			seen[d.Size] = true
			if !known[f.sizeIndex(d.Size.Name())] {
				unknown = append(unknown, d.Size)
			}
		}
	}
	// Sizes in no variable and no data cannot occur in a checked fn, but
	// report them rather than evaluate with 0.
	for k, s := range f.Fn.Sizes {
		if !known[k] && !seen[s] {
			return fmt.Errorf("fn %s: size %s is determined by no argument", f.Name(), s.Name())
		}
	}
	switch len(unknown) {
	case 0:
		return nil
	case 1:
	default:
		var names []string
		for _, s := range unknown {
			names = append(names, s.Name())
		}
		sort.Strings(names)
		return fmt.Errorf("fn %s: sizes %s are ambiguous: len(x) = %d cannot determine them (%s); give them explicitly",
			f.Name(), strings.Join(names, ", "), n, f.packing())
	}
	s := unknown[0]
	k := f.sizeIndex(s.Name())
	try := func(v int) int {
		tmp := append([]int(nil), sizes...)
		tmp[k] = v
		return f.NumVars(tmp)
	}
	lo, hi := 1, 1
	for try(hi) < n && hi < 1<<40 {
		hi *= 2
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if try(mid) < n {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if try(lo) != n {
		return fmt.Errorf("fn %s: len(x) = %d is the packing of no size %s (%s)", f.Name(), n, s.Name(), f.packing())
	}
	return set(s, lo, "len(x)")
}

// NumVars returns len(x) for the given sizes (parallel to Fn.Sizes).
func (f *Func) NumVars(sizes []int) int {
	n := 0
	for _, p := range f.Fn.Vars {
		m := 1
		for _, d := range p.Dims {
			v := d.Fixed
			if d.Size != nil {
				if k := f.sizeIndex(d.Size.Name()); k >= 0 && k < len(sizes) {
					v = sizes[k]
				}
			}
			if v > 0 && m > (1<<50)/v {
				return 1 << 50 // saturate: no real x is that long
			}
			m *= v
		}
		n += m
	}
	return n
}

// packing describes the layout of x: "x[n], y".
func (f *Func) packing() string {
	var parts []string
	for _, p := range f.Fn.Vars {
		s := p.Name()
		if len(p.Dims) > 0 {
			var ds []string
			for _, d := range p.Dims {
				if d.Size != nil {
					ds = append(ds, d.Size.Name())
				} else {
					ds = append(ds, fmt.Sprint(d.Fixed))
				}
			}
			s += "[" + strings.Join(ds, ", ") + "]"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "no variables"
	}
	return "x packs " + strings.Join(parts, ", ")
}

// checkBounds checks the run-time bounds that the checker could not prove.
func (f *Func) checkBounds(sizes []int) error {
	eval := func(a lang.Affine) int {
		n := a.Const
		for _, t := range a.Terms {
			if s, ok := t.Sym.(*lang.Size); ok {
				if k := f.sizeIndex(s.Name()); k >= 0 {
					n += t.Coef * sizes[k]
				}
			}
		}
		return n
	}
	for _, c := range f.Fn.Checks {
		guarded := true
		for _, g := range c.Guard {
			if eval(g) <= 0 {
				guarded = false
			}
		}
		if guarded && eval(c.Need) < 0 {
			return fmt.Errorf("fn %s: %s", f.Name(), c.Msg)
		}
	}
	return nil
}
