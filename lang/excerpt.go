package lang

import (
	"strings"
	"unicode/utf8"
)

// maxExcerpt is the longest source line that Excerpt shows: a caret under
// a huge line helps nobody.
const maxExcerpt = 200

// Excerpt returns what a command or the REPL prints under an error: the
// source line line (1-based) of text, and the white space that puts a
// caret under column col of it (tabs stay tabs, so that the caret lines
// up however tabs are shown). ok is false where there is nothing to show:
// no such line, no column, or a line longer than 200 characters.
//
//	fmt.Fprintf(w, "\t%s\n\t%s^\n", line, pad)
func Excerpt(text string, line, col int) (src, pad string, ok bool) {
	if line <= 0 || col <= 0 {
		return "", "", false
	}
	s := text
	for i := 1; i < line; i++ {
		j := strings.IndexByte(s, '\n')
		if j < 0 {
			return "", "", false
		}
		s = s[j+1:]
	}
	if j := strings.IndexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	s = strings.TrimRight(s, "\r")
	if utf8.RuneCountInString(s) > maxExcerpt {
		return "", "", false
	}
	var b strings.Builder
	i := 1
	for _, r := range s {
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
	return s, b.String(), true
}
