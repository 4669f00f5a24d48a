package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Text writes the findings in a plain form of the text format of [Write],
// without source excerpts, links or summary: one line per finding,
//
//	file:line:col: severity LWxxxx message
//
// followed by indented "= note:" lines for related positions, an
// "= lwip error:" line with lwIP's own #error text, and "= see:" lines
// with the knowledge-base entries.
func Text(w io.Writer, findings []lint.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		fmt.Fprintf(bw, "%s: %s %s %s\n", location(f.Pos), f.Severity, f.Rule, f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(bw, "  = note: %s: %s\n", r.Pos, r.Message)
		}
		if f.LwipError != nil {
			fmt.Fprintf(bw, "  = lwip error: %q\n", *f.LwipError)
		}
		for _, k := range f.KB {
			fmt.Fprintf(bw, "  = see: %s\n", k)
		}
	}
	return bw.Flush()
}

// ANSI styles of the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiBlue   = "\x1b[1;34m"
)

// paint wraps s in an ANSI style when colours are on.
func (c *context) paint(style, s string) string {
	if !c.opts.Color || s == "" {
		return s
	}
	return style + s + ansiReset
}

func severityStyle(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed
	case lint.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// writeText writes the text format described at [Write]. Its lines are
// those of [Text] plus the source excerpts, the blank lines between
// findings, the links and the summary, so that scripts matching Text's
// lines keep working.
func writeText(w *bufio.Writer, findings []lint.Finding, c *context) error {
	var t textState
	t.add(w, findings, c)
	t.end(w, c)
	return nil
}

// textState is what the text format keeps from finding to finding: the
// knowledge-base entries to link at the end and the counts of the summary.
type textState struct {
	n      int
	kbIDs  []string // in the order of first use
	counts map[lint.Severity]int
	files  map[string]bool
}

// add writes findings, a blank line before each but the first of all.
func (t *textState) add(w *bufio.Writer, findings []lint.Finding, c *context) {
	if t.counts == nil {
		t.counts, t.files = map[lint.Severity]int{}, map[string]bool{}
	}
	for _, f := range findings {
		if t.n > 0 {
			w.WriteString("\n")
		}
		t.n++
		t.counts[f.Severity]++
		t.files[f.Pos.File] = true
		style := severityStyle(f.Severity)
		fmt.Fprintf(w, "%s: %s %s %s\n", c.paint(ansiBold, sanitize(location(f.Pos))),
			c.paint(style, f.Severity.String()), c.paint(ansiBold, sanitize(f.Rule)), indent(sanitize(f.Message), "  "))
		c.excerpt(w, f.Pos, style)
		for _, r := range f.Related {
			fmt.Fprintf(w, "  %s %s: %s\n", c.paint(ansiBold, "= note:"), sanitize(r.Pos.String()), indent(sanitize(r.Message), "    "))
		}
		if f.LwipError != nil {
			fmt.Fprintf(w, "  %s %q\n", c.paint(ansiBold, "= lwip error:"), *f.LwipError)
		}
		for _, k := range f.KB {
			fmt.Fprintf(w, "  %s %s\n", c.paint(ansiBold, "= see:"), sanitize(k))
			if !slices.Contains(t.kbIDs, k) {
				t.kbIDs = append(t.kbIDs, k)
			}
		}
	}
}

// end writes the links and the summary, unless Options.Quiet.
func (t *textState) end(w *bufio.Writer, c *context) {
	if c.opts.Quiet {
		return
	}
	var links []string
	for _, id := range t.kbIDs {
		u := c.kbURL(id)
		if u == "" {
			continue
		}
		if title, ok := kb.Title(id); ok && title != "" {
			u += " -- " + oneLine(title)
		}
		links = append(links, sanitize(u))
	}
	if len(links) > 0 {
		fmt.Fprintf(w, "\n%s\n", c.paint(ansiBold, "For more information:"))
		for _, l := range links {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if s := summaryOf(t.counts, len(t.files)); s != "" {
		fmt.Fprintf(w, "\n%s\n", c.paint(ansiBold, s))
	}
}

// excerpt writes the source line at p and, when the column is known, a
// marker under it: ^ under one character, or ^^^ under an identifier.
func (c *context) excerpt(w *bufio.Writer, p lwipopts.Position, style string) {
	line, ok := c.line(p)
	if !ok {
		return
	}
	num := strconv.Itoa(p.Line)
	fmt.Fprintf(w, "  %s %s\n", c.paint(ansiBlue, num+" |"), strings.TrimRight(sanitize(line), " \t"))
	if p.Col <= 0 {
		return
	}
	col := min(p.Col-1, len(line))
	for col > 0 && col < len(line) && !utf8.RuneStart(line[col]) {
		col-- // never split a character
	}
	var pad strings.Builder
	for _, r := range sanitize(line[:col]) {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	n := max(identLen(line[col:]), 1)
	fmt.Fprintf(w, "  %s %s%s\n", c.paint(ansiBlue, strings.Repeat(" ", len(num))+" |"), pad.String(), c.paint(style, strings.Repeat("^", n)))
}

// identLen returns the length of the C identifier s starts with.
func identLen(s string) int {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b == '_' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || i > 0 && '0' <= b && b <= '9' {
			continue
		}
		return i
	}
	return len(s)
}

// indent puts prefix before every line of s but the first.
func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}
