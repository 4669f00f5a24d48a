// Package clip cuts text to a length limit at a UTF-8 boundary, for the
// messages of lwiplint's errors, which may quote hostile input.
package clip

// Cut returns the longest prefix of s of at most max bytes that does not
// end inside a UTF-8 sequence, and the number of bytes cut off.
func Cut(s string, max int) (string, int) {
	if len(s) <= max {
		return s, 0
	}
	cut := max
	for cut > 0 && s[cut]&0xc0 == 0x80 { // s[cut] continues a sequence
		cut--
	}
	return s[:cut], len(s) - cut
}
