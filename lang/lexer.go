package lang

import (
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/gradc/gradc/ast"
)

// This file is the scanner: a hand-written lexer that turns source bytes
// into participle tokens. It is written by hand rather than with
// lexer.MustSimple because it must count columns in runes, report errors
// with their positions and keep going, lex "**" as its own token so that
// the parser can say "use ^ for powers", and be fast (participle's
// lexer.MustSimple runs a regular expression per token).
//
// Token kinds:
//
//	Ident    x theta_2 θ        a name (Go's rules: a Unicode letter or _, then letters, digits, _)
//	Keyword  fn let return ...  a reserved word (see Keywords)
//	Number   2 0.5 .5 1e-3      a decimal number
//	Op       + - * / ^ ** < <= > >= == != && || !   an operator
//	Punct    ( ) [ ] { } , ; = ..                  punctuation
//
// Comments (# to the end of the line) are not tokens: the scanner collects
// them for ast.File.Comments.

// Token types of the scanner, as participle's grammar names them.
const (
	tokIdent lexer.TokenType = iota + 1
	tokKeyword
	tokNumber
	tokOp
	tokPunct
)

// tokenNames names each token type, as the grammar's tags refer to them
// (@Ident, @Op). participle's EOF is not in it.
var tokenNames = [...]string{
	tokIdent:   "Ident",
	tokKeyword: "Keyword",
	tokNumber:  "Number",
	tokOp:      "Op",
	tokPunct:   "Punct",
}

var keywordSet = func() map[string]bool {
	m := make(map[string]bool, len(Keywords))
	for _, k := range Keywords {
		m[k] = true
	}
	return m
}()

// IsKeyword reports whether name is reserved.
func IsKeyword(name string) bool { return keywordSet[name] }

// puncts2 are the operators and punctuation of two characters, tried
// before those of one. "**" is lexed so that the parser can reject it by
// name.
var puncts2 = [...]string{"**", "..", "<=", ">=", "==", "!=", "&&", "||"}

// punct1 gives the token type of each one-character operator and
// punctuation (0 for the other characters), and starts2 marks the first
// characters of puncts2.
var punct1, starts2 = func() (t [128]lexer.TokenType, s [128]bool) {
	for _, c := range "+-*/^<>!" {
		t[c] = tokOp
	}
	for _, c := range "()[]{},;=" {
		t[c] = tokPunct
	}
	for _, p := range puncts2 {
		s[p[0]] = true
	}
	return t, s
}()

// countTokens returns about how many tokens src holds, counting in a
// quick pass over its bytes, so that scan allocates its token slice once:
// a token is 64 bytes, and growing the slice of a 1 MB file by appending
// cost a quarter of the parse. Names with Unicode letters may count as
// several tokens; the count is then too large, which is harmless.
func countTokens(src string) int {
	n := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case isASCIILetter(c) || c >= utf8.RuneSelf:
			n++
			for i < len(src) && (isASCIILetter(src[i]) || isDigit(src[i]) || src[i] >= utf8.RuneSelf) {
				i++
			}
		case isDigit(c):
			n++
			for i < len(src) && (isDigit(src[i]) || src[i] == '.' && i+1 < len(src) && isDigit(src[i+1])) {
				i++
			}
		default:
			n++
			i++
			if i < len(src) {
				switch src[i-1 : i+1] {
				case "**", "..", "<=", ">=", "==", "!=", "&&", "||":
					i++
				}
			}
		}
	}
	return n
}

// punctType returns tokPunct for the punctuation ( ) [ ] { } , ; = ..
// and tokOp for the operators.
func punctType(v string) lexer.TokenType {
	switch v {
	case "(", ")", "[", "]", "{", "}", ",", ";", "=", "..":
		return tokPunct
	}
	return tokOp
}

// scanner holds the state of one scan.
type scanner struct {
	filename string
	src      string
	off      int // byte offset of the next character
	line     int // 1-based line of the next character
	col      int // 1-based column, in runes, of the next character

	toks     []lexer.Token
	comments []*ast.Comment
	errs     ErrorList
}

// scan splits src into tokens, ending with an EOF token, and collects the
// comments. Errors are returned in source order; the tokens around an
// error are still produced so that the caller can keep going.
func scan(filename string, src string) (toks []lexer.Token, comments []*ast.Comment, errs ErrorList) {
	s := &scanner{filename: filename, src: src, line: 1, col: 1}
	s.toks = make([]lexer.Token, 0, countTokens(src)+1)
	s.run()
	return s.toks, s.comments, s.errs
}

