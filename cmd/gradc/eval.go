package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gradc/gradc"
	"github.com/gradc/gradc/lang"
)

func init() {
	register(&command{
		name:    "eval",
		args:    "[-json] [-hess] [-data NAME=FILE]... FILE.expr FUNC VALUE...",
		summary: "evaluate a fn's value and gradient (and Hessian) on the tape",
		doc: `
Evaluates FUNC of FILE.expr with the run-time tape at the variables
VALUE..., packed as the generated Go packs x: all variables in declaration
order, each vector or matrix row-major. A VALUE is a number, or @FILE for
the numbers of a file, separated by white space or commas.

Each data parameter of FUNC needs -data NAME=FILE: a file of numbers, one
matrix row a line (a vector's numbers may span lines; a scalar is one
number). Lines may end in # comments. Sizes come from the data first,
then from the number of values.

Prints the value and the gradient, and with -hess the Hessian. With -json
prints {"value": V, "grad": [...], "hess": [[...], ...]} ("hess" only with
-hess; a NaN or an infinity prints as null, which JSON has no number for).`,
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			asJSON := fs.Bool("json", false, "print the result as JSON")
			hess := fs.Bool("hess", false, "also compute the Hessian")
			var data dataFlags
			fs.Var(&data, "data", "a data parameter from a file: `NAME=FILE` (repeatable)")
			return func(e *env, args []string) int {
				return runEval(e, args, *asJSON, *hess, data)
			}
		},
	})
}

// dataFlags collects -data NAME=FILE flags in order.
type dataFlags []struct{ name, file string }

func (d *dataFlags) String() string {
	var parts []string
	for _, f := range *d {
		parts = append(parts, f.name+"="+f.file)
	}
	return strings.Join(parts, " ")
}

func (d *dataFlags) Set(s string) error {
	name, file, ok := strings.Cut(s, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want NAME=FILE, got %q", s)
	}
	*d = append(*d, struct{ name, file string }{name, file})
	return nil
}

// usageError is an error in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func runEval(e *env, args []string, asJSON, withHess bool, data dataFlags) int {
	if len(args) < 2 {
		fmt.Fprintln(e.stderr, "gradc eval: want FILE.expr FUNC VALUE...; see gradc help eval")
		return exitUsage
	}
	file, name := args[0], args[1]
	src, err := lang.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "gradc eval: %v\n", err)
		return exitInput
	}
	m, err := gradc.Compile(file, src)
	if err != nil {
		reportErrors(e.stderr, err, map[string][]byte{file: src})
		return exitInput
	}
	f, err := m.Func(name)
	if err != nil {
		reportErrors(e.stderr, err, map[string][]byte{file: src})
		return exitInput
	}
	x, err := parseValues(args[2:])
	if err != nil {
		return evalFail(e, err)
	}
	vals, err := loadData(f, data)
	if err != nil {
		return evalFail(e, err)
	}
	ev := f.NewEvaluator()
	grad := make([]float64, len(x))
	v, err := ev.Grad(grad, x, vals...)
	if err != nil {
		reportErrors(e.stderr, err, map[string][]byte{file: src})
		return exitInput
	}
	var hess []float64
	if withHess {
		if n := len(x); n > maxHessVars {
			fmt.Fprintf(e.stderr, "gradc eval: -hess with %d variables would print a %d×%d Hessian; at most %d variables: drop -hess, or evaluate the generated NameHessVec\n", n, n, n, maxHessVars)
			return exitInput
		}
		hess = make([]float64, len(x)*len(x))
		if _, err := ev.Hess(hess, x, vals...); err != nil {
			reportErrors(e.stderr, err, map[string][]byte{file: src})
			return exitInput
		}
	}
	if asJSON {
		writeEvalJSON(e.stdout, v, grad, hess, withHess)
	} else {
		writeEvalText(e.stdout, v, grad, hess, withHess)
	}
	return exitOK
}

// maxHessVars is the most variables eval -hess accepts: its Hessian has
// 16.7 million entries (128 MB). More would run out of memory, not
// print something anyone reads.
const maxHessVars = 4096

func evalFail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "gradc eval: %v\n", err)
	var u *usageError
	if errors.As(err, &u) {
		return exitUsage
	}
	return exitInput
}

