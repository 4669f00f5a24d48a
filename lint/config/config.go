// Package config reads lwiplint's configuration file, .lwiplint.toml.
//
// A configuration file applies to the lwIP configurations (lwipopts.h) in
// its directory and below; for each input the closest one, found by
// walking up the directory tree, wins (files are not merged). Paths in it
// are relative to its directory.
//
//	# .lwiplint.toml
//	select = ["LW1", "LW2"]          # rule IDs or prefixes to run (default: all)
//	ignore = ["LW2003"]              # rule IDs or prefixes to leave out
//	fail-level = "warning"           # exit 1 at this severity or above
//	lwip-dir = "third_party/lwip/src/include"
//	lwip-version = "2.1.3"           # built-in defaults when there is no tree
//	include = ["board/include"]      # -I
//	define = ["BOARD_REV=2"]         # -D
//	undefine = ["__arm__"]           # -U
//	compile-commands = "build/compile_commands.json"
//	ram-budget = "48KiB"             # static RAM of lwIP's pools and heap (rule LW2006)
//
//	[severity]                       # per-rule severity
//	LW1001 = "error"
//
//	[per-file-ignores]               # glob (relative, ** allowed) → rules
//	"vendor/**" = ["LW4"]
//
// Unknown keys, wrong types and unknown rule IDs are errors that name the
// file and line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/lwiplint/lwiplint/internal/clip"
	"github.com/pelletier/go-toml/v2"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts/ram"
)

// FileName is the name of the configuration file looked for.
const FileName = ".lwiplint.toml"

// maxSize bounds the configuration file.
const maxSize = 1 << 20

// File is a parsed configuration file.
type File struct {
	// Path is the file's path; Dir its directory, to which the paths
	// below are already resolved.
	Path string
	Dir  string

	Select         []string
	Ignore         []string
	Severity       map[string]lint.Severity
	PerFileIgnores map[string][]string
	// FailLevel is 0 when the file does not set it.
	FailLevel       lint.Severity
	LwipDir         string
	LwipVersion     string
	Include         []string
	Define          []string
	Undefine        []string
	CompileCommands string
	// RAMBudget is ram-budget in bytes, 0 when the file does not set it.
	RAMBudget int64
}

type raw struct {
	Select          []string                `toml:"select"`
	Ignore          []string                `toml:"ignore"`
	Severity        map[string]severityText `toml:"severity"`
	PerFileIgnores  map[string][]string     `toml:"per-file-ignores"`
	FailLevel       severityText            `toml:"fail-level"`
	LwipDir         string                  `toml:"lwip-dir"`
	LwipVersion     string                  `toml:"lwip-version"`
	Include         []string                `toml:"include"`
	Define          []string                `toml:"define"`
	Undefine        []string                `toml:"undefine"`
	CompileCommands string                  `toml:"compile-commands"`
	RAMBudget       sizeText                `toml:"ram-budget"`
}

// sizeText is a size as written in the file ("48KiB" or 49152), checked
// after decoding as severityText is.
type sizeText struct {
	text string
	set  bool
}

func (t *sizeText) UnmarshalText(b []byte) error { *t = sizeText{string(b), true}; return nil }

// severityText is a severity as written in the file, checked after
// decoding so that the error can name its line: the decoder hands a
// number (fail-level = 7) to UnmarshalText as its text, and would store
// it unchecked in a plain integer type such as lint.Severity.
type severityText struct {
	text string
	set  bool
}

func (t *severityText) UnmarshalText(b []byte) error { *t = severityText{string(b), true}; return nil }

// severity parses t; key locates the line of an error.
func (t severityText) severity(path string, data []byte, key string) (lint.Severity, error) {
	if !t.set {
		return 0, nil
	}
	var s lint.Severity
	if err := s.UnmarshalText([]byte(t.text)); err != nil {
		return 0, lineError(path, data, key, fmt.Sprintf("%s: unknown severity %q (want \"error\", \"warning\" or \"info\")", clipText(key), clipText(t.text)))
	}
	return s, nil
}

