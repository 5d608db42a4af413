package codegen

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gradc/gradc/lang"
)

// The prologue of every generated function: the sizes, read from the data
// lengths first (rows, then columns of matrices) and then solved from
// len(x), and every length check, each panicking with a message that
// names the function, the argument and both lengths, as gonum does on a
// dimension mismatch.

// quadratic splits len(x) as a*s*s + b*s + c in the size s solved from it.
func (fe *fnEmit) quadratic(s int) (a, b, c lin) {
	name := fe.sizes[s]
	c.c = fe.nx.c
	for k, atom := range fe.nx.atoms {
		coef := fe.nx.coefs[k]
		var rest []string
		deg := 0
		for _, f := range strings.Split(atom, "*") {
			if f == name {
				deg++
			} else {
				rest = append(rest, f)
			}
		}
		var dst *lin
		switch deg {
		case 0:
			dst = &c
		case 1:
			dst = &b
		default:
			dst = &a
		}
		if len(rest) == 0 {
			dst.c += coef
		} else {
			dst.add(strings.Join(rest, "*"), coef)
		}
	}
	return a, b, c
}

// check writes a check: if cond { panic(msg) }, the message made of
// literal text and int expressions: parts alternate text, expr, text....
func (gf *goFunc) check(indent, cond string, parts ...string) {
	var b strings.Builder
	for k, p := range parts {
		if k > 0 {
			b.WriteString(" + ")
		}
		if k%2 == 0 {
			b.WriteString(strconv.Quote(p))
		} else {
			b.WriteString("strconv.Itoa(" + p + ")")
		}
	}
	if len(parts) == 0 {
		b.WriteString(`""`)
	}
	fmt.Fprintf(gf.b, "%sif %s {\n%s\tpanic(%s)\n%s}\n", indent, cond, indent, b.String(), indent)
}

