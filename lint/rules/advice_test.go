package rules

import (
	"path/filepath"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestTimingKBLinks checks that the timing report's links to the knowledge
// base name entries that exist, and that the budgets with a run-time
// symptom entry have one.
func TestTimingKBLinks(t *testing.T) {
	cfg, err := lwipopts.Load(filepath.Join("..", "..", "testdata", "configs", "all-defaults", "lwipopts.h"), lwipopts.Params{LwipVersion: "2.1.3"})
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, b := range lint.Timing(cfg) {
		for _, id := range b.KB {
			if _, ok := kb.Get(id); !ok {
				t.Errorf("timing budget %s links %s, which is not in the knowledge base", b.Name, id)
			}
			linked[b.Name] = true
		}
	}
	for _, name := range []string{"syn-give-up", "data-give-up", "keepalive", "time-wait"} {
		if !linked[name] {
			t.Errorf("timing budget %s links no entry", name)
		}
	}
}