// maxMessage bounds the text an error quotes from the file (a key, a
// glob): a hostile file must not make a message of hundreds of kilobytes.
const maxMessage = 80

// clip returns s, cut to maxMessage bytes with "…" when longer.
func clipText(s string) string {
	if head, cut := clip.Cut(s, maxMessage); cut > 0 {
		return head + "…"
	}
	return s
}

// Error is a problem in a configuration file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

var idRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^LW[0-9]{0,4}$`) })

// Load reads and checks the configuration file at path. known reports
// whether a full rule ID exists (nil accepts every well-formed ID).
func Load(path string, known func(id string) bool) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if !fi.Mode().IsRegular() {
		return nil, &Error{File: path, Msg: "not a regular file"}
	}
	if fi.Size() > maxSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("%d bytes, more than the limit of %d", fi.Size(), maxSize)}
	}
	data, err := fileio.ReadFile(path, maxSize)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data, known)
}

// Parse parses the contents of a configuration file read from path.
func Parse(path string, data []byte, known func(id string) bool) (*File, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, &Error{File: path, Msg: "binary file (contains NUL bytes)"}
	}
	var r raw
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, tomlError(path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	dir := filepath.Dir(abs)
	f := &File{
		Path: path, Dir: dir,
		Select: r.Select, Ignore: r.Ignore, PerFileIgnores: r.PerFileIgnores,
		LwipVersion: r.LwipVersion, Define: r.Define, Undefine: r.Undefine,
	}
	if f.FailLevel, err = r.FailLevel.severity(path, data, "fail-level"); err != nil {
		return nil, err
	}
	if r.RAMBudget.set {
		n, err := ram.ParseSize(r.RAMBudget.text)
		if err == nil && n == 0 {
			err = errors.New("a budget of 0 bytes")
		}
		if err != nil {
			return nil, lineError(path, data, "ram-budget", "ram-budget: "+clipText(err.Error()))
		}
		f.RAMBudget = n
	}
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, filepath.FromSlash(p))
	}
	f.LwipDir = rel(r.LwipDir)
	f.CompileCommands = rel(r.CompileCommands)
	for _, p := range r.Include {
		f.Include = append(f.Include, rel(p))
	}
	// Rule IDs and prefixes.
	check := func(id string, prefix bool) error {
		if !idRE().MatchString(id) || !prefix && len(id) != 6 {
			want := "a rule ID such as LW1001"
			if prefix {
				want += " or a prefix such as LW1"
			}
			return lineError(path, data, id, fmt.Sprintf("%q is not %s", clipText(id), want))
		}
		if len(id) == 6 && known != nil && !known(id) {
			return lineError(path, data, id, fmt.Sprintf("unknown rule %s (see `lwiplint rules`)", id))
		}
		return nil
	}
	for _, list := range [][]string{r.Select, r.Ignore} {
		for _, id := range list {
			if err := check(id, true); err != nil {
				return nil, err
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(r.Severity)) {
		if err := check(id, false); err != nil {
			return nil, err
		}
		s, err := r.Severity[id].severity(path, data, id)
		if err != nil {
			return nil, err
		}
		if f.Severity == nil {
			f.Severity = map[string]lint.Severity{}
		}
		f.Severity[id] = s
	}
	for glob, ids := range r.PerFileIgnores {
		if !doublestar.ValidatePattern(glob) {
			return nil, lineError(path, data, glob, fmt.Sprintf("invalid glob %q in per-file-ignores", clipText(glob)))
		}
		for _, id := range ids {
			if err := check(id, true); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// tomlError turns a go-toml error into an Error with the line.
func tomlError(path string, err error) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) && len(sm.Errors) > 0 {
		e := sm.Errors[0]
		line, col := e.Position()
		return &Error{File: path, Line: line, Col: col, Msg: fmt.Sprintf("unknown key %q", clipText(strings.Join(e.Key(), ".")))}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return &Error{File: path, Line: line, Col: col, Msg: clipText(de.Error())}
	}
	return &Error{File: path, Msg: clipText(err.Error())}
}

// lineError locates the line of data that holds the string s: first as
// a quoted string ("s" or 's', a key or an array element), else as a bare
// key at the start of a line, else anywhere.
func lineError(path string, data []byte, s, msg string) error {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	tests := []func(l string) bool{
		func(l string) bool { return strings.Contains(l, `"`+s+`"`) || strings.Contains(l, "'"+s+"'") },
		func(l string) bool {
			rest, ok := strings.CutPrefix(strings.TrimSpace(l), s)
			return ok && strings.HasPrefix(strings.TrimSpace(rest), "=")
		},
		func(l string) bool { return strings.Contains(l, s) },
	}
	for _, test := range tests {
		for i, l := range lines {
			if test(l) {
				return &Error{File: path, Line: i + 1, Msg: msg}
			}
		}
	}
	return &Error{File: path, Msg: msg}
}

// Find returns the closest configuration file for the input path (a file
// or a directory), walking up to the root, or "" when there is none.
func Find(input string) (string, error) {
	abs, err := filepath.Abs(input)
	if err != nil {
		return "", err
	}
	dir := abs
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		p := filepath.Join(dir, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Finder finds the closest configuration file of many inputs, as [Find]
// does, remembering the answer for each directory it looked at, so that a
// run over a thousand configurations in one tree stats each directory once.
// The zero value is ready to use; a Finder is not safe for concurrent use.
type Finder struct {
	dirs map[string]string // directory → its closest file, "" for none
}

// Find returns the closest configuration file for the input path (a file
// or a directory), or "" when there is none.
func (f *Finder) Find(input string) (string, error) {
	abs, err := filepath.Abs(input)
	if err != nil {
		return "", err
	}
	dir := abs
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		dir = filepath.Dir(abs)
	}
	if f.dirs == nil {
		f.dirs = map[string]string{}
	}
	var walked []string
	found := ""
	for d := dir; ; {
		if p, ok := f.dirs[d]; ok {
			found = p
			break
		}
		walked = append(walked, d)
		p := filepath.Join(d, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			found = p
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range walked {
		f.dirs[d] = found
	}
	return found, nil
}

// matches reports whether id is selected by one of the IDs or prefixes.
func matches(id string, list []string) bool {
	return slices.ContainsFunc(list, func(p string) bool { return strings.HasPrefix(id, p) })
}

// Enabled reports whether the rule runs under this configuration.
func (f *File) Enabled(id string) bool {
	if f == nil {
		return true
	}
	if len(f.Select) > 0 && !matches(id, f.Select) {
		return false
	}
	return !matches(id, f.Ignore)
}

// Apply filters and adjusts the findings of the lwIP configuration in the
// file cfgFile: rules not enabled and per-file ignores are dropped, and
// per-rule severities applied.
func (f *File) Apply(cfgFile string, findings []lint.Finding) []lint.Finding {
	if f == nil {
		return findings
	}
	var ignored []string
	if abs, err := filepath.Abs(cfgFile); err == nil {
		if rel, err := filepath.Rel(f.Dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			rel = filepath.ToSlash(rel)
			for glob, ids := range f.PerFileIgnores {
				if ok, _ := doublestar.Match(glob, rel); ok {
					ignored = append(ignored, ids...)
				}
			}
		}
	}
	var out []lint.Finding
	for _, fd := range findings {
		if !f.Enabled(fd.Rule) || matches(fd.Rule, ignored) {
			continue
		}
		if s, ok := f.Severity[fd.Rule]; ok {
			fd.Severity = s
		}
		out = append(out, fd)
	}
	return out
}