// prologue writes the sizes and the length checks.
func (gf *goFunc) prologue(mode goMode) {
	fe := gf.fe
	w := gf.b
	who := "gradc: " + gf.name + ": "
	fn := fe.fn
	sizeNum := map[*lang.Size]int{}
	for k, s := range fn.Sizes {
		sizeNum[s] = k
	}
	// Sizes from the data: rows, then columns.
	for pass := sizeFrom(0); pass < 2; pass++ {
		for k, s := range fe.sizes {
			if fe.from[k] != pass {
				continue
			}
			d := fe.data[fe.src[k]]
			what := "len(" + d + ")"
			if pass == fromCols {
				what = "len(" + d + "[0])"
				// Row 0 must exist, unless the rows just gave a positive size.
				rows := fn.Data[fe.src[k]].Dims[0]
				if rows.Size == nil || fe.from[sizeNum[rows.Size]] != fromData || fe.src[sizeNum[rows.Size]] != fe.src[k] {
					gf.check("\t", "len("+d+") == 0", who+"len("+d+") is 0; its rows give size "+s)
				}
			}
			fmt.Fprintf(w, "\t%s := %s\n", s, what)
			gf.check("\t", s+" == 0", who+what+" is 0; size "+s+" must be positive")
		}
	}
	// Data lengths.
	for k, d := range fn.Data {
		name := fe.data[k]
		for j, dim := range d.Dims {
			want := fe.dimText(dim)
			if j == 0 {
				if dim.Size != nil && fe.from[sizeNum[dim.Size]] == fromData && fe.src[sizeNum[dim.Size]] == k {
					continue
				}
				if dim.Size == nil {
					gf.check("\t", "len("+name+") != "+want, who+"len("+name+") = ", "len("+name+")", ", want "+want)
				} else {
					gf.check("\t", "len("+name+") != "+want, who+"len("+name+") = ", "len("+name+")", ", want "+want+" = ", want)
				}
				continue
			}
			r := gf.nm.fresh("r")
			fmt.Fprintf(w, "\tfor %s := range %s {\n", r, name)
			if dim.Size == nil {
				gf.check("\t\t", "len("+name+"["+r+"]) != "+want, who+"len("+name+"[", r, "]) = ", "len("+name+"["+r+"])", ", want "+want)
			} else {
				gf.check("\t\t", "len("+name+"["+r+"]) != "+want, who+"len("+name+"[", r, "]) = ", "len("+name+"["+r+"])", ", want "+want+" = ", want)
			}
			fmt.Fprintf(w, "\t}\n")
		}
	}
	// len(x).
	solved := -1
	for k := range fe.sizes {
		if fe.from[k] == fromX {
			solved = k
		}
	}
	pack := fe.nx.String()
	switch {
	case solved >= 0:
		s := fe.sizes[solved]
		a, b, c := fe.quadratic(solved)
		if a.isConst() && a.c == 0 {
			// len(x) = b*s + c.
			num := "len(x)"
			if !c.isConst() || c.c != 0 {
				num = "(len(x) - (" + c.String() + "))"
				if c.simple() {
					num = "(len(x) - " + c.String() + ")"
				}
			}
			rhs := num
			if !b.isConst() || b.c != 1 {
				den := b.String()
				if !b.simple() {
					den = "(" + den + ")"
				}
				rhs = num + " / " + den
			}
			fmt.Fprintf(w, "\t%s := %s\n", s, rhs)
			if b.isConst() && b.c == 1 {
				// s = len(x) - c exactly: only its sign can be wrong.
				gf.check("\t", s+" < 1", who+"len(x) = ", "len(x)", ", want "+pack+" for a size "+s+" >= 1")
				break
			}
		} else if b.isConst() && b.c == 0 {
			// len(x) = a*s*s + c.
			num := "len(x)"
			if !c.isConst() || c.c != 0 {
				num = "len(x) - (" + c.String() + ")"
			}
			arg := "float64(" + num + ")"
			if !a.isConst() || a.c != 1 {
				arg += " / float64(" + a.String() + ")"
			}
			fmt.Fprintf(w, "\t%s := int(math.Round(math.Sqrt(%s)))\n", s, arg)
		} else {
			fmt.Fprintf(w, "\t%s := int(math.Round((-float64(%s) + math.Sqrt(float64((%s)*(%s)+4*(%s)*(len(x)-(%s))))) / (2 * float64(%s))))\n",
				s, b.String(), b.String(), b.String(), a.String(), c.String(), a.String())
		}
		gf.check("\t", s+" < 1 || len(x) != "+pack, who+"len(x) = ", "len(x)", ", want "+pack+" for a size "+s+" >= 1")
	case fe.nx.isConst():
		gf.check("\t", "len(x) != "+pack, who+"len(x) = ", "len(x)", ", want "+pack)
	default:
		gf.check("\t", "len(x) != "+pack, who+"len(x) = ", "len(x)", ", want "+pack+" = ", pack)
	}
	// The bounds the checker could not prove.
	for _, bc := range fn.Checks {
		need := fe.langAffine(bc.Need, sizeNum)
		cond := need.String() + " < 0"
		for _, g := range bc.Guard {
			cond = fe.langAffine(g, sizeNum).String() + " > 0 && " + cond
		}
		gf.check("\t", cond, who+messageText(bc.Msg)+" (at "+messageText(filepath.Base(fe.file))+":"+bc.Pos.String()+")")
	}
	// Outputs.
	switch mode {
	case modeGrad:
		gf.check("\t", "len(grad) != len(x)", who+"len(grad) = ", "len(grad)", ", want len(x) = ", "len(x)")
	case modeHess:
		gf.check("\t", "len(hess) != len(x)*len(x)", who+"len(hess) = ", "len(hess)", ", want len(x)*len(x) = ", "len(x)*len(x)")
	case modeHessVec:
		gf.check("\t", "len(v) != len(x)", who+"len(v) = ", "len(v)", ", want len(x) = ", "len(x)")
		gf.check("\t", "len(hv) != len(x)", who+"len(hv) = ", "len(hv)", ", want len(x) = ", "len(x)")
		// Tell the compiler the lengths, so that it drops bounds checks.
		fmt.Fprintf(gf.b, "\tv, hv = v[:len(x)], hv[:len(x)]\n")
	}
}

// langAffine renders an affine form of the checker over the size names.
func (fe *fnEmit) langAffine(a lang.Affine, sizeNum map[*lang.Size]int) lin {
	l := lin{c: a.Const}
	for _, t := range a.Terms {
		if s, ok := t.Sym.(*lang.Size); ok {
			l.add(fe.sizes[sizeNum[s]], t.Coef)
		}
	}
	return l
}
