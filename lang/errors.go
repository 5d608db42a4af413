package lang

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gradc/gradc/ast"
)

// MaxErrors is how many errors a list reports before it says
// "too many errors".
const MaxErrors = 10

// Error is one positioned error: "FILE:LINE:COL: Msg".
type Error struct {
	File string
	Pos  ast.Pos
	Msg  string
}

func (e *Error) Error() string {
	msg := clipWords(e.Msg)
	switch {
	case e.File != "" && e.Pos.IsValid():
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, msg)
	case e.Pos.IsValid():
		return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, msg)
	case e.File != "":
		return e.File + ": " + msg
	}
	return msg
}

// maxWord is the longest word (run of characters without a space) that an
// error message shows whole. A message quotes names and numbers of the
// input, and an input may hold a name or a number a megabyte long: past
// maxWord characters, a word shows its first 40 characters, "…" and its
// length.
const maxWord = 80

// clipWords shortens the words of msg longer than maxWord characters.
func clipWords(msg string) string {
	if len(msg) <= maxWord {
		return msg
	}
	var b strings.Builder
	for i, w := range strings.Split(msg, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		if n := utf8.RuneCountInString(w); n > maxWord {
			r := []rune(w)
			fmt.Fprintf(&b, "%s…(%d characters)", string(r[:40]), n)
			continue
		}
		b.WriteString(w)
	}
	return b.String()
}

// ErrorList is a list of errors, as go/scanner's: add to it while working,
// Sort it, and return its Err.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(file string, pos ast.Pos, format string, args ...any) {
	*l = append(*l, &Error{File: file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// AsList returns the positioned errors in err: a whole ErrorList, or one
// *Error as a list of one. ok is false when err holds neither.
func AsList(err error) (list ErrorList, ok bool) {
	var one *Error
	switch {
	case errors.As(err, &list):
		return list, true
	case errors.As(err, &one):
		return ErrorList{one}, true
	}
	return nil, false
}

// Len returns the number of errors.
func (l ErrorList) Len() int { return len(l) }

// Sort orders the list by file, then position; errors at the same place
// keep their order. It also drops exact duplicates.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].File != s[j].File {
			return s[i].File < s[j].File
		}
		return s[i].Pos.Before(s[j].Pos)
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error returns the first error and how many more there are:
// "f.expr:3:7: undefined: y (and 2 more errors)".
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	case 2:
		return l[0].Error() + " (and 1 more error)"
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Lines returns one line per error, at most MaxErrors of them, then
// "too many errors" when there were more.
func (l ErrorList) Lines() []string {
	var lines []string
	for i, e := range l {
		if i == MaxErrors {
			lines = append(lines, "too many errors")
			break
		}
		lines = append(lines, e.Error())
	}
	return lines
}

// String is Lines joined by newlines.
func (l ErrorList) String() string { return strings.Join(l.Lines(), "\n") }
