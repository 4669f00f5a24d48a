package lwipopts

import (
	"testing"

	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// Every FreeRTOS+TCP table renders into a program with balanced
// conditionals and every default at its line.
func TestFreeRTOSProgramsRender(t *testing.T) {
	for _, v := range freertos.Versions() {
		tab, err := freertos.Get(v)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := renderFreeRTOS(tab, freertosDefaults)
		if err != nil {
			t.Errorf("%s: %v", v, err)
			continue
		}
		at := map[int]string{}
		depth := 0
		for _, l := range lines {
			at[l.Line] = l.Text
			switch parseDirective(l.Text).Name {
			case "if":
				depth++
			case "endif":
				depth--
			}
			if depth < 0 {
				t.Errorf("%s: #endif without #if at line %d", v, l.Line)
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d unclosed #if", v, depth)
		}
		for _, d := range tab.Defaults {
			if got := parseDirective(at[d.Line]); got.Name != "define" && got.Name != "undef" {
				t.Errorf("%s: line %d is %q, want the default of %s", v, d.Line, at[d.Line], d.Name)
			}
		}
	}
}