func (s *scanner) pos() lexer.Position {
	return lexer.Position{Filename: s.filename, Offset: s.off, Line: s.line, Column: s.col}
}

func (s *scanner) errorf(p lexer.Position, format string, args ...any) {
	if len(s.errs) > MaxErrors {
		return // the caller reports at most MaxErrors; the rest is noise
	}
	s.errs.Add(s.filename, astPos(p), format, args...)
}

func (s *scanner) emit(t lexer.TokenType, start lexer.Position) {
	if len(s.toks) == cap(s.toks) {
		// Double: append grows large slices by a quarter, which for a
		// million tokens allocates five times the final slice.
		grown := make([]lexer.Token, len(s.toks), 2*cap(s.toks)+64)
		copy(grown, s.toks)
		s.toks = grown
	}
	s.toks = append(s.toks, lexer.Token{Type: t, Value: s.src[start.Offset:s.off], Pos: start})
}

// advance moves past n bytes that hold no newline and count as cols runes.
func (s *scanner) advance(n, cols int) {
	s.off += n
	s.col += cols
}

func (s *scanner) run() {
	if len(s.src) > MaxFileSize {
		s.errorf(s.pos(), "input too large: %d bytes (the limit is %d bytes); split it into several files", len(s.src), MaxFileSize)
		s.toks = append(s.toks[:0], lexer.EOFToken(s.pos()))
		return
	}
	// A byte order mark at the start is ignored, as go/scanner does.
	if len(s.src) >= 3 && s.src[:3] == "\uFEFF" {
		s.off = 3
	}
	for s.off < len(s.src) {
		if len(s.toks) >= MaxTokens {
			s.errorf(s.pos(), "input too large: more than %d tokens; split it into several files", MaxTokens)
			break
		}
		c := s.src[s.off]
		switch {
		case c == '\n':
			s.off++
			s.line++
			s.col = 1
		case c == ' ' || c == '\t' || c == '\r':
			s.advance(1, 1)
		case c == '#':
			s.comment()
		case isASCIILetter(c):
			s.ident()
		case '0' <= c && c <= '9':
			s.number()
		case c == '.' && s.off+1 < len(s.src) && isDigit(s.src[s.off+1]):
			s.number()
		case c < utf8.RuneSelf:
			s.punct()
		default:
			r, size := utf8.DecodeRuneInString(s.src[s.off:])
			switch {
			case r == utf8.RuneError && size == 1:
				s.errorf(s.pos(), "invalid UTF-8 encoding")
				s.advance(1, 1)
			case unicode.IsLetter(r):
				s.ident()
			case unicode.IsSpace(r):
				s.advance(size, 1)
			default:
				s.errorf(s.pos(), "invalid character %U %q", r, r)
				s.advance(size, 1)
			}
		}
	}
	s.toks = append(s.toks, lexer.EOFToken(s.pos()))
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// comment scans "# ..." up to, not including, the newline.
func (s *scanner) comment() {
	start := s.pos()
	cols := 0
	i := s.off
	for i < len(s.src) && s.src[i] != '\n' {
		if s.src[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s.src[i:])
			i += size
		}
		cols++
	}
	text := s.src[s.off:i]
	// A \r before the newline belongs to the line ending, not the comment.
	if n := len(text); n > 0 && text[n-1] == '\r' {
		text = text[:n-1]
	}
	s.advance(i-s.off, cols)
	s.comments = append(s.comments, &ast.Comment{Hash: astPos(start), Text: text})
}

