package rules

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestInitcAgreesWithRealInitc preprocesses the real src/core/init.c of
// lwIP 2.1.3 (see linttest.ExtractTree for where it comes from) with
// every replay fixture and checks that it reaches exactly the #errors whose
// texts the replayed checks report.
func TestInitcAgreesWithRealInitc(t *testing.T) {
	tree := linttest.ExtractTree(t, "2.1.3", t.TempDir())
	initc := filepath.Join(tree, "src", "core", "init.c")
	rows := diffRows("2.1.3")
	var rules []*lint.Rule
	for _, r := range rows {
		rules = append(rules, initcRule(r.ID))
	}
	for _, r := range rows {
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*.txtar"))
		for _, file := range files {
			fx, err := linttest.Parse(file)
			if err != nil {
				t.Fatal(err)
			}
			if fx.Versions != nil && !slices.Contains(fx.Versions, "2.1.3") || fx.ESPIDF() {
				continue // ESP-IDF fixtures have no lwipopts.h for gcc
			}
			t.Run(r.ID+"/"+filepath.Base(file), func(t *testing.T) {
				cfgPath, err := fx.Extract(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				cfg, err := lwipopts.Load(cfgPath, lwipopts.Params{LwipDir: filepath.Join(tree, "src", "include")})
				if err != nil {
					t.Fatal(err)
				}
				if _, hdrs := missingHeaders(cfg); len(hdrs) > 0 {
					// A header of the user's was not read: the replay stays
					// silent on the values it leaves unknown (unknown is not
					// zero), where init.c, preprocessed without it, reads
					// them as 0. The fixture checks that silence instead.
					t.Logf("not compared: %s not read", strings.Join(hdrs, ", "))
					return
				}
				errs, err := cfg.Preprocess(initc)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, e := range errs {
					want = append(want, unquote(e.Text))
				}
				var got []string
				for _, f := range lint.Run(cfg, rules, lint.Options{}) {
					if f.LwipError != nil && f.Severity == lint.Error {
						got = append(got, *f.LwipError)
					}
				}
				slices.Sort(want)
				slices.Sort(got)
				if d := cmp.Diff(slices.Compact(want), slices.Compact(got)); d != "" {
					t.Errorf("init.c and the replay disagree (-init.c +replay):\n%s", strings.TrimSpace(d))
				}
			})
		}
	}
}
