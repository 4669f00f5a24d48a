package fix

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
)

// Group is the findings of one lwIP configuration.
type Group struct {
	// Config is the configuration file (lwipopts.h).
	Config   string
	Findings []lint.Finding
	// UserFile reports whether a file belongs to the user (and may be
	// edited), as opposed to lwIP's headers or built-in defaults.
	UserFile func(file string) bool
}

// Ignores returns the changes that silence every finding of the groups
// with a suppression comment giving reason: a "lwiplint:ignore" line
// before the line of a finding in a user's file, or a
// "lwiplint:file-ignore" line at the top of the configuration for a
// finding placed in lwIP's headers. Findings about suppressions and load
// problems (LW9xxx) are left alone. The comments use the file's line
// endings and the line's indentation.
func Ignores(groups []Group, reason string) ([]*Change, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" || strings.Contains(reason, "*/") {
		return nil, fmt.Errorf("a suppression needs a reason (without \"*/\")")
	}
	type key struct {
		file string
		line int // 0: file-ignore at the top
	}
	ids := map[key][]string{}
	spelling := map[string]string{} // canonical path: the first spelling seen
	name := func(file string) string {
		c := canon(file)
		if _, ok := spelling[c]; !ok {
			spelling[c] = file
		}
		return c
	}
	for _, g := range groups {
		for _, f := range g.Findings {
			if strings.HasPrefix(f.Rule, "LW9") {
				continue
			}
			k := key{name(f.Pos.File), f.Pos.Line}
			if f.Pos.Line == 0 || !g.UserFile(f.Pos.File) {
				k = key{name(g.Config), 0}
			}
			if !slices.Contains(ids[k], f.Rule) {
				ids[k] = append(ids[k], f.Rule)
			}
		}
	}
	byFile := map[string][]int{}
	for k := range ids {
		byFile[k.file] = append(byFile[k.file], k.line)
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	slices.Sort(files)
	var out []*Change
	for _, file := range files {
		data, err := fileio.ReadFile(file, fileio.MaxSource)
		if err != nil {
			return nil, err
		}
		c := &Change{File: spelling[file], Old: data, New: insertIgnores(data, func(line int) []string {
			return ids[key{file, line}]
		}, byFile[file], reason)}
		if !bytes.Equal(c.Old, c.New) {
			out = append(out, c)
		}
	}
	return out, nil
}

// insertIgnores returns data with the suppression comments for the rules
// of each line in want (0: the whole file) written in. A comment goes on
// a line of its own before its line when that line starts a logical line
// outside a comment; otherwise (the line continues a directive, or starts
// inside a /* */ comment) it goes after the line's last code, before a
// final backslash, where it applies to its own line and changes no
// directive. The byte order mark stays first, and the comments take the
// file's own line ending (CRLF, LF or a lone CR).
func insertIgnores(data []byte, rulesOf func(line int) []string, want []int, reason string) []byte {
	body, hasBOM := bytes.CutPrefix(data, bom)
	lines := splitSource(body)
	eol := "\n"
	for _, l := range lines {
		if len(l.eol) > 0 {
			eol = string(l.eol)
			break
		}
	}
	comment := func(kind string, rules []string) string {
		rules = slices.Clone(rules)
		slices.Sort(rules)
		rules = slices.Compact(rules)
		return fmt.Sprintf("/* lwiplint:%s %s -- %s */", kind, strings.Join(rules, ","), reason)
	}
	// Rules of lines where no comment can apply (no code on the line) go
	// to the file-ignore.
	var fileRules []string
	if slices.Contains(want, 0) {
		fileRules = append(fileRules, rulesOf(0)...)
	}
	for _, n := range want {
		if n > 0 && (n > len(lines) || !lines[n-1].code) {
			fileRules = append(fileRules, rulesOf(n)...)
		}
	}
	var buf bytes.Buffer
	if hasBOM {
		buf.Write(bom)
	}
	if len(fileRules) > 0 {
		buf.WriteString(comment("file-ignore", fileRules) + eol)
	}
	for i, l := range lines {
		if n := i + 1; slices.Contains(want, n) && l.code {
			if !l.inComment && !l.continued {
				buf.Write(l.text[:len(l.text)-len(bytes.TrimLeft(l.text, " \t"))])
				buf.WriteString(comment("ignore", rulesOf(n)) + eol)
				buf.Write(l.text)
			} else {
				buf.Write(l.text[:l.insertAt])
				buf.WriteString(" " + comment("ignore", rulesOf(n)))
				buf.Write(l.text[l.insertAt:])
			}
		} else {
			buf.Write(l.text)
		}
		buf.Write(l.eol)
	}
	return buf.Bytes()
}
