package autodiff

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable prints reports as a table, one line per comparison:
//
//	fn          compared              what  points  largest error  tolerance  status
//	rosenbrock  forward vs reverse    grad  20      2.2e-16        1e-09      ok
//
// A fn that could not be checked has one line with its error; the status
// of a comparison over the tolerance is FAIL.
func WriteTable(w io.Writer, reports []*Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "fn\tcompared\twhat\tpoints\tlargest error\ttolerance\tstatus")
	for _, r := range reports {
		if r.Err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t%d\t-\t-\tERROR: %v\n", r.Fn, r.Points, r.Err)
			continue
		}
		for _, c := range r.Comparisons {
			status := "ok"
			if !c.OK() {
				status = "FAIL"
			}
			fmt.Fprintf(tw, "%s\t%s vs %s\t%s\t%d\t%.3g\t%g\t%s\n", r.Fn, c.A, c.B, c.What, c.Points, c.Max, c.Tol, status)
		}
	}
	return tw.Flush()
}
