package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func TestIgnoresSilenceTheFindings(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lwipopts.h")
	os.WriteFile(cfg, []byte("#define A 1\r\n  #define B 2\r\n"), 0o644)
	at := func(file string, line int, rule string) lint.Finding {
		return lint.Finding{Rule: rule, Pos: lwipopts.Position{File: file, Line: line, Col: 1}}
	}
	g := Group{Config: cfg, UserFile: func(f string) bool { return f == cfg }, Findings: []lint.Finding{
		at(cfg, 2, "LW1002"), at(cfg, 2, "LW1001"), at(cfg, 2, "LW1001"),
		at("<lwIP 2.1.3>/lwip/opt.h", 100, "LW2001"),
		at(cfg, 1, "LW9001"),
	}}
	if _, err := Ignores([]Group{g}, " "); err == nil {
		t.Error("an empty reason was accepted")
	}
	cs, err := Ignores([]Group{g}, "accepted in review 42")
	if err != nil || len(cs) != 1 {
		t.Fatalf("Ignores = %v, %v", cs, err)
	}
	want := "/* lwiplint:file-ignore LW2001 -- accepted in review 42 */\r\n#define A 1\r\n  /* lwiplint:ignore LW1001,LW1002 -- accepted in review 42 */\r\n  #define B 2\r\n"
	if got := string(cs[0].New); got != want {
		t.Errorf("new content:\n%q\nwant\n%q", got, want)
	}
	// The comments written are well-formed and target the findings' lines.
	sups := lint.ParseSuppressions(cfg, cs[0].New)
	if len(sups) != 2 || sups[0].Problem != "" || !sups[0].File || sups[1].Problem != "" || sups[1].Target != 4 {
		t.Errorf("suppressions written: %+v", sups)
	}
}

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lwiplint-baseline.json")
	cfg := filepath.Join(dir, "fw", "lwipopts.h")
	f := func(line int, msg string) lint.Finding {
		return lint.Finding{Rule: "LW1001", Message: msg, Pos: lwipopts.Position{File: cfg, Line: line}}
	}
	old := []lint.Finding{f(3, "TCP_SYNMAXRTX = 12 (lwipopts.h:3) raised"), f(9, "twice"), f(9, "twice")}
	b, err := NewBaseline(path, old)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := b.Marshal()
	if !strings.Contains(string(data), `"file": "fw/lwipopts.h"`) || !strings.Contains(string(data), `"message": "TCP_SYNMAXRTX = 12 (lwipopts.h) raised"`) {
		t.Errorf("baseline file:\n%s", data)
	}
	os.WriteFile(path, data, 0o644)
	b, err = LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	// Lines moved; one "twice" more than accepted; one new finding.
	now := []lint.Finding{f(5, "TCP_SYNMAXRTX = 12 (lwipopts.h:5) raised"), f(9, "twice"), f(10, "twice"), f(11, "twice"), f(12, "new")}
	kept, matched := b.Filter(now)
	if matched != 3 || len(kept) != 2 || kept[0].Message != "twice" || kept[1].Message != "new" {
		t.Errorf("Filter: matched %d, kept %+v", matched, kept)
	}
	os.WriteFile(path, []byte(`{"version": 7}`), 0o644)
	if _, err := LoadBaseline(path); err == nil || !strings.Contains(err.Error(), "baseline version 7") {
		t.Errorf("wrong version: err = %v", err)
	}
}
