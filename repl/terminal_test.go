package repl

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// keys is a terminal's keyboard: each Read returns the next chunk, as a
// terminal in raw mode delivers keys as they are typed.
type keys struct {
	chunks []string
	out    bytes.Buffer
}

func (k *keys) Read(p []byte) (int, error) {
	if len(k.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, k.chunks[0])
	if k.chunks[0] = k.chunks[0][n:]; k.chunks[0] == "" {
		k.chunks = k.chunks[1:]
	}
	return n, nil
}

func (k *keys) Write(p []byte) (int, error) { return k.out.Write(p) }

// Key sequences of a VT100 terminal.
const (
	up    = "\x1b[A"
	left  = "\x1b[D"
	enter = "\r"
	ctrlC = "\x03"
	ctrlD = "\x04"
)

// escapes matches the terminal's escape sequences.
var escapes = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// screen runs a terminal session over typed and returns what it printed,
// without escape sequences and carriage returns.
func screen(t *testing.T, h *History, typed ...string) string {
	t.Helper()
	k := &keys{chunks: typed}
	if err := Terminal(New(nil, nil), k, h); err != nil {
		t.Fatalf("Terminal: %v", err)
	}
	return strings.ReplaceAll(escapes.ReplaceAllString(k.out.String(), ""), "\r", "")
}

// results returns the lines of a screen that are not prompts or the
// banner: what the session printed.
func results(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l == "" || strings.HasPrefix(l, Prompt) || strings.HasPrefix(l, PromptContinue) || strings.HasPrefix(l, "gradc repl:") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestTerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gradc", "history")
	h, err := LoadHistory(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := screen(t, h,
		"x", "*", "x", enter, // x*x
		up, enter, // the up arrow recalls x*x
		"x+y", left, "2*", enter, // the left arrow moves into the line: x+2*y
		"x^3 + oops", ctrlC, // Ctrl-C cancels the line
		"fn f(x) {", enter, "return x^2 }", enter, // an input that continues
		"diff(f(x), x)", enter,
		ctrlD) // Ctrl-D on an empty line quits
	want := []string{"x^2", "x^2", "x + 2*y", "f(x) = x^2", "2*x"}
	if r := results(got); !slices.Equal(r, want) {
		t.Errorf("results = %q, want %q\nscreen:\n%s", r, want, got)
	}
	if !strings.Contains(got, PromptContinue+"return x^2 }") {
		t.Errorf("no continuation prompt on the screen:\n%s", got)
	}
	wantHist := []string{"x*x", "x+2*y", "fn f(x) {", "return x^2 }", "diff(f(x), x)"}
	if !slices.Equal(h.Lines(), wantHist) {
		t.Errorf("history = %q, want %q (no canceled line, no repeat)", h.Lines(), wantHist)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(wantHist, "\n") + "\n"; string(file) != want {
		t.Errorf("history file = %q, want %q", file, want)
	}

	// A new session reads the history file: five ups go back to x*x.
	h2, err := LoadHistory(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	got = screen(t, h2, up, up, up, up, up, enter, ctrlD)
	if r := results(got); !slices.Equal(r, []string{"x^2"}) {
		t.Errorf("after five ups in a new session: results = %q, want [x^2]\nscreen:\n%s", r, got)
	}
}

func TestTerminalCtrlCInContinuation(t *testing.T) {
	got := screen(t, nil, "(x +", enter, ctrlC, "y*y", enter, ctrlD)
	if r := results(got); !slices.Equal(r, []string{"y^2"}) {
		t.Errorf("results = %q, want [y^2]: Ctrl-C drops the unfinished input\nscreen:\n%s", r, got)
	}
}

func TestTerminalQuit(t *testing.T) {
	got := screen(t, nil, "1+1", enter, ":quit", enter, "2+2", enter)
	if r := results(got); !slices.Equal(r, []string{"2"}) {
		t.Errorf("results = %q, want [2]: nothing runs after :quit\nscreen:\n%s", r, got)
	}
}

func TestHistoryKeepsLast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h, _ := LoadHistory(path, 3)
	for _, l := range []string{"a", "b", "", "b", "c", "d"} {
		h.Add(l)
	}
	if want := []string{"b", "c", "d"}; !slices.Equal(h.Lines(), want) {
		t.Errorf("lines = %q, want %q", h.Lines(), want)
	}
	if h.At(0) != "d" || h.Len() != 3 {
		t.Errorf("At(0) = %q, Len = %d; want d, 3", h.At(0), h.Len())
	}
	h2, err := LoadHistory(path, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"b", "c", "d"}; !slices.Equal(h2.Lines(), want) {
		t.Errorf("reloaded = %q, want %q", h2.Lines(), want)
	}
	file, _ := os.ReadFile(path)
	if string(file) != "b\nc\nd\n" {
		t.Errorf("file was not trimmed to the last 3 lines: %q", file)
	}
}
