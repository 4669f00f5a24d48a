package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
)

func known(id string) bool { return id == "LW1001" || id == "LW2001" || id == "LW4004" }

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "select = [\"LW1\"]\n\nfial-level = \"error\"\n", `c.toml:3:1: unknown key "fial-level"`},
		{"unknown nested key", "[severity]\nLW1001 = \"error\"\n[per-file-ignores]\n\"a/**\" = [\"LW1\"]\n[extra]\nx = 1\n", `c.toml:5:2: unknown key "extra"`},
		{"wrong type", "select = \"LW1\"\n", "c.toml:1:"},
		{"bad severity", "\n[severity]\nLW1001 = \"fatal\"\n", `c.toml:3:`},
		{"bad fail-level", "fail-level = \"loud\"\n", `unknown severity "loud"`},
		{"unknown rule", "ignore = [\"LW1\",\n  \"LW9999\"]\n", "c.toml:2: unknown rule LW9999"},
		{"not an ID", "select = [\"E501\"]\n", `c.toml:1: "E501" is not a rule ID such as LW1001 or a prefix such as LW1`},
		{"prefix as severity key", "[severity]\nLW1 = \"info\"\n", `c.toml:2: "LW1" is not a rule ID such as LW1001`},
		{"bad glob", "[per-file-ignores]\n\"a/[b\" = [\"LW1\"]\n", `c.toml:2: invalid glob "a/[b"`},
		{"syntax", "select = [\n", "c.toml:"},
		{"binary", "select = []\x00\n", "c.toml: binary file"},
		{"empty fail-level", "\nfail-level = \"\"\n", `c.toml:2: fail-level: unknown severity ""`},
		{"fail-level as a number", "fail-level = 7\n", "c.toml:1:"},
		{"severity as a number", "[severity]\nLW1001 = -7\n", "c.toml:2:"},
		{"glob with a bracket on line 2", "[per-file-ignores]\n\"[\" = [\"LW1\"]\n", `c.toml:2: invalid glob "["`},
		{"bad ram-budget", "select = []\nram-budget = \"48 kilo\"\n", `c.toml:2: ram-budget: "48 kilo" is not a size`},
		{"zero ram-budget", "ram-budget = 0\n", `c.toml:1: ram-budget: a budget of 0 bytes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tc.src), known)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestParseBoundedMessages gives keys and globs of hundreds of kilobytes:
// the error names the line and quotes at most a short part of them.
func TestParseBoundedMessages(t *testing.T) {
	long := strings.Repeat("a.", 200000) + "a"
	for _, src := range []string{
		long + " = 1\n",
		"[per-file-ignores]\n\"[" + strings.Repeat("x", 300000) + "\" = [\"LW1\"]\n",
		"select = [\"" + strings.Repeat("Z", 300000) + "\"]\n",
	} {
		_, err := Parse("c.toml", []byte(src), known)
		if err == nil || len(err.Error()) > 400 || !strings.HasPrefix(err.Error(), "c.toml:") {
			t.Errorf("err = %.200q (%d bytes), want a short error naming the line", err, len(fmt.Sprint(err)))
		}
	}
}

func TestParseResolvesPathsAndApplies(t *testing.T) {
	dir := t.TempDir()
	src := `select = ["LW1", "LW2"]
ignore = ["LW2001"]
fail-level = "warning"
lwip-dir = "third_party/lwip/src/include"
include = ["board", "/abs/inc"]
define = ["BOARD=2"]
compile-commands = "build/compile_commands.json"
[severity]
LW1001 = "error"
[per-file-ignores]
"vendor/**" = ["LW1"]
`
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(p, known)
	if err != nil {
		t.Fatal(err)
	}
	if f.LwipDir != filepath.Join(dir, "third_party/lwip/src/include") || f.Include[0] != filepath.Join(dir, "board") || f.Include[1] != "/abs/inc" ||
		f.CompileCommands != filepath.Join(dir, "build/compile_commands.json") || f.FailLevel != lint.Warning || f.Define[0] != "BOARD=2" {
		t.Errorf("paths or values not resolved: %+v", f)
	}
	fs := []lint.Finding{
		{Rule: "LW1001", Severity: lint.Warning},
		{Rule: "LW2001", Severity: lint.Warning},
		{Rule: "LW4004", Severity: lint.Warning},
		{Rule: "LW1002", Severity: lint.Info},
	}
	got := f.Apply(filepath.Join(dir, "app", "lwipopts.h"), fs)
	if len(got) != 2 || got[0].Rule != "LW1001" || got[0].Severity != lint.Error || got[1].Rule != "LW1002" {
		t.Errorf("Apply(app) = %+v", got)
	}
	if got := f.Apply(filepath.Join(dir, "vendor", "x", "lwipopts.h"), fs); len(got) != 0 {
		t.Errorf("Apply(vendor/x) = %+v, want all ignored", got)
	}
	var none *File
	if got := none.Apply("x", fs); len(got) != len(fs) {
		t.Errorf("nil File must keep all findings")
	}
}

func TestFindClosest(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Join(dir, "a")} {
		if err := os.WriteFile(filepath.Join(d, FileName), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(sub, "lwipopts.h")
	os.WriteFile(cfg, nil, 0o644)
	for in, want := range map[string]string{cfg: filepath.Join(dir, "a", FileName), sub: filepath.Join(dir, "a", FileName), dir: filepath.Join(dir, FileName)} {
		got, err := Find(in)
		if err != nil || got != want {
			t.Errorf("Find(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestFinderAgreesWithFind asks a Finder for inputs in several directories,
// in an order where an answer remembered for one directory serves another,
// and requires Find's answer each time.
func TestFinderAgreesWithFind(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a/b/c", "a/x", "y/z"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"a", "a/b/c"} {
		if err := os.WriteFile(filepath.Join(dir, d, FileName), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var f Finder
	for _, in := range []string{"a/b/c/lwipopts.h", "a/b/lwipopts.h", "a/x/lwipopts.h", "a/b/c", "y/z/lwipopts.h", "y/lwipopts.h", "a/b/c/lwipopts.h", "a/x"} {
		p := filepath.Join(dir, in)
		want, err := Find(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Find(p)
		if err != nil || got != want {
			t.Errorf("Finder.Find(%s) = %q, %v; want %q (Find)", in, got, err, want)
		}
	}
	if got, _ := f.Find(filepath.Join(dir, "a/b/c/lwipopts.h")); got != filepath.Join(dir, "a/b/c", FileName) {
		t.Errorf("the closest file of a/b/c is %q", got)
	}
}

// TestParseRAMBudget reads ram-budget as a string with a unit and as a
// number of bytes.
func TestParseRAMBudget(t *testing.T) {
	for src, want := range map[string]int64{
		"ram-budget = \"48KiB\"\n": 48 << 10,
		"ram-budget = \"2M\"\n":    2 << 20,
		"ram-budget = 49152\n":     49152,
		"select = []\n":            0,
	} {
		f, err := Parse("c.toml", []byte(src), known)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if f.RAMBudget != want {
			t.Errorf("%q: RAMBudget = %d, want %d", src, f.RAMBudget, want)
		}
	}
}
