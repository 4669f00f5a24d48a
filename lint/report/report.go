package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Options tunes [Write]. The zero value is ready to use.
type Options struct {
	// Color turns on ANSI colours in the text format. The caller decides,
	// from --color, NO_COLOR, FORCE_COLOR and whether the output is a
	// terminal; Write never looks at the terminal itself.
	Color bool
	// Root is the repository root. The sarif and github formats give paths
	// relative to it. Relative finding paths are relative to the current
	// directory. Empty means the current directory. The other formats print
	// paths as the findings give them.
	Root string
	// ToolVersion is lwiplint's version, such as "0.3.0". SARIF writes it as
	// tool.driver.version, and as semanticVersion when it is one. Empty
	// means the version of the lwiplint module in the running binary's build
	// information ("0.3.0" after go install …@v0.3.0), or "0.0.0-devel".
	ToolVersion string
	// Rules describes the rules for SARIF's tool.driver.rules; normally
	// rules.All(). A finding whose rule is missing gets a descriptor made
	// from the finding.
	Rules []*lint.Rule
	// ReadFile, when set, reads a file named by a finding that carries no
	// text of it (lint.Finding.Source), for the source excerpts of the
	// text format and SARIF's snippets, UTF-16 columns and fingerprints.
	// Nil means such a file is not read: findings from lint.Run carry the
	// lines they name, as the loader read them, and the report writer
	// never opens a file. Each file is read at most once per call of
	// Write; names such as "<lwIP 2.1.3>/lwip/opt.h" (built-in defaults)
	// are never read.
	ReadFile func(name string) ([]byte, error)
	// KBURL returns the web address of a knowledge-base entry, or "" for
	// none. Nil means the entry's YAML file on GitHub:
	// https://github.com/lwiplint/lwiplint/blob/main/lint/kb/entries/<id>.yaml.
	KBURL func(id string) string
	// Quiet leaves out what the text format writes after the findings:
	// the "For more information:" links and the summary.
	Quiet bool
	// AutomationID is SARIF's runs[0].automationDetails.id, "category/" or
	// "category/run-id"; GitHub tells analyses of the same commit apart by
	// the category. Empty means "lwiplint/".
	AutomationID string
}

// formatters maps each format name to its writer, in the order of
// [Formats].
var formatters = []struct {
	name  string
	write func(w *bufio.Writer, findings []lint.Finding, c *context) error
}{
	{"text", writeText},
	{"concise", writeConcise},
	{"json", func(w *bufio.Writer, fs []lint.Finding, _ *context) error { return JSON(w, fs) }},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
	{"checkstyle", writeCheckstyle},
	{"junit", writeJUnit},
}

// Formats returns the names [Write] accepts: text, concise, json, sarif,
// github, checkstyle and junit.
func Formats() []string {
	names := make([]string, len(formatters))
	for i, f := range formatters {
		names[i] = f.name
	}
	return names
}

