package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxExcerpt is the longest source line that Excerpt shows: a caret under
// a huge line helps nobody.
const maxExcerpt = 200

// Excerpt returns what a command or the REPL prints under an error: the
// source line line (1-based) of text, and the white space that puts a
// caret under column col of it (tabs stay tabs, so that the caret lines
// up however tabs are shown). ok is false where there is nothing to show:
// no such line, no column, or a line longer than 200 characters. Bytes
// that are not UTF-8 and characters that a terminal would act on or not
// show (control characters other than tab, format characters such as
// the bidirectional overrides) are shown as U+FFFD, one column each, as
// the scanner counts them, so that an error about binary input prints no
// escape sequence and its caret still lines up.
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
	if line == 1 {
		s = strings.TrimPrefix(s, "\uFEFF") // the scanner skips a byte order mark
	}
	if utf8.RuneCountInString(s) > maxExcerpt {
		return "", "", false
	}
	s = shown(s)
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

// shown returns s with every invalid byte, control character (tab
// excepted) and format character replaced by U+FFFD: one rune for one,
// so that columns stay where the scanner counted them.
func shown(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r == utf8.RuneError || (unicode.IsControl(r) && r != '\t') || unicode.Is(unicode.Cf, r)
}