// parseValues reads the packed variables: numbers, or @FILE.
func parseValues(args []string) ([]float64, error) {
	x := []float64{}
	for _, a := range args {
		if file, ok := strings.CutPrefix(a, "@"); ok {
			if file == "" {
				return nil, &usageError{"@ needs a file name: @FILE reads the values from FILE"}
			}
			text, err := lang.ReadFile(file)
			if err != nil {
				return nil, err
			}
			rows, err := parseNumbers(file, string(text))
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				x = append(x, r...)
			}
			continue
		}
		v, err := parseNumber(a)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("value %q is not a number (write numbers, or @FILE)", a)}
		}
		x = append(x, v)
	}
	return x, nil
}

func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return v, nil // ±Inf or 0, as Go rounds it
		}
	}
	return v, err
}

// parseNumbers reads the rows of a file of numbers: one row a line,
// numbers separated by white space or commas, # starting a comment;
// blank lines are skipped.
func parseNumbers(file, text string) ([][]float64, error) {
	text = strings.TrimPrefix(text, "\uFEFF") // as editors on Windows save files
	var rows [][]float64
	for i, line := range strings.Split(text, "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		fields := strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
		})
		if len(fields) == 0 {
			continue
		}
		row := make([]float64, len(fields))
		for k, fld := range fields {
			v, err := parseNumber(fld)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not a number", file, i+1, fld)
			}
			row[k] = v
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// loadData reads each data parameter of f from its -data file, shaped as
// the parameter is: a float64, a []float64 or a [][]float64 of rows.
func loadData(f *gradc.Func, data dataFlags) ([]any, error) {
	params := f.Data()
	files := map[string]string{}
	for _, d := range data {
		found := false
		for _, p := range params {
			found = found || p.Name == d.name
		}
		if !found {
			var names []string
			for _, p := range params {
				names = append(names, p.Name)
			}
			if len(names) == 0 {
				return nil, &usageError{fmt.Sprintf("-data %s: fn %s has no data parameters", d.name, f.Name())}
			}
			return nil, &usageError{fmt.Sprintf("-data %s: fn %s has no data parameter %s (its data: %s)", d.name, f.Name(), d.name, strings.Join(names, ", "))}
		}
		if _, dup := files[d.name]; dup {
			return nil, &usageError{fmt.Sprintf("-data %s given twice", d.name)}
		}
		files[d.name] = d.file
	}
	vals := make([]any, len(params))
	for i, p := range params {
		file, ok := files[p.Name]
		if !ok {
			return nil, &usageError{fmt.Sprintf("fn %s needs its data parameter %s: give -data %s=FILE", f.Name(), p.Name, p.Name)}
		}
		text, err := lang.ReadFile(file)
		if err != nil {
			return nil, err
		}
		rows, err := parseNumbers(file, string(text))
		if err != nil {
			return nil, err
		}
		switch len(p.Dims) {
		case 0:
			if len(rows) != 1 || len(rows[0]) != 1 {
				return nil, fmt.Errorf("%s: data %s is a scalar: want one number", file, p.Name)
			}
			vals[i] = rows[0][0]
		case 1:
			vec := []float64{}
			for _, r := range rows {
				vec = append(vec, r...)
			}
			vals[i] = vec
		default:
			if rows == nil {
				rows = [][]float64{}
			}
			vals[i] = rows
		}
	}
	return vals, nil
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func jsonNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return formatNumber(v)
}

func jsonList(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = jsonNumber(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func writeEvalJSON(w io.Writer, v float64, grad, hess []float64, withHess bool) {
	fmt.Fprintf(w, "{\"value\": %s, \"grad\": %s", jsonNumber(v), jsonList(grad))
	if withHess {
		n := len(grad)
		rows := make([]string, n)
		for i := range rows {
			rows[i] = jsonList(hess[i*n : (i+1)*n])
		}
		fmt.Fprintf(w, ", \"hess\": [%s]", strings.Join(rows, ", "))
	}
	fmt.Fprintln(w, "}")
}

func writeEvalText(w io.Writer, v float64, grad, hess []float64, withHess bool) {
	list := func(vs []float64) string {
		parts := make([]string, len(vs))
		for i, x := range vs {
			parts[i] = formatNumber(x)
		}
		return strings.Join(parts, " ")
	}
	fmt.Fprintf(w, "value %s\n", formatNumber(v))
	fmt.Fprintf(w, "grad  %s\n", list(grad))
	if withHess {
		n := len(grad)
		for i := 0; i < n; i++ {
			label := "      "
			if i == 0 {
				label = "hess  "
			}
			fmt.Fprintf(w, "%s%s\n", label, list(hess[i*n:(i+1)*n]))
		}
		if n == 0 {
			fmt.Fprintln(w, "hess")
		}
	}
}
