package lwipopts

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"

	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
)

// TestDifferentialGCC checks, for every fixture, that every option's value
// is what gcc's own #if computes against Debian's lwIP 2.1.3 headers.
func TestDifferentialGCC(t *testing.T) {
	testenv.Require(t, gccoracle.Available("gcc"), "gcc")
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev ("+debianLwip+")")
	fxs := fixtures(t)
	if len(fxs) < 25 {
		t.Fatalf("only %d fixtures; the differential test needs at least 25", len(fxs))
	}
	loader := NewLoader()
	total := 0
	for _, fx := range fxs {
		t.Run(fx.Name, func(t *testing.T) {
			p := fx.Params
			p.LwipDir = debianLwip
			cfg, err := loader.Load(fx.File, p)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			var headers []string
			for _, h := range cfg.res.prog.Roots[1:] {
				headers = append(headers, h)
			}
			names := append([]string(nil), cfg.Names()...)
			for _, n := range cfg.UserNames() {
				if !cfg.Option(n).Known {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			// gcc sees the same predefined macros as lwiplint.
			defs := append(append([]string(nil), DefaultPredefined...), p.Defines...)
			got, err := gccoracle.Eval(context.Background(), gccoracle.Request{
				LwipInclude: debianLwip,
				ConfigDir:   fx.Dir,
				IncludeDirs: p.IncludeDirs,
				AfterDirs:   []string{freestandingDir(t)},
				Defines:     defs,
				Includes:    p.Includes,
				Headers:     headers,
				Names:       names,
			})
			if err != nil && got == nil {
				t.Fatalf("gcc: %v", err)
			}
			diffs := gccDiffs(cfg, got, names)
			total += len(names)
			if len(diffs) > 0 {
				if len(diffs) > 30 {
					diffs = append(diffs[:30], fmt.Sprintf("… and %d more", len(diffs)-30))
				}
				t.Errorf("%d of %d options differ from gcc:\n%s", len(diffs), len(names), strings.Join(diffs, "\n"))
			}
		})
	}
	t.Logf("compared %d option values over %d configurations", total, len(fxs))
}

// gccDiffs compares the options names of cfg with gcc's results.
func gccDiffs(cfg *Config, got map[string]gccoracle.Result, names []string) []string {
	var diffs []string
	for _, n := range names {
		g := got[n]
		o := cfg.Option(n)
		switch {
		case g.Defined != o.Defined:
			diffs = append(diffs, fmt.Sprintf("%s: defined gcc=%v lwiplint=%v", n, g.Defined, o.Defined))
		case g.FuncLike != o.FuncLike:
			diffs = append(diffs, fmt.Sprintf("%s: function-like gcc=%v lwiplint=%v", n, g.FuncLike, o.FuncLike))
		case g.FuncLike, !g.Defined:
			// An undefined name is 0 in #if by definition.
		case g.HasValue != o.HasValue:
			diffs = append(diffs, fmt.Sprintf("%s: evaluates gcc=%v (%s) lwiplint=%v (%s)", n, g.HasValue, g.Err, o.HasValue, o.Reason))
		case g.HasValue && (g.Value != o.Value.Int || g.Unsigned != o.Value.Unsigned):
			diffs = append(diffs, fmt.Sprintf("%s: value gcc=%s lwiplint=%v (unsigned %v)", n, g.String(), o.Value, o.Value.Unsigned))
		}
		if g.Defined && !g.FuncLike && normSpace(g.Expr) != normSpace(o.Expr) {
			diffs = append(diffs, fmt.Sprintf("%s: expr gcc=%q lwiplint=%q", n, g.Expr, o.Expr))
		}
	}
	return diffs
}

// normSpace drops the spaces between tokens, which gcc -dM and cc/v4
// render differently.
func normSpace(s string) string { return strings.Join(strings.Fields(s), "") }
