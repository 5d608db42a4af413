package repl

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/gradc/gradc/lang"
)

// A chunk is one input placed in the session's global line space: lines
// start .. start+lines-1 hold text, which is called name and whose first
// line is line first of that name (the input's number for typed lines, 1
// for a file).
type chunk struct {
	name  string
	first int
	start int
	text  string
	lines int
}

// sources is the global line space: every input gets fresh lines.
type sources struct {
	chunks []*chunk
	next   int // the first free global line
}

// add places text in fresh lines and returns its chunk.
func (s *sources) add(name string, first int, text string) *chunk {
	if s.next == 0 {
		s.next = 1
	}
	c := &chunk{name: name, first: first, start: s.next, text: text, lines: strings.Count(text, "\n") + 1}
	s.next += c.lines
	s.chunks = append(s.chunks, c)
	return c
}

// pad returns the text of c preceded by the newlines that put it at its
// global lines, and col-1 spaces that put it at column col: the form to
// parse.
func (c *chunk) pad(col int) string {
	return strings.Repeat("\n", c.start-1) + strings.Repeat(" ", col-1) + c.text
}

// find returns the chunk that holds global line n.
func (s *sources) find(n int) *chunk {
	for i := len(s.chunks) - 1; i >= 0; i-- {
		c := s.chunks[i]
		if n >= c.start && n < c.start+c.lines {
			return c
		}
	}
	return nil
}

// report prints err: a lang error list one error a line (at most
// lang.MaxErrors), each as NAME:LINE:COL: message followed by its source
// line and a caret under the column; any other error as it is.
func (s *sources) report(w io.Writer, err error) {
	list, ok := lang.AsList(err)
	if !ok {
		fmt.Fprintf(w, "error: %v\n", err)
		return
	}
	for i, e := range list {
		if i == lang.MaxErrors {
			fmt.Fprintln(w, "too many errors")
			return
		}
		c := s.find(e.Pos.Line)
		if c == nil {
			if e.File != "" {
				fmt.Fprintf(w, "%s: %s\n", e.File, e.Msg)
			} else {
				fmt.Fprintf(w, "error: %s\n", e.Msg)
			}
			continue
		}
		local := e.Pos.Line - c.start
		fmt.Fprintf(w, "%s:%d:%d: %s\n", c.name, c.first+local, e.Pos.Col, s.localize(e.Msg, c))
		if line, pad, ok := lang.Excerpt(c.text, local+1, e.Pos.Col); ok {
			fmt.Fprintf(w, "\t%s\n\t%s^\n", line, pad)
		}
	}
}

// posRE finds the positions that messages mention: "declared at 3:5".
var posRE = regexp.MustCompile(`\bat (\d+):(\d+)\b`)

// localize rewrites the global positions in msg, an error's message
// within chunk in, as positions of their own input: "at 3:5" in the same
// input, "at FILE:3:5" in another.
func (s *sources) localize(msg string, in *chunk) string {
	return posRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := posRE.FindStringSubmatch(m)
		line, err1 := strconv.Atoi(sub[1])
		col, err2 := strconv.Atoi(sub[2])
		c := s.find(line)
		if err1 != nil || err2 != nil || c == nil {
			return m
		}
		local := c.first + line - c.start
		if c == in {
			return fmt.Sprintf("at %d:%d", local, col)
		}
		return fmt.Sprintf("at %s:%d:%d", c.name, local, col)
	})
}
