package report_test

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Benchmarks of the output formats. Run them with
//
//	go test -run '^$' -bench . -benchmem ./lint/report/

// BenchmarkWrite writes the findings of every rule on every fixture of
// testdata/configs (resolved on the built-in lwIP 2.1.3 table, so that
// the benchmark needs no lwIP tree) in each format, as `lwiplint check
// --format F` does after linting. The text and SARIF formats read the
// configuration files for excerpts, as they do in the CLI.
func BenchmarkWrite(b *testing.B) {
	findings := fixtureFindings(b)
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	opts := report.Options{Rules: rules.All(), Root: root, ToolVersion: "0.0.0"}
	for _, format := range report.Formats() {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if err := report.Write(io.Discard, format, findings, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(findings)), "findings/op")
		})
	}
}

// fixtureFindings lints the fixtures without an args file, sorted as the
// CLI sorts them.
func fixtureFindings(b *testing.B) []lint.Finding {
	b.Helper()
	files, err := filepath.Glob("../../testdata/configs/*/lwipopts.h")
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures under testdata/configs: %v", err)
	}
	l := lwipopts.NewLoader()
	p := lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"}
	var out []lint.Finding
	for _, f := range files {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(f), "args")); len(m) > 0 {
			continue // needs -I/-D; the findings of the others suffice here
		}
		cfg, err := l.Load(f, p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, lint.Run(cfg, rules.All(), lint.Options{})...)
	}
	lint.Sort(out)
	return out
}
