package bincode

import (
	"math"
	"testing"
)

// TestRoundTrip writes one value of each kind, reads them back, with
// copied and with shared strings, and checks that every truncation of the
// record, and a byte more, is an error.
func TestRoundTrip(t *testing.T) {
	for _, shared := range []bool{false, true} {
		testRoundTrip(t, shared)
	}
}

func testRoundTrip(t *testing.T, shared bool) {
	w := Writer{}
	w.Uint(math.MaxUint64)
	w.Int(math.MinInt64)
	w.Str("lwIP \x00 é")
	w.Bool(true)
	w.Bool(false)
	w.Len(0, true)
	w.Len(0, false)
	w.Len(3, false)
	for _, s := range []string{"a", "", "c"} {
		w.Str(s)
	}
	w.Str("bytes")
	data := w.B

	read := func(b []byte) (ok bool) {
		r := Reader{B: b, Shared: shared}
		u, i, s, t1, f1 := r.Uint(), r.Int(), r.Str(), r.Bool(), r.Bool()
		n1, nil1 := r.Len()
		n2, nil2 := r.Len()
		n3, nil3 := r.Len()
		items := []string{r.Str(), r.Str(), r.Str()}
		bs := r.Bytes()
		if r.Err() != nil {
			return false
		}
		if string(bs) != "bytes" || shared && len(bs) != cap(bs) {
			t.Fatalf("Bytes read back %q with capacity %d", bs, cap(bs))
		}
		if shared && &bs[0] != &b[len(b)-5] || !shared && &bs[0] == &b[len(b)-5] {
			t.Fatalf("Bytes shares the record's memory: %v, want %v", !shared, shared)
		}
		if u != math.MaxUint64 || i != math.MinInt64 || s != "lwIP \x00 é" || !t1 || f1 ||
			n1 != 0 || !nil1 || n2 != 0 || nil2 || n3 != 3 || nil3 || items[0] != "a" || items[1] != "" || items[2] != "c" {
			t.Fatalf("read back %d %d %q %v %v %d/%v %d/%v %d/%v", u, i, s, t1, f1, n1, nil1, n2, nil2, n3, nil3)
		}
		return true
	}
	if !read(data) {
		t.Fatal("the record does not read back")
	}
	for cut := range len(data) {
		if read(data[:cut]) {
			t.Fatalf("record cut at %d of %d bytes read without error", cut, len(data))
		}
	}
	if read(append(data[:len(data):len(data)], 0)) {
		t.Fatal("a byte more read without error")
	}
	// A length past the end is an error, not a panic.
	r := Reader{B: []byte{0x7f, 'a'}, Shared: shared}
	if r.Str(); r.Err() == nil {
		t.Fatal("string longer than the record read without error")
	}
}

// TestItems checks that a count larger than the record can hold is an
// error before anything is allocated for it.
func TestItems(t *testing.T) {
	w := Writer{}
	w.Uint(3)
	w.B = append(w.B, make([]byte, 11)...)
	if r := (Reader{B: w.B}); r.Items(4) != 0 || r.Err() == nil {
		t.Error("3 items of 4 bytes read from 11 bytes")
	}
	if r := (Reader{B: w.B}); r.Items(3) != 3 {
		t.Error("3 items of 3 bytes not read from 11 bytes")
	}
}
