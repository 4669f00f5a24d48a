package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// levenshtein is the full dynamic programme, the oracle of editDistance.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

// TestEditDistance compares the banded editDistance with the full
// Levenshtein distance on option-like names and random edits of them,
// short and longer than the stack arrays, for the limits closest uses and
// more.
func TestEditDistance(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := "AB_CT"
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	edit := func(s string) string {
		for range r.IntN(4) {
			i := r.IntN(len(s) + 1)
			switch r.IntN(3) {
			case 0:
				s = s[:i] + word(1) + s[i:]
			case 1:
				if i < len(s) {
					s = s[:i] + s[i+1:]
				}
			default:
				if i < len(s) {
					s = s[:i] + word(1) + s[i+1:]
				}
			}
		}
		return s
	}
	pairs := [][2]string{{"", ""}, {"", "A"}, {"TCP_WND", "TCP_WMD"}, {"MEMP_NUM_TCP_SEG", "MEMP_NUM_TCP_SEQ"}, {"LWIP_DHCP", "LWIP_DHCP6"}}
	for range 20000 {
		a := word(r.IntN(90))
		pairs = append(pairs, [2]string{a, edit(a)}, [2]string{a, word(r.IntN(90))})
	}
	for _, p := range pairs {
		want := levenshtein(p[0], p[1])
		for _, max := range []int{1, 2, 3, 5} {
			if got := editDistance(p[0], p[1], max); got != min(want, max) {
				t.Fatalf("editDistance(%q, %q, %d) = %d, want %d", p[0], p[1], max, got, min(want, max))
			}
		}
	}
}
