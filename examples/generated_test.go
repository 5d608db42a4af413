// Package examples holds no code: each example is a command in its own
// folder. This test checks that the generated files committed beside them
// are what gradc makes of their .expr files now.
package examples

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// examples are the folders of the lecture's demos (examples/external is
// another helper's, with its own conventions).
var examples = []string{"hillclimb", "race", "train", "differentiate"}

// generator is how every example's //go:generate line runs gradc.
const generator = "go run github.com/gradc/gradc/cmd/gradc "

// TestGeneratedFilesUpToDate runs each example's //go:generate line with
// its output sent to a temporary folder and compares the bytes with the
// committed file. To refresh them: cd examples && go generate ./...
func TestGeneratedFilesUpToDate(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tmp := t.TempDir()
	gradc := filepath.Join(tmp, "gradc")
	build := exec.Command(goTool, "build", "-o", gradc, "github.com/gradc/gradc/cmd/gradc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building gradc: %v\n%s", err, out)
	}
	found := 0
	for _, dir := range examples {
		main := filepath.Join(dir, "main.go")
		for _, line := range generateLines(t, main) {
			found++
			t.Run(dir, func(t *testing.T) {
				args := strings.Fields(strings.TrimPrefix(line, generator))
				var out string
				for i := range args {
					if args[i] == "-o" && i+1 < len(args) {
						out = args[i+1]
						args[i+1] = filepath.Join(tmp, dir+"_"+out)
					}
				}
				if out == "" {
					t.Fatalf("%s: //go:generate %s: no -o FILE", main, line)
				}
				cmd := exec.Command(gradc, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOPACKAGE=main", "GOFILE=main.go")
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("gradc %s: %v\n%s", strings.Join(args, " "), err, msg)
				}
				want, err := os.ReadFile(filepath.Join(tmp, dir+"_"+out))
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(dir, out))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s is out of date: run go generate ./... in examples/", filepath.Join(dir, out))
				}
			})
		}
	}
	if found != len(examples) {
		t.Errorf("found %d //go:generate lines running gradc, want one per example (%d)", found, len(examples))
	}
}

// generateLines returns the commands of file's //go:generate lines that run
// gradc, and fails on one that runs it some other way.
func generateLines(t *testing.T, file string) []string {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cmd, ok := strings.CutPrefix(sc.Text(), "//go:generate ")
		if !ok {
			continue
		}
		if !strings.HasPrefix(cmd, generator) {
			t.Errorf("%s: //go:generate %s: want %q...", file, cmd, generator)
			continue
		}
		lines = append(lines, cmd)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
