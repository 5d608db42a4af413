package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The conformance cases of the project (../shared/conformance beside the
// repo) are copied into testdata/conformance so that the tests need
// nothing outside the repo; TestConformanceCopies keeps the copies honest.

// TestConformanceGood checks that every good case loads.
func TestConformanceGood(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/good/*.expr")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good cases: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			p := load(t, string(src))
			checkInfo(t, p)
		})
	}
}

// TestConformanceBad checks that every bad case is rejected, and the
// first error it reports.
func TestConformanceBad(t *testing.T) {
	want := map[string]string{
		"arity.expr":         "2:11: fn f takes 2 arguments, got 3",
		"double_star.expr":   "1:13: use ^ for powers, not **",
		"duplicate.expr":     "2:4: f is declared twice in this file (first as fn at 1:4); names in a file must be unique",
		"misspelled.expr":    "1:11: undefined: sinn (did you mean sin?)",
		"no_range.expr":      "1:18: cannot infer the range of sum index i: it indexes no array; write sum(i in lo..hi, ...)",
		"out_of_bounds.expr": "1:16: index 3 out of bounds for x[3]",
		"recursive.expr":     "1:11: fn f calls itself; recursion is not allowed",
		"shadow.expr":        "1:15: let x shadows the parameter x (declared at 1:6); use another name",
		"undefined.expr":     "1:15: undefined: y",
		// A parse error: its message belongs to the parser; only its
		// place is checked here.
		"unclosed.expr": "1:17",
	}
	files, err := filepath.Glob("testdata/conformance/bad/*.expr")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad cases: %v", err)
	}
	for _, name := range files {
		base := filepath.Base(name)
		t.Run(base, func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Load(name, src)
			if err == nil {
				t.Fatal("accepted")
			}
			w, ok := want[base]
			if !ok {
				t.Fatalf("a new bad case: add its first error to the table: %v", err)
			}
			got := firstError(err)
			if !strings.Contains(w, ": ") { // a position only
				got, _, _ = strings.Cut(got, ": ")
			}
			if got != w {
				t.Errorf("first error:\n got %s\nwant %s", got, w)
			}
			var list ErrorList
			if e, ok := err.(ErrorList); ok {
				list = e
			}
			if len(list) == 0 || list[0].File != name {
				t.Errorf("error does not name the file %s: %v", name, err)
			}
		})
	}
}

// TestConformanceCopies checks that testdata/conformance holds the same
// files as ../shared/conformance, when that folder is beside the repo.
func TestConformanceCopies(t *testing.T) {
	orig := filepath.Join("..", "..", "shared", "conformance")
	if _, err := os.Stat(orig); err != nil {
		t.Skip("no ../shared/conformance beside the repo")
	}
	for _, dir := range []string{"good", "bad"} {
		want, _ := filepath.Glob(filepath.Join(orig, dir, "*.expr"))
		got, _ := filepath.Glob(filepath.Join("testdata", "conformance", dir, "*.expr"))
		if len(got) != len(want) {
			t.Errorf("%s: %d copies of %d files; copy %s again", dir, len(got), len(want), filepath.Join(orig, dir))
		}
		for _, w := range want {
			a, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join("testdata", "conformance", dir, filepath.Base(w)))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("testdata/conformance/%s/%s differs from %s; copy it again", dir, filepath.Base(w), w)
			}
		}
	}
}
