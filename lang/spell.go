package lang

import (
	"strings"
	"unicode"
)

// Nearest returns the candidate closest to name by edit distance, for
// "undefined: sinn (did you mean sin?)", or "" when none is close enough.
// As starlark's internal/spell, it ignores case and underscores, and
// accepts a candidate only within an edit distance of half the length of
// name (rounded up, exclusive), so that a one-letter name suggests nothing
// for another one-letter name. Among candidates at the same distance, the
// one sharing the longest prefix with name wins ("sinn" suggests sin, not
// sign), then the first.
func Nearest(name string, candidates []string) string {
	x := fold(name)
	best, bestP := "", -1
	bestD := (len(x) + 1) / 2
	for _, cand := range candidates {
		if cand == name {
			continue
		}
		y := fold(cand)
		limit := bestD
		if bestP >= 0 {
			limit++ // a tie may still win on its prefix
		}
		d := levenshtein(x, y, limit)
		if d > bestD || d >= limit {
			continue
		}
		if p := commonPrefix(x, y); d < bestD || p > bestP {
			best, bestD, bestP = cand, d, p
		}
	}
	return best
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// fold lowers the case of s and drops its underscores.
func fold(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, s))
}

// levenshtein is the edit distance between a and b, or any value >= max
// once it is known to be at least max.
func levenshtein(a, b []rune, max int) int {
	if d := len(a) - len(b); d >= max || -d >= max {
		return max
	}
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		least := row[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur := min(row[j]+1, row[j-1]+1, prev+cost)
			prev, row[j] = row[j], cur
			least = min(least, cur)
		}
		if least >= max {
			return max
		}
	}
	return row[len(b)]
}
