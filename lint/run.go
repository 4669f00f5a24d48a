package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Options tunes a [Run].
type Options struct {
	// Severity overrides the default severity of rules, by rule ID.
	Severity map[string]Severity
	// NoSuppressions ignores lwiplint:ignore and lwiplint:file-ignore
	// comments (see [Suppression]).
	NoSuppressions bool
	// RAMBudget is the static RAM (bytes) a configuration may reserve for
	// lwIP's pools and heap (ram-budget, --ram-budget); 0 leaves the RAM
	// budget rule silent.
	RAMBudget int64
}

// Run applies the rules that apply to cfg.Version to cfg and returns their
// findings sorted with [Compare], without duplicates, less those that
// suppression comments silence. When cfg's version was assumed, an error
// that only the assumed version gives is a warning (downgradeAssumed). A rule whose check
// panics produces one error finding instead of crashing the run.
func Run(cfg *lwipopts.Config, rules []*Rule, opts Options) []Finding {
	var out []Finding
	ran := map[string]*Rule{}
	for _, r := range rules {
		if r == nil || r.Check == nil || !r.AppliesTo(cfg.Version) || !r.ForStack(cfg) {
			continue
		}
		ran[r.ID] = r
		runOne(cfg, r, opts, &out)
	}
	out = downgradeAssumed(cfg, ran, opts, out)
	if !opts.NoSuppressions {
		out = applySuppressions(cfg, ran, opts, out)
	}
	Sort(out)
	out = slices.CompactFunc(out, func(a, b Finding) bool {
		return Compare(a, b) == 0 && a.Severity == b.Severity
	})
	addSource(cfg, out)
	return out
}

// addSource fills in each finding's Source from the text the loader read.
func addSource(cfg *lwipopts.Config, fs []Finding) {
	files := map[string][]string{}
	lines := func(name string) []string {
		ls, ok := files[name]
		if !ok {
			if b, read := cfg.Source(name); read {
				ls = strings.Split(string(b), "\n")
				if n := len(ls); n > 0 && ls[n-1] == "" {
					ls = ls[:n-1] // the file ends with a newline
				}
				if ls == nil {
					ls = []string{}
				}
			}
			files[name] = ls
		}
		return ls
	}
	for i := range fs {
		f := &fs[i]
		f.Source = nil
		add := func(p lwipopts.Position) {
			ls := lines(p.File)
			if ls == nil || slices.ContainsFunc(f.Source, func(s SourceLine) bool { return s.File == p.File && s.Line == max(p.Line, 0) }) {
				return
			}
			s := SourceLine{File: p.File, Lines: len(ls)}
			if p.Line > 0 && p.Line <= len(ls) {
				s.Line, s.Text = p.Line, strings.TrimSuffix(ls[p.Line-1], "\r")
			} else if p.Line > 0 {
				return // past the end: no line to show
			}
			f.Source = append(f.Source, s)
		}
		add(f.Pos)
		for _, r := range f.Related {
			add(r.Pos)
		}
	}
}

func runOne(cfg *lwipopts.Config, r *Rule, opts Options, out *[]Finding) {
	pass := &Pass{Config: cfg, Rule: r, RAMBudget: opts.RAMBudget}
	pass.report = func(f Finding) {
		if s, ok := opts.Severity[r.ID]; ok && f.Severity == r.Severity {
			f.Severity = s
		}
		*out = append(*out, f)
	}
	defer func() {
		if e := recover(); e != nil {
			cfg.SetInputsIncomplete() // a result with this finding is not one to reuse
			*out = append(*out, Finding{
				Rule: r.ID, Name: r.Name, Severity: Error,
				Pos:     lwipopts.Position{File: cfg.File, Line: 1, Col: 1},
				Message: fmt.Sprintf("internal error: rule %s failed: %v", r.ID, e),
			})
		}
	}()
	r.Check(pass)
}
