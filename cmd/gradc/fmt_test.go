package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runFmtTest runs gradc with args and stdin, returning the exit status and
// the two streams.
func runFmtTest(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

const (
	messy     = "fn  f(x)=x^2+ (x*2)   # square\nconst c=1\n"
	formatted = "fn f(x) = x^2 + x*2 # square\nconst c = 1\n"
)

func writeTemp(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmtStdout(t *testing.T) {
	dir := t.TempDir()
	a := writeTemp(t, dir, "a.expr", messy)
	b := writeTemp(t, dir, "b.expr", formatted)
	code, out, errs := runFmtTest(t, "", "fmt", a, b)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if out != formatted+formatted {
		t.Errorf("got %q", out)
	}
	if readFile(t, a) != messy {
		t.Error("without -w the file changed")
	}
}

func TestFmtStdin(t *testing.T) {
	code, out, errs := runFmtTest(t, messy, "fmt")
	if code != exitOK || errs != "" || out != formatted {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runFmtTest(t, messy, "fmt", "-l")
	if code != exitOK || out != "<stdin>\n" {
		t.Errorf("-l: exit %d, stdout %q", code, out)
	}
	code, out, _ = runFmtTest(t, formatted, "fmt", "-l")
	if code != exitOK || out != "" {
		t.Errorf("-l on formatted input: exit %d, stdout %q", code, out)
	}
}

func TestFmtList(t *testing.T) {
	dir := t.TempDir()
	a := writeTemp(t, dir, "a.expr", messy)
	b := writeTemp(t, dir, "b.expr", formatted)
	code, out, errs := runFmtTest(t, "", "fmt", "-l", a, b)
	if code != exitOK || errs != "" || out != a+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if readFile(t, a) != messy {
		t.Error("-l changed the file")
	}
}

func TestFmtWrite(t *testing.T) {
	dir := t.TempDir()
	a := writeTemp(t, dir, "a.expr", messy)
	b := writeTemp(t, dir, "b.expr", formatted)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(b, old, old); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runFmtTest(t, "", "fmt", "-w", "-l", a, b)
	if code != exitOK || errs != "" || out != a+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := readFile(t, a); got != formatted {
		t.Errorf("a.expr is now %q", got)
	}
	if info, err := os.Stat(b); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("b.expr was already formatted but was rewritten (%v)", err)
	}
	if info, err := os.Stat(a); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("a.expr lost its permissions (%v)", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestFmtSyntaxError(t *testing.T) {
	dir := t.TempDir()
	bad := writeTemp(t, dir, "bad.expr", "fn f(x) = x ** 2\nfn g(x) = (x + 1\n")
	good := writeTemp(t, dir, "good.expr", messy)
	code, out, errs := runFmtTest(t, "", "fmt", "-w", bad, good)
	if code != exitInput {
		t.Errorf("exit %d, want %d", code, exitInput)
	}
	for _, want := range []string{
		bad + ":1:13: use ^ for powers, not **\n\tfn f(x) = x ** 2\n\t            ^\n",
		bad + ":2:17: missing ) to close ( at 2:11\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if out != "" {
		t.Errorf("stdout %q", out)
	}
	if readFile(t, bad) != "fn f(x) = x ** 2\nfn g(x) = (x + 1\n" {
		t.Error("the bad file changed")
	}
	if readFile(t, good) != formatted {
		t.Error("the good file was not formatted")
	}
}

func TestFmtUsage(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		inErr string
	}{
		{"unknown flag", []string{"fmt", "-x"}, exitUsage, "usage: gradc fmt"},
		{"write stdin", []string{"fmt", "-w"}, exitUsage, "-w needs file names"},
		{"missing file", []string{"fmt", "/nonexistent/x.expr"}, exitInput, "no such file"},
		{"directory", []string{"fmt", os.TempDir()}, exitInput, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runFmtTest(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.inErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.code, tt.inErr)
			}
		})
	}
	code, out, _ := runFmtTest(t, "", "help", "fmt")
	if code != exitOK || !strings.Contains(out, "usage: gradc fmt [-w] [-l] [FILE.expr...]") || !strings.Contains(out, "-w") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}
