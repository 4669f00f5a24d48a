package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lint/rules"
	flag "github.com/spf13/pflag"
)

func newFlags(name, usageLine string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, "usage: %s\n\nFlags:\n%s", usageLine, fs.FlagUsages()) }
	if captureFlags != nil {
		captureFlags(fs, usageLine) // completion.go
	}
	return fs
}

// parse parses args. pflag (v1.1.0) returns a parse error without
// printing it when errors continue: parse prints it, with where to find
// the usage.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK, false
		}
		fmt.Fprintf(fs.Output(), "lwiplint %s: %v\nRun 'lwiplint %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return exitUsage, false
	}
	return 0, true
}

func writeJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return exitUsage
	}
	return exitOK
}

type ruleJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Family   string   `json:"family"`
	Since    string   `json:"since"`
	Versions []string `json:"versions"`
	Doc      lint.Doc `json:"doc"`
	KB       []string `json:"kb"`
}

func toRuleJSON(r *lint.Rule) ruleJSON {
	v := r.Versions
	if v == nil {
		v = []string{}
	}
	return ruleJSON{r.ID, r.Name, r.Title, r.Severity.String(), r.Family(), r.Since, v, r.Documentation(), r.Advice}
}

// runRules lists the rules.
func runRules(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("rules", "lwiplint rules [--format text|json]", stderr)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	switch *format {
	case "json":
		var out []ruleJSON
		for _, r := range rules.All() {
			out = append(out, toRuleJSON(r))
		}
		return writeJSON(stdout, out)
	case "text":
		for _, r := range rules.All() {
			fmt.Fprintf(stdout, "%s  %-7s  %-34s %s\n", r.ID, r.Severity, r.Name, r.Title)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "lwiplint rules: unknown --format %q\n", *format)
	return exitUsage
}

// runExplain prints a rule's documentation.
func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", "lwiplint explain [--format text|json|markdown] LWxxxx", stderr)
	format := fs.String("format", "text", "output `FORMAT`: text, json or markdown")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "lwiplint explain: give one rule ID, such as LW1001")
		return exitUsage
	}
	id := strings.ToUpper(fs.Arg(0))
	for _, r := range rules.All() {
		if r.ID != id && r.Name != fs.Arg(0) {
			continue
		}
		switch *format {
		case "json":
			return writeJSON(stdout, toRuleJSON(r))
		case "text", "markdown":
			fmt.Fprintf(stdout, "# %s %s: %s\n\nSeverity: %s. Family: %s. lwIP versions: %s.\n\n", r.ID, r.Name, r.Title, r.Severity, r.Family(), versions(r))
			doc := r.Documentation()
			for _, s := range []struct{ h, t string }{{"What is wrong", doc.What}, {"Bad", doc.Bad}, {"Fixed", doc.Good}, {"Why", doc.Why}, {"When to ignore it", doc.Ignore}} {
				if s.t == "" {
					continue
				}
				if s.h == "Bad" || s.h == "Fixed" {
					fmt.Fprintf(stdout, "## %s\n\n```c\n%s\n```\n\n", s.h, strings.TrimSpace(s.t))
				} else {
					fmt.Fprintf(stdout, "## %s\n\n%s\n\n", s.h, strings.TrimSpace(s.t))
				}
			}
			for _, a := range r.Advice {
				fmt.Fprintf(stdout, "For more information: lwiplint kb show %s\n", a)
			}
			return exitOK
		}
		fmt.Fprintf(stderr, "lwiplint explain: unknown --format %q\n", *format)
		return exitUsage
	}
	fmt.Fprintf(stderr, "lwiplint explain: no rule %q (see lwiplint rules)\n", fs.Arg(0))
	return exitUsage
}

func versions(r *lint.Rule) string {
	if len(r.Versions) == 0 {
		return "all"
	}
	return strings.Join(r.Versions, ", ")
}

