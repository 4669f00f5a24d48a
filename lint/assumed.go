package lint

import (
	"fmt"
	"slices"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// downgradeAssumed keeps an assumed version from making errors. When no
// version was found for cfg ([lwipopts.Config.VersionAssumed]), an error
// finding that the same rule does not also report at the same place for
// every other version the stack could be ([lwipopts.Config.OtherVersions])
// exists only because of the version assumed: it becomes a warning, and
// its message says that the version was assumed. Errors every version
// gives stay errors.
func downgradeAssumed(cfg *lwipopts.Config, ran map[string]*Rule, opts Options, out []Finding) []Finding {
	if !cfg.VersionAssumed || !slices.ContainsFunc(out, func(f Finding) bool { return f.Severity == Error }) {
		return out
	}
	type at struct {
		rule, file string
		line       int
	}
	// The rules that reported errors, run at each other version.
	var rules []*Rule
	for _, f := range out {
		if r := ran[f.Rule]; f.Severity == Error && r != nil && !slices.Contains(rules, r) {
			rules = append(rules, r)
		}
	}
	everywhere := map[at]int{}
	others := cfg.OtherVersions()
	for _, v := range others {
		alt, err := cfg.AtVersion(v)
		if err != nil {
			continue // not counted: the finding is downgraded
		}
		var fs []Finding
		for _, r := range rules {
			if r.AppliesTo(v) {
				runOne(alt, r, opts, &fs)
			}
		}
		seen := map[at]bool{}
		for _, f := range fs {
			k := at{f.Rule, f.Pos.File, f.Pos.Line}
			if f.Severity == Error && !seen[k] {
				seen[k] = true
				everywhere[k]++
			}
		}
	}
	for i, f := range out {
		if f.Severity != Error || len(others) > 0 && everywhere[at{f.Rule, f.Pos.File, f.Pos.Line}] == len(others) {
			continue
		}
		out[i].Severity = Warning
		out[i].Message = fmt.Sprintf("%s (lwIP %s was assumed: no lwIP tree was found; give --lwip or --lwip-version)", f.Message, cfg.Version)
	}
	return out
}
