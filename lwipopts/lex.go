package lwipopts

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/internal/clip"
)

// directive is one preprocessing directive of a source file, found by
// [scanSource]. Text is the directive without its leading '#', with
// comments replaced by a space and line splices removed.
type directive struct {
	Line int    // physical line of the '#'
	Col  int    // 1-based byte column of the '#'
	Name string // "define", "include", "if", … ("" for the null directive)
	Rest string // the text after the name
	// First and End are the byte offsets of the directive's physical
	// lines in the source: [First, End) includes the final newline.
	First, End int
}

// scanned is the result of scanning one source file.
type scanned struct {
	Dirs []directive
	// Src is the source after BOM removal and line-ending normalisation;
	// directive offsets index it.
	Src []byte
}

// SourceError is an error in an input file, with its position.
type SourceError struct {
	Pos Position
	Msg string
}

func (e *SourceError) Error() string { return e.Pos.String() + ": " + clipMessage(e.Msg) }

// maxMessage bounds the text of an error: a hostile input (a 5,000-byte
// #include name, a huge macro) must not make a message of kilobytes.
const maxMessage = 1000

// clipMessage cuts msg to maxMessage bytes, at a UTF-8 boundary, with
// "…" and the number of bytes left out.
func clipMessage(msg string) string {
	if head, cut := clip.Cut(msg, maxMessage); cut > 0 {
		return fmt.Sprintf("%s… (%d more bytes)", head, cut)
	}
	return msg
}

// maxFileDirectives bounds the directives of one file: lwIP 2.2.1's
// opt.h has 1,053 directive lines, and each directive costs some 80 bytes,
// so 4 million null directives would otherwise take a third of a gigabyte.
const maxFileDirectives = 1 << 18

// scanSource splits src into logical lines following the C translation
// phases 1–3 (line splices, comments, string and character literals) and
// returns the directives and the filtered text. It reports a binary file
// (a NUL byte) and an unterminated comment as errors.
func scanSource(name string, src []byte) (*scanned, error) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return nil, &SourceError{Position{File: name, Line: line}, "binary file: NUL byte, not a C header"}
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	// Normalise line endings: CRLF and lone CR both end a line, as in gcc.
	if i := bytes.IndexByte(src, '\r'); i >= 0 {
		// One pass: CRLF becomes LF, a lone CR becomes LF.
		out := make([]byte, i, len(src))
		copy(out, src[:i])
		for ; i < len(src); i++ {
			c := src[i]
			if c == '\r' {
				if i+1 < len(src) && src[i+1] == '\n' {
					continue
				}
				c = '\n'
			}
			out = append(out, c)
		}
		src = out
	}
	if len(src) > 0 && src[len(src)-1] == '\\' {
		// gcc ends a file that does not end with a newline as if it did,
		// so a final backslash is a line splice that joins nothing.
		src = append(src[:len(src):len(src)], '\n')
	}
	var dirs []directive
	var logical strings.Builder // the current logical line, comments replaced
	n := len(src)
	line := 1
	i := 0
	for i < n {
		// Start of a logical line.
		start, startLine := i, line
		logical.Reset()
		inDirective := false
		sawNonSpace := false
		hashCol := 0
		commentStart := 0
	lineLoop:
		for i < n {
			c := src[i]
			switch {
			case c == '\\' && i+1 < n && src[i+1] == '\n':
				i += 2
				line++
			case c == '\n':
				i++
				line++
				break lineLoop
			case c == '/' && i+1 < n && src[i+1] == '*':
				commentStart = line
				i += 2
				k := bytes.Index(src[i:], commentEnd)
				if k < 0 {
					return nil, &SourceError{Position{File: name, Line: commentStart}, "unterminated comment"}
				}
				line += bytes.Count(src[i:i+k], newline)
				i += k + 2
				if inDirective {
					logical.WriteByte(' ')
				}
			case c == '/' && i+1 < n && src[i+1] == '/':
				// A line comment runs to the end of the (spliced) line.
				for i < n {
					k := bytes.IndexByte(src[i:], '\n')
					if k < 0 {
						i = n
						break
					}
					if k > 0 && src[i+k-1] == '\\' {
						i += k + 1
						line++
						continue
					}
					i += k
					break
				}
				if inDirective {
					logical.WriteByte(' ')
				}
			case c == '"' || c == '\'':
				if !sawNonSpace {
					sawNonSpace = true
				}
				// A literal ends at its closing quote or, unterminated, at
				// the end of the line (gcc warns and goes on).
				if inDirective {
					logical.WriteByte(c)
				}
				i++
				for i < n && src[i] != '\n' {
					if src[i] == '\\' && i+1 < n {
						if src[i+1] == '\n' {
							i += 2
							line++
							continue
						}
						// An escape: the backslash and the next character,
						// after any line splice (phase 2 comes first: in
						// "\\<newline>" the second backslash splices).
						if inDirective {
							logical.WriteByte(src[i])
						}
						i++
						for i+1 < n && src[i] == '\\' && src[i+1] == '\n' {
							i += 2
							line++
						}
						if i < n && src[i] != '\n' {
							if inDirective {
								logical.WriteByte(src[i])
							}
							i++
						}
						continue
					}
					if inDirective {
						logical.WriteByte(src[i])
					}
					i++
					if src[i-1] == c {
						break
					}
				}
			default:
				if !sawNonSpace && c != ' ' && c != '\t' && c != '\f' && c != '\v' {
					sawNonSpace = true
					// "%:" is the digraph of '#' (C11 6.4.6p3).
					if c == '#' || c == '%' && i+1 < n && src[i+1] == ':' {
						inDirective = true
						hashCol = i - bytes.LastIndexByte(src[:i], '\n')
					}
				}
				i++
				// Up to the next character that needs a look: only a
				// directive's text is kept (text lines are blanked).
				j := i
				for j < n && !scanSpecial[src[j]] {
					j++
				}
				if inDirective {
					logical.WriteByte(c)
					logical.Write(src[i:j])
				} else if !sawNonSpace {
					// Leading white space: the '#' may still come.
					j = i
				}
				i = j
			}
		}
		if inDirective {
			d := parseDirective(logical.String())
			d.Line, d.Col, d.First, d.End = startLine, hashCol, start, i
			if len(dirs) == maxFileDirectives {
				return nil, &SourceError{Position{File: name, Line: startLine},
					fmt.Sprintf("more than %d directives in one file, the limit", maxFileDirectives)}
			}
			dirs = append(dirs, d)
		}
	}
	return &scanned{Dirs: dirs, Src: src}, nil
}

