package lint

import (
	"fmt"
	"slices"

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
	return slices.CompactFunc(out, func(a, b Finding) bool {
		return Compare(a, b) == 0 && a.Severity == b.Severity
	})
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
