package lang

// Limits of the front end. Past each one Parse reports a positioned error
// instead of running out of stack or memory; no valid program of a sane size
// comes near them.
const (
	// MaxDepth is how deeply expressions may nest. The depth of a place in
	// an expression counts the brackets ( [ { open around it plus the chain
	// of prefix operators and ^ that it sits under (-(-x) is 3 levels:
	// two minus signs and a parenthesis; a^b^c is 2). Sums of many terms
	// (x + x + ... + x) do not nest and are not limited by it. Deeper
	// nesting is the error "expression nested too deeply (more than 500
	// levels); split it with let".
	MaxDepth = 500

	// MaxFileSize is the largest input Parse accepts, in bytes (16 MiB).
	MaxFileSize = 16 << 20

	// MaxTokens is the largest number of tokens (names, numbers,
	// operators and punctuation, not comments) Parse accepts in one input:
	// about 2 million, which a 1 MB expression of one-letter names fills
	// to a quarter, and which bounds the parser's memory to about half a
	// gigabyte.
	MaxTokens = 1 << 21

	// MaxFixedDim is the largest integer dimension a parameter may
	// declare: x[16777216] is accepted, x[16777217] is not. Vectors of
	// run-time length use a size symbol (x[n]) instead.
	MaxFixedDim = 1 << 24
)
