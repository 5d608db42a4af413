package lang

import (
	"errors"
	"fmt"
	"testing"
)

func TestExcerpt(t *testing.T) {
	long := ""
	for range 201 {
		long += "x"
	}
	tests := []struct {
		name      string
		text      string
		line, col int
		src, pad  string
		ok        bool
	}{
		{"first line", "fn f(x) = sinn(x)\n", 1, 11, "fn f(x) = sinn(x)", "          ", true},
		{"second line", "a\nfn g(x) = y\r\n", 2, 11, "fn g(x) = y", "          ", true},
		{"tabs stay tabs", "\tfn f(x) = y", 1, 12, "\tfn f(x) = y", "\t          ", true},
		{"columns count characters", "θ + λ + y", 1, 9, "θ + λ + y", "        ", true},
		{"caret past the end", "x", 1, 3, "x", "  ", true},
		{"no such line", "x\n", 3, 1, "", "", false},
		{"no column", "x", 1, 0, "", "", false},
		{"too long", long, 1, 1, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, pad, ok := Excerpt(tt.text, tt.line, tt.col)
			if src != tt.src || pad != tt.pad || ok != tt.ok {
				t.Errorf("Excerpt(%q, %d, %d) = %q, %q, %v; want %q, %q, %v",
					tt.text, tt.line, tt.col, src, pad, ok, tt.src, tt.pad, tt.ok)
			}
		})
	}
}

func TestAsList(t *testing.T) {
	one := &Error{File: "f.expr", Msg: "undefined: y"}
	two := ErrorList{one, {File: "f.expr", Msg: "undefined: z"}}
	tests := []struct {
		name string
		err  error
		want int
		ok   bool
	}{
		{"a list", two, 2, true},
		{"one error", one, 1, true},
		{"wrapped", fmt.Errorf("loading: %w", two), 2, true},
		{"another error", errors.New("disk full"), 0, false},
		{"nil", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, ok := AsList(tt.err)
			if len(list) != tt.want || ok != tt.ok {
				t.Errorf("AsList(%v) = %d errors, %v; want %d, %v", tt.err, len(list), ok, tt.want, tt.ok)
			}
		})
	}
}
