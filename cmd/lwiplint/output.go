package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/fix"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
)

// writeReport writes each configuration's findings that source emits
// (runJobs: as soon as that configuration and those before it are done)
// to every output
// (report.Stream): a run holds the findings of a few configurations, not
// all of them with what they were computed from. An output file is written
// to a temporary file beside it and renamed over it at the end, so that a
// failed run leaves no half-written report. code is the exit code so far
// (exitLoad when a path named no configuration).
func writeReport(source func(emit func(*lintRun) bool) int, cf *checkFlags, outs []output, base *fix.Baseline, cliLevel lint.Severity, colorOn bool, code int, stdout, stderr io.Writer) int {
	opts := report.Options{Rules: rules.All(), Root: repoRoot(), Quiet: cf.quiet}
	type sink struct {
		out    output
		stream *report.Stream
		tmp    *os.File
	}
	var sinks []sink
	cleanup := func() {
		for _, k := range sinks {
			if k.tmp != nil {
				k.tmp.Close()
				os.Remove(k.tmp.Name())
			}
		}
	}
	for _, o := range outs {
		if o.file == "" && cf.statistics {
			if o.format != "text" && o.format != "json" {
				fmt.Fprintf(stderr, "lwiplint: --statistics writes text or json to standard output, not %s: give --format %s a file\n", o.format, o.format)
				return exitUsage
			}
			continue
		}
		var w io.Writer = stdout
		var tmp *os.File
		if o.file != "" {
			var err error
			if tmp, err = os.CreateTemp(filepath.Dir(o.file), "."+filepath.Base(o.file)+".lwiplint-*"); err != nil {
				cleanup()
				fmt.Fprintln(stderr, "lwiplint:", err)
				return exitUsage
			}
			w = tmp
		}
		op := opts
		op.Color = colorOn && o.file == "" && o.format == "text"
		s, err := report.NewStream(w, o.format, op)
		if err != nil {
			cleanup()
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
		sinks = append(sinks, sink{o, s, tmp})
	}
	var matcher *fix.Matcher
	if base != nil {
		matcher = base.Matcher()
	}
	var (
		matched  int
		failed   bool
		notes    noteGroups
		stats    ruleCounts
		assumed  assumedNotes
		writeErr error
	)
	rc := source(func(r *lintRun) bool {
		assumed.add(r.assumed)
		fs := r.findings
		if !cf.showNotes {
			fs = notes.take(r.file, fs)
		}
		if matcher != nil {
			var m int
			fs, m = matcher.Filter(fs)
			matched += m
		}
		failed = failed || r.fails(fs, cliLevel)
		stats.add(fs)
		for _, k := range sinks {
			if err := k.stream.Write(fs); err != nil {
				writeErr = err
				return false
			}
		}
		return true
	})
	if writeErr != nil {
		cleanup()
		fmt.Fprintln(stderr, "lwiplint:", writeErr)
		return exitUsage
	}
	if rc == exitUsage {
		cleanup()
		return rc
	}
	code = max(code, rc)
	for i, k := range sinks {
		err := k.stream.Close()
		if err == nil && k.tmp != nil {
			err = commitOutput(k.tmp, k.out.file)
			sinks[i].tmp = nil
		}
		if err != nil {
			cleanup()
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
	}
	if cf.statistics {
		format := "text"
		for _, o := range outs {
			if o.file == "" {
				format = o.format
			}
		}
		if err := stats.write(stdout, format); err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
	}
	if !cf.quiet {
		notes.print(stderr)
		assumed.print(stderr)
		if matched > 0 {
			fmt.Fprintf(stderr, "lwiplint: %d findings in the baseline %s not shown\n", matched, cf.baseline)
		}
	}
	if code != exitOK {
		return code
	}
	if !cf.exitZero && failed {
		return exitFindings
	}
	return exitOK
}

// commitOutput puts the report written to tmp in place of path: renamed
// over it when path is new, else written through fix.WriteFile, which keeps
// an existing file's mode and links.
func commitOutput(tmp *os.File, path string) error {
	name := tmp.Name()
	defer os.Remove(name)
	if _, err := os.Lstat(path); err == nil {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			tmp.Close()
			return err
		}
		data, err := io.ReadAll(tmp)
		tmp.Close()
		if err != nil {
			return err
		}
		return fix.WriteFile(path, data, repoRoot())
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// noteRuleIDs lists the rules whose findings are environment notes
// (lint.Rule.Note), for the help of --show-notes.
func noteRuleIDs() string {
	var ids []string
	for _, r := range rules.All() {
		if r.Note {
			ids = append(ids, r.ID)
		}
	}
	return strings.Join(ids, ", ")
}

// maxNoteGroups is the number of different notes of one rule printed; the
// others are counted.
const maxNoteGroups = 5

// maxNotePlaces is the number of places named for one note.
const maxNotePlaces = 3

// noteGroups collects the environment notes of a run (findings of the
// rules marked lint.Rule.Note): each different note is printed once at the
// end, on stderr, with the number of configurations it concerns and the
// first places, instead of once per configuration in every format.
type noteGroups struct {
	groups []*noteGroup
	index  map[string]*noteGroup // rule + "\x00" + message
}

type noteGroup struct {
	rule, msg string
	configs   int
	lastFile  string
	places    []string
}

// take returns the findings of the configuration file that are not notes
// (rules.IsNote), keeping the notes.
func (n *noteGroups) take(file string, fs []lint.Finding) []lint.Finding {
	var kept []lint.Finding
	for _, f := range fs {
		if !rules.IsNote(f) {
			kept = append(kept, f)
			continue
		}
		key := f.Rule + "\x00" + f.Message
		g := n.index[key]
		if g == nil {
			if n.index == nil {
				n.index = map[string]*noteGroup{}
			}
			g = &noteGroup{rule: f.Rule, msg: f.Message}
			n.index[key] = g
			n.groups = append(n.groups, g)
		}
		if g.lastFile != file || g.configs == 0 {
			g.configs++
			g.lastFile = file
			if len(g.places) < maxNotePlaces {
				g.places = append(g.places, shortPos(f))
			}
		}
	}
	return kept
}

// shortPos is file:line of a finding.
func shortPos(f lint.Finding) string {
	if f.Pos.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line)
	}
	return f.Pos.File
}

// print writes the notes, grouped by rule in the order they first came.
func (n *noteGroups) print(w io.Writer) {
	if len(n.groups) == 0 {
		return
	}
	fmt.Fprintln(w, "lwiplint: notes on the environment (what could not be read, which release was used; not findings, --show-notes reports them as findings):")
	shown := map[string]int{}
	more := map[string]int{}
	var order []string
	for _, g := range n.groups {
		if shown[g.rule]+more[g.rule] == 0 {
			order = append(order, g.rule)
		}
		if shown[g.rule] >= maxNoteGroups {
			more[g.rule]++
			continue
		}
		shown[g.rule]++
	}
	for _, rule := range order {
		k := 0
		for _, g := range n.groups {
			if g.rule != rule {
				continue
			}
			if k++; k > maxNoteGroups {
				break
			}
			where := strings.Join(g.places, ", ")
			if g.configs > len(g.places) {
				where += ", …"
			}
			configs := "1 configuration"
			if g.configs != 1 {
				configs = fmt.Sprintf("%d configurations", g.configs)
			}
			fmt.Fprintf(w, "  %s %s (%s: %s)\n", g.rule, printable(g.msg), configs, printable(where))
		}
		if m := more[rule]; m > 0 {
			fmt.Fprintf(w, "  %s: %d more different notes\n", rule, m)
		}
	}
}

// printable puts a message on one line and shows control characters
// escaped, so that a hostile header name cannot rewrite the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return '?'
		}
		return r
	}, s)
}