// ident scans a name or a keyword.
func (s *scanner) ident() {
	start := s.pos()
	i, cols := s.off, 0
	for i < len(s.src) {
		c := s.src[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) && !isDigit(c) {
				break
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s.src[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			i += size
		}
		cols++
	}
	s.advance(i-s.off, cols)
	t := tokIdent
	// Keywords are 2 to 6 ASCII letters: most names skip the map.
	if n := s.off - start.Offset; n >= 2 && n <= 6 && keywordSet[s.src[start.Offset:s.off]] {
		t = tokKeyword
	}
	s.emit(t, start)
}

// number scans a decimal number: digits [ "." digits ] [ exponent ] or
// "." digits [ exponent ]. A "." must be followed by a digit to belong to
// the number, so that 0..n is 0, "..", n; "1." is not a number (write 1
// or 1.0), which keeps "1." from gluing to a following "..".
func (s *scanner) number() {
	start := s.pos()
	i := s.off
	for i < len(s.src) && isDigit(s.src[i]) {
		i++
	}
	if i+1 < len(s.src) && s.src[i] == '.' && isDigit(s.src[i+1]) {
		i++
		for i < len(s.src) && isDigit(s.src[i]) {
			i++
		}
	}
	if i < len(s.src) && (s.src[i] == 'e' || s.src[i] == 'E') {
		j := i + 1
		if j < len(s.src) && (s.src[j] == '+' || s.src[j] == '-') {
			j++
		}
		if j < len(s.src) && isDigit(s.src[j]) {
			for j < len(s.src) && isDigit(s.src[j]) {
				j++
			}
			i = j
		} else {
			s.advance(j-s.off, j-s.off)
			s.errorf(start, "malformed number %s: the exponent has no digits", s.src[start.Offset:s.off])
			s.emit(tokNumber, start)
			return
		}
	}
	s.advance(i-s.off, i-s.off)
	s.emit(tokNumber, start)
	// 2x is a number glued to a name: say how to write a product.
	if s.off < len(s.src) {
		r, _ := utf8.DecodeRuneInString(s.src[s.off:])
		if r == '_' || unicode.IsLetter(r) {
			lit := s.src[start.Offset:s.off]
			name := s.src[s.off:]
			for i, r := range name {
				if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					name = name[:i]
					break
				}
			}
			s.errorf(s.pos(), "missing operator between %s and %s: write %s*%s for a product", lit, name, lit, name)
		}
	}
}

// punct scans an operator or punctuation, or reports a character that is
// not part of the language.
func (s *scanner) punct() {
	start := s.pos()
	c := s.src[s.off]
	if starts2[c] && s.off+1 < len(s.src) {
		two := s.src[s.off : s.off+2]
		for _, p := range puncts2 {
			if two == p {
				s.advance(2, 2)
				s.emit(punctType(two), start)
				return
			}
		}
	}
	if t := punct1[c]; t != 0 {
		s.advance(1, 1)
		s.emit(t, start)
		return
	}
	s.advance(1, 1)
	switch c {
	case '&':
		s.errorf(start, "unexpected &: use && for a logical and")
	case '|':
		s.errorf(start, "unexpected |: use || for a logical or")
	case '.':
		if start.Offset > 0 && isDigit(s.src[start.Offset-1]) {
			s.errorf(start, "malformed number: write a digit after the point (1.0, not 1.)")
			break
		}
		s.errorf(start, "unexpected .: a number needs a digit after its point (.5), and a range is written lo..hi")
	default:
		if c < ' ' || c == 0x7f {
			s.errorf(start, "invalid character %U", rune(c))
		} else {
			s.errorf(start, "invalid character %q", rune(c))
		}
	}
}

// astPos converts a participle position to an ast.Pos. Both count columns
// in runes: the scanner produces every position participle sees.
func astPos(p lexer.Position) ast.Pos {
	return ast.Pos{Offset: p.Offset, Line: p.Line, Col: p.Column}
}

// definition is the scanner as a participle lexer.Definition, so that the
// parser can be built with it and participle can print its grammar.
type definition struct{}

// Symbols returns the token types by name.
func (definition) Symbols() map[string]lexer.TokenType {
	m := map[string]lexer.TokenType{"EOF": lexer.EOF}
	for t, n := range tokenNames {
		if n != "" {
			m[n] = lexer.TokenType(t)
		}
	}
	return m
}

// Lex reads all of r and scans it. A scanning error is returned as the
// lexer's first error.
func (d definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString scans s.
func (definition) LexString(filename string, s string) (lexer.Lexer, error) {
	toks, _, errs := scan(filename, s)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return &sliceLexer{toks: toks}, nil
}

// LexBytes scans b.
func (d definition) LexBytes(filename string, b []byte) (lexer.Lexer, error) {
	return d.LexString(filename, string(b))
}

// sliceLexer hands out scanned tokens; its last token is EOF, which it
// repeats.
type sliceLexer struct {
	toks []lexer.Token
	i    int
}

// Next returns the next token.
func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}

var _ lexer.StringDefinition = definition{}
var _ lexer.BytesDefinition = definition{}

// tokenText describes a token for an error message: the token itself, or
// "end of file".
func tokenText(t *lexer.Token) string {
	if t.EOF() {
		return "end of file"
	}
	return punctText(t.Value)
}

// punctText spells the punctuation that would read badly in a message.
func punctText(v string) string {
	switch v {
	case ",":
		return "comma"
	case ";":
		return "semicolon"
	}
	return v
}
