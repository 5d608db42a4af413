package main

import (
	"fmt"
	"io"

	"github.com/gradc/gradc/lang"
)

// reportErrors prints err to w. A lang.ErrorList prints one error per line
// (at most lang.MaxErrors, then "too many errors"), each followed by its
// source line and a caret under the column, as a compiler would show it.
// src maps a file name to its text, for the source lines.
func reportErrors(w io.Writer, err error, src map[string][]byte) {
	list, ok := lang.AsList(err)
	if !ok {
		fmt.Fprintln(w, err)
		return
	}
	for i, e := range list {
		if i == lang.MaxErrors {
			fmt.Fprintln(w, "too many errors")
			return
		}
		fmt.Fprintln(w, e.Error())
		if line, pad, ok := lang.Excerpt(string(src[e.File]), e.Pos.Line, e.Pos.Col); ok {
			fmt.Fprintf(w, "\t%s\n\t%s^\n", line, pad)
		}
	}
}
