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
	for _, g := range groups {
		for _, f := range g.Findings {
			if strings.HasPrefix(f.Rule, "LW9") {
				continue
			}
			k := key{f.Pos.File, f.Pos.Line}
			if f.Pos.Line == 0 || !g.UserFile(f.Pos.File) {
				k = key{g.Config, 0}
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
		eol := "\n"
		if bytes.Contains(data, []byte("\r\n")) {
			eol = "\r\n"
		}
		lines := bytes.SplitAfter(data, []byte("\n"))
		want := byFile[file]
		var buf bytes.Buffer
		write := func(line int, indent []byte) {
			rules := slices.Clone(ids[key{file, line}])
			slices.Sort(rules)
			kind := "ignore"
			if line == 0 {
				kind = "file-ignore"
			}
			fmt.Fprintf(&buf, "%s/* lwiplint:%s %s -- %s */%s", indent, kind, strings.Join(rules, ","), reason, eol)
		}
		if slices.Contains(want, 0) {
			write(0, nil)
		}
		for i, l := range lines {
			if slices.Contains(want, i+1) {
				write(i+1, l[:len(l)-len(bytes.TrimLeft(l, " \t"))])
			}
			buf.Write(l)
		}
		c := &Change{File: file, Old: data, New: buf.Bytes()}
		if !bytes.Equal(c.Old, c.New) {
			out = append(out, c)
		}
	}
	return out, nil
}
