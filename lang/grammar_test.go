package lang

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
)

// The -update flag rewrites golden files. It is registered here only if
// another test file of the package has not registered it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestGrammarEBNF pins the grammar: participle prints the EBNF of the
// reference parser, and a change to the grammar structs shows up here as a
// change to testdata/parse/grammar.ebnf (go test -run TestGrammarEBNF
// -update rewrites it).
func TestGrammarEBNF(t *testing.T) {
	got := referenceParser.String() + "\n"
	golden := filepath.Join("testdata", "parse", "grammar.ebnf")
	if updating() {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the grammar changed; if that is intended, run go test -run TestGrammarEBNF -update\ngot:\n%s\nwant:\n%s", got, want)
	}
	// Every production of the spec has its counterpart.
	for _, prod := range []string{"GFile", "GDecl", "GConst", "GFn", "GParam", "GDim", "GBody", "GBlock", "GLet", "GExpr", "GOperand", "GSum", "GIf", "GDiff", "GParen", "GArgs", "GIndices"} {
		if !strings.Contains(got, "\n"+prod+" = ") && !strings.HasPrefix(got, prod+" = ") {
			t.Errorf("no production %s in the grammar", prod)
		}
	}
}

// TestTokenNames checks that the token table names every token type, as
// participle's grammar refers to them by name.
func TestTokenNames(t *testing.T) {
	syms := definition{}.Symbols()
	for _, name := range []string{"EOF", "Ident", "Keyword", "Number", "Op", "Punct"} {
		if _, ok := syms[name]; !ok {
			t.Errorf("no token type %s", name)
		}
	}
	for typ, name := range tokenNames {
		if typ == 0 {
			continue // token types start at 1
		}
		if syms[name] != lexer.TokenType(typ) {
			t.Errorf("token type %d is named %q, which Symbols maps to %d", typ, name, syms[name])
		}
	}
	if len(syms) != len(tokenNames) { // the types 1.. and EOF
		t.Errorf("%d symbols for %d token types and EOF", len(syms), len(tokenNames)-1)
	}
	for _, k := range Keywords {
		if len(k) < 2 || len(k) > 6 {
			t.Errorf("keyword %q: the scanner looks up only names of 2 to 6 bytes", k)
		}
	}
	for _, op := range []string{"+", "-", "*", "/", "^", "**", "<", "<=", ">", ">=", "==", "!=", "&&", "||", "!"} {
		if punctType(op) != tokOp {
			t.Errorf("%s is not an operator token", op)
		}
	}
	for _, p := range []string{"(", ")", "[", "]", "{", "}", ",", ";", "=", ".."} {
		if punctType(p) != tokPunct {
			t.Errorf("%s is not a punctuation token", p)
		}
	}
}

// TestPeekingLexerLayout checks that the zero-copy lexer fits participle's.
func TestPeekingLexerLayout(t *testing.T) {
	if !peekingLexerFits {
		t.Skip("participle's PeekingLexer changed layout: Parse falls back to lexer.Upgrade (slower); update peekingLexer")
	}
	toks, _, _ := scan("", "a + b")
	lex := newPeekingLexer(toks)
	var got []string
	for !lex.Peek().EOF() {
		got = append(got, lex.Next().Value)
	}
	if strings.Join(got, " ") != "a + b" || lex.Cursor() != 3 {
		t.Errorf("got %q, cursor %d", got, lex.Cursor())
	}
}
