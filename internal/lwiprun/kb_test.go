package lwiprun

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
)

// TestKBVerifiedBy runs the scenario each KB entry's verified_by names, on
// each lwIP version it lists, and fails when lwIP's result is not the
// claim's figure. lint/kb's TestVerifiedBy checks that the claim is the
// entry's text and states that figure.
func TestKBVerifiedBy(t *testing.T) {
	n := 0
	for _, e := range kb.All() {
		for _, v := range e.VerifiedBy {
			n++
			for _, version := range v.Lwip {
				t.Run(e.ID+"/"+v.Scenario+"/"+version, func(t *testing.T) {
					t.Parallel()
					if _, mirror := mirrorTags[version]; !slices.Contains(Versions, version) && !mirror {
						t.Fatalf("lwIP %s is not one the oracle builds (%v, or %v from a mirror)", version, Versions, mirrorTags)
					}
					src := need(t, version)
					var fx *fixture
					for _, f := range append(fixtures(t), scenarioConfigs(t)...) {
						if f.name == v.Config {
							fx = &f
						}
					}
					if fx == nil {
						t.Fatalf("no configuration %s", v.Config)
					}
					h, err := harnessFor(t, version, src, *fx, nil)
					if err != nil {
						t.Fatal(err)
					}
					r := run(t, h, v.Scenario)
					got := get(t, r, v.Result)
					if got != v.Want {
						t.Errorf("%s = %d on lwIP %s, the entry claims %d (%q)", v.Result, got, version, v.Want, v.Claim)
					}
					if v.Unit == "ticks" {
						ms := v.Want * get(t, r, "tcp_slow_interval")
						secs := strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64) + " s"
						if !strings.Contains(v.Claim, secs) && !strings.Contains(v.Claim, lint.FormatMillis(ms)) {
							t.Errorf("claim %q does not state %d ticks: %s or %s", v.Claim, v.Want, secs, lint.FormatMillis(ms))
						}
					}
				})
			}
		}
	}
	if n == 0 {
		t.Error("no KB entry has verified_by")
	}
}
