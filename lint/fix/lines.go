package fix

import (
	"bytes"
	"path/filepath"
)

// bom is the UTF-8 byte order mark that some editors put first in a file.
var bom = []byte("\xef\xbb\xbf")

// srcLine is one physical line of a C source file, as the preprocessor
// counts lines: ended by "\r\n", "\n" or a lone "\r".
type srcLine struct {
	text []byte // without its line ending
	eol  []byte // "" for a last line without one
	// inComment is set when the line starts inside a /* */ comment.
	inComment bool
	// continued is set when the line before ends with a backslash, so
	// that this line continues it (a directive or a macro body).
	continued bool
	// code is set when the line has something other than comments and
	// blanks.
	code bool
	// insertAt is the offset in text after the line's last code outside
	// comments and strings, before a final backslash: a comment put there
	// follows the line's code and leaves the rest of the line as it was.
	insertAt int
}

// splitSource splits data (without a leading byte order mark) into lines
// and notes, for each, the comment and continuation state the C
// preprocessor would be in.
func splitSource(data []byte) []srcLine {
	var lines []srcLine
	inComment, continued := false, false
	for len(data) > 0 {
		end, next := len(data), len(data)
		if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
			end, next = i, i+1
			if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				next = i + 2
			}
		}
		l := srcLine{text: data[:end], eol: data[end:next], inComment: inComment, continued: continued}
		inComment = scanLine(&l, inComment)
		t := bytes.TrimRight(l.text, " \t")
		continued = len(t) > 0 && t[len(t)-1] == '\\'
		lines = append(lines, l)
		data = data[next:]
	}
	return lines
}

// scanLine fills l.code and l.insertAt from its text, starting inside a
// comment when inComment is set, and returns whether the line ends inside
// a comment.
func scanLine(l *srcLine, inComment bool) bool {
	t := l.text
	for i := 0; i < len(t); {
		switch {
		case inComment:
			if j := bytes.Index(t[i:], []byte("*/")); j >= 0 {
				i += j + 2
				inComment = false
				continue
			}
			return true
		case t[i] == '/' && i+1 < len(t) && t[i+1] == '*':
			inComment = true
			i += 2
		case t[i] == '/' && i+1 < len(t) && t[i+1] == '/':
			return false
		case t[i] == '"' || t[i] == '\'':
			q := t[i]
			j := i + 1
			for j < len(t) && t[j] != q {
				if t[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+1, len(t))
			l.code, l.insertAt = true, i
		case t[i] == '\\' && len(bytes.TrimRight(t[i+1:], " \t")) == 0:
			return false // the continuation: insert before it
		case t[i] != ' ' && t[i] != '\t' && t[i] != '\f' && t[i] != '\v':
			i++
			l.code, l.insertAt = true, i
		default:
			i++
		}
	}
	return inComment
}

// canon is the one name of the file at path however it was spelled
// (relative, through links, with "..") so that two spellings of a file are
// edited as one; path itself when it cannot be resolved.
func canon(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return filepath.Clean(path)
}
