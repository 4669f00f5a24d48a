package fileio

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadAll reads contents of several sizes with right, small, large and
// negative size hints, in one read and one byte at a time, and checks the
// limit: at most limit+1 bytes come back, and an error is passed on.
func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, 100, 4096, 70000} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i * 13)
		}
		for _, hint := range []int64{int64(n), 0, int64(n) / 2, int64(n) * 3, -1} {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(want)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				got, err := ReadAll(r, hint, 1<<40)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%d bytes, hint %d, one byte %v: got %d bytes, %v", n, hint, oneByte, len(got), err)
				}
				for _, limit := range []int64{0, int64(n) - 1, int64(n)} {
					if limit < 0 {
						continue
					}
					r = bytes.NewReader(want)
					if oneByte {
						r = iotest.OneByteReader(r)
					}
					got, err := ReadAll(r, hint, limit)
					wantLen := min(int64(n), limit+1)
					if err != nil || int64(len(got)) != wantLen || !bytes.Equal(got, want[:wantLen]) {
						t.Fatalf("%d bytes, hint %d, limit %d: got %d bytes, %v", n, hint, limit, len(got), err)
					}
				}
			}
		}
	}
	boom := errors.New("boom")
	if _, err := ReadAll(iotest.ErrReader(boom), 10, 100); err != boom {
		t.Fatalf("error %v, want boom", err)
	}
}
