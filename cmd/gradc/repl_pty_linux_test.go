//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty opens a pseudo-terminal pair: the test types on master, and
// gradc repl runs on slave as on a real terminal (raw mode included).
func openPty() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// screenBuf collects what the terminal shows.
type screenBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screenBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the screen shows want n times.
func (s *screenBuf) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(s.String(), want) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q %d times:\n%q", want, n, s.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestReplOnPty runs gradc repl on a real pseudo-terminal: raw mode, line
// editing with the left arrow, history with the up arrow (kept in a file
// and read again by the next session), Ctrl-C, Ctrl-D.
func TestReplOnPty(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "history")
	session := func(keys ...string) string {
		master, slave, err := openPty()
		if err != nil {
			t.Skipf("no pseudo-terminal here: %v", err)
		}
		defer master.Close()
		scr := &screenBuf{}
		go func() {
			b := make([]byte, 4096)
			for {
				n, err := master.Read(b)
				scr.mu.Lock()
				scr.buf.Write(b[:n])
				scr.mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
		done := make(chan int)
		var errb bytes.Buffer
		go func() {
			done <- run(&env{stdin: slave, stdout: slave, stderr: &errb}, []string{"repl", "-history", hist})
		}()
		scr.waitFor(t, "gradc repl:", 1) // raw mode is on: keys go straight to gradc
		for _, k := range keys {
			if strings.HasPrefix(k, "wait:") {
				want, count, _ := strings.Cut(k[len("wait:"):], "#")
				n := 1
				fmt.Sscan(count, &n)
				scr.waitFor(t, want, n)
				continue
			}
			if _, err := master.Write([]byte(k)); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case code := <-done:
			if code != 0 || errb.Len() > 0 {
				t.Errorf("gradc repl: exit %d, stderr %q", code, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("gradc repl did not end on Ctrl-D:\n%q", scr.String())
		}
		slave.Close()
		return scr.String()
	}

	got := session(
		"x*x\r", "wait:x^2\r\n",
		"\x1b[A\r", "wait:x^2\r\n#2", // the up arrow recalls x*x
		"x+y\x1b[D2*\r", "wait:x + 2*y\r\n", // the left arrow edits inside the line
		"oops(\x03", "grad(x^2*y)\r", "wait:d/dy = x^2", // Ctrl-C drops the line
		"\x04") // Ctrl-D quits
	if strings.Contains(got, "undefined: oops") || strings.Contains(got, "... ") {
		t.Errorf("the line canceled by Ctrl-C ran:\n%q", got)
	}
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	if want := "x*x\nx+2*y\ngrad(x^2*y)\n"; string(b) != want {
		t.Errorf("history file %q, want %q", b, want)
	}
	// The next session recalls the history of the last.
	session("\x1b[A\x1b[A\r", "wait:x + 2*y\r\n", "\x04")
}
