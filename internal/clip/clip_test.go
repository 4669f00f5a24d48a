package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		s        string
		max      int
		want     string
		wantRest int
	}{
		{"short", 10, "short", 0},
		{"exactly10!", 10, "exactly10!", 0},
		{"abcdefghijk", 10, "abcdefghij", 1},
		{"abcdefghié", 10, "abcdefghi", 2}, // é is two bytes: not split
		{"ab€", 3, "ab", 3},                // € is three bytes
		{"", 0, "", 0},
	} {
		got, rest := Cut(tc.s, tc.max)
		if got != tc.want || rest != tc.wantRest {
			t.Errorf("Cut(%q, %d) = %q, %d; want %q, %d", tc.s, tc.max, got, rest, tc.want, tc.wantRest)
		}
	}
	s := strings.Repeat("é€x", 100)
	for max := range len(s) + 1 {
		got, rest := Cut(s, max)
		if !utf8.ValidString(got) || len(got) > max || len(got)+rest != len(s) || max-len(got) > 3 {
			t.Fatalf("Cut(…, %d) = %d bytes, %d cut", max, len(got), rest)
		}
	}
}
