package report

import (
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A", "%250A", "%250A"}, // already looks escaped: escape again
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHub(t *testing.T) {
	fakeWD(t)
	got := writeString(t, "github", richSample(), testOptions())
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != len(richSample()) {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(richSample()), got)
	}
	for _, want := range []string{
		"::error file=lwipopts.h,line=41,col=9,title=LW1116::TCP_SND_BUF = 2048",
		// Property escaping of the path, data escaping of the message.
		`::warning file=odd dir/lw%2Copts%3A1.h,line=3,col=23,title=LW4001::100%25 sure <b> & "q" [x]%0Asecond line \x1b[31mred%0Anote: odd dir/lw,opts:1.h:1:1: a note, with: colon`,
		// lwIP's default is shown in the configuration, naming the default.
		"::error file=lwipopts.h,line=1,col=1,title=LW1115::MEMP_NUM_TCP_SEG = 16 (default) < TCP_SND_QUEUELEN = 32 (default via TCP_SND_BUF, TCP_MSS)%0Areported at <lwIP 2.1.3>/lwip/opt.h:1650, outside the repository%0A",
		// Unknown line: the file only; info is a notice.
		`::notice file=lwipopts.h,title=LW9001::"main.h"`,
	} {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("no line starts with %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "%0Alwip error: \"lwip_sanity_check: WARNING: MEMP_NUM_TCP_SEG") || !strings.Contains(got, "%0Asee: https://github.com/lwiplint/lwiplint/blob/main/lint/kb/entries/embedded/") {
		t.Errorf("messages lack the #error text or the links:\n%s", got)
	}

	// A finding outside the root with nothing related inside has no file.
	f := lint.Finding{Rule: "LW9002", Severity: lint.Error, Pos: lwipopts.Position{File: "/opt/lwip/src/core/init.c", Line: 3, Col: 2}, Message: "m"}
	if got, want := writeString(t, "github", []lint.Finding{f}, testOptions()), "::error title=LW9002::m%0Areported at /opt/lwip/src/core/init.c:3:2, outside the repository\n"; got != want {
		t.Errorf("outside the root: got %q, want %q", got, want)
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("an escape character reached the log:\n%q", got)
	}
	if got := writeString(t, "github", nil, testOptions()); got != "" {
		t.Errorf("no findings: got %q, want no output", got)
	}
}
