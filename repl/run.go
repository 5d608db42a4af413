package repl

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/gradc/gradc/lang"
)

// SetOutput sets where the session prints results and errors.
func (s *Session) SetOutput(out, errOut io.Writer) { s.out, s.errw = out, errOut }

// Run is the front end without a terminal: it feeds s the lines of r until
// the end of r or :quit, with no prompt and no escape code (set s.Echo for
// a transcript). An input left incomplete at the end runs as it is, so
// that its error shows. The error is a read error, or a line too long to
// read (longer than lang.MaxFileSize).
func Run(s *Session, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), lang.MaxFileSize+1)
	first := true
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if first {
			// A byte order mark before the first line is no input.
			line, first = strings.TrimPrefix(line, "\uFEFF"), false
		}
		if !s.Line(line) {
			return nil
		}
	}
	s.Flush()
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	return nil
}
