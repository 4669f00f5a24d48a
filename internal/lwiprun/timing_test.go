package lwiprun

import (
	"path/filepath"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// budgetScenarios name the scenario and result that measure each budget
// of [lint.Timing], in slow ticks.
var budgetScenarios = map[string]struct{ scenario, result string }{
	"syn-give-up":  {"syn-silent", "give_up_tick"},
	"data-give-up": {"data-give-up 0", "give_up_tick"},
	"time-wait":    {"time-wait", "time_wait_ticks"},
	"keepalive":    {"keepalive", "keepalive_ticks"},
	"fin-wait-2":   {"fin-wait-2", "fin_wait_2_ticks"},
	"syn-rcvd":     {"syn-rcvd", "syn_rcvd_ticks"},
}

// TestTimingAgrees checks every budget lwiplint's timing reports for every
// fixture against the real lwIP core built with that fixture, to the tick:
// lwiplint resolves the fixture with the release's own headers, the harness
// runs the scenario that measures the budget.
func TestTimingAgrees(t *testing.T) {
	for _, version := range Versions {
		t.Run(version, func(t *testing.T) {
			src := need(t, version)
			for _, fx := range fixtures(t) {
				if !fx.appliesTo(version) {
					continue
				}
				t.Run(fx.name, func(t *testing.T) {
					t.Parallel()
					p := fx.params
					p.LwipDir = filepath.Join(src, "include")
					cfg, err := lwipopts.Load(fx.cfg.File, p)
					if err != nil {
						t.Fatal(err)
					}
					h, err := harnessFor(t, version, src, fx, timingMacros)
					if rej, ok := err.(rejected); ok {
						// lwIP does not build it, so it has no run-time
						// behaviour; lwiplint must report an error.
						for _, f := range lint.Run(cfg, rules.All(), lint.Options{}) {
							if f.Severity == lint.Error {
								t.Logf("lwIP %s does not build it, and lwiplint reports %s: %s", version, f.Rule, f.Message)
								return
							}
						}
						t.Fatalf("lwIP %s does not build it, but lwiplint reports no error: %v", version, rej)
					}
					if err != nil {
						t.Fatal(err)
					}
					budgets := lint.Timing(cfg)
					if len(budgets) == 0 {
						t.Fatal("timing reports nothing")
					}
					for _, b := range budgets {
						sc, ok := budgetScenarios[b.Name]
						if !ok {
							t.Errorf("no scenario measures the %s budget", b.Name)
							continue
						}
						r := run(t, h, sc.scenario)
						got := get(t, r, sc.result)
						if b.Ticks != got {
							t.Errorf("%s: timing says %d ticks (%s), lwIP %s took %d (%s: %s)", b.Name, b.Ticks, b.Formula, version, got, sc.scenario, sc.result)
						}
						if slow := get(t, r, "tcp_slow_interval"); b.Millis != b.Ticks*slow {
							t.Errorf("%s: %d ms is not %d ticks of %d ms", b.Name, b.Millis, b.Ticks, slow)
						}
					}
				})
			}
		})
	}
}