// filtered returns the file with every line that is not part of a
// directive blanked (its newline kept), so that line numbers and the
// columns of directives are unchanged; a directive on the last line ends
// with a newline. Nothing but tests needs it, so it is not kept.
func (sc *scanned) filtered() []byte {
	src := sc.Src
	out := make([]byte, 0, len(src)+1)
	blank := func(b []byte) {
		for n := bytes.Count(b, newline); n > 0; n-- {
			out = append(out, '\n')
		}
	}
	at := 0
	for _, d := range sc.Dirs {
		blank(src[at:d.First])
		out = append(out, src[d.First:d.End]...)
		if d.End == len(src) && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		at = d.End
	}
	blank(src[at:])
	return out
}

var (
	commentEnd = []byte("*/")
	newline    = []byte{'\n'}
	// scanSpecial marks the bytes scanSource must look at one by one.
	scanSpecial = func() (t [256]bool) {
		for _, c := range "\n\\/\"'" {
			t[c] = true
		}
		return t
	}()
)

// parseDirective splits a logical directive line ("  # define X 1") into
// its name and the rest.
func parseDirective(s string) directive {
	s = strings.TrimLeft(s, " \t\f\v")
	if t, ok := strings.CutPrefix(s, "%:"); ok {
		s = t
	} else {
		s = strings.TrimPrefix(s, "#")
	}
	s = strings.TrimLeft(s, " \t\f\v")
	j := 0
	for j < len(s) && isIdentChar(s[j]) {
		j++
	}
	return directive{Name: s[:j], Rest: strings.TrimSpace(s[j:])}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// tokKind classifies preprocessing tokens.
type tokKind uint8

const (
	tIdent tokKind = iota + 1
	tNumber
	tChar
	tString
	tPunct
	tOther
)

// token is a preprocessing token of a directive or a macro body.
type token struct {
	Kind tokKind
	// Space is set when whitespace precedes the token (needed for
	// stringification and for telling "F (" from "F(" in #define). It
	// sits next to Kind: a token is then 24 bytes, not 32.
	Space bool
	Text  string
}

var puncts3 = []string{"<<=", ">>=", "...", "%:%:"}
var puncts2 = []string{"##", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<:", ":>", "<%", "%>", "%:"}

// tokenize splits a comment-free logical line into preprocessing tokens.
func tokenize(s string) ([]token, error) {
	r := make([]token, 0, len(s)/4+1)
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n':
			space = true
			i++
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			// A prefixed literal: L'x', u8"x", … (u8'x' is C23's: for
			// C11 and C17, as gcc 12 reads them, the name u8 and 'x').
			if j < len(s) && (s[j] == '\'' || s[j] == '"') && (s[i:j] != "u8" || s[j] == '"') {
				switch s[i:j] {
				case "L", "u", "U", "u8":
					k, err := scanQuoted(s, j)
					if err != nil {
						return nil, err
					}
					kind := tString
					if s[j] == '\'' {
						kind = tChar
					}
					r = append(r, token{Kind: kind, Text: s[i:k], Space: space})
					i = k
					space = false
					continue
				}
			}
			r = append(r, token{Kind: tIdent, Text: s[i:j], Space: space})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) {
				d := s[j]
				if (d == '+' || d == '-') && (s[j-1] == 'e' || s[j-1] == 'E' || s[j-1] == 'p' || s[j-1] == 'P') {
					j++
					continue
				}
				if isIdentChar(d) || d == '.' {
					j++
					continue
				}
				break
			}
			r = append(r, token{Kind: tNumber, Text: s[i:j], Space: space})
			i = j
		case c == '"' || c == '\'':
			k, err := scanQuoted(s, i)
			if err != nil {
				return nil, err
			}
			kind := tString
			if c == '\'' {
				kind = tChar
			}
			r = append(r, token{Kind: kind, Text: s[i:k], Space: space})
			i = k
		default:
			p := punctAt(s[i:])
			kind := tPunct
			if strings.IndexByte("!%&()*+,-./:;<=>?[]^{|}~#", p[0]) < 0 {
				kind = tOther
			}
			r = append(r, token{Kind: kind, Text: p, Space: space})
			i += len(p)
		}
		space = false
	}
	return r, nil
}

