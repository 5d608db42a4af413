package lang

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestExcerptUnsafeInput: an error about binary or control-laden input
// prints no raw control byte (a terminal would act on ESC), keeps the
// caret under the column the scanner counted, and skips a leading BOM.
func TestExcerptUnsafeInput(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		line, col int
		src, pad  string
	}{
		{"invalid bytes", "\xff\xfe\x00\x01", 1, 3, "\uFFFD\uFFFD\uFFFD\uFFFD", "  "},
		{"escape sequence", "x\x1b[2Jy $", 1, 8, "x\uFFFD[2Jy $", "       "},
		{"bidi override", "a\u202eb = c", 1, 3, "a\uFFFDb = c", "  "},
		{"bad byte mid line", "fn f(x) = x\xff + 1", 1, 12, "fn f(x) = x\uFFFD + 1", "           "},
		{"BOM skipped on line 1", "\uFEFFfn f(x) = $", 1, 11, "fn f(x) = $", "          "},
		{"tab kept", "\tx\x07", 1, 3, "\tx\uFFFD", "\t "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, pad, ok := Excerpt(tt.text, tt.line, tt.col)
			if !ok || src != tt.src || pad != tt.pad {
				t.Errorf("Excerpt(%q, %d, %d) = %q, %q, %v; want %q, %q, true", tt.text, tt.line, tt.col, src, pad, ok, tt.src, tt.pad)
			}
		})
	}
}

// TestReadFileLimits: ReadFile reads an ordinary file whole, and refuses a
// folder, a missing file, a file over MaxFileSize and a device that never
// ends, each with an error naming the path.
func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.expr")
	if err := os.WriteFile(small, []byte("fn f(x) = x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.expr")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFile(small)
	if err != nil || string(b) != "fn f(x) = x\n" {
		t.Fatalf("ReadFile(small) = %q, %v", b, err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"folder", dir, "is a directory"},
		{"missing", filepath.Join(dir, "nosuch.expr"), "no such file"},
		{"too large", big, "input too large"},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests, struct{ name, path, want string }{"endless device", "/dev/zero", "input too large"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("ReadFile(%s) error = %v; want one naming the path and saying %q", tt.path, err, tt.want)
			}
		})
	}
}

// A name or number a megabyte long is quoted in its error by its first 40
// characters and its length, not whole.
func TestErrorClipsLongWords(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"long name", "fn f(x) = x + " + strings.Repeat("y", 100000), "1:15: undefined: " + strings.Repeat("y", 40) + "…(100000 characters)"},
		{"long number", "fn f(x) = x + 1" + strings.Repeat("0", 5000), "is too large for a float64"},
		{"short words kept", "fn f(x) = x + yy", "1:15: undefined: yy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("f.expr", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || len(msg) > 400 {
				t.Errorf("error %.300q (%d bytes), want it short and containing %q", msg, len(msg), tt.want)
			}
		})
	}
}

// A ; inside a call's parentheses says how calls pass data: with commas.
func TestSemicolonInCall(t *testing.T) {
	_, err := Load("f.expr", []byte("fn kd(x; w[n]) = x*w[0]\nfn m(x; w[n]) = kd(x; w)\n"))
	if err == nil || !strings.Contains(err.Error(), "f.expr:2:21: unexpected semicolon, expected ): ") || !strings.Contains(err.Error(), "a call separates all its arguments with commas (f(x, a))") {
		t.Errorf("error %v, want one at 2:21 saying calls use commas", err)
	}
}
