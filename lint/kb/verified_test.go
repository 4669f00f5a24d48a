package kb

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// englishText returns every English text of e, with runs of white space
// made one space.
func englishText(e *Entry) string {
	parts := []string{e.Title.En, e.RootCause.En}
	for _, v := range e.Versions {
		parts = append(parts, v.Notes.En)
	}
	for _, w := range e.Workarounds {
		parts = append(parts, w.Text.En)
	}
	for _, d := range e.DeadEnds {
		parts = append(parts, d.Text.En, d.Why.En)
	}
	return oneSpace(strings.Join(parts, "\n"))
}

func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestVerifiedBy checks the form of every verified_by: a scenario, a
// configuration, versions, a unit, and a claim found in the entry's English
// text that states the figure. internal/lwiprun runs the scenarios.
func TestVerifiedBy(t *testing.T) {
	n := 0
	for _, e := range All() {
		text := englishText(e)
		for _, v := range e.VerifiedBy {
			n++
			if v.Scenario == "" || v.Result == "" || len(v.Lwip) == 0 ||
				!(strings.HasPrefix(v.Config, "configs/") || strings.HasPrefix(v.Config, "lwiprun/")) {
				t.Errorf("%s: incomplete verified_by %+v", e.ID, v)
			}
			if !strings.Contains(text, oneSpace(v.Claim)) || v.Claim == "" {
				t.Errorf("%s: claim %q is not in the entry's English text", e.ID, v.Claim)
			}
			switch v.Unit {
			case "count":
				if !regexp.MustCompile(`(^|[^0-9.])` + strconv.FormatInt(v.Want, 10) + `($|[^0-9])`).MatchString(v.Claim) {
					t.Errorf("%s: claim %q does not state %d", e.ID, v.Claim, v.Want)
				}
			case "flag":
				if v.Want != 0 && v.Want != 1 {
					t.Errorf("%s: flag %d is not 0 or 1", e.ID, v.Want)
				}
			case "ticks":
				// The seconds depend on TCP_SLOW_INTERVAL: internal/lwiprun
				// checks them with the value lwIP was built with.
			default:
				t.Errorf("%s: unknown unit %q (ticks, count, flag)", e.ID, v.Unit)
			}
		}
	}
	if n == 0 {
		t.Error("no entry has verified_by")
	}
}
