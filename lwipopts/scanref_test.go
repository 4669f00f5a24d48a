package lwipopts

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// scanSourceRef is scanSource as it was before its fast paths (commit
// 2c1d988), kept as the reference FuzzScanSourceRef compares against.
func scanSourceRef(name string, src []byte) (*refScanned, error) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line := 1 + bytes.Count(src[:i], []byte{'\n'})
		return nil, &SourceError{Position{File: name, Line: line}, "binary file: NUL byte, not a C header"}
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	// Normalise line endings: CRLF and lone CR both end a line, as in gcc.
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	if len(src) > 0 && src[len(src)-1] == '\\' {
		// gcc ends a file that does not end with a newline as if it did,
		// so a final backslash is a line splice that joins nothing.
		src = append(src[:len(src):len(src)], '\n')
	}
	out := make([]byte, 0, len(src)+1)
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
				closed := false
				for i < n {
					if src[i] == '*' && i+1 < n && src[i+1] == '/' {
						i += 2
						closed = true
						break
					}
					if src[i] == '\n' {
						line++
					}
					i++
				}
				if !closed {
					return nil, &SourceError{Position{File: name, Line: commentStart}, "unterminated comment"}
				}
				if inDirective {
					logical.WriteByte(' ')
				}
			case c == '/' && i+1 < n && src[i+1] == '/':
				// A line comment runs to the end of the (spliced) line.
				for i < n && src[i] != '\n' {
					if src[i] == '\\' && i+1 < n && src[i+1] == '\n' {
						i += 2
						line++
						continue
					}
					i++
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
					if c == '#' {
						inDirective = true
						hashCol = i - bytes.LastIndexByte(src[:i], '\n')
					}
				}
				if inDirective {
					// Only a directive's text is kept (text lines are
					// blanked), so the rest is not copied.
					logical.WriteByte(c)
				}
				i++
			}
		}
		if inDirective {
			out = append(out, src[start:i]...)
			if i == n && (len(out) == 0 || out[len(out)-1] != '\n') {
				out = append(out, '\n')
			}
			d := parseDirective(logical.String())
			d.Line, d.Col, d.First, d.End = startLine, hashCol, start, i
			dirs = append(dirs, d)
		} else {
			for j := start; j < i; j++ {
				if src[j] == '\n' {
					out = append(out, '\n')
				}
			}
		}
	}
	return &refScanned{Filtered: out, Dirs: dirs, Src: src}, nil
}

// refScanned is what scanSourceRef returns: scanned as it was, with the
// filtered text built while scanning.
type refScanned struct {
	Filtered []byte
	Dirs     []directive
	Src      []byte
}

// FuzzScanSourceRef checks scanSource against scanSourceRef: the same
// directives, filtered text, source and error.
func FuzzScanSourceRef(f *testing.F) {
	for _, a := range seedArchives(f) {
		for _, file := range a.Files {
			f.Add(file.Data)
		}
	}
	f.Add([]byte("#define A /* x\n y */ 1 // z\\\n w\n\"s\\\"t\" 'c' x/y\n  text /* c */ \"s\" more\n# if 1 \\\n + 2\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, errA := scanSource("f.h", bytes.Clone(src))
		b, errB := scanSourceRef("f.h", bytes.Clone(src))
		if fmt.Sprint(errA) != fmt.Sprint(errB) {
			t.Fatalf("errors differ: %v / %v", errA, errB)
		}
		if errA != nil {
			return
		}
		if !bytes.Equal(a.filtered(), b.Filtered) || !bytes.Equal(a.Src, b.Src) {
			t.Fatalf("filtered text or source differs")
		}
		if fmt.Sprintf("%+v", a.Dirs) != fmt.Sprintf("%+v", b.Dirs) {
			t.Fatalf("directives differ:\n%+v\n%+v", a.Dirs, b.Dirs)
		}
	})
}

// TestScanSourceRefOnTree compares scanSource with scanSourceRef on every
// header of Debian's lwIP.
func TestScanSourceRefOnTree(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	n := 0
	err := filepath.WalkDir(debianLwip, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".h") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		a, errA := scanSource(p, bytes.Clone(src))
		b, errB := scanSourceRef(p, bytes.Clone(src))
		if fmt.Sprint(errA) != fmt.Sprint(errB) || errA == nil && (!bytes.Equal(a.filtered(), b.Filtered) || fmt.Sprintf("%+v", a.Dirs) != fmt.Sprintf("%+v", b.Dirs)) {
			t.Errorf("%s: scanSource and scanSourceRef differ", p)
		}
		n++
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("walked %d headers: %v", n, err)
	}
}
