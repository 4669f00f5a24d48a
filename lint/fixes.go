package lint

import (
	"regexp"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// The edits of the mechanical fixes: each reads the file as it is now,
// checks that the line still holds what the finding is about, and
// returns nil when the edit cannot be made safely (the file cannot be
// read, the #define continues on the next line, the line holds more than
// the definition). fix.Plan checks each edit's OldText again before it
// writes.

// fileLine returns line ln (1-based) of file with its offset, and the
// line's end of line ("\n", "\r\n" or "" on a last line without one).
func fileLine(file string, ln int) (off int, text, eol string, ok bool) {
	data, err := fileio.ReadFile(file, fileio.MaxSource)
	if err != nil || ln < 1 {
		return 0, "", "", false
	}
	lines := strings.SplitAfter(string(data), "\n")
	if ln > len(lines) || lines[ln-1] == "" {
		return 0, "", "", false
	}
	for _, l := range lines[:ln-1] {
		off += len(l)
	}
	text = lines[ln-1]
	for _, e := range []string{"\r\n", "\n"} {
		if strings.HasSuffix(text, e) {
			return off, strings.TrimSuffix(text, e), e, true
		}
	}
	return off, text, "", true
}

var defineNameRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*#\s*define\s+([A-Za-z_]\w*)`)
})

// definesOnly reports whether line is a one-line "#define name ..."
// (perhaps with a trailing comment) and nothing else.
func definesOnly(line, name string) bool {
	m := defineNameRE().FindStringSubmatch(line)
	if m == nil || m[1] != name || strings.HasSuffix(strings.TrimRight(line, " \t"), "\\") {
		return false
	}
	// A block comment opened and not closed on the line would be cut.
	return strings.Count(line, "/*") == strings.Count(line, "*/")
}

// RemoveDefinitions builds a fix that deletes every line of the user's
// files that defines name (see [lwipopts.Config.Definitions]; #undef
// lines stay), or nil when one of them cannot be deleted safely.
func (p *Pass) RemoveDefinitions(name, message string) *Fix {
	var edits []Edit
	for _, d := range p.Config.Definitions(name) {
		if d.Undef {
			continue
		}
		off, line, eol, ok := fileLine(d.Pos.File, d.Pos.Line)
		if !ok || !definesOnly(line, name) {
			return nil
		}
		edits = append(edits, Edit{File: d.Pos.File, Line: d.Pos.Line, Start: off, End: off + len(line) + len(eol), OldText: line + eol})
	}
	if len(edits) == 0 {
		return nil
	}
	return &Fix{Message: message, Edits: edits}
}

// SetEmptyValue builds a fix that gives the user's bodiless "#define
// name" lines the value value, or nil when there is none it can edit.
func (p *Pass) SetEmptyValue(name, value, message string) *Fix {
	var edits []Edit
	for _, d := range p.Config.Definitions(name) {
		if d.Undef || strings.TrimSpace(d.Text) != "" {
			continue
		}
		off, line, _, ok := fileLine(d.Pos.File, d.Pos.Line)
		if !ok || !definesOnly(line, name) {
			return nil
		}
		loc := defineNameRE().FindStringIndex(line)
		edits = append(edits, Edit{File: d.Pos.File, Line: d.Pos.Line, Start: off + loc[1], End: off + loc[1], NewText: " " + value})
	}
	if len(edits) == 0 {
		return nil
	}
	return &Fix{Message: message, Edits: edits}
}

// RenameDefinition builds a fix that renames the macro of the user's
// one-line "#define old ..." lines to new, keeping the value and any
// comment, or nil when one of them cannot be edited safely.
func (p *Pass) RenameDefinition(old, new, message string) *Fix {
	var edits []Edit
	for _, d := range p.Config.Definitions(old) {
		if d.Undef {
			continue
		}
		off, line, _, ok := fileLine(d.Pos.File, d.Pos.Line)
		if !ok || !definesOnly(line, old) {
			return nil
		}
		m := defineNameRE().FindStringSubmatchIndex(line)
		edits = append(edits, Edit{File: d.Pos.File, Line: d.Pos.Line, Start: off + m[2], End: off + m[3], OldText: old, NewText: new})
	}
	if len(edits) == 0 {
		return nil
	}
	return &Fix{Message: message, Edits: edits}
}

// removeComment builds the edit that deletes the comment that starts at
// line:col ("/*" or "//", columns in bytes as [ParseSuppressions] counts
// them): the whole line when the comment is all it holds, else the
// comment and the white space before it. A comment that spans lines, or
// one that is not a lwiplint comment, is left alone.
func removeComment(file string, line, col int) (Edit, bool) {
	off, text, eol, ok := fileLine(file, line)
	if !ok {
		return Edit{}, false
	}
	start, bom := col-1, 0
	if line == 1 && strings.HasPrefix(text, "\xef\xbb\xbf") {
		bom = 3 // ParseSuppressions counts after the byte order mark
		start += bom
	}
	if start < 0 || start >= len(text) {
		return Edit{}, false
	}
	end := len(text)
	switch {
	case strings.HasPrefix(text[start:], "/*"):
		j := strings.Index(text[start+2:], "*/")
		if j < 0 {
			return Edit{}, false
		}
		end = start + 2 + j + 2
	case strings.HasPrefix(text[start:], "//"):
	default:
		return Edit{}, false
	}
	if !strings.Contains(text[start:end], "lwiplint:") {
		return Edit{}, false
	}
	before, after := text[bom:start], text[end:]
	switch {
	case strings.TrimSpace(before) == "" && strings.TrimSpace(after) == "":
		return Edit{File: file, Line: line, Start: off + bom, End: off + len(text) + len(eol), OldText: text[bom:] + eol}, true
	case strings.TrimSpace(after) != "":
		// Code after the comment: delete the comment alone.
		return Edit{File: file, Line: line, Start: off + start, End: off + end, OldText: text[start:end]}, true
	}
	s := bom + len(strings.TrimRight(before, " \t"))
	return Edit{File: file, Line: line, Start: off + s, End: off + len(text), OldText: text[s:]}, true
}

// UndefBefore builds a fix that inserts "#undef name" before each
// #define of name at the positions given, all in the configuration file
// itself (a vendor header it includes is not edited), or nil when one of
// them cannot be edited safely.
func (p *Pass) UndefBefore(name string, at []lwipopts.Position, message string) *Fix {
	var edits []Edit
	for _, pos := range at {
		if pos.File != p.Config.File {
			return nil
		}
		off, line, eol, ok := fileLine(pos.File, pos.Line)
		if !ok || !definesOnly(line, name) {
			return nil
		}
		if eol == "" {
			eol = "\n"
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		edits = append(edits, Edit{File: pos.File, Line: pos.Line, Start: off, End: off, NewText: indent + "#undef " + name + eol})
	}
	if len(edits) == 0 {
		return nil
	}
	return &Fix{Message: message, Edits: edits}
}
