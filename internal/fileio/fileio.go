// Package fileio reads whole files into one buffer of the size their
// stat gave, instead of growing one by doubling as io.ReadAll does (which
// allocates about twice a large file's size, in several pieces).
package fileio

import "io"

// ReadAll reads r to its end, or to limit+1 bytes, whichever comes first,
// into a buffer of size+1 bytes (size is a hint: the file's size from its
// stat, which may have changed since; negative when unknown). A result
// longer than limit means that r holds more than limit bytes.
func ReadAll(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 {
		size = 4096 // unknown: grow from a page
	}
	b := make([]byte, 0, min(size, limit)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return b[:limit+1], nil
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew since its stat
		}
	}
}