// punctAt returns the punctuator (or other single character) at the start
// of s, longest first, as puncts3 and puncts2 list them.
func punctAt(s string) string {
	if len(s) >= 3 {
		switch s[:3] {
		case "<<=", ">>=", "...":
			return s[:3]
		case "%:%":
			if len(s) >= 4 && s[3] == ':' {
				return s[:4]
			}
		}
	}
	if len(s) >= 2 {
		switch s[:2] {
		case "##", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<:", ":>", "<%", "%>", "%:":
			return s[:2]
		}
	}
	return s[:1]
}

func scanQuoted(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("missing terminating %c character", q)
}

// joinTokens renders tokens with single spaces where the source had
// whitespace.
func joinTokens(ts []token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 && t.Space {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// serveText returns the text of a scanned file as cc/v4 reads it: the
// directives at their original lines and columns, every other line blank,
// and markers for the run's pragma hook ([run.pragma]):
//
//   - "#pragma __lwiplint_bof" first and "#pragma __lwiplint_eof" last, so
//     that the hook sees every entry into the file and every exit from it,
//     also when cc/v4 reuses a file it read before without asking the FS
//     again (a file included twice, an include cycle);
//   - every #if and #elif expression in parentheses, as one line;
//   - every #include inside "#if 1" … "#endif": once cc/v4 (v4.34.0) has
//     exceeded its ExpansionLimit it expands nothing, so the #if is false and
//     the #include is skipped, where cc/v4 would index the empty expansion of
//     its argument and panic;
//   - with markDefs, "#pragma __lwiplint_def N" after the N-th directive when
//     it is a #define or #undef, which cc/v4 calls back only when it reaches
//     the line (not in a skipped #if branch), and "#pragma
//     __lwiplint_warning N" in place of a #warning, which cc/v4 ignores.
//
// A #line directive restores the original numbering after each inserted
// line. The file's own #line directives are dropped, so that positions
// always name the real file and line.
func serveText(sc *scanned, markDefs bool) []byte {
	src := sc.Src
	out := make([]byte, 0, 64+len(src)/4)
	out = append(out, "#pragma "+bofPragma+"\n#line 1\n"...)
	newlines := func(b []byte) {
		for n := bytes.Count(b, []byte{'\n'}); n > 0; n-- {
			out = append(out, '\n')
		}
	}
	at := 0
	chains := hookedChains(sc.Dirs)
	branches := branchOf(chains)
	for i, d := range sc.Dirs {
		newlines(src[at:d.First])
		text := src[d.First:d.End]
		at = d.End
		if h := d.First + d.Col - 1; h+1 < d.End && src[h] == '%' && src[h+1] == ':' {
			// The digraph "%:" served as "# ", in the same columns.
			text = append(append(append([]byte(nil), text[:h-d.First]...), "# "...), text[h-d.First+2:]...)
		}
		next := d.Line + bytes.Count(text, []byte{'\n'}) // the line after the directive
		if len(text) == 0 || text[len(text)-1] != '\n' {
			text = append(text[:len(text):len(text)], '\n')
			next++
		}
		if d.End == len(src) && bytes.HasSuffix(text, []byte("\\\n")) {
			// A line splice at the end of the file joins nothing, not the
			// line that serveText adds after it. (Elsewhere a directive
			// ending in a backslash ends in an escaped one, in a literal.)
			text = append(text[:len(text):len(text)], '\n')
		}
		if k, ok := branches[i]; ok {
			// A chain the evaluator decides (ifhook.go).
			if k == 0 {
				out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", ifPragma, i, d.Line)
			}
			name := "if"
			if k > 0 {
				name = "elif"
			}
			out = append(out, bytes.Repeat([]byte{' '}, d.Col-1)...)
			out = fmt.Appendf(out, "#%s __has_include(\"%s\")\n", name, branchName(k))
			newlines(text[:len(text)-1])
			continue
		}
		switch d.Name {
		case "error":
			out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", errPragma, i, d.Line)
			out = append(out, text...)
		case "line":
			newlines(text)
		case "warning":
			if markDefs {
				out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", warnPragma, i, next)
			} else {
				newlines(text)
			}
		case "if", "elif":
			// The expression in parentheses, so that one that ends too
			// early ("#if A +", "#if A ? 1") fails at the ')' on this line:
			// cc/v4 reports the end of a directive line with no position.
			// A #if only tests its value against 0, which the parentheses
			// keep. The '#' stays in its column, the expression moves by
			// the width of the spaces it had after the name, less one.
			out = append(out, bytes.Repeat([]byte{' '}, d.Col-1)...)
			out = fmt.Appendf(out, "#%s(%s)\n", d.Name, d.Rest)
			newlines(text[:len(text)-1])
		case "include", "include_next":
			out = fmt.Appendf(out, "#if 1\n#line %d\n", d.Line)
			if m := computedMacro(d.Rest); m != "" && markDefs {
				// gcc reports an #include of a name that is not a macro
				// and goes on; cc/v4 stops (see badIncludePragma).
				out = fmt.Appendf(out, "#ifndef %s\n#pragma %s %d\n#else\n#line %d\n", m, badIncludePragma, i, d.Line)
				out = append(out, text...)
				out = append(out, "#endif\n"...)
			} else {
				out = append(out, text...)
			}
			out = fmt.Appendf(out, "#endif\n#line %d\n", next)
		default:
			out = append(out, text...)
			switch {
			case d.Name == "pragma":
				if _, _, ok := macroStackPragma(d.Rest); ok {
					out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", mdefPragma, i, next)
				}
			case d.Name != "define" && d.Name != "undef":
			case markDefs:
				out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", defPragma, i, next)
			default:
				// For the mirror of cc/v4's macros (ifhook.go).
				out = fmt.Appendf(out, "#pragma %s %d\n#line %d\n", mdefPragma, i, next)
			}
		}
	}
	return append(out, "#pragma "+eofPragma+"\n"...)
}

// lineAt returns the line number of the byte at offset off of src, with
// CRLF, LF and lone CR line endings (src is not normalised).
func lineAt(src []byte, off int) int {
	src = src[:min(off, len(src))]
	return 1 + bytes.Count(src, []byte{'\n'}) + bytes.Count(src, []byte{'\r'}) - bytes.Count(src, []byte("\r\n"))
}
