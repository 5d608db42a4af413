package repl

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the transcripts in testdata with the output of this run")

// TestTranscripts runs each testdata/*.txt through the non-terminal front
// end: the lines after "> " (and "... ", for an input that continues) are
// the input, and the whole file is what the session prints with Echo set,
// errors included, in order.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in strings.Builder
			for _, l := range strings.Split(string(want), "\n") {
				for _, p := range []string{Prompt, PromptContinue} {
					if rest, ok := strings.CutPrefix(l, p); ok {
						in.WriteString(rest + "\n")
						break
					}
				}
			}
			var out bytes.Buffer
			s := New(&out, &out)
			s.Echo = Prompt
			if err := Run(s, strings.NewReader(in.String())); err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := out.String(); got != string(want) {
				t.Errorf("transcript differs (go test -update to accept):\n%s", diffLines(string(want), got))
			}
		})
	}
}

// diffLines shows the first lines where want and got differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			if shown++; shown == 5 {
				break
			}
		}
	}
	return b.String()
}
