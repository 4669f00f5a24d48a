//go:build unix

package report

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestExcerptFromLoadedText checks that the report writer shows the lines
// the loader read and never opens a file again: after linting, the
// configuration is replaced, first by other text and then by a FIFO (which
// a second open would block on or refuse), and the text and SARIF reports
// still show the line that was linted.
func TestExcerptFromLoadedText(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "board.h")
	file := filepath.Join(dir, "lwipopts.h")
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(inc, "#define BOARD_MSS 1460\r\n")
	write(file, "\ufeff#include \"board.h\"\r\n#define TCP_MSS BOARD_MSS\r\n#define TCP_SND_BUF (TCP_MSS)\r\n")
	cfg, err := lwipopts.NewLoader().Load(file, lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		t.Fatal(err)
	}
	rule := &lint.Rule{ID: "LW0001", Name: "test", Title: "a test rule", Severity: lint.Warning, Since: "0.1.0",
		Check: func(p *lint.Pass) {
			o := p.Config.Option("TCP_SND_BUF")
			p.Report(lint.Finding{Pos: o.Origin.Pos, Message: "send buffer",
				Related: []lint.Related{{Pos: p.Config.Option("BOARD_MSS").Origin.Pos, Message: "the MSS"}}})
		}}
	fs := lint.Run(cfg, []*lint.Rule{rule}, lint.Options{})
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	want := []lint.SourceLine{
		{File: file, Line: 3, Text: "#define TCP_SND_BUF (TCP_MSS)", Lines: 3},
		{File: inc, Line: 1, Text: "#define BOARD_MSS 1460", Lines: 1},
	}
	if got := fs[0].Source; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Source = %+v, want %+v", got, want)
	}

	write(file, "changed after linting\n")
	if err := os.Remove(inc); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(inc, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	opts := Options{Rules: []*lint.Rule{rule}, Root: dir}
	for _, format := range []string{"text", "sarif"} {
		var b strings.Builder
		if err := Write(&b, format, fs, opts); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range []string{"#define TCP_SND_BUF (TCP_MSS)"} {
			if !strings.Contains(out, line) {
				t.Errorf("%s: the excerpt %q is missing:\n%s", format, line, out)
			}
		}
		if strings.Contains(out, "changed after linting") {
			t.Errorf("%s: the report read the file again:\n%s", format, out)
		}
		if format == "sarif" && !strings.Contains(out, "#define BOARD_MSS 1460") {
			t.Errorf("sarif: the related location's snippet is missing:\n%s", out)
		}
	}
}
