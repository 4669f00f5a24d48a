package fileio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// ErrNotRegular is the error of a path that names a FIFO, a device, a
// socket, a directory or a file of a pseudo file system (/proc, /sys):
// lwiplint reads only regular files, whose reads end.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of a file larger than the limit of its read.
var ErrTooLarge = errors.New("file too large")

// ErrTimeout is the error of a read that did not end within Timeout.
var ErrTimeout = errors.New("read timed out")

// Timeout bounds the time of one read (Open and ReadFile): a regular file
// on a hung network file system would otherwise stop the run.
var Timeout = 30 * time.Second

// Error is an error of reading the file at Path. It prints
// "read PATH: TEXT".
type Error struct {
	Path string
	Err  error
	// Detail says more, such as the kind of file or the limit; it may be
	// empty.
	Detail string
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("read %s: %v (%s)", e.Path, e.Err, e.Detail)
	}
	return fmt.Sprintf("read %s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// kind names what a non-regular file is, for the error.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not regular"
}

// Open opens the regular file at path for reading, following symbolic
// links, and returns it with its status. It never blocks on a FIFO (the
// open is non-blocking) and refuses any file that is not regular, or whose
// file system makes up its content (procfs, sysfs: their size is 0 and
// their reads need not end), with an [*Error] wrapping [ErrNotRegular].
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, &Error{Path: path, Err: err}
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &Error{Path: path, Err: ErrNotRegular, Detail: kind(fi.Mode())}
	}
	if pseudo(f) {
		f.Close()
		return nil, nil, &Error{Path: path, Err: ErrNotRegular, Detail: "a file of a pseudo file system"}
	}
	return f, fi, nil
}

// ReadFile reads the whole regular file at path ([Open]), at most limit
// bytes: a larger file is an [*Error] wrapping [ErrTooLarge], and a read
// that takes longer than [Timeout] one wrapping [ErrTimeout].
//
// A file of the overlay ([SetOverlay]) gives the overlay's text.
func ReadFile(path string, limit int64) ([]byte, error) {
	if b, ok := Overlaid(path); ok {
		if int64(len(b)) > limit {
			return nil, tooLarge(path, limit)
		}
		return append([]byte(nil), b...), nil
	}
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		f.Close()
		return nil, tooLarge(path, limit)
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer f.Close()
		b, err := ReadAll(f, fi.Size(), limit)
		done <- result{b, err}
	}()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, &Error{Path: path, Err: r.err}
		}
		if int64(len(r.b)) > limit {
			return nil, tooLarge(path, limit)
		}
		return r.b, nil
	case <-timer.C:
		return nil, &Error{Path: path, Err: ErrTimeout, Detail: fmt.Sprintf("after %v", Timeout)}
	}
}

func tooLarge(path string, limit int64) error {
	return &Error{Path: path, Err: ErrTooLarge, Detail: "over " + Size(limit)}
}

// Size prints a byte count the way the errors do: "64 MiB", "512 KiB",
// "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// MaxSource is the limit of a read of a source file (a configuration or a
// header) outside the loader, which has its own: the fixers and the report
// writers read at most this much.
const MaxSource = 16 << 20

// ReadFS reads the file name of fsys (an os.DirFS of an lwIP or
// FreeRTOS+TCP tree), at most limit bytes, with the checks of [ReadFile]
// made through the file system's status before any open: regular files
// only, never a FIFO or a device, and no more than limit bytes.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &Error{Path: name, Err: ErrNotRegular, Detail: kind(fi.Mode())}
	}
	if fi.Size() > limit {
		return nil, tooLarge(name, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := ReadAll(f, fi.Size(), limit)
	if err != nil {
		return nil, &Error{Path: name, Err: err}
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(name, limit)
	}
	return b, nil
}
