package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// replaceFile writes data to path so that nothing is lost: path ends up
// either as it was or holding all of data, never half of it.
//
//   - A regular file (or a new one) is written through a temporary file in
//     the same folder and a rename; it keeps its permissions, and it is not
//     touched at all when it already holds data (go generate then leaves
//     its time stamp alone).
//   - A symbolic link is followed: its target is replaced, the link stays.
//   - A device or a pipe (/dev/null, /dev/stdout) is written in place: a
//     rename would replace the device itself with a regular file.
//   - A folder, or a folder that does not exist, is an error that says so.
//
// Errors name path, never the temporary file.
func replaceFile(path string, data []byte) error {
	target := path
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fmt.Errorf("cannot write %s: it is a symbolic link to a missing file", path)
		}
		target = real
	}
	perm := fs.FileMode(0o644)
	info, err := os.Stat(target)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("cannot write %s: it is a directory; name a file", path)
	case err == nil && !info.Mode().IsRegular():
		return writeInPlace(path, target, data)
	case err == nil:
		perm = info.Mode().Perm()
		if info.Size() == int64(len(data)) && sameContent(target, data) {
			return nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	dir := filepath.Dir(target)
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return fmt.Errorf("cannot write %s: folder %s does not exist; create it first", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, perm)
	}
	if werr == nil {
		werr = os.Rename(name, target)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(werr))
	}
	return nil
}

// writeInPlace writes data to a file that is not a regular file (a
// device, a pipe): there is nothing there to keep.
func writeInPlace(path, target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(werr))
	}
	return nil
}

// sameContent reports whether the regular file path holds exactly data.
func sameContent(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	old, err := io.ReadAll(io.LimitReader(f, int64(len(data))+1))
	return err == nil && bytes.Equal(old, data)
}

// unwrapPathError drops the operation and paths of an *fs.PathError or
// *os.LinkError (they name a temporary file the user never asked for) and
// keeps the cause.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// sameFile reports whether the paths a and b name one existing file.
func sameFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}
