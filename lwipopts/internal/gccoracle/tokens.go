package gccoracle

import "strings"

// punctuators of C, longest first within each length class.
var punct3 = []string{"...", "<<=", ">>=", "%:%:"}
var punct2 = []string{"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:"}

// tokenize splits a macro body into preprocessing tokens (C11 6.4). It is
// only used to normalise whitespace, so anything it does not recognise
// becomes a one-character token.
func tokenize(s string) []string {
	var toks []string
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			i++
			continue
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			// pp-number: digit or .digit, then identifier chars, '.', and
			// e+ e- p+ p- E+ E- P+ P-.
			j := i + 1
			for j < len(s) {
				d := s[j]
				if (d == '+' || d == '-') && strings.ContainsRune("eEpP", rune(s[j-1])) {
					j++
					continue
				}
				if isIdentByte(d) || d == '.' {
					j++
					continue
				}
				break
			}
			toks = append(toks, s[i:j])
			i = j
			continue
		case isIdentByte(c):
			j := i + 1
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			// encoding prefixes of string and character literals
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				switch s[i:j] {
				case "L", "u", "U", "u8":
					k := quoted(s, j)
					toks = append(toks, s[i:k])
					i = k
					continue
				}
			}
			toks = append(toks, s[i:j])
			i = j
			continue
		case c == '"' || c == '\'':
			k := quoted(s, i)
			toks = append(toks, s[i:k])
			i = k
			continue
		}
		n := 1
		for _, p := range punct3 {
			if strings.HasPrefix(s[i:], p) {
				n = len(p)
				break
			}
		}
		if n == 1 {
			for _, p := range punct2 {
				if strings.HasPrefix(s[i:], p) {
					n = 2
					break
				}
			}
		}
		toks = append(toks, s[i:i+n])
		i += n
	}
	return toks
}

// quoted returns the end of the string or character literal that starts
// with the quote at s[i].
func quoted(s string, i int) int {
	q := s[i]
	j := i + 1
	for j < len(s) {
		switch s[j] {
		case '\\':
			j += 2
			continue
		case q:
			return j + 1
		}
		j++
	}
	return len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
