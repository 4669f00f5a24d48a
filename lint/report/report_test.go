package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func sample() []lint.Finding {
	text := "lwip_sanity_check: WARNING: TCP_SND_BUF must be at least as much as (2 * TCP_MSS) for things to work smoothly. If you know what you are doing, define LWIP_DISABLE_TCP_SANITY_CHECKS to 1 to disable this error."
	return []lint.Finding{
		{
			Rule: "LW1116", Name: "snd-buf-below-2-mss", Severity: lint.Error,
			Pos:       lwipopts.Position{File: "lwipopts.h", Line: 41, Col: 9},
			Message:   "TCP_SND_BUF = 2048 (lwipopts.h:41) < 2*TCP_MSS = 2920, with TCP_MSS = 1460 (lwipopts.h:38)",
			KB:        []string{"embedded/lwip-compile-time-sanity-checks"},
			LwipError: &text,
			Related:   []lint.Related{{Pos: lwipopts.Position{File: "lwipopts.h", Line: 38, Col: 9}, Message: "TCP_MSS = 1460 (lwipopts.h:38)"}},
		},
		{
			Rule: "LW4003", Name: "frozen-derived-value", Severity: lint.Warning,
			Pos:     lwipopts.Position{File: "lwipopts.h", Line: 44, Col: 9},
			Message: "TCP_SND_QUEUELEN = 9 (lwipopts.h:44) is a frozen literal",
			KB:      []string{"embedded/lwip-cubemx-frozen-derived-values"},
			Fix: &lint.Fix{Message: "restore lwIP's formula for TCP_SND_QUEUELEN", Edits: []lint.Edit{{
				File: "lwipopts.h", Line: 44, Start: 900, End: 901, OldText: "9",
				NewText: "((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))",
			}}},
		},
	}
}

// golden compares got with testdata/name, rewriting it when
// LWIPLINT_UPDATE=1.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if os.Getenv("LWIPLINT_UPDATE") == "1" {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, d)
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.txt.golden", b.Bytes())
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.json.golden", b.Bytes())

	// The contract: every key present, arrays never null.
	var doc struct {
		Version  int              `json:"version"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 2 {
		t.Fatalf("version %d, %d findings", doc.Version, len(doc.Findings))
	}
	keys := []string{"rule", "name", "severity", "file", "line", "column", "message", "kb", "lwip_error", "related", "fix"}
	for _, f := range doc.Findings {
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %v lacks %q", f["rule"], k)
			}
		}
		if f["kb"] == nil || f["related"] == nil {
			t.Errorf("finding %v: kb and related must be arrays", f["rule"])
		}
	}
	if doc.Findings[1]["lwip_error"] != nil || doc.Findings[0]["fix"] != nil {
		t.Error("absent lwip_error and fix must be null")
	}

	b.Reset()
	if err := JSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "{\n  \"version\": 1,\n  \"findings\": []\n}\n"; got != want {
		t.Errorf("empty report = %q, want %q", got, want)
	}
}
