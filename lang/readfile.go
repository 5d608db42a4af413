package lang

import (
	"fmt"
	"io"
	"os"
)

// ReadFile reads the named input file for gradc, at most MaxFileSize
// bytes of it. Unlike os.ReadFile it never reads without end: a file
// larger than the limit, or a device or pipe that keeps giving bytes
// (/dev/zero), is the error "NAME: input too large: more than N bytes
// (the limit is N bytes); split it into several files". A folder is the
// error "NAME is a directory, not a file". Other errors are those of
// os.Open, with the path they name.
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file", name)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s: input too large: more than %d bytes (the limit is %d bytes); split it into several files", name, MaxFileSize, MaxFileSize)
	}
	return b, nil
}
