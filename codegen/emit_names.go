package codegen

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the naming rules of the Go emitter: how a fn's name
// becomes an exported Go name, how the names of parameters and sizes
// become Go identifiers that cannot collide with each other or with the
// names the emitter makes up, and how user text is made safe for comments.
// User text reaches generated code only through these functions.

// exportName returns the exported CamelCase Go name of a fn's name:
// neg_alpine → NegAlpine, f → F, θ → Θ. ok is false when the name cannot
// be made an exported Go identifier (it has no letter that has an upper
// case, as in 日本, or it is not an identifier at all).
func exportName(name string) (string, bool) {
	var b strings.Builder
	up := true
	for _, r := range name {
		if r == '_' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" || !token.IsIdentifier(s) || !token.IsExported(s) {
		return "", false
	}
	return s, true
}

// goPredeclared are the identifiers of Go's universe scope, which the
// generated code uses (len, panic, float64) or which would confuse a
// reader when shadowed.
var goPredeclared = strings.Fields(`any append bool byte cap clear close complex complex128
	complex64 comparable copy delete error false float32 float64 imag int int16
	int32 int64 int8 iota len make max min new nil panic print println real
	recover rune string true uint uint16 uint32 uint64 uint8 uintptr`)

// namer hands out the local identifiers of one generated function: each
// name once, never a Go keyword, a predeclared identifier, an import or a
// package-level name of the generated file.
type namer struct {
	used     map[string]bool
	reserved map[string]bool // shared, read only
}

// universe holds the names no local may take: Go's predeclared
// identifiers and the imports of generated files.
var universe = func() map[string]bool {
	m := map[string]bool{"math": true, "strconv": true, "optimize": true, "mat": true, "_": true}
	for _, s := range goPredeclared {
		m[s] = true
	}
	return m
}()

// newNamer returns a namer whose names avoid the keywords and predeclared
// identifiers of Go, the imports, and reserved (the package-level names of
// the file, shared by the namers of all functions and not modified).
func newNamer(reserved map[string]bool) *namer {
	return &namer{used: map[string]bool{}, reserved: reserved}
}

// take claims name, which the caller has chosen (a parameter of the
// signature: x, grad, hess, hv, v). It reports whether it was free.
func (nm *namer) take(name string) bool {
	if nm.used[name] || nm.reserved[name] || universe[name] || token.IsKeyword(name) {
		return false
	}
	nm.used[name] = true
	return true
}

// fresh returns a free identifier derived from base: base itself when it
// is a free Go identifier, else base followed by "_" and, if that is
// taken too, a number. A base that is not a Go identifier at all is
// replaced by "p".
func (nm *namer) fresh(base string) string {
	if token.IsKeyword(base) {
		base += "_"
	} else if !token.IsIdentifier(base) {
		base = "p"
	}
	if nm.take(base) {
		return base
	}
	if nm.take(base + "_") {
		return base + "_"
	}
	for k := 2; ; k++ {
		s := base + "_" + strconv.Itoa(k)
		if nm.take(s) {
			return s
		}
	}
}

// commentText makes user text safe and readable inside a // comment:
// control characters, invisible format characters (such as the bidi
// overrides of "Trojan source") and invalid UTF-8 become '?', and line
// breaks become spaces.
func commentText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteByte('?')
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case !unicode.IsPrint(r) || unicode.Is(unicode.Cf, r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// messageText makes user text safe for a panic message: as commentText,
// and the result is written as a quoted Go string literal by the caller
// (strconv.Quote), so nothing in it is ever code.
func messageText(s string) string { return commentText(s) }
