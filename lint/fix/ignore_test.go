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
	// The same findings in parts, as the command line streams them: each
	// entry hides one finding in all the parts together.
	m := b.Matcher()
	kept1, matched1 := m.Filter(now[:2])
	kept2, matched2 := m.Filter(now[2:])
	if matched1+matched2 != 3 || len(kept1)+len(kept2) != 2 || kept2[0].Message != "twice" || kept2[1].Message != "new" {
		t.Errorf("Matcher in two parts: matched %d+%d, kept %+v and %+v", matched1, matched2, kept1, kept2)
	}
	os.WriteFile(path, []byte(`{"version": 7}`), 0o644)
	if _, err := LoadBaseline(path); err == nil || !strings.Contains(err.Error(), "baseline version 7") {
		t.Errorf("wrong version: err = %v", err)
	}
}

// TestIgnoresHostileLayouts writes suppressions into files whose layout
// broke the earlier writer (issue 18): each result is checked byte for
// byte, the comments it adds must each silence the finding's line, and
// taking them out again must give back the original file exactly.
func TestIgnoresHostileLayouts(t *testing.T) {
	const c = "/* lwiplint:ignore LW1001 -- r */"
	cases := []struct {
		name string
		in   string
		line int
		want string
	}{
		{"after an unclosed comment", "/* board notes\n   more notes\n#define TCP_SYNMAXRTX 12 */ #define TCP_SYNMAXRTX 12\n", 3,
			"/* board notes\n   more notes\n#define TCP_SYNMAXRTX 12 */ #define TCP_SYNMAXRTX 12 " + c + "\n"},
		{"comment opened on the line before", "#define A 1 /* start\n  end */\n#define TCP_SYNMAXRTX 12\n", 3,
			"#define A 1 /* start\n  end */\n" + c + "\n#define TCP_SYNMAXRTX 12\n"},
		{"byte order mark", "\xef\xbb\xbf#define TCP_SYNMAXRTX 12\n", 1,
			"\xef\xbb\xbf" + c + "\n#define TCP_SYNMAXRTX 12\n"},
		{"continued define, finding on the second line", "#define TCP_SYNMAXRTX \\\n  12\n", 2,
			"#define TCP_SYNMAXRTX \\\n  12 " + c + "\n"},
		{"continued define, finding on the first line", "#define X 1 \\\n  + 2\n#define TCP_SYNMAXRTX \\\n  12\n", 3,
			"#define X 1 \\\n  + 2\n" + c + "\n#define TCP_SYNMAXRTX \\\n  12\n"},
		{"continuation with a comment after the backslash line", "#define A \\\n  1 \\\n  + 2\n", 2,
			"#define A \\\n  1 " + c + " \\\n  + 2\n"},
		{"lone CR line endings", "#define A 1\r#define TCP_SYNMAXRTX 12\r", 2,
			"#define A 1\r" + c + "\r#define TCP_SYNMAXRTX 12\r"},
		{"CRLF", "#define A 1\r\n#define TCP_SYNMAXRTX 12\r\n", 2,
			"#define A 1\r\n" + c + "\r\n#define TCP_SYNMAXRTX 12\r\n"},
		{"no final newline", "#define TCP_SYNMAXRTX 12", 1, c + "\n#define TCP_SYNMAXRTX 12"},
		{"string with a comment opener", "#define S \"/*\"\n#define TCP_SYNMAXRTX 12\n", 2,
			"#define S \"/*\"\n" + c + "\n#define TCP_SYNMAXRTX 12\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "lwipopts.h")
			if err := os.WriteFile(cfg, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			g := Group{Config: cfg, UserFile: func(string) bool { return true }, Findings: []lint.Finding{
				{Rule: "LW1001", Pos: lwipopts.Position{File: cfg, Line: tc.line, Col: 1}},
			}}
			cs, err := Ignores([]Group{g}, "r")
			if err != nil || len(cs) != 1 {
				t.Fatalf("Ignores = %v, %v", cs, err)
			}
			got := string(cs[0].New)
			if got != tc.want {
				t.Fatalf("new content:\n%q\nwant\n%q", got, tc.want)
			}
			back := strings.NewReplacer(" "+c, "", c+"\r\n", "", c+"\n", "", c+"\r", "").Replace(got)
			if back != tc.in {
				t.Errorf("without the comments:\n%q\nwant the original\n%q", back, tc.in)
			}
			sups := lint.ParseSuppressions(cfg, cs[0].New)
			if len(sups) != 1 || sups[0].Problem != "" {
				t.Fatalf("suppressions written: %+v", sups)
			}
			// The comment's target holds the finding's code: the line itself
			// when the comment follows code, else the next line.
			wantTarget := tc.line
			if !strings.Contains(got, " "+c) {
				wantTarget = tc.line + 1
			}
			if sups[0].Target != wantTarget {
				t.Errorf("the comment targets line %d, want %d", sups[0].Target, wantTarget)
			}
		})
	}
}

// TestIgnoresTwoSpellings reaches one header by two paths (one through a
// link to its directory): its suppressions are written once, together.
func TestIgnoresTwoSpellings(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "inc"), 0o755)
	h := filepath.Join(dir, "inc", "board.h")
	os.WriteFile(h, []byte("#define A 1\n#define B 2\n"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "inc"), filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "alias", "..", "inc", "..", "alias", "board.h")
	user := func(string) bool { return true }
	groups := []Group{
		{Config: h, UserFile: user, Findings: []lint.Finding{{Rule: "LW1001", Pos: lwipopts.Position{File: h, Line: 1}}}},
		{Config: other, UserFile: user, Findings: []lint.Finding{{Rule: "LW1002", Pos: lwipopts.Position{File: other, Line: 2}}}},
	}
	cs, err := Ignores(groups, "r")
	if err != nil || len(cs) != 1 {
		t.Fatalf("Ignores = %d changes, %v; want one change", len(cs), err)
	}
	want := "/* lwiplint:ignore LW1001 -- r */\n#define A 1\n/* lwiplint:ignore LW1002 -- r */\n#define B 2\n"
	if got := string(cs[0].New); got != want {
		t.Errorf("new content:\n%q\nwant\n%q", got, want)
	}
}
