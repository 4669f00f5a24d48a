package suggest

import "strings"

// Closest returns the candidate plausibly meant by name, or "" when there
// is none. Among plausible candidates the nearest wins, then the one that
// keeps name's first word, then the first in candidates' order.
func Closest(name string, candidates []string) string {
	best, bestD, bestSame := "", 3, false
	first, _, _ := strings.Cut(name, "_")
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := len(c) - len(name); d > 2 || d < -2 {
			continue // the distance is at least the length difference
		}
		d := Distance(name, c)
		if d > bestD || !Plausible(name, c) {
			continue
		}
		cf, _, _ := strings.Cut(c, "_")
		same := cf == first
		if d < bestD || same && !bestSame {
			best, bestD, bestSame = c, d, same
		}
	}
	return best
}

// Plausible reports whether b is a plausible typo of a: at most two edits,
// names of at least five characters, and when both have the same number
// of words, at most one edit per three characters in each word; when a
// word boundary moved (TCP_SNDBUF for TCP_SND_BUF), a single edit.
func Plausible(a, b string) bool {
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	d := Distance(a, b)
	if d == 0 || d > 2 {
		return false
	}
	wa, wb := strings.Split(a, "_"), strings.Split(b, "_")
	if len(wa) != len(wb) {
		return d == 1
	}
	for i := range wa {
		dw := Distance(wa[i], wb[i])
		if dw == 0 {
			continue
		}
		if 3*dw > max(len(wa[i]), len(wb[i])) {
			return false
		}
	}
	return true
}

// Distance is the optimal string alignment distance of a and b.
func Distance(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		return max(len(a), len(b)) // not names; no suggestion
	}
	var buf [3][258]int
	pp, p, c := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}
