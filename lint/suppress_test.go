package lint

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lwipopts"
)

func TestParseSuppressions(t *testing.T) {
	src := strings.Join([]string{
		`#define A 1 /* lwiplint:ignore LW1001 -- end of line */`, // 1
		`/* lwiplint:ignore LW1001, LW1002 -- next line */`,       // 2
		``,                   // 3
		`// a plain comment`, // 4
		`#define B 2`,        // 5
		`#define S "// lwiplint:ignore LW1001 -- in a string"`, // 6
		`/*`, // 7
		` * lwiplint:file-ignore LW2001 -- block`, // 8
		` */`,                       // 9
		`// lwiplint:ignore LW1001`, // 10
		`#define C 3 // lwiplint:ignore E501 -- not ours`, // 11
	}, "\n")
	got := ParseSuppressions("f.h", []byte(src))
	type row struct {
		line, target int
		file         bool
		rules        string
		problem      bool
	}
	want := []row{
		{1, 1, false, "LW1001", false},
		{2, 5, false, "LW1001 LW1002", false},
		{7, 0, true, "LW2001", false}, // a block comment in the " * " style
		{10, 11, false, "LW1001", true},
		{11, 11, false, "E501", true},
	}
	if len(got) != len(want) {
		for _, s := range got {
			t.Logf("%+v", s)
		}
		t.Fatalf("got %d suppressions, want %d", len(got), len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Pos.Line != w.line || s.Target != w.target || s.File != w.file || strings.Join(s.Rules, " ") != w.rules || (s.Problem != "") != w.problem {
			t.Errorf("suppression %d = %+v, want %+v", i, s, w)
		}
	}
}

// A rule that reports every user-set macro at its #define.
var everyDefine = &Rule{ID: "LW1999", Name: "every-define", Severity: Warning, Check: func(p *Pass) {
	for _, n := range p.Config.UserNames() {
		p.Report(Finding{Pos: p.Config.Option(n).Origin.Pos, Message: n})
	}
}}

var (
	badSup    = &Rule{ID: RuleBadSuppression, Name: "bad", Severity: Error, Check: func(*Pass) {}}
	unusedSup = &Rule{ID: RuleUnusedSuppression, Name: "unused", Severity: Warning, Check: func(*Pass) {}}
)

func TestRunAppliesSuppressions(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"lwipopts.h": "#define A 1 /* lwiplint:ignore LW1999 -- ok */\n#define B 2\n#include \"inc.h\"\n#define D 4 // lwiplint:ignore LW1999\n",
		"inc.h":      "/* lwiplint:file-ignore LW1999 -- vendor header */\n#define C 3\n",
	}
	for n, d := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := lwipopts.Load(filepath.Join(dir, "lwipopts.h"), lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range Run(cfg, []*Rule{everyDefine, badSup, unusedSup}, Options{}) {
		got = append(got, filepath.Base(f.Pos.File)+":"+strconv.Itoa(f.Pos.Line)+" "+f.Rule+" "+f.Severity.String())
	}
	want := "lwipopts.h:2 LW1999 warning|lwipopts.h:4 LW1999 warning|lwipopts.h:4 LW9004 error"
	if strings.Join(got, "|") != want {
		t.Errorf("findings = %q, want %q", strings.Join(got, "|"), want)
	}
	// With suppressions off, everything is reported.
	if n := len(Run(cfg, []*Rule{everyDefine}, Options{NoSuppressions: true})); n != 4 {
		t.Errorf("NoSuppressions: %d findings, want 4", n)
	}
	// A suppression for a rule that did not run is not called unused.
	if fs := Run(cfg, []*Rule{unusedSup}, Options{}); len(fs) != 0 {
		t.Errorf("suppressions of rules that did not run reported: %v", fs)
	}
}

func TestParseSuppressionsCROnly(t *testing.T) {
	src := "#define A 1\r/* lwiplint:ignore LW1001 -- cr only */\r#define B 2\r"
	got := ParseSuppressions("f.h", []byte(src))
	if len(got) != 1 || got[0].Pos.Line != 2 || got[0].Target != 3 {
		t.Errorf("CR-only file: %+v, want the comment on line 2 targeting line 3", got)
	}
}
