package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gradc/gradc/lang"
)

// reportErrors prints err to w. A lang.ErrorList prints one error per line
// (at most lang.MaxErrors, then "too many errors"), each followed by its
// source line and a caret under the column, as a compiler would show it.
// src maps a file name to its text, for the source lines.
func reportErrors(w io.Writer, err error, src map[string][]byte) {
	var list lang.ErrorList
	var one *lang.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = lang.ErrorList{one}
	default:
		fmt.Fprintln(w, err)
		return
	}
	for i, e := range list {
		if i == lang.MaxErrors {
			fmt.Fprintln(w, "too many errors")
			return
		}
		fmt.Fprintln(w, e.Error())
		if line, ok := sourceLine(src[e.File], e.Pos.Line); ok && e.Pos.Col > 0 {
			fmt.Fprintf(w, "\t%s\n\t%s^\n", line, caretPad(line, e.Pos.Col))
		}
	}
}

// sourceLine returns line n (1-based) of text, without its newline.
func sourceLine(text []byte, n int) (string, bool) {
	if n <= 0 || text == nil {
		return "", false
	}
	s := string(text)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(s, '\n')
		if j < 0 {
			return "", false
		}
		s = s[j+1:]
	}
	if j := strings.IndexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	s = strings.TrimRight(s, "\r")
	if utf8.RuneCountInString(s) > 200 {
		return "", false // a caret under a huge line helps nobody
	}
	return s, true
}

// caretPad returns the white space that puts a caret under column col of
// line: tabs stay tabs so that the caret lines up however tabs are shown.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}