// runKB lists, shows and searches the knowledge base.
func runKB(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("kb", "lwiplint kb list|show ID|search WORDS...|search - [--format text|json|markdown] [--lang en|zh] [--stack STACK]", stderr)
	format := fs.String("format", "text", "output `FORMAT`: text, json or markdown")
	lang := fs.String("lang", "en", "`LANGUAGE` of the text: en or zh")
	stack := fs.String("stack", "", "for search: the `STACK` whose numbers decode errno values: "+strings.Join(kb.Stacks, ", ")+" (default: guessed from the query)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *stack != "" && !slices.Contains(kb.Stacks, *stack) {
		fmt.Fprintf(stderr, "lwiplint kb: unknown --stack %q (%s)\n", *stack, strings.Join(kb.Stacks, ", "))
		return exitUsage
	}
	if *lang != "en" && *lang != "zh" {
		fmt.Fprintf(stderr, "lwiplint kb: unknown --lang %q (en, zh)\n", *lang)
		return exitUsage
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		fmt.Fprintf(stderr, "lwiplint kb: unknown --format %q\n", *format)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint kb: give list, show ID or search WORDS")
		return exitUsage
	}
	if _, err := kb.Load(); err != nil {
		fmt.Fprintln(stderr, "lwiplint kb:", err)
		return exitUsage
	}
	list := func(es []*kb.Entry) int {
		if *format == "json" {
			return writeJSON(stdout, es)
		}
		for _, e := range es {
			if *format == "markdown" {
				fmt.Fprintf(stdout, "- `%s` %s\n", e.ID, e.Title.In(*lang))
			} else {
				fmt.Fprintf(stdout, "%-66s %s\n", e.ID, e.Title.In(*lang))
			}
		}
		return exitOK
	}
	switch fs.Arg(0) {
	case "list":
		return list(kb.List())
	case "show":
		if fs.NArg() != 2 {
			fmt.Fprintln(stderr, "lwiplint kb show: give one entry ID")
			return exitUsage
		}
		id := fs.Arg(1)
		if !strings.HasPrefix(id, "embedded/") {
			id = "embedded/" + id
		}
		e, ok := kb.Get(id)
		if !ok {
			fmt.Fprintf(stderr, "lwiplint kb show: no entry %q (see lwiplint kb list)\n", fs.Arg(1))
			return exitUsage
		}
		switch *format {
		case "json":
			return writeJSON(stdout, e)
		case "markdown":
			fmt.Fprint(stdout, e.Markdown(*lang))
		default:
			fmt.Fprint(stdout, e.Text(*lang))
		}
		return exitOK
	case "search":
		return runKBSearch(fs.Args()[1:], kbSearchFlags{format: *format, lang: *lang, stack: *stack}, stdout, stderr)
	}
	fmt.Fprintf(stderr, "lwiplint kb: unknown subcommand %q (list, show, search)\n", fs.Arg(0))
	return exitUsage
}

// runTiming prints the time budgets each configuration implies.
func runTiming(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("timing", "lwiplint timing [flags] PATH...", stderr)
	var lf loadFlags
	lf.register(fs)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	noCache := noCacheFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	setTreeCache(*noCache)
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint timing: no PATH given")
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "lwiplint timing: unknown --format %q (text, json)\n", *format)
		return exitUsage
	}
	cfgs, code := loadAll(fs.Args(), lf.p, stderr)
	if code == exitUsage {
		return code
	}
	if *format == "json" {
		objs := make([]timingJSON, len(cfgs))
		for i, c := range cfgs {
			objs[i] = timingJSON{File: c.File, LwipVersion: c.Version, Budgets: lint.Timing(c)}
			if v, ok := c.Int("TCP_SLOW_INTERVAL"); ok {
				objs[i].SlowInterval = &v
			}
			if objs[i].Budgets == nil {
				objs[i].Budgets = []lint.Budget{}
			}
		}
		var out any = objs
		if len(objs) == 1 {
			out = objs[0] // as show --format json
		}
		if c := writeJSON(stdout, out); c != exitOK {
			return c
		}
		return code
	}
	for i, c := range cfgs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s: lwIP %s\n", c.File, c.Version)
		for _, b := range lint.Timing(c) {
			fmt.Fprintf(stdout, "  %s\n", b)
			for _, n := range b.Notes {
				fmt.Fprintf(stdout, "      %s\n", n)
			}
			for _, id := range b.KB {
				fmt.Fprintf(stdout, "      when it happens: lwiplint kb show %s\n", id)
			}
		}
	}
	return code
}

// timingJSON is one configuration of timing --format json.
type timingJSON struct {
	File        string `json:"file"`
	LwipVersion string `json:"lwip_version"`
	// SlowInterval is TCP_SLOW_INTERVAL in ms, the length of a tick.
	SlowInterval *int64        `json:"tcp_slow_interval_ms"`
	Budgets      []lint.Budget `json:"budgets"`
}
