package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func writeString(t *testing.T, format string, findings []lint.Finding, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, findings, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTextKeepsTextLines checks that the text format holds every line of
// [Text], in order, so that scripts written against Text keep working.
// (Text does not indent the further lines of a message; the text format
// does, so the findings here have one-line messages.)
func TestTextKeepsTextLines(t *testing.T) {
	var findings []lint.Finding
	for _, f := range richSample() {
		if !strings.Contains(f.Message, "\n") {
			findings = append(findings, f)
		}
	}
	var plain bytes.Buffer
	if err := Text(&plain, findings); err != nil {
		t.Fatal(err)
	}
	rich := strings.Split(writeString(t, "text", findings, testOptions()), "\n")
	i := 0
	for _, want := range strings.Split(strings.TrimSuffix(plain.String(), "\n"), "\n") {
		for i < len(rich) && rich[i] != want {
			i++
		}
		if i == len(rich) {
			t.Fatalf("text format lacks Text's line %q (or has it out of order)", want)
		}
	}
}

func TestTextExcerpt(t *testing.T) {
	for _, tc := range []struct {
		name string
		pos  lwipopts.Position
		want string // the excerpt lines, "" for none
	}{
		{"identifier", lwipopts.Position{File: "lwipopts.h", Line: 41, Col: 9},
			"  41 | #define TCP_SND_BUF             2048\n     |         ^^^^^^^^^^^\n"},
		{"tab before the column", lwipopts.Position{File: "lwipopts.h", Line: 44, Col: 9},
			"  44 | #define\tTCP_SND_QUEUELEN\t9\n     |        \t^^^^^^^^^^^^^^^^\n"},
		{"not an identifier", lwipopts.Position{File: "lwipopts.h", Line: 1, Col: 1},
			"  1 | /* lwipopts.h of the report tests */\n    | ^\n"},
		{"characters of several bytes", lwipopts.Position{File: "odd dir/lw,opts:1.h", Line: 3, Col: 23},
			"  3 | /* é 𝛑 */ #define LWIP_ODD 1\n    |                   ^^^^^^^^\n"},
		{"column past the end", lwipopts.Position{File: "odd dir/lw,opts:1.h", Line: 1, Col: 99},
			"  1 | /* odd */\n    |          ^\n"},
		{"no column", lwipopts.Position{File: "lwipopts.h", Line: 38}, "  38 | #define TCP_MSS                 1460\n"},
		{"line 0", lwipopts.Position{File: "lwipopts.h"}, ""},
		{"line past the end", lwipopts.Position{File: "lwipopts.h", Line: 400, Col: 1}, ""},
		{"unreadable file", lwipopts.Position{File: "missing.h", Line: 1, Col: 1}, ""},
		{"built-in default", lwipopts.Position{File: "<lwIP 2.1.3>/lwip/opt.h", Line: 1, Col: 1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lint.Finding{Rule: "LW1001", Name: "x", Severity: lint.Warning, Pos: tc.pos, Message: "m"}
			got := writeString(t, "text", []lint.Finding{f}, testOptions())
			first, rest, _ := strings.Cut(got, "\n")
			if want := location(tc.pos) + ": warning LW1001 m"; first != want {
				t.Errorf("first line %q, want %q", first, want)
			}
			excerpt, _, _ := strings.Cut(rest, "\n1 warning in 1 file")
			if d := cmp.Diff(tc.want, excerpt); d != "" {
				t.Errorf("excerpt mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestTextReadsOnce checks that each file is read once per Write, and that
// built-in defaults are never read.
func TestTextReadsOnce(t *testing.T) {
	reads := map[string]int{}
	opts := testOptions()
	opts.ReadFile = func(name string) ([]byte, error) {
		reads[name]++
		return readTestFile(name)
	}
	writeString(t, "text", richSample(), opts)
	want := map[string]int{"lwipopts.h": 1, "odd dir/lw,opts:1.h": 1, "missing/lwipopts.h": 1}
	if d := cmp.Diff(want, reads); d != "" {
		t.Errorf("reads mismatch (-want +got):\n%s", d)
	}
}

func TestTextColor(t *testing.T) {
	opts := testOptions()
	plain := writeString(t, "text", richSample(), opts)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("colour off, but the output has an escape character (the hostile message must be escaped too):\n%q", plain)
	}
	if !strings.Contains(plain, `second line \x1b[31mred`) {
		t.Errorf("the ESC of the hostile message is not shown escaped:\n%s", plain)
	}
	opts.Color = true
	color := writeString(t, "text", richSample(), opts)
	for _, want := range []string{
		ansiBold + "lwipopts.h:41:9" + ansiReset + ": " + ansiRed + "error" + ansiReset,
		ansiYellow + "warning" + ansiReset,
		ansiCyan + "info" + ansiReset,
		ansiRed + "^^^^^^^^^^^" + ansiReset,
	} {
		if !strings.Contains(color, want) {
			t.Errorf("colour output lacks %q", want)
		}
	}
	if got := stripANSI(color); got != plain {
		t.Errorf("colour output without its colours differs from the plain output:\n%s", cmp.Diff(plain, got))
	}
}

// stripANSI removes the styles of the text format.
func stripANSI(s string) string {
	return strings.NewReplacer(ansiReset, "", ansiBold, "", ansiRed, "", ansiYellow, "", ansiCyan, "", ansiBlue, "").Replace(s)
}

func TestTextLinksAndSummary(t *testing.T) {
	opts := testOptions()
	got := writeString(t, "text", richSample(), opts)
	if !strings.HasSuffix(got, "\n\n2 errors, 3 warnings, 1 info in 4 files\n") {
		t.Errorf("output does not end with the summary:\n%s", got)
	}
	const url = "https://github.com/lwiplint/lwiplint/blob/main/lint/kb/entries/embedded/lwip-compile-time-sanity-checks.yaml -- "
	if strings.Count(got, url) != 1 {
		t.Errorf("want the link to a knowledge-base entry once, with its title:\n%s", got)
	}
	if _, links, ok := strings.Cut(got, "\nFor more information:\n"); !ok || !strings.HasPrefix(links, "  https://") {
		t.Errorf("no \"For more information:\" list:\n%s", got)
	}

	opts.KBURL = func(id string) string { return "" }
	if got := writeString(t, "text", richSample(), opts); strings.Contains(got, "For more information") || !strings.Contains(got, "= see: embedded/lwip-compile-time-sanity-checks") {
		t.Errorf("with no URLs the list must go and the = see: lines stay:\n%s", got)
	}
	if got := writeString(t, "text", nil, opts); got != "" {
		t.Errorf("no findings: got %q, want no output", got)
	}
}

func TestSummary(t *testing.T) {
	at := func(file string, s lint.Severity) lint.Finding {
		return lint.Finding{Severity: s, Pos: lwipopts.Position{File: file}}
	}
	for _, tc := range []struct {
		findings []lint.Finding
		want     string
	}{
		{nil, ""},
		{[]lint.Finding{at("a", lint.Error)}, "1 error in 1 file"},
		{[]lint.Finding{at("a", lint.Warning), at("a", lint.Warning)}, "2 warnings in 1 file"},
		{[]lint.Finding{at("a", lint.Error), at("b", lint.Error), at("b", lint.Info), at("a", lint.Warning)}, "2 errors, 1 warning, 1 info in 2 files"},
		{[]lint.Finding{at("a", lint.Info), at("b", lint.Info), at("c", lint.Info)}, "3 info in 3 files"},
	} {
		if got := summary(tc.findings); got != tc.want {
			t.Errorf("summary(%v) = %q, want %q", tc.findings, got, tc.want)
		}
	}
}

func TestConcise(t *testing.T) {
	got := writeString(t, "concise", richSample(), testOptions())
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != len(richSample()) {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(richSample()), got)
	}
	for _, want := range []string{
		"lwipopts.h:41:9: LW1116 TCP_SND_BUF = 2048",
		`odd dir/lw,opts:1.h:3:23: LW4001 100% sure <b> & "q" [x] second line \x1b[31mred`,
		`lwipopts.h: LW9001 "main.h" was not found`,
		"<lwIP 2.1.3>/lwip/opt.h:1650:1: LW1115 MEMP_NUM_TCP_SEG",
	} {
		if !strings.Contains(got, "\n"+want) && !strings.HasPrefix(got, want) {
			t.Errorf("concise output lacks a line starting %q:\n%s", want, got)
		}
	}
	if got := writeString(t, "concise", nil, testOptions()); got != "" {
		t.Errorf("no findings: got %q, want no output", got)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttab\nnewline": "plain\ttab\nnewline",
		"esc\x1b[2J":          `esc\x1b[2J`,
		"bell\a del\x7f":      `bell\a del\x7f`,
		"c1 \u009b":           `c1 \u009b`,
		"bad \xff byte":       "bad \uFFFD byte",
		"é 𝛑":                 "é 𝛑",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
