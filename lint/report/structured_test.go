package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint/rules"
)

// listRE is what structured computes, as the regular expression it
// replaced.
var listRE = regexp.MustCompile(`^\s*([-*+]|[0-9]+[.)])\s|^\s*[|#>]|^    `)

// TestStructured compares structured with listRE on every line of every
// rule's documentation and on lines built from the characters that matter.
func TestStructured(t *testing.T) {
	var lines []string
	for _, r := range rules.All() {
		d := r.Documentation()
		for _, s := range []string{d.What, d.Bad, d.Good, d.Why, d.Ignore} {
			lines = append(lines, strings.Split(s, "\n")...)
		}
	}
	parts := []string{"", " ", "  ", "    ", "\t", "\v", "\f", "-", "*", "+", "1", "12", ".", ")", "|", "#", ">", "a", "x y"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				lines = append(lines, a+b+c, a+b+c+"text")
			}
		}
	}
	for _, l := range lines {
		if got, want := structured(l), listRE.MatchString(l); got != want {
			t.Errorf("structured(%q) = %v, the expression says %v", l, got, want)
		}
	}
}

func FuzzStructured(f *testing.F) {
	f.Add("  - item")
	f.Add("12) x")
	f.Fuzz(func(t *testing.T, l string) {
		if got, want := structured(l), listRE.MatchString(l); got != want {
			t.Errorf("structured(%q) = %v, the expression says %v", l, got, want)
		}
	})
}
