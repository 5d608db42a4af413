package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/term"

	"github.com/gradc/gradc/lang"
)

// Prompts of the terminal front end.
const (
	Prompt         = "> "
	PromptContinue = "... "
)

// Terminal is the front end for a terminal: rw is the terminal, already
// in raw mode (term.MakeRaw), which Terminal reads keys from and writes
// to through a golang.org/x/term Terminal. It gives line editing (arrow
// keys, Home, End, Ctrl-A/E/K/U/W), history with the up and down arrows
// (kept in h when h is not nil, so that it survives the session), Ctrl-C
// to cancel the line being typed (and an unfinished multi-line input), and
// Ctrl-D on an empty line to quit. s prints to the terminal.
func Terminal(s *Session, rw io.ReadWriter, h *History) error {
	in := &interrupts{r: rw, canceled: map[int]bool{}}
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, rw}, Prompt)
	if h != nil {
		t.History = &termHistory{h: h, in: in}
	}
	s.SetOutput(t, t)
	fmt.Fprintln(t, "gradc repl: type :help for help, Ctrl-D to quit.")
	for {
		if s.Pending() {
			t.SetPrompt(PromptContinue)
		} else {
			t.SetPrompt(Prompt)
		}
		line, err := t.ReadLine()
		if err != nil && !errors.Is(err, term.ErrPasteIndicator) {
			if errors.Is(err, io.EOF) {
				// Straight to the terminal: through t, the prompt would be drawn again.
				_, err := rw.Write([]byte("\r\n"))
				return err
			}
			return err
		}
		if in.next() {
			s.Cancel()
			continue
		}
		if !s.Line(line) {
			return nil
		}
	}
}

// interrupts reads keys for the terminal and turns Ctrl-C, which
// x/term's ReadLine would report as the end of the input, into "end of
// line, Enter", remembering which line it ended: the loop then drops that
// line instead of running it.
type interrupts struct {
	r        io.Reader
	mu       sync.Mutex
	buf      []byte
	ends     int          // line ends passed to the terminal so far
	lastCR   bool         // the last byte passed was '\r' (a following '\n' ends no line)
	canceled map[int]bool // line numbers (1-based) ended by Ctrl-C
	returned int          // lines returned by ReadLine so far
}

// ctrlC is what Ctrl-C becomes: End (ESC [ F), then Enter.
var ctrlCKeys = []byte("\x1b[F\r")

func (in *interrupts) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.buf) == 0 {
		raw := make([]byte, len(p))
		n, err := in.r.Read(raw)
		for _, b := range raw[:n] {
			switch {
			case b == 3:
				in.buf = append(in.buf, ctrlCKeys...)
				in.ends++
				in.canceled[in.ends] = true
				in.lastCR = true
				continue
			case b == '\r' || (b == '\n' && !in.lastCR):
				in.ends++
			}
			in.lastCR = b == '\r'
			in.buf = append(in.buf, b)
		}
		if len(in.buf) == 0 {
			return 0, err
		}
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	return n, nil
}

// next counts a line returned by ReadLine and reports whether Ctrl-C
// ended it.
func (in *interrupts) next() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.returned++
	c := in.canceled[in.returned]
	delete(in.canceled, in.returned)
	return c
}

// isCanceled reports whether the line about to be returned was ended by
// Ctrl-C.
func (in *interrupts) isCanceled() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.canceled[in.returned+1]
}

// termHistory is h as x/term's History, without the canceled lines.
type termHistory struct {
	h  *History
	in *interrupts
}

func (t *termHistory) Add(line string) {
	if !t.in.isCanceled() {
		t.h.Add(line)
	}
}
func (t *termHistory) Len() int        { return t.h.Len() }
func (t *termHistory) At(i int) string { return t.h.At(i) }

// History is the list of lines typed, most recent last, kept in a file
// when it has one: one line a line, appended as they are typed. It
// implements golang.org/x/term's History (At(0) is the most recent line).
type History struct {
	lines []string
	max   int
	path  string
}

// DefaultHistoryMax is how many lines a history keeps.
const DefaultHistoryMax = 1000

// HistoryPath returns where gradc keeps the REPL's history:
// os.UserCacheDir()/gradc/history.
func HistoryPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gradc", "history"), nil
}

// LoadHistory returns the history kept in the file at path (none yet is
// fine: the file is made on the first line), keeping the last max lines.
// An empty path gives a history that is not kept.
func LoadHistory(path string, max int) (*History, error) {
	if max <= 0 {
		max = DefaultHistoryMax
	}
	h := &History{max: max, path: path}
	if path == "" {
		return h, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	defer f.Close()
	// At most lang.MaxFileSize bytes, and at most 2*max lines in memory:
	// -history may name a huge file, or a device that never ends.
	sc := bufio.NewScanner(io.LimitReader(f, lang.MaxFileSize))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	total := 0
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			h.lines = append(h.lines, l)
			total++
			if len(h.lines) >= 2*max {
				h.lines = append(h.lines[:0], h.lines[max:]...)
			}
		}
	}
	if total > max {
		h.lines = h.lines[len(h.lines)-max:]
		// Rewrite the file with what is kept, so that it does not grow
		// forever (a regular file only: never a device).
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			_ = os.WriteFile(path, []byte(strings.Join(h.lines, "\n")+"\n"), 0o600)
		}
	}
	return h, sc.Err()
}

// Add appends line, unless it is empty or repeats the last line, and
// writes it to the file. A file that cannot be written is not an error
// of the session: the history then lives in memory only.
func (h *History) Add(line string) {
	if strings.TrimSpace(line) == "" || (len(h.lines) > 0 && h.lines[len(h.lines)-1] == line) {
		return
	}
	h.lines = append(h.lines, line)
	if len(h.lines) > h.max {
		h.lines = h.lines[1:]
	}
	if h.path == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		h.path = ""
		return
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		h.path = ""
		return
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err != nil || cerr != nil {
		h.path = ""
	}
}

// Len returns the number of lines.
func (h *History) Len() int { return len(h.lines) }

// At returns line i, counting back from the most recent (0).
func (h *History) At(i int) string { return h.lines[len(h.lines)-1-i] }

// Lines returns the lines, oldest first.
func (h *History) Lines() []string { return h.lines }