// Write writes the findings to w in the named format (see [Formats]), in
// the order given; [lint.Run] returns them sorted. It returns an error for
// an unknown format or when w fails.
//
//   - text: for people. Each finding is "file:line:col: severity LWxxxx
//     message", the source line with a ^ marker under the column (left out
//     when the file cannot be read or the line is unknown), "= note:" lines
//     for related positions, "= lwip error:" with lwIP's own #error text and
//     "= see:" with the knowledge-base entries. A blank line separates the
//     findings. At the end come a "For more information:" list with one web
//     link per knowledge-base entry and a summary such as "2 errors,
//     1 warning in 1 file". With no findings the output is empty.
//   - concise: one line per finding, "file:line:col: LWxxxx message", for
//     editors (Vim's errorformat, Emacs' compile mode).
//   - json: see [JSON]; [JSONSchema] describes it.
//   - sarif: SARIF 2.1.0 for GitHub code scanning: a rule descriptor per
//     rule with its documentation as help, results with repository-relative
//     URIs (uriBaseId %SRCROOT%), UTF-16 columns, related locations linked
//     from the message, stable partialFingerprints and fixes.
//   - github: GitHub Actions workflow commands ("::error file=…::message").
//   - checkstyle: Checkstyle XML, one <file> per file with findings.
//   - junit: JUnit XML, one testsuite per file with a failed testcase per
//     finding; a clean run is one passing testcase.
func Write(w io.Writer, format string, findings []lint.Finding, opts Options) error {
	for _, f := range formatters {
		if f.name == format {
			bw := bufio.NewWriter(w)
			c := newContext(opts)
			c.learn(findings)
			if err := f.write(bw, findings, c); err != nil {
				return err
			}
			return bw.Flush()
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// context is what the writers share during one call of Write.
type context struct {
	opts Options
	// src holds the lines the findings carry (lint.Finding.Source): file
	// → line → text, with the file's line count at line 0.
	src   map[string]map[int]string
	count map[string]int
	files map[string][]string // lines of the files Options.ReadFile read; nil when unreadable
}

func newContext(opts Options) *context {
	return &context{opts: opts, src: map[string]map[int]string{}, count: map[string]int{}, files: map[string][]string{}}
}

// learn records the source lines findings carry, before they are written.
func (c *context) learn(findings []lint.Finding) {
	for _, f := range findings {
		for _, s := range f.Source {
			m := c.src[s.File]
			if m == nil {
				m = map[int]string{}
				c.src[s.File] = m
			}
			if s.Line > 0 {
				m[s.Line] = s.Text
			}
			c.count[s.File] = s.Lines
		}
	}
}

// line returns the line at p, without its line ending: from the findings'
// Source, else from Options.ReadFile when set.
func (c *context) line(p lwipopts.Position) (string, bool) {
	if m, ok := c.src[p.File]; ok {
		text, ok := m[p.Line]
		return text, ok
	}
	lines := c.lines(p.File)
	if p.Line <= 0 || p.Line > len(lines) {
		return "", false
	}
	return strings.TrimSuffix(lines[p.Line-1], "\r"), true
}

// lineCount returns the number of lines of a file, 0 when it is unknown.
func (c *context) lineCount(name string) int {
	if n, ok := c.count[name]; ok {
		return n
	}
	lines := c.lines(name)
	if n := len(lines); n > 0 && lines[n-1] == "" {
		return n - 1 // the file ends with a newline
	}
	return len(lines)
}

// lines returns the lines of a file that Options.ReadFile reads, reading
// it once; nil when it cannot be read or there is no ReadFile.
func (c *context) lines(name string) []string {
	if !readable(name) || c.opts.ReadFile == nil {
		return nil
	}
	lines, ok := c.files[name]
	if !ok {
		if data, err := c.opts.ReadFile(name); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.files[name] = lines
	}
	return lines
}

// readable reports whether name may be a file on disk: built-in defaults
// are shown as "<lwIP 2.1.3>/lwip/opt.h".
func readable(name string) bool {
	return name != "" && !strings.HasPrefix(name, "<")
}

// kbURL returns the web address of a knowledge-base entry.
func (c *context) kbURL(id string) string {
	if c.opts.KBURL != nil {
		return c.opts.KBURL(id)
	}
	return "https://github.com/lwiplint/lwiplint/blob/main/lint/kb/entries/" + id + ".yaml"
}

// getwd is os.Getwd; tests replace it to get paths that do not depend on
// the machine.
var getwd = os.Getwd

// paths makes finding paths relative to Options.Root.
type paths struct {
	wd, root string // absolute and clean
}

func (c *context) paths() (paths, error) {
	wd, err := getwd()
	if err != nil {
		return paths{}, fmt.Errorf("current directory: %w", err)
	}
	root := c.opts.Root
	switch {
	case root == "":
		root = wd
	case !filepath.IsAbs(root):
		root = filepath.Join(wd, root)
	}
	return paths{wd: filepath.Clean(wd), root: filepath.Clean(root)}, nil
}

func (p paths) abs(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(p.wd, name)
}

// rel returns name relative to the root, with forward slashes, and false
// when name is a built-in default or lies outside the root.
func (p paths) rel(name string) (string, bool) {
	if !readable(name) {
		return "", false
	}
	r, err := filepath.Rel(p.root, p.abs(name))
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// fileURI returns the file: URI of an absolute path; dir adds the trailing
// slash a base URI needs.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// relURI escapes a relative slash path as a URI reference.
func relURI(rel string) string {
	return (&url.URL{Path: rel}).String()
}

// anchor returns the position a tool that only knows the repository should
// show a finding at: the finding's own when it is under the root, else the
// first related position under the root (the configuration file, where
// [lint.Pass.At] adds one for lwIP defaults), else the finding's own.
func anchor(f lint.Finding, p paths) (pos lwipopts.Position, moved bool) {
	if _, ok := p.rel(f.Pos.File); ok {
		return f.Pos, false
	}
	for _, r := range f.Related {
		if _, ok := p.rel(r.Pos.File); ok {
			return r.Pos, true
		}
	}
	return f.Pos, false
}

// location formats a position as file:line:col, leaving out what is
// unknown. A known line without a column gets column 1.
func location(p lwipopts.Position) string {
	switch {
	case p.File == "":
		return "-"
	case p.Line <= 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, max(p.Col, 1))
}

// sanitize makes s safe to print on a terminal: control characters other
// than tab and newline (such as ESC in a hostile header) are shown escaped,
// and bytes that are not UTF-8 become U+FFFD.
func sanitize(s string) string {
	if !strings.ContainsFunc(s, isControl) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return r != '\t' && r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// plural returns "1 error", "2 errors".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// summary returns "3 errors, 1 warning, 2 info in 2 files", leaving out
// the severities with no finding, or "" for no findings.
func summary(findings []lint.Finding) string {
	count := map[lint.Severity]int{}
	files := map[string]bool{}
	for _, f := range findings {
		count[f.Severity]++
		files[f.Pos.File] = true
	}
	return summaryOf(count, len(files))
}

// summaryOf is [summary] of findings counted by severity, in nfiles files.
func summaryOf(count map[lint.Severity]int, nfiles int) string {
	total := 0
	for _, n := range count {
		total += n
	}
	if total == 0 {
		return ""
	}
	var parts []string
	if n := count[lint.Error]; n > 0 {
		parts = append(parts, plural(n, "error"))
	}
	if n := count[lint.Warning]; n > 0 {
		parts = append(parts, plural(n, "warning"))
	}
	if n := count[lint.Info]; n > 0 {
		parts = append(parts, strconv.Itoa(n)+" info")
	}
	if n := total - count[lint.Error] - count[lint.Warning] - count[lint.Info]; n > 0 {
		parts = append(parts, strconv.Itoa(n)+" other")
	}
	return strings.Join(parts, ", ") + " in " + plural(nfiles, "file")
}
