// Package bincode writes and reads the compact binary records of
// lwiplint's on-disk caches: unsigned and signed varints
// (encoding/binary) and strings as their length and bytes.
package bincode

import (
	"encoding/binary"
	"errors"
	"unsafe"
)

// ErrMalformed is the error of a record that ends early, has a length
// past its end or bytes after its end.
var ErrMalformed = errors.New("malformed record")

// Writer appends to B.
type Writer struct{ B []byte }

// Uint appends n.
func (w *Writer) Uint(n uint64) { w.B = binary.AppendUvarint(w.B, n) }

// Int appends n.
func (w *Writer) Int(n int64) { w.B = binary.AppendVarint(w.B, n) }

// Str appends s, its length first.
func (w *Writer) Str(s string) {
	w.Uint(uint64(len(s)))
	w.B = append(w.B, s...)
}

// Bool appends v as 1 or 0.
func (w *Writer) Bool(v bool) {
	if v {
		w.Uint(1)
	} else {
		w.Uint(0)
	}
}

// Len appends the length n of a list, or 0 for a nil list and n+1
// otherwise, so that a reader can tell a nil list from an empty one.
func (w *Writer) Len(n int, isNil bool) {
	if isNil {
		w.Uint(0)
	} else {
		w.Uint(uint64(n) + 1)
	}
}

// Reader reads what a Writer wrote from B. After the first error every
// read returns the zero value and Err reports ErrMalformed.
type Reader struct {
	B []byte
	// Shared makes Str return strings that share B's memory instead of
	// copies: one allocation less per string, and B is kept alive while
	// one of them is. B must not change afterwards.
	Shared bool
	bad    bool
}

func (r *Reader) fail() { r.bad, r.B = true, nil }

// Fail marks the record malformed, for a check of the reader's own on
// what it read: every later read returns the zero value and Err reports
// ErrMalformed.
func (r *Reader) Fail() { r.fail() }

// Uint reads an unsigned varint.
func (r *Reader) Uint() uint64 {
	n, k := binary.Uvarint(r.B)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.B = r.B[k:]
	return n
}

// Int reads a signed varint.
func (r *Reader) Int() int64 {
	n, k := binary.Varint(r.B)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.B = r.B[k:]
	return n
}

// Count reads a number of items that each take at least one byte: more
// than the bytes left is an error.
func (r *Reader) Count() int {
	n := r.Uint()
	if n > uint64(len(r.B)) {
		r.fail()
		return 0
	}
	return int(n)
}

// Items reads a number of items that each take at least size bytes, so
// that a damaged record cannot make its reader allocate more than about
// its own size for each byte.
func (r *Reader) Items(size int) int {
	n := r.Uint()
	if size < 1 {
		size = 1
	}
	if n > uint64(len(r.B)/size) {
		r.fail()
		return 0
	}
	return int(n)
}

// Str reads a string.
func (r *Reader) Str() string {
	n := r.Count()
	if r.Shared {
		s := unsafe.String(unsafe.SliceData(r.B), n)
		r.B = r.B[n:]
		return s
	}
	s := string(r.B[:n])
	r.B = r.B[n:]
	return s
}

// Bytes reads what Str wrote as a byte slice: a copy, or with Shared a
// part of B with no room to append (which must not be written to).
func (r *Reader) Bytes() []byte {
	n := r.Count()
	b := r.B[:n:n]
	r.B = r.B[n:]
	if r.Shared {
		return b
	}
	return append([]byte(nil), b...)
}

// Bool reads a bool.
func (r *Reader) Bool() bool { return r.Uint() == 1 }

// Len reads what Writer.Len wrote: a length and whether the list is nil.
func (r *Reader) Len() (n int, isNil bool) {
	c := r.Count()
	if c == 0 {
		return 0, true
	}
	return c - 1, false
}

// Err reports ErrMalformed after a failed read, and when bytes are left
// at the end (call it once the record is read).
func (r *Reader) Err() error {
	if r.bad || len(r.B) != 0 {
		return ErrMalformed
	}
	return nil
}