// ruleCounts counts the findings of each rule for --statistics.
type ruleCounts map[string]*ruleCount

type ruleCount struct {
	Rule     string        `json:"rule"`
	Name     string        `json:"name"`
	Severity lint.Severity `json:"severity"`
	Count    int           `json:"count"`
}

func (c *ruleCounts) add(fs []lint.Finding) {
	if *c == nil {
		*c = ruleCounts{}
	}
	for _, f := range fs {
		rc := (*c)[f.Rule]
		if rc == nil {
			rc = &ruleCount{Rule: f.Rule, Name: f.Name, Severity: f.Severity}
			(*c)[f.Rule] = rc
		}
		rc.Count++
		rc.Severity = max(rc.Severity, f.Severity) // a .lwiplint.toml may change it per configuration
	}
}

// write prints the counts, most frequent first: in text one line per rule,
// "COUNT  ID  SEVERITY  NAME", as ruff and flake8 --statistics do; in json
// an array of {"rule", "name", "severity", "count"}.
func (c ruleCounts) write(w io.Writer, format string) error {
	list := make([]*ruleCount, 0, len(c))
	for _, rc := range c {
		list = append(list, rc)
	}
	slices.SortFunc(list, func(a, b *ruleCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Rule, b.Rule)) })
	if format == "json" {
		if writeJSON(w, list) != exitOK {
			return fmt.Errorf("write statistics")
		}
		return nil
	}
	width := 1
	for _, rc := range list {
		width = max(width, len(fmt.Sprint(rc.Count)))
	}
	for _, rc := range list {
		if _, err := fmt.Fprintf(w, "%*d  %s  %-7s  %s\n", width, rc.Count, rc.Rule, rc.Severity, rc.Name); err != nil {
			return err
		}
	}
	return nil
}
