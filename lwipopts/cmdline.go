package lwipopts

import (
	"path/filepath"
	"strings"
)

// defineLine splits the -D argument d into the macro (name, with its
// parameter list) and its replacement text as gcc defines it: the first
// '=' separates them, no '=' means "1", and the definition ends at the
// first newline (gcc 12, cpplib's cpp_define runs the text as one
// directive line), so that a value holding a newline cannot inject a
// second directive.
func defineLine(d string) (name, val string) {
	name, val, ok := strings.Cut(d, "=")
	if !ok {
		val = "1"
	}
	if i := strings.IndexByte(name, '\n'); i >= 0 {
		return name[:i], ""
	}
	if i := strings.IndexByte(val, '\n'); i >= 0 {
		val = val[:i]
	}
	return name, val
}

// dedupDirs drops the directories of an include chain that an earlier
// entry names already, as gcc does (gcc 12, incpath.c remove_duplicates:
// a later duplicate is dropped, the first place counts), so that
// #include_next in a header found in a directory given twice goes on to
// the next directory instead of finding the same header again. "@" (the
// including file's directory) is kept where it is.
func dedupDirs(dirs []string) []string {
	seen := make(map[string]bool, len(dirs))
	out := dirs[:0:0]
	for _, d := range dirs {
		if d != "@" && d != "" {
			c := filepath.Clean(d)
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		out = append(out, d)
	}
	return out
}

// divZeroText is gcc's message for a division by zero in #if (gcc 12,
// cpplib expr.c num_div_op), which it reports at the line and goes on.
const divZeroText = "division by zero in #if"

// computedAbsolute reports whether the stub name is the last candidate
// cc/v4 tries for a computed #include (#include MACRO) of an absolute path
// in top, and returns that path. cc/v4 (v4.34.0, cpp.go include) joins the
// expanded name to every directory of the search path, so an absolute
// "/x/y.h" is asked for as DIR/x/y.h in each; the stub directory comes last,
// when the name was found in none of them. gcc reads /x/y.h itself. A
// computed name that is absolute is taken to be the file /x/y.h when it is
// a regular file (a relative x/y.h found nowhere would be a missing header
// for gcc too). r.mu is held.
func (r *run) computedAbsolute(top *frame, name string) (string, bool) {
	if top == nil {
		return "", false
	}
	d, lit, ok := pendingInclude(top, name)
	if !ok || lit != "" || d.Name == "" {
		return "", false
	}
	real := filepath.FromSlash("/" + strings.TrimPrefix(name, stubDir+"/"))
	if st := r.stat(real); st.err != nil || st.fi.IsDir() {
		return "", false // a FIFO or a device is found: its read refuses it
	}
	return real, true
}

// badIncludePragma marks, in the text served to cc/v4 (serveText), a
// computed #include of the user's files whose macro is not defined: gcc 12
// reports `#include expects "FILENAME" or <FILENAME>` there and goes on
// (cpplib's parse_include), while cc/v4 (v4.34.0, cpp.go include) stops
// preprocessing. The pragma stands in for the #include when the macro is
// not defined, so that the run goes on as gcc's does.
const badIncludePragma = "__lwiplint_bad_include"

// computedMacro returns the macro a computed #include argument starts
// with ("CFG" for #include CFG), or "".
func computedMacro(arg string) string {
	arg = strings.TrimSpace(arg)
	if arg == "" || !isIdentStart(arg[0]) {
		return ""
	}
	i := 1
	for i < len(arg) && isIdentChar(arg[i]) {
		i++
	}
	return arg[:i]
}

// badInclude records the error gcc reports for the #include d of file fn,
// whose macro is not defined (see badIncludePragma). r.mu is held.
func (r *run) badInclude(fn string, d directive) {
	if top := r.top(); top != nil && top.info.path == fn {
		// cc/v4 opens nothing for it: the next #include is the next one.
		for i := top.cursor; i < len(top.info.dirs); i++ {
			if top.info.dirs[i].First == d.First {
				top.cursor = i + 1
				break
			}
		}
	}
	pos := r.display(Position{File: fn, Line: d.Line, Col: d.Col})
	r.cfg.Errors = append(r.cfg.Errors, Note{Pos: pos, Text: `#include expects "FILENAME" or <FILENAME>`, Diagnostic: true, Lwip: r.lwipOwned(fn)})
}
