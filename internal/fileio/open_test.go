package fileio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "lwipopts.h")
	want := []byte("#define TCP_MSS 1460\n")
	if err := os.WriteFile(reg, want, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(reg, 1<<20)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ReadFile(regular) = %q, %v", got, err)
	}
	if _, err := ReadFile(reg, 4); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), reg) {
		t.Fatalf("ReadFile over the limit: %v, want ErrTooLarge naming the path", err)
	}
	link := filepath.Join(dir, "link.h")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(link, 1<<20); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ReadFile(symlink to a regular file) = %q, %v", got, err)
	}

	fifo := filepath.Join(dir, "fifo.h")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero := filepath.Join(dir, "zero.h")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, detail string }{
		{fifo, "a FIFO"},
		{zero, "a character device"},
		{dir, "a directory"},
		{"/proc/self/status", "a file of a pseudo file system"},
	}
	for _, c := range cases {
		_, err := ReadFile(c.path, 1<<20) // a FIFO without a writer would block a plain open
		var fe *Error
		if !errors.As(err, &fe) || !errors.Is(err, ErrNotRegular) || fe.Path != c.path || fe.Detail != c.detail {
			t.Errorf("ReadFile(%s) = %v, want ErrNotRegular (%s) naming the path", c.path, err, c.detail)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{64 << 20: "64 MiB", 512 << 10: "512 KiB", 100: "100 bytes", 1500: "1500 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestOverlay checks that ReadFile serves an overlaid file's text, by any
// spelling of its path, and still bounds it.
func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "lwipopts.h")
	if err := os.WriteFile(p, []byte("on disk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	SetOverlay(p, []byte("in the editor\n"))
	t.Cleanup(func() {
		overlayMu.Lock()
		delete(overlay, p)
		overlayMu.Unlock()
	})
	for _, name := range []string{p, filepath.Join(dir, ".", "lwipopts.h")} {
		b, err := ReadFile(name, 100)
		if err != nil || string(b) != "in the editor\n" {
			t.Errorf("ReadFile(%s) = %q, %v; want the overlay's text", name, b, err)
		}
	}
	if _, err := ReadFile(p, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile of an overlay above the limit: err = %v, want ErrTooLarge", err)
	}
}
